#!/usr/bin/env bash
# Holds on one hot wallet, side by side with the classic deposit on the same server and data
# folder: ROUNDS (3) rounds of hot-wallet sync deposits, then place+capture pairs (bench/holds.lua),
# each DURATION (15s) after a 10 s warm-up. Prints each run and the medians.
#
#   bench/holds.sh [jar]        # default bootstrap/target/wallet-server.jar, embedded default
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=${1:-bootstrap/target/wallet-server.jar}
ROUNDS=${ROUNDS:-3}
source bench/common.sh
one_server_bench

env WALLET_HTTP_PORT=$PORT WALLET_EMBEDDED_DATA_DIR="$work/data" WALLET_LOG_LEVEL=WARN java -Xmx512m -jar "$JAR" >> "$work/server.log" 2>&1 &
server=$!
wait_ready "$url"
export WALLET_ID=$(new_wallet "$url")
# Enough money for every hold the run can place.
curl -sf -X POST "$url/api/v1/wallet" -H 'Content-Type: application/json' \
     -d "{\"walletId\":\"$WALLET_ID\",\"operationType\":\"DEPOSIT\",\"amount\":1000000000000000}" >/dev/null
wrk -t2 -c64 -d10s -s bench/deposit.lua "$url/api/v1/wallet" >/dev/null
wrk -t2 -c64 -d10s -s bench/holds.lua "$url" >/dev/null
for round in $(seq 1 "$ROUNDS"); do
  echo "deposit round=$round $(wrk -t2 -c64 -d"$DURATION" -s bench/deposit.lua "$url/api/v1/wallet" | grep '^RESULT')" | tee -a "$work/results.txt"
  echo "holds round=$round $(wrk -t2 -c64 -d"$DURATION" -s bench/holds.lua "$url" | grep '^RESULT')" | tee -a "$work/results.txt"
done
kill -TERM $server; wait $server 2>/dev/null || true
echo "deposit: median $(grep '^deposit ' "$work/results.txt" | sed 's/.* rps=\([0-9]*\).*/\1/' | median) ops/s"
echo "holds:   median $(grep '^holds ' "$work/results.txt" | sed 's/.*pairs_per_s=\([0-9]*\).*/\1/' | median) place+capture pairs/s" \
     "($(grep '^holds ' "$work/results.txt" | sed 's/.* rps=\([0-9]*\).*/\1/' | median) requests/s)"
