#!/usr/bin/env bash
# Throughput of the moderation engine (msgs/s on one core) with the default pack and a 10,000-rule pack,
# beside a naive regex-alternation baseline.
#   rules/bench.sh                 JMH (wall clock); extra arguments go to JMH, e.g. -wi 2 -i 3 -w 2 -r 3
#   rules/bench.sh --cpu [SECONDS] the same workloads in messages per CPU-second of the measuring thread,
#                                  which stays meaningful when other processes share the cores
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl rules test-compile dependency:build-classpath -Dmdep.outputFile="$PWD/rules/target/bench.classpath"
CP="rules/target/test-classes:rules/target/classes:$(cat rules/target/bench.classpath)"
if [ "${1:-}" = "--cpu" ]; then
  shift
  exec java -Xmx1g -cp "$CP" org.chatguard.rules.bench.CpuThroughput "$@"
fi
exec java -cp "$CP" org.openjdk.jmh.Main 'org.chatguard.rules.bench.MatcherBenchmark' "$@"
