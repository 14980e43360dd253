#!/usr/bin/env bash
# Measures every throughput target of the performance issue in one session, on the embedded
# default (one warm embedded PostgreSQL data folder for all scenarios) and the local Redis.
#
#   bench/targets.sh                  # DURATION=15s; prints one RESULT line per scenario
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-15s}
PORT=${PORT:-18280}
REDIS_URL=${BENCH_REDIS:-redis://127.0.0.1:6379}
source bench/common.sh
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true' EXIT

# WALLET_LOG_LEVEL=INFO so the log names the embedded PostgreSQL's port (for the wallet count).
start() { # heap, then extra env assignments
  local heap=$1; shift
  env WALLET_HTTP_PORT=$PORT WALLET_EMBEDDED_DATA_DIR="$work/data" WALLET_LOG_LEVEL=INFO WALLET_QUEUE_CAPACITY=5000000 "$@" \
    java "$heap" -jar bootstrap/target/wallet-server.jar > "$work/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 120); do curl -sf "localhost:$PORT/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done
}
stop() { kill -TERM "$server"; wait "$server" 2>/dev/null || true; }
wallet() { curl -sf -X POST "localhost:$PORT/api/v1/wallets" -H 'Content-Type: application/json' -d '{}' | sed 's/.*"walletId":"\([^"]*\)".*/\1/'; }
load() { # label, then wrk arguments
  local label=$1; shift
  wrk -t2 -d5s "$@" >/dev/null   # warm-up
  echo "$label $(wrk -t2 -d"$DURATION" "$@" | grep '^RESULT')"
}

# 1. One hot wallet, sync deposits, in-process queue (target >= 15,000/s). A fresh data folder
# first creates its WAL segment files, which halves throughput: 30 s of load get that done first.
start -Xmx512m
export WALLET_ID=$(wallet)
wrk -t2 -c64 -d30s -s bench/deposit.lua "http://localhost:$PORT/api/v1/wallet" >/dev/null
load hot-sync-inprocess -c64 -s bench/deposit.lua "http://localhost:$PORT/api/v1/wallet"
# 2. Async ingest (target >= 25,000/s): 202 once queued; the queue is made large enough for the run.
PREFER_ASYNC=1 load hot-async-inprocess -c64 -s bench/deposit.lua "http://localhost:$PORT/api/v1/wallet"
# 3. GET balance (target >= 30,000/s).
load get-balance -c64 -s bench/balance.lua "http://localhost:$PORT"
# 4. A steady ~1,000 ops/s on one wallet (target p99 <= 20 ms): 10 connections pausing 8 ms.
sleep 5 # let the async backlog drain
PAUSE_MS=8 load paced-1000 -c10 -s bench/paced.lua "http://localhost:$PORT/api/v1/wallet"
# 5. Spread over 10,000 wallets (target: no worse than the hot wallet).
for _ in $(seq 1 10000); do cat /proc/sys/kernel/random/uuid; done > "$work/wallets.txt"
xargs -P 16 -I{} curl -s -o /dev/null -X POST "localhost:$PORT/api/v1/wallets" -H 'Content-Type: application/json' \
  -d '{"walletId":"{}"}' < "$work/wallets.txt" || true
echo "wallets created: $(psql -h localhost -p "$(grep -o 'localhost:[0-9]*/postgres' "$work/server.log" | head -1 | cut -d: -f2 | cut -d/ -f1)" -U postgres -Atc 'select count(*) from wallet' 2>/dev/null || echo '?')"
WALLETS_FILE="$work/wallets.txt" load spread-10k-sync -c64 -s bench/wallets.lua "http://localhost:$PORT/api/v1/wallet"
stop

# 6. The same hot wallet with -Xmx256m (target: holds its throughput).
start -Xmx256m
export WALLET_ID=$(wallet)
load hot-sync-xmx256m -c64 -s bench/deposit.lua "http://localhost:$PORT/api/v1/wallet"
stop

# 7. Through the Redis queue, same embedded PostgreSQL (target >= 10,000/s).
start -Xmx512m WALLET_REDIS_URL="$REDIS_URL" WALLET_REDIS_PREFIX="bench-targets-$RANDOM"
export WALLET_ID=$(wallet)
load hot-sync-redis -c64 -s bench/deposit.lua "http://localhost:$PORT/api/v1/wallet"
stop
