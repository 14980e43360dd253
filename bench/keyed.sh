#!/usr/bin/env bash
# Keyed against unkeyed writes on two instances, side by side: the case of the scale-out issue.
# Two instances on the local Redis and PostgreSQL; async deposits (Prefer: respond-async) to ONE
# instance, with a new Idempotency-Key on every request (KEYED=1) or none, alternating ROUNDS
# times; the queue is drained between runs. Prints each run, the medians, their ratio and 503s,
# and where the CPU went: microseconds per accepted write (the run and its drain) in the instance
# that received the writes, the other one, Redis and PostgreSQL (the rest is wrk and the kernel).
#
#   bench/keyed.sh                  # ROUNDS=3 DURATION=15s CONNECTIONS=64 MODE=async WARM=45s
#   MODE=sync bench/keyed.sh        # the same with sync writes (200 after the commit)
#   JAR=/tmp/before.jar bench/keyed.sh   # another build
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-3}
WARM=${WARM:-45s}
DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-64}
MODE=${MODE:-async}
PG_HOST=${PG_HOST:-127.0.0.1}
REDIS_URL=${BENCH_REDIS:-redis://127.0.0.1:6379}
JAR=${JAR:-bootstrap/target/wallet-server.jar}
source bench/common.sh

work=$(mktemp -d)
db="bench_keyed_$(date +%s)" prefix="bench-keyed-$RANDOM$RANDOM"
trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null; psql -h "$PG_HOST" -U postgres -qc "drop database if exists $db with (force)" >/dev/null 2>&1 || true' EXIT
psql -h "$PG_HOST" -U postgres -qc "create database $db" >/dev/null
ports=(18381 18382)
pids=()
for i in 0 1; do
  env WALLET_HTTP_PORT="${ports[$i]}" WALLET_DB_URL="jdbc:postgresql://$PG_HOST:5432/$db" WALLET_DB_USER=postgres \
      WALLET_REDIS_URL="$REDIS_URL" WALLET_REDIS_PREFIX="$prefix" WALLET_INSTANCE_ID="bench-$i" WALLET_LOG_LEVEL=WARN \
      java -Xmx512m -jar "$JAR" > "$work/server-$i.log" 2>&1 &
  pids+=($!)
done
for port in "${ports[@]}"; do wait_ready "http://localhost:$port"; done
url="http://localhost:${ports[0]}"
export WALLET_ID=$(new_wallet "$url")
export PREFER_ASYNC=$([ "$MODE" = async ] && echo 1 || echo 0)

drain() {
  until curl -sf "$url/metrics" | awk '/^wallet_queue_depth/ {d += $2} END {exit d > 0}'; do sleep 0.5; done
}
# CPU time (clock ticks) of the given processes, and of the four parts this bench follows.
ticks() { local t=0 p; for p in "$@"; do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0))); done; echo "$t"; }
parts() { echo "$(ticks "${pids[0]}") $(ticks "${pids[1]}") $(ticks $(pgrep -x redis-server)) $(ticks $(pgrep -x postgres))"; }
run() { # label keyed
  KEYED=$2 wrk -t2 -c"$CONNECTIONS" -d5s -s bench/deposit.lua "$url/api/v1/wallet" >/dev/null
  drain
  local before result after
  before=$(parts)
  result=$(KEYED=$2 wrk -t2 -c"$CONNECTIONS" -d"$DURATION" -s bench/deposit.lua "$url/api/v1/wallet" | grep '^RESULT')
  drain
  after=$(parts)
  local accepted
  accepted=$(echo "$result" | sed 's/.*statuses=//' | tr ',' '\n' | awk -F= '$1 == 200 || $1 == 202 {n += $2} END {print n + 0}')
  echo "$1 round=$round $result cpu_us=$(awk -v a="$before" -v b="$after" -v n="$accepted" -v hz="$(getconf CLK_TCK)" 'BEGIN {
      split(a, x, " "); split(b, y, " "); split("receiving other redis postgres", name, " ")
      for (i = 1; i <= 4; i++) printf "%s%s:%.0f", (i > 1 ? "," : ""), name[i], (y[i] - x[i]) * 1e6 / hz / (n > 0 ? n : 1) }')" \
    | tee -a "$work/results.txt"
}

# Both servers are new: on a slow 2-core machine their JIT needs most of a minute, which made the
# first rounds cold and whichever ran second look faster. Warm both paths first (WARM each).
for keyed in 0 1; do
  KEYED=$keyed wrk -t2 -c"$CONNECTIONS" -d"$WARM" -s bench/deposit.lua "$url/api/v1/wallet" >/dev/null
  drain
done
# Alternate which runs first, so neither always gets the warmer server.
for round in $(seq 1 "$ROUNDS"); do
  if [ $((round % 2)) = 1 ]; then run unkeyed 0; run keyed 1; else run keyed 1; run unkeyed 0; fi
done
rps() { grep "^$1 " "$work/results.txt" | sed 's/.*rps=\([0-9]*\).*/\1/'; }
unkeyed=$(rps unkeyed | median) keyed=$(rps keyed | median)
echo
echo "| $MODE writes to one of two instances | ops/s (median of $ROUNDS) | runs | non-2xx |"
echo "|---|---|---|---|"
for label in unkeyed keyed; do
  errors=$(grep "^$label " "$work/results.txt" | sed 's/.*statuses=//; s/ cpu_us=.*//' | tr ',' '\n' | grep -v '^20[02]=' | paste -sd' ' - || true)
  echo "| $label | $(rps $label | median) | $(rps $label | paste -sd/ -) | ${errors:-none} |"
done
echo "keyed / unkeyed = $(awk -v k="$keyed" -v u="$unkeyed" 'BEGIN {printf "%.2f", k / u}')"
paired=$(paste <(rps keyed) <(rps unkeyed) | awk '{printf "%.2f\n", $1 / $2}')
echo "per round keyed / unkeyed: $(echo "$paired" | paste -sd' ' -), median $(echo "$paired" | median)"
echo
echo "| CPU µs per accepted write (median of $ROUNDS) | receiving instance | other instance | Redis | PostgreSQL |"
echo "|---|---|---|---|---|"
for label in unkeyed keyed; do
  row="| $label"
  for part in receiving other redis postgres; do
    row="$row | $(grep "^$label " "$work/results.txt" | sed "s/.*[=,]$part:\([0-9]*\).*/\1/" | median)"
  done
  echo "$row |"
done
