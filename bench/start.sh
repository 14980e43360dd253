#!/usr/bin/env bash
# Time to readiness, with and without the jar's AOT cache, side by side: ROUNDS (5) rounds, each
# one start of each kind in turn, on a quiet machine and then with HOGS (3) busy-loop processes on
# the cores (a machine busy with load, as when an instance is killed under it). Each start runs the
# server on the machine's PostgreSQL (a scratch database) and, with REDIS_URL (default the local
# Redis), the Redis queue under a scratch prefix, warm-up off, -Xmx256m; it is timed from the
# `java` command to the first 200 from /health/ready (polled every 50 ms) and then stopped.
# Records the cache first when there is none for this build of the jar (scripts/aot-cache.sh, with
# the same Redis).
#
#   ROUNDS=5 HOGS=3 bench/start.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh

ROUNDS=${ROUNDS:-5}
HOGS=${HOGS:-3}
REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379}
PG=${PG:-127.0.0.1:5432}
PORT=${PORT:-18280}
JAR=bootstrap/target/wallet-server.jar
CACHE=bootstrap/target/wallet-server.aot
DB=wallet_bench_start
PREFIX=bench-start-$$

[ "$CACHE" -nt "$JAR" ] || WALLET_REDIS_URL=$REDIS_URL scripts/aot-cache.sh
psql -h "${PG%:*}" -p "${PG#*:}" -U postgres -qc "drop database if exists $DB" -c "create database $DB" >/dev/null
WALLET_DB_URL="jdbc:postgresql://$PG/$DB" WALLET_DB_USER=postgres java -jar "$JAR" migrate >/dev/null 2>&1
hogs=()
trap 'kill "${hogs[@]}" $(jobs -p) 2>/dev/null || true; redis-cli -u "$REDIS_URL" --scan --pattern "$PREFIX*" | xargs -r redis-cli -u "$REDIS_URL" del >/dev/null' EXIT

# Starts the server with the given JVM options, prints the milliseconds to readiness, stops it.
start_ms() {
  local t0 t1 pid
  t0=$(date +%s%3N)
  WALLET_HTTP_PORT=$PORT WALLET_DB_URL="jdbc:postgresql://$PG/$DB" WALLET_DB_USER=postgres WALLET_DB_MIGRATE=false \
    WALLET_REDIS_URL=$REDIS_URL WALLET_REDIS_PREFIX=$PREFIX WALLET_INSTANCE_ID=bench-start \
    java -Xmx256m "$@" -jar "$JAR" > "$work/server.log" 2>&1 &
  pid=$!
  until curl -sf "http://localhost:$PORT/health/ready" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { echo "the server stopped; see its log:" >&2; cat "$work/server.log" >&2; exit 1; }
    sleep 0.05
  done
  t1=$(date +%s%3N)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo $((t1 - t0))
}

work=$(mktemp -d)
for load in quiet busy; do
  if [ "$load" = busy ]; then
    for _ in $(seq 1 "$HOGS"); do (while :; do :; done) & hogs+=($!); done
  fi
  : > "$work/plain" ; : > "$work/cache"
  for round in $(seq 1 "$ROUNDS"); do
    plain=$(start_ms); cache=$(start_ms -XX:AOTCache="$CACHE")
    echo "$load round $round: without the cache $plain ms, with it $cache ms"
    echo "$plain" >> "$work/plain"; echo "$cache" >> "$work/cache"
  done
  p=$(median < "$work/plain"); c=$(median < "$work/cache")
  echo "$load: medians without $p ms, with $c ms, ratio $(awk "BEGIN{printf \"%.2f\", $c / $p}")"
  if [ "$load" = busy ]; then kill "${hogs[@]}" 2>/dev/null || true; hogs=(); fi
done
