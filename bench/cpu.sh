#!/usr/bin/env bash
# Where the machine's CPU goes per operation: one server on its embedded default (in-process
# queue, or QUEUE=redis), warmed for WARM, then DURATION (in seconds: 15s) of sync deposits (one hot wallet, or SPREAD=1: 10,000
# wallets) while the CPU time of each JVM thread group, PostgreSQL's processes, wrk and the
# machine's idle time are read from /proc before and after. Prints microseconds per accepted
# operation for each; "machine" is both cores' time, so the parts add up to it (the rest: the
# kernel's interrupts, time the hypervisor took, whatever else runs).
#
#   bench/cpu.sh                     # one hot wallet, WARM=45s DURATION=15s
#   SPREAD=1 bench/cpu.sh            # 10,000 wallets
#   QUEUE=redis bench/cpu.sh         # through the local Redis queue (redis-server's CPU counted too)
set -euo pipefail
cd "$(dirname "$0")/.."
WARM=${WARM:-45s}
source bench/common.sh
one_server_bench
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time; }
hz=$(getconf CLK_TCK)

queue=()
[ "${QUEUE:-inprocess}" = redis ] && queue=(WALLET_REDIS_URL="${BENCH_REDIS:-redis://127.0.0.1:6379}" WALLET_REDIS_PREFIX="bench-cpu-$RANDOM")
env WALLET_HTTP_PORT=$PORT WALLET_EMBEDDED_DATA_DIR="$work/data" WALLET_LOG_LEVEL=WARN "${queue[@]}" \
  java -Xmx512m -jar bootstrap/target/wallet-server.jar > "$work/server.log" 2>&1 &
server=$!
wait_ready "$url"
export WALLET_ID=$(new_wallet "$url")
script=bench/deposit.lua
if [ "${SPREAD:-0}" = 1 ]; then
  for _ in $(seq 1 10000); do cat /proc/sys/kernel/random/uuid; done > "$work/wallets.txt"
  echo "created $(python3 bench/create_wallets.py "$url" "$work/wallets.txt") of 10000 wallets"
  export WALLETS_FILE="$work/wallets.txt"
  script=bench/wallets.lua
fi
wrk -t2 -c64 -d"$WARM" -s "$script" "$url/api/v1/wallet" > /dev/null

# Clock ticks per group: each JVM thread by name without its number, all PostgreSQL
# processes together (the embedded server's, not the machine's own PostgreSQL), Redis (QUEUE=redis), the machine's idle time and its total.
ticks() {
  for task in /proc/"$server"/task/*; do
    stat=($(sed 's/.*) //' "$task/stat")) || continue
    echo "jvm:$(sed 's/[0-9#-]*$//; s/ /_/g' "$task/comm") $((stat[11] + stat[12]))"
  done
  local postmaster
  postmaster=$(head -1 "$work/data/postmaster.pid")
  for pid in "$postmaster" $(pgrep -P "$postmaster"); do
    stat=($(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null)) && echo "postgres $((stat[11] + stat[12]))"
  done
  if [ "${QUEUE:-inprocess}" = redis ]; then
    for pid in $(pgrep -x redis-server); do
      stat=($(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null)) && echo "redis-server $((stat[11] + stat[12]))"
    done
  fi
  awk '/^cpu / {print "idle", $5 + $6; print "machine", $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9}' /proc/stat
}
ticks > "$work/before"
/usr/bin/time -f "wrk %U %S" -o "$work/wrk.time" wrk -t2 -c64 -d"$DURATION" -s "$script" "$url/api/v1/wallet" > "$work/wrk.out"
ticks > "$work/after"
grep '^RESULT' "$work/wrk.out"
rps=$(sed -n 's/^RESULT rps=\([0-9]*\).*/\1/p' "$work/wrk.out")
seconds=${DURATION%s}
sum() { awk '{t[$1] += $2} END {for (k in t) print k, t[k]}' "$1" | sort; }
{
  join <(sum "$work/before") <(sum "$work/after") | awk -v hz="$hz" '{print $1, ($3 - $2) / hz}'
  awk '{print $1, $2 + $3}' "$work/wrk.time"
} | awk -v ops="$((rps * seconds))" '$2 > 0 {printf "%-28s %7.1f us/op\n", $1, $2 * 1e6 / ops}' | sort -k2 -nr
kill -TERM "$server"; wait "$server" 2>/dev/null || true
