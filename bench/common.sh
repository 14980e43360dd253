# Shared by the bench scripts (sourced, from the repository root): the JDK, wrk, the jar, medians.
if [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
  export PATH="$JAVA_HOME/bin:$PATH"
fi
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
[ -f bootstrap/target/wallet-server.jar ] || ./mvnw -q -B package -DskipTests

# The median of the numbers on standard input, one per line.
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# Waits (up to two minutes: an embedded server warms itself up first) until the server at the URL is ready.
wait_ready() { for _ in $(seq 1 240); do curl -sf "$1/health/ready" >/dev/null 2>&1 && return; sleep 0.5; done; }
# Opens a wallet on the server at the URL and prints its id.
new_wallet() { curl -sf -X POST "$1/api/v1/wallets" -H 'Content-Type: application/json' -d '{}' | sed 's/.*"walletId":"\([^"]*\)".*/\1/'; }

# The setup of a bench that runs one server at a time on $PORT (default 18280): DURATION (15s),
# a work folder, the server's URL, and a trap that stops whatever the bench started.
one_server_bench() {
  DURATION=${DURATION:-15s}
  PORT=${PORT:-18280}
  work=$(mktemp -d)
  url="http://localhost:$PORT"
  trap 'kill $(jobs -p) 2>/dev/null || true' EXIT
}
