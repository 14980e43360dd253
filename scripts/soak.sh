#!/usr/bin/env bash
# Fault soak: a bounded mixed load against 2 or 3 wallet-server instances on a Redis and a
# PostgreSQL that this script starts itself (own ports, own data folders under a temporary run
# folder), while it kills and restarts what the service depends on. At the end the driver
# (bootstrap/src/test/java/io/github/wallet/bootstrap/soak/SoakDriver.java, JDK only) checks the
# client's own log against the database and prints the figures. Exit 0 only if every check passes.
#
#   scripts/soak.sh [--duration SECONDS] [--instances 2|3] [--keep]
#
# Faults, at fractions of the duration (each logged with its start and end in faults.log):
#   15 %  SIGKILL instance 1, start it again 2 s later
#   30 %  Redis crashes (SIGKILL; AOF with appendfsync always) and is started again at once
#   45 %  PostgreSQL restarts (pg_ctl restart -m fast)
#   60 %  Redis stopped (SHUTDOWN) for 10 s
#   80 %  PostgreSQL frozen (SIGSTOP on every process of the cluster) for 5 s
# Ports (env): SOAK_REDIS_PORT (16390), SOAK_PG_PORT (15440), SOAK_HTTP_PORT (18191; instances
# take it and the next ones). SOAK_DIR: the run folder (default: a new one under /tmp, removed at
# the end unless --keep or a failure). SOAK_AOT=off: start the instances without the jar's AOT
# cache (scripts/aot-cache.sh) even when there is one.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

DURATION=120
INSTANCES=2
KEEP=false
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) DURATION=$2; shift 2 ;;
    --instances) INSTANCES=$2; shift 2 ;;
    --keep) KEEP=true; shift ;;
    *) echo "usage: $0 [--duration SECONDS] [--instances 2|3] [--keep]" >&2; exit 2 ;;
  esac
done
case "$INSTANCES" in 2|3) ;; *) echo "--instances must be 2 or 3" >&2; exit 2 ;; esac
[ "$DURATION" -ge 30 ] 2>/dev/null || { echo "--duration must be at least 30 seconds" >&2; exit 2; }

REDIS_PORT=${SOAK_REDIS_PORT:-16390}
PG_PORT=${SOAK_PG_PORT:-15440}
HTTP_BASE=${SOAK_HTTP_PORT:-18191}
PG_BIN=${SOAK_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
JAR=bootstrap/target/wallet-server.jar
DRIVER=bootstrap/src/test/java/io/github/wallet/bootstrap/soak/SoakDriver.java

if [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
  export PATH="$JAVA_HOME/bin:$PATH"
fi
command -v redis-server >/dev/null || { echo "soak needs redis-server" >&2; exit 2; }
[ -x "$PG_BIN/initdb" ] || { echo "soak needs PostgreSQL server binaries (initdb, pg_ctl); set SOAK_PG_BIN" >&2; exit 2; }
command -v psql >/dev/null || { echo "soak needs psql" >&2; exit 2; }
[ -f "$JAR" ] || ./mvnw -q -B package -DskipTests
# The instances start from the jar's AOT cache when scripts/aot-cache.sh recorded one (as .ci/run
# does), as docs/OPERATIONS.md advises: a killed instance is back in less than half the time.
AOT_OPTIONS=()
# (One older than the jar belongs to an earlier build, which the server would refuse: not used.)
if [ "${JAR%.jar}.aot" -nt "$JAR" ] && [ "${SOAK_AOT:-on}" != off ]; then AOT_OPTIONS=(-XX:AOTCache="${JAR%.jar}.aot"); fi
port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for port in "$REDIS_PORT" "$PG_PORT" $(seq "$HTTP_BASE" $((HTTP_BASE + INSTANCES - 1))); do
  if port_taken "$port"; then echo "port $port is in use (a soak still running?); set SOAK_*_PORT" >&2; exit 2; fi
done

RUN=${SOAK_DIR:-$(mktemp -d /tmp/wallet-soak.XXXXXX)}
mkdir -p "$RUN"
chmod 755 "$RUN"
DB_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/wallet"
FAULTS_PID=

# PostgreSQL refuses to run as root: its commands run as the postgres OS user.
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
log() { echo "[soak $(date +%T)] $*"; }
now_ms() { date +%s%3N; }
fault() { echo "$(now_ms) $1 $2" >> "$RUN/faults.log"; log "fault $2: $1"; }

redis_start() {
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$RUN/redis" --appendonly yes --appendfsync always \
    --save "" --daemonize yes --pidfile "$RUN/redis.pid" --logfile "$RUN/redis.log"
  for _ in $(seq 1 100); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "redis did not start; see $RUN/redis.log" >&2; return 1
}
redis_pid() { cat "$RUN/redis.pid" 2>/dev/null || true; }
redis_wait_gone() {
  local pid=$1
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
}

pg_ctl_() { as_pg "$PG_BIN/pg_ctl" -D "$RUN/pg" -l "$RUN/pg.log" "$@"; }
pg_pids() {
  # The postmaster and every backend of this cluster (children of the postmaster).
  local pm
  pm=$(head -n 1 "$RUN/pg/postmaster.pid" 2>/dev/null) || return 0
  echo "$pm"
  pgrep -P "$pm" || true
}

instance_start() {
  local i=$1
  WALLET_HTTP_PORT=$((HTTP_BASE + i - 1)) WALLET_HTTP_HOST=127.0.0.1 \
  WALLET_DB_URL="$DB_URL" WALLET_DB_USER=postgres WALLET_DB_PASSWORD= WALLET_DB_MIGRATE=false \
  WALLET_REDIS_URL="redis://127.0.0.1:$REDIS_PORT" WALLET_QUEUE=redis WALLET_REDIS_PREFIX=soak \
  WALLET_INSTANCE_ID="soak-$i" \
    nohup java -Xmx256m "${AOT_OPTIONS[@]}" -jar "$JAR" >> "$RUN/wallet-$i.log" 2>&1 &
  echo $! > "$RUN/wallet-$i.pid"
  disown $!  # killed on purpose by the faults: no job notice
}
instance_wait_ready() {
  local port=$((HTTP_BASE + $1 - 1))
  for _ in $(seq 1 240); do
    curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && return 0
    sleep 0.25
  done
  echo "instance $1 is not ready; see $RUN/wallet-$1.log" >&2; return 1
}

cleanup() {
  local status=$?
  set +e
  [ -n "$FAULTS_PID" ] && kill "$FAULTS_PID" 2>/dev/null
  for pid in $(pg_pids); do kill -CONT "$pid" 2>/dev/null; done
  # The pid files: the fault loop (a subshell) restarts instance 1.
  local pids=() pidfile
  for pidfile in "$RUN"/wallet-*.pid; do [ -f "$pidfile" ] && pids+=("$(cat "$pidfile")"); done
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -KILL "$pid" 2>/dev/null
  done
  pid=$(redis_pid); [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null && redis_wait_gone "$pid"
  [ -f "$RUN/pg/postmaster.pid" ] && pg_ctl_ stop -m immediate >/dev/null 2>&1
  if [ "$status" = 0 ] && [ "$KEEP" = false ]; then
    rm -rf "$RUN"
  else
    log "run folder kept: $RUN (instance, Redis and PostgreSQL logs, client log, fault log)"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

wallet_pid_of() { cat "$RUN/wallet-$1.pid"; }

faults() {
  # Offsets count from the moment the driver starts its load.
  while [ ! -f "$RUN/load-started" ]; do sleep 0.1; done
  local t0
  t0=$(date +%s%3N)
  at() { # sleep until fraction $1 (percent) of the duration
    local target=$((t0 + DURATION * 10 * $1)) now
    now=$(now_ms)
    [ "$target" -gt "$now" ] && sleep "$(awk "BEGIN{print ($target - $now) / 1000}")"
    return 0
  }

  at 15
  fault START kill-instance-1
  kill -KILL "$(wallet_pid_of 1)"
  sleep 2
  instance_start 1
  fault END kill-instance-1

  at 30
  fault START redis-crash
  local pid
  pid=$(redis_pid); kill -KILL "$pid"; redis_wait_gone "$pid"
  redis_start
  fault END redis-crash

  at 45
  fault START postgres-restart
  pg_ctl_ restart -m fast -w >/dev/null
  fault END postgres-restart

  at 60
  fault START redis-stopped-10s
  pid=$(redis_pid); redis-cli -p "$REDIS_PORT" shutdown >/dev/null 2>&1 || true; redis_wait_gone "$pid"
  sleep 10
  redis_start
  fault END redis-stopped-10s

  at 80
  fault START postgres-frozen-5s
  local pids
  pids=$(pg_pids)
  # shellcheck disable=SC2086
  kill -STOP $pids
  sleep 5
  # shellcheck disable=SC2086
  kill -CONT $pids
  fault END postgres-frozen-5s
  echo "$(now_ms) DONE all" >> "$RUN/faults.log"
}

log "run folder $RUN; $INSTANCES instances for $DURATION s"
mkdir -p "$RUN/redis" "$RUN/pg"
: > "$RUN/faults.log"
: > "$RUN/pg.log"
chown postgres "$RUN/pg" "$RUN/pg.log" 2>/dev/null || true

redis_start
as_pg "$PG_BIN/initdb" -D "$RUN/pg" -A trust -U postgres --no-instructions > "$RUN/initdb.log"
cat >> "$RUN/pg/postgresql.conf" <<EOF
port = $PG_PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
fsync = on
synchronous_commit = on
max_connections = 60
EOF
pg_ctl_ start -w >/dev/null
psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "create database wallet" >/dev/null
WALLET_DB_URL="$DB_URL" WALLET_DB_USER=postgres java -jar "$JAR" migrate > "$RUN/migrate.log" 2>&1

URLS=()
# One after the other: three JVMs starting at once on two cores can take longer than the 2 s
# Redis connect timeout, and an instance whose first connection fails exits.
for i in $(seq 1 "$INSTANCES"); do
  instance_start "$i"
  instance_wait_ready "$i"
  URLS+=("http://127.0.0.1:$((HTTP_BASE + i - 1))")
done
log "PostgreSQL :$PG_PORT, Redis :$REDIS_PORT, instances ${URLS[*]}, ${AOT_OPTIONS[*]:-without an AOT cache}"

faults > "$RUN/faults.out" 2>&1 &
FAULTS_PID=$!

set +e
java -Xmx512m "$DRIVER" \
  --instances "$(IFS=,; echo "${URLS[*]}")" \
  --duration "$DURATION" \
  --run-dir "$RUN" \
  --pg-port "$PG_PORT" \
  --jar "$JAR" \
  --db-url "$DB_URL"
status=$?
set -e
for i in $(seq 1 "$INSTANCES"); do
  log "instance $i: $(grep -c ' ERROR ' "$RUN/wallet-$i.log" || true) ERROR lines, $(grep -c ' WARN ' "$RUN/wallet-$i.log" || true) WARN lines in wallet-$i.log"
done
wait "$FAULTS_PID" 2>/dev/null || true
FAULTS_PID=
exit "$status"
