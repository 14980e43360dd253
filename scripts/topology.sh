#!/usr/bin/env bash
# The production topology of docker-compose.yml without Docker, on loopback:
#   nginx (deploy/nginx.conf) -> 2 wallet-server instances -> PgBouncer (deploy/pgbouncer.ini,
#   transaction pooling) -> the local PostgreSQL; the queue on the local Redis.
#
#   scripts/topology.sh up      # builds the jar if needed, installs pgbouncer/nginx if missing
#   scripts/topology.sh down
#
# Ports (env): TOPOLOGY_HTTP_PORT (18080, nginx), TOPOLOGY_PGBOUNCER_PORT (16432),
# instances on 18081 and 18082. PostgreSQL at PG_HOST:PG_PORT (127.0.0.1:5432, user postgres),
# Redis at REDIS_URL (redis://127.0.0.1:6379).
set -euo pipefail
cd "$(dirname "$0")/.."

HTTP_PORT=${TOPOLOGY_HTTP_PORT:-18080}
PGB_PORT=${TOPOLOGY_PGBOUNCER_PORT:-16432}
PG_HOST=${PG_HOST:-127.0.0.1}
PG_PORT=${PG_PORT:-5432}
REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379}
RUN=${TOPOLOGY_DIR:-/tmp/wallet-topology}
DB=wallet_topology
INSTANCES=(18081 18082)

if [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
  export PATH="$JAVA_HOME/bin:$PATH"
fi

down() {
  for pidfile in "$RUN"/wallet-*.pid; do
    [ -f "$pidfile" ] && kill -TERM "$(cat "$pidfile")" 2>/dev/null || true
  done
  for pidfile in "$RUN"/wallet-*.pid; do
    [ -f "$pidfile" ] || continue
    pid=$(cat "$pidfile")
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    rm -f "$pidfile"
  done
  [ -f "$RUN/nginx.pid" ] && nginx -p "$RUN" -c "$RUN/nginx.conf" -g "pid $RUN/nginx.pid;" -s stop 2>/dev/null || true
  [ -f "$RUN/pgbouncer.pid" ] && kill "$(cat "$RUN/pgbouncer.pid")" 2>/dev/null || true
  rm -f "$RUN/nginx.pid" "$RUN/pgbouncer.pid"
  echo "topology down"
}

up() {
  command -v pgbouncer >/dev/null && command -v nginx >/dev/null || {
    apt-get update -qq && apt-get install -y -qq pgbouncer nginx-light >/dev/null
  }
  [ -f bootstrap/target/wallet-server.jar ] || ./mvnw -q -B package -DskipTests
  down >/dev/null 2>&1 || true
  mkdir -p "$RUN"
  chown postgres "$RUN" 2>/dev/null || true

  # The same database and role as docker-compose (wallet/wallet), in a database of its own.
  psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -qc "do \$\$ begin create role wallet login password 'wallet'; exception when duplicate_object then null; end \$\$" >/dev/null
  psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -qc "drop database if exists $DB with (force)" >/dev/null
  psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -qc "create database $DB owner wallet" >/dev/null

  # Migrations go straight to PostgreSQL (Flyway's lock is a session lock, which transaction pooling would break).
  WALLET_DB_URL="jdbc:postgresql://$PG_HOST:$PG_PORT/$DB" WALLET_DB_USER=wallet WALLET_DB_PASSWORD=wallet \
    java -jar bootstrap/target/wallet-server.jar migrate > "$RUN/migrate.log" 2>&1

  sed -e "s/host=postgres port=5432 dbname=wallet/host=$PG_HOST port=$PG_PORT dbname=$DB/" \
      -e "s/^listen_port = 6432/listen_port = $PGB_PORT/" \
      -e "s|^auth_file = .*|auth_file = $RUN/userlist.txt|" \
      deploy/pgbouncer.ini > "$RUN/pgbouncer.ini"
  printf 'logfile = %s\npidfile = %s\nunix_socket_dir =\n' "$RUN/pgbouncer.log" "$RUN/pgbouncer.pid" >> "$RUN/pgbouncer.ini"
  cp deploy/userlist.txt "$RUN/userlist.txt"
  chown postgres "$RUN"/pgbouncer.ini "$RUN"/userlist.txt 2>/dev/null || true
  if [ "$(id -u)" = 0 ]; then pgbouncer -d -u postgres "$RUN/pgbouncer.ini"; else pgbouncer -d "$RUN/pgbouncer.ini"; fi

  local i=0
  for port in "${INSTANCES[@]}"; do
    i=$((i + 1))
    WALLET_HTTP_PORT=$port WALLET_HTTP_HOST=127.0.0.1 \
    WALLET_DB_URL="jdbc:postgresql://127.0.0.1:$PGB_PORT/wallet?prepareThreshold=0" WALLET_DB_USER=wallet WALLET_DB_PASSWORD=wallet \
    WALLET_DB_MIGRATE=false WALLET_DB_POOL_SIZE=8 \
    WALLET_REDIS_URL="$REDIS_URL" WALLET_REDIS_PREFIX=topology WALLET_INSTANCE_ID="wallet-$i" \
      nohup java -Xmx256m -jar bootstrap/target/wallet-server.jar > "$RUN/wallet-$i.log" 2>&1 &
    echo $! > "$RUN/wallet-$i.pid"
  done

  sed -e "s/server wallet-1:8080/server 127.0.0.1:${INSTANCES[0]}/" \
      -e "s/server wallet-2:8080/server 127.0.0.1:${INSTANCES[1]}/" \
      -e "s/listen 8080;/listen 127.0.0.1:$HTTP_PORT;/" \
      deploy/nginx.conf > "$RUN/nginx.conf"
  nginx -p "$RUN" -c "$RUN/nginx.conf" -g "pid $RUN/nginx.pid; error_log $RUN/nginx-error.log;"

  for port in "${INSTANCES[@]}" "$HTTP_PORT"; do
    for _ in $(seq 1 120); do curl -sf "localhost:$port/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done
    curl -sf "localhost:$port/health/ready" >/dev/null || { echo "port $port is not ready; logs in $RUN" >&2; exit 1; }
  done
  echo "topology up: http://127.0.0.1:$HTTP_PORT (nginx) -> ${INSTANCES[*]} -> PgBouncer :$PGB_PORT -> PostgreSQL $PG_HOST:$PG_PORT/$DB; logs in $RUN"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  *) echo "usage: $0 up|down" >&2; exit 2 ;;
esac
