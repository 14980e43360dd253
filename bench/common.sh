# Shared by the bench scripts (sourced, from the repository root): the JDK, wrk, the jar, medians.
if [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
  export PATH="$JAVA_HOME/bin:$PATH"
fi
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
[ -f bootstrap/target/wallet-server.jar ] || ./mvnw -q -B package -DskipTests

# The median of the numbers on standard input, one per line.
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
