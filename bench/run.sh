#!/usr/bin/env bash
# Reproducible benchmark: one hot wallet, synchronous deposits (200 only after the commit),
# 64 connections, the server in its embedded default (embedded PostgreSQL, in-process queue).
# Runs the batching server and the naive baseline (WALLET_BATCH_SIZE=1) side by side, alternating
# ROUNDS times, and prints each run and the medians.
#
#   bench/run.sh                       # defaults: 3 rounds of 20 s, 64 connections
#   ROUNDS=5 DURATION=30s bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
PORT=${PORT:-18080}
HEAP=${HEAP:--Xmx512m}

source bench/common.sh

results=$(mktemp -d)
data=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$data"' EXIT

run_one() { # label batch_size round
  local label=$1 batch=$2 round=$3 log="$results/$1-$3.log"
  WALLET_HTTP_PORT=$PORT WALLET_BATCH_SIZE=$batch WALLET_EMBEDDED_DATA_DIR="$data/$label" WALLET_LOG_LEVEL=WARN \
    java $HEAP -jar bootstrap/target/wallet-server.jar > "$log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 120); do
    curl -sf "localhost:$PORT/health/ready" >/dev/null 2>&1 && break
    sleep 0.5
  done
  local wallet
  wallet=$(curl -sf -X POST "localhost:$PORT/api/v1/wallets" -H 'Content-Type: application/json' -d '{}' \
    | sed 's/.*"walletId":"\([^"]*\)".*/\1/')
  # Warm-up, then the measured run.
  WALLET_ID=$wallet wrk -t"$THREADS" -c"$CONNECTIONS" -d5s -s bench/deposit.lua "http://localhost:$PORT/api/v1/wallet" >/dev/null
  local line
  line=$(WALLET_ID=$wallet wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" -s bench/deposit.lua "http://localhost:$PORT/api/v1/wallet" | grep '^RESULT')
  local balance
  balance=$(curl -sf "localhost:$PORT/api/v1/wallets/$wallet" | sed 's/.*"balance":\([0-9]*\).*/\1/')
  echo "$label round=$round batch=$batch $line balance=$balance" | tee -a "$results/all.txt"
  kill -TERM $pid; wait $pid 2>/dev/null || true
}

for round in $(seq 1 "$ROUNDS"); do
  run_one batched 500 "$round"
  run_one naive 1 "$round"
done

echo
echo "| mode | batch size | ops/s (median of $ROUNDS) | p50 ms | p99 ms |"
echo "|---|---|---|---|---|"
for label in batched naive; do
  rows=$(grep "^$label " "$results/all.txt")
  rps=$(echo "$rows" | sed 's/.*rps=\([0-9]*\).*/\1/' | median)
  p50=$(echo "$rows" | sed 's/.*p50_ms=\([0-9.]*\).*/\1/' | median)
  p99=$(echo "$rows" | sed 's/.*p99_ms=\([0-9.]*\).*/\1/' | median)
  batch=$(echo "$rows" | head -1 | sed 's/.*batch=\([0-9]*\).*/\1/')
  echo "| $label | $batch | $rps | $p50 | $p99 |"
done
