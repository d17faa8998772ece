#!/usr/bin/env bash
# One-shot: wait for the JobManager, then submit the ChatGuard job unless it is running already.
# Extra arguments go to `chatguard run` (e.g. --from-savepoint is a Flink option: FROM_SAVEPOINT=path).
set -euo pipefail
jm="${JOBMANAGER:-jobmanager:8081}"
for i in $(seq 1 90); do
  if flink list -m "$jm" > /tmp/jobs 2>/dev/null; then break; fi
  sleep 2
done
if grep -q ': chatguard (RUNNING)' /tmp/jobs; then
  echo "chatguard is already running"; exit 0
fi
sp=()
if [[ -n "${FROM_SAVEPOINT:-}" ]]; then sp=(-s "$FROM_SAVEPOINT"); fi
exec flink run -d -m "$jm" "${sp[@]}" /opt/flink/usrlib/chatguard-job.jar run --config /opt/chatguard/chatguard.yaml "$@"
