#!/usr/bin/env bash
# Records the JVM's ahead-of-time cache for the server jar (JDK 25+, JEP 483/514/515): a training
# run of the jar (its `train` command: the server on scratch resources under its own HTTP load
# until the JIT settles, at most WALLET_WARMUP_SECONDS, default 30) whose loaded classes and method
# profiles the JVM writes to <jar without .jar>.aot as it exits, with the stamp that ties the cache
# to this very jar beside it (.aot.jar-stamp). Start the server from it with
#
#   java -XX:AOTCache=bootstrap/target/wallet-server.aot -jar bootstrap/target/wallet-server.jar
#
# and it is ready in less than half the time (docs/OPERATIONS.md, "Starting fast"). With
# WALLET_REDIS_URL set the training runs through that Redis too (under a prefix of its own, whose
# keys it deletes), so the Redis client's classes are in the cache as well. Record it again after
# every build: a server refuses a cache of another build of the jar.
#
#   scripts/aot-cache.sh [JAR]
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=${1:-bootstrap/target/wallet-server.jar}
CACHE=${JAR%.jar}.aot
if [ -z "${JAVA_HOME:-}" ] && [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
version=$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ {print $2}')
if [ "${version%%.*}" -lt 25 ] 2>/dev/null || [ -z "$version" ]; then
  echo "an AOT cache needs JDK 25 or newer; $JAVA is Java ${version:-unknown}. Set JAVA_HOME to a JDK 25+." >&2
  exit 2
fi
[ -f "$JAR" ] || ./mvnw -q -B package -DskipTests
# -Xlog:aot=error: the JVM lists at warning level every class it cannot archive (dynamic proxies, JFR
# event classes), dozens of lines of no consequence.
"$JAVA" -XX:AOTCacheOutput="$CACHE" -Xlog:aot=error -jar "$JAR" train
[ -f "$CACHE" ] && [ -f "$CACHE.jar-stamp" ] || { echo "no cache written (see the log above)" >&2; exit 1; }
echo "AOT cache: $CACHE ($(du -h "$CACHE" | cut -f1)); start with: java -XX:AOTCache=$CACHE -jar $JAR"
