#!/usr/bin/env bash
# Throughput of the moderation engine (msgs/s on one core) with the default pack and a 10,000-rule pack,
# beside a naive regex-alternation baseline. Extra arguments go to JMH, e.g. `rules/bench.sh -wi 1 -i 2`.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl rules test-compile dependency:build-classpath -Dmdep.outputFile="$PWD/rules/target/bench.classpath"
exec java -cp "rules/target/test-classes:rules/target/classes:$(cat rules/target/bench.classpath)" \
  org.openjdk.jmh.Main 'org.chatguard.rules.bench.MatcherBenchmark' "$@"
