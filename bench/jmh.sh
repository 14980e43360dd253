#!/usr/bin/env bash
# JMH microbenchmarks of the hot path's pure-CPU parts, so that regressions show:
#   LedgerBenchmark     the domain deciding a batch (hot wallet and 64 wallets, 64 and 500 operations)
#   JsonCodecBenchmark  reading the classic deposit body and writing the Operation answer
#
#   bench/jmh.sh                       # both, JMH defaults of the classes (1 fork, 3 + 5 iterations of 2 s)
#   bench/jmh.sh -f 3                  # extra arguments go to JMH (e.g. more forks)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
  export PATH="$JAVA_HOME/bin:$PATH"
fi
# The benchmarks sit in the modules' test sources (JsonCodec is package-private); install the
# modules once so each can be run alone with its test classpath.
./mvnw -q -B install -DskipTests
for module in wallet-domain adapter-http; do
  ./mvnw -q -B -pl "$module" exec:exec -Dexec.executable=java -Dexec.classpathScope=test \
    -Dexec.args="-cp %classpath org.openjdk.jmh.Main -rf text -rff target/jmh-result.txt $*"
  echo "== $module: $(pwd)/$module/target/jmh-result.txt"
  cat "$module/target/jmh-result.txt"
done
