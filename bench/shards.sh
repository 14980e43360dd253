#!/usr/bin/env bash
# How the queue's shard count changes throughput, for one hot wallet and for deposits spread over
# 10,000 wallets: for each count in SHARDS, one server (embedded default, one warm data folder for
# the whole run; it warms itself up before it is ready) takes 10 s of load, then the hot wallet and
# the spread load for DURATION each;
# ROUNDS times, alternating the counts.
#
#   bench/shards.sh                    # SHARDS="1 2 4" ROUNDS=2 DURATION=15s: about 9 minutes
set -euo pipefail
cd "$(dirname "$0")/.."
SHARDS=${SHARDS:-1 2 4}
ROUNDS=${ROUNDS:-2}
source bench/common.sh
one_server_bench

start() {
  env WALLET_HTTP_PORT=$PORT WALLET_EMBEDDED_DATA_DIR="$work/data" WALLET_LOG_LEVEL=WARN "$@" \
    java -Xmx512m -jar bootstrap/target/wallet-server.jar >> "$work/server.log" 2>&1 &
  server=$!
  wait_ready "$url"
}
stop() { kill -TERM "$server"; wait "$server" 2>/dev/null || true; }

# The wallets, and a first load so that PostgreSQL has created its WAL segments.
start
for _ in $(seq 1 10000); do cat /proc/sys/kernel/random/uuid; done > "$work/wallets.txt"
echo "wallets created: $(python3 bench/create_wallets.py "$url" "$work/wallets.txt")"
WALLETS_FILE="$work/wallets.txt" wrk -t2 -c64 -d30s -s bench/wallets.lua "$url/api/v1/wallet" >/dev/null
stop
export WALLETS_FILE="$work/wallets.txt"

for round in $(seq 1 "$ROUNDS"); do
  for shards in $SHARDS; do
    start WALLET_QUEUE_SHARDS="$shards"
    export WALLET_ID=$(new_wallet "$url")
    wrk -t2 -c64 -d10s -s bench/wallets.lua "$url/api/v1/wallet" >/dev/null
    echo "shards=$shards round=$round hot    $(wrk -t2 -c64 -d"$DURATION" -s bench/deposit.lua "$url/api/v1/wallet" | grep '^RESULT')"
    echo "shards=$shards round=$round spread $(wrk -t2 -c64 -d"$DURATION" -s bench/wallets.lua "$url/api/v1/wallet" | grep '^RESULT')"
    stop
  done
done
