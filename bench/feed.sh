#!/usr/bin/env bash
# Does the event feed keep up with the hot wallet? Sync deposits on one wallet (wrk, DURATION)
# while a reader follows GET /api/v1/events (limit 1000, long-polling) on the same server; prints
# events written per second (wrk) and read per second, and how long the reader took to drain the
# rest after the writer stopped.
#
#   bench/feed.sh [jar]
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=${1:-bootstrap/target/wallet-server.jar}
source bench/common.sh
one_server_bench
seconds=${DURATION%s}
env WALLET_HTTP_PORT=$PORT WALLET_EMBEDDED_DATA_DIR="$work/data" WALLET_LOG_LEVEL=WARN java -Xmx512m -jar "$JAR" >> "$work/server.log" 2>&1 &
server=$!
wait_ready "$url"
export WALLET_ID=$(new_wallet "$url")
wrk -t2 -c64 -d10s -s bench/deposit.lua "$url/api/v1/wallet" >/dev/null
python3 bench/feed_reader.py "$url" "$seconds" "$work/reader.ready" > "$work/reader.txt" &
reader=$!
until [ -f "$work/reader.ready" ]; do sleep 0.1; done  # the reader has taken its place at the end
echo "written: $(wrk -t2 -c64 -d"$DURATION" -s bench/deposit.lua "$url/api/v1/wallet" | grep '^RESULT')"
wait $reader
echo "read:    $(cat "$work/reader.txt")"
kill -TERM $server; wait $server 2>/dev/null || true
