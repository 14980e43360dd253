#!/usr/bin/env bash
# The Redis Streams queue next to the in-process queue: one hot wallet, deposits of 1, sync and
# async (Prefer: respond-async), one and two instances, all on the local PostgreSQL and Redis.
# Scenarios alternate ROUNDS times; medians are printed at the end.
#
#   bench/queues.sh                         # ROUNDS=3 DURATION=15s CONNECTIONS=64
#   BENCH_PG=postgresql://postgres@127.0.0.1:5432 BENCH_REDIS=redis://127.0.0.1:6379 bench/queues.sh
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-64}
PG_HOST=${PG_HOST:-127.0.0.1}
REDIS_URL=${BENCH_REDIS:-redis://127.0.0.1:6379}
SCENARIOS=${SCENARIOS:-"inprocess-sync-1 redis-sync-1 redis-sync-2 inprocess-async-1 redis-async-1 redis-async-2"}

source bench/common.sh

results=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true' EXIT
# Every scenario starts on a fresh database and key prefix; they are dropped after it.

run() { # scenario round
  local scenario=$1 round=$2
  local queue=${scenario%%-*} rest=${scenario#*-}
  local mode=${rest%%-*} instances=${rest##*-}
  local db="bench_$(date +%s%N)" prefix="bench-$RANDOM$RANDOM"
  psql -h "$PG_HOST" -U postgres -qc "create database $db" >/dev/null
  local pids=() ports=()
  for i in $(seq 1 "$instances"); do
    local port=$((18180 + i))
    ports+=("$port")
    local extra=()
    [ "$queue" = redis ] && extra=(WALLET_REDIS_URL="$REDIS_URL" WALLET_REDIS_PREFIX="$prefix" WALLET_INSTANCE_ID="bench-$i")
    env WALLET_HTTP_PORT="$port" WALLET_DB_URL="jdbc:postgresql://$PG_HOST:5432/$db" WALLET_DB_USER=postgres \
        WALLET_LOG_LEVEL=WARN "${extra[@]}" java -Xmx512m -jar bootstrap/target/wallet-server.jar > "$results/$scenario-$round-$i.log" 2>&1 &
    pids+=($!)
  done
  for port in "${ports[@]}"; do
    for _ in $(seq 1 120); do curl -sf "localhost:$port/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done
  done
  sleep 2 # let the instances share the shards out
  local wallet
  wallet=$(curl -sf -X POST "localhost:${ports[0]}/api/v1/wallets" -H 'Content-Type: application/json' -d '{}' | sed 's/.*"walletId":"\([^"]*\)".*/\1/')
  local async=0; [ "$mode" = async ] && async=1
  local per=$((CONNECTIONS / instances))
  local loads=()
  for port in "${ports[@]}"; do  # warm-up
    PREFER_ASYNC=$async WALLET_ID=$wallet wrk -t1 -c"$per" -d3s -s bench/deposit.lua "http://localhost:$port/api/v1/wallet" >/dev/null &
    loads+=($!)
  done
  wait "${loads[@]}"
  local outs=()
  loads=()
  for port in "${ports[@]}"; do
    out="$results/$scenario-$round-$port.wrk"
    outs+=("$out")
    PREFER_ASYNC=$async WALLET_ID=$wallet wrk -t$((2 / instances)) -c"$per" -d"$DURATION" -s bench/deposit.lua "http://localhost:$port/api/v1/wallet" > "$out" &
    loads+=($!)
  done
  wait "${loads[@]}"
  local rps=0 p50=0 p99=0
  for out in "${outs[@]}"; do
    line=$(grep '^RESULT' "$out")
    r=$(echo "$line" | sed 's/.*rps=\([0-9]*\).*/\1/'); rps=$((rps + r))
    p50=$(echo "$line $p50" | awk '{split($3,a,"="); print (a[2] > $NF ? a[2] : $NF)}')
    p99=$(echo "$line $p99" | awk '{split($4,a,"="); print (a[2] > $NF ? a[2] : $NF)}')
    statuses=$(echo "$line" | sed 's/.*statuses=\([^ ]*\).*/\1/')
  done
  echo "$scenario round=$round rps=$rps p50_ms=$p50 p99_ms=$p99 statuses=$statuses" | tee -a "$results/all.txt"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  psql -h "$PG_HOST" -U postgres -qc "drop database $db with (force)" >/dev/null
  [ "$queue" = redis ] && redis-cli -u "$REDIS_URL" --scan --pattern "$prefix:*" | xargs -r redis-cli -u "$REDIS_URL" del >/dev/null
  return 0
}

for round in $(seq 1 "$ROUNDS"); do
  for scenario in $SCENARIOS; do
    run "$scenario" "$round"
  done
done

echo
echo "| scenario | ops/s (median of $ROUNDS) | p50 ms | p99 ms |"
echo "|---|---|---|---|"
for scenario in $SCENARIOS; do
  rows=$(grep "^$scenario " "$results/all.txt")
  echo "| $scenario | $(echo "$rows" | sed 's/.*rps=\([0-9]*\).*/\1/' | median) | $(echo "$rows" | sed 's/.*p50_ms=\([0-9.]*\).*/\1/' | median) | $(echo "$rows" | sed 's/.*p99_ms=\([0-9.]*\).*/\1/' | median) |"
done
