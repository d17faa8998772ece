#!/usr/bin/env bash
# Scale-out of ChatGuard on the real multi-process cluster (bin/chatguard-cluster: one JobManager and one
# TaskManager JVM per subtask, RocksDB, the shaded job jar), over pre-generated traffic on 8 input partitions:
#
#   * the same traffic (`chatguard-load generate`) at parallelism 1, 2 and 4;
#   * the hot-room case: the same generator with --hot-room-share 0.3 (that share of all messages in one
#     general room) vs without, both at parallelism 2.
#
# A Kafka broker (KRaft) runs in its own JVM from Kafka's Maven jars (cluster/target/kafka-classpath.txt, as
# cluster/src/test/.../KafkaBrokerProcess.java starts it). Each traffic is pre-loaded once under its own topic
# prefix (`chatguard-load replay --speed 0 --keep-sent-at`: the capture's bytes). Each run starts a fresh
# cluster with `--taskmanagers P --slots 1`, starts `chatguard-load count-decisions` (the end-offset counting
# of `bench`), submits the job with a fresh consumer group (reads the input from the beginning), and takes
# throughput = decisions / seconds from the first to the last decision seen on the decisions topic (each
# run's JVMs start cold, so that includes the JIT warm-up ramp; the second-half column is the rate over the
# last half of the decisions alone). The default --messages makes a run take ~30-60 s on 2 shared cores.
# Every process it starts is stopped on exit. Prints a markdown table (also written to <work>/results.md).
#
#   load-tests/scale-out.sh [--messages 120000] [--parallelisms "1 2 4"] [--hot-room-share 0.3]
#                           [--hot-parallelism 2] [--partitions 8] [--work DIR] [--port-base 38000]
#                           [--wait-load 1.0 [--wait-max 1200]] [--timeout 900]
#
#   --wait-load L   before anything else, wait until the 1-min load average is below L (polled every 30 s),
#                   at most --wait-max seconds, then go on anyway (and say so)
#   --port-base B   broker B+92, controller B+93, Flink REST B+81, RPC B+123, metrics B+249..B+259
#
# Needs `mvn -B -q -DskipTests package` first (job jar, Flink and Kafka classpaths, chatguard-load).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

messages=120000
parallelisms="1 2 4"
hot_share=0.3
hot_p=2
partitions=8
work="$here/run/scale-out"
port_base=38000
wait_load=""
wait_max=1200
timeout=900

die() { echo "scale-out: $*" >&2; exit 2; }
usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --messages) messages="$2"; shift 2 ;;
    --parallelisms) parallelisms="$2"; shift 2 ;;
    --hot-room-share) hot_share="$2"; shift 2 ;;
    --hot-parallelism) hot_p="$2"; shift 2 ;;
    --partitions) partitions="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --port-base) port_base="$2"; shift 2 ;;
    --wait-load) wait_load="$2"; shift 2 ;;
    --wait-max) wait_max="$2"; shift 2 ;;
    --timeout) timeout="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option $1" ;;
  esac
done
[[ "$messages" =~ ^[0-9]+$ && "$messages" -gt 0 ]] || die "--messages must be a positive number"
for p in $parallelisms $hot_p; do
  [[ "$p" =~ ^[0-9]+$ && "$p" -ge 1 && "$p" -le "$partitions" ]] || die "parallelism $p must be 1..--partitions ($partitions)"
done

kafka_cp_file="$here/cluster/target/kafka-classpath.txt"
[[ -f "$kafka_cp_file" && -f "$here/cluster/target/flink-classpath.txt" && -f "$here/load-tests/target/launcher-classpath.txt" ]] \
  && ls "$here"/pipeline/target/chatguard-pipeline-*-job.jar > /dev/null 2>&1 \
  || die "not built yet; run: mvn -B -q -DskipTests package"

broker_port=$((port_base + 92)) controller_port=$((port_base + 93))
rest_port=$((port_base + 81)) rpc_port=$((port_base + 123))
metrics_ports="$((port_base + 249))-$((port_base + 259))"
bootstrap="localhost:$broker_port"
for port in "$broker_port" "$controller_port" "$rest_port" "$rpc_port"; do
  if (: < "/dev/tcp/127.0.0.1/$port") 2> /dev/null; then die "port $port is in use (--port-base)"; fi
done

load1() { cut -d' ' -f1 /proc/loadavg; }
log() { echo "[$(date -u +%H:%M:%S) load $(load1)] $*"; }

# --- cleanup: everything started below is recorded here and stopped on exit -------------------------
broker_pid="" counter_pid="" cluster_dirs=()
cleanup() {
  local rc=$? d
  trap - EXIT INT TERM
  if [[ -n "$counter_pid" ]] && kill -0 "$counter_pid" 2> /dev/null; then kill "$counter_pid" 2> /dev/null || true; fi
  for d in "${cluster_dirs[@]}"; do
    "$here/bin/chatguard-cluster" stop --dir "$d" > /dev/null 2>&1 || true
  done
  if [[ -n "$broker_pid" ]] && kill -0 "$broker_pid" 2> /dev/null; then
    kill "$broker_pid" 2> /dev/null || true
    local i
    for ((i = 0; i < 100; i++)); do kill -0 "$broker_pid" 2> /dev/null || break; sleep 0.2; done
    kill -KILL "$broker_pid" 2> /dev/null || true
  fi
  [[ -n "$broker_pid" || ${#cluster_dirs[@]} -gt 0 ]] && echo "scale-out: stopped the broker and ${#cluster_dirs[@]} cluster(s)" >&2
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- wait for a quiet machine ------------------------------------------------------------------------
wait_note=""
if [[ -n "$wait_load" ]]; then
  t0=$SECONDS
  while awk -v l="$(load1)" -v max="$wait_load" 'BEGIN { exit !(l >= max) }'; do
    if (( SECONDS - t0 >= wait_max )); then
      wait_note="load average still $(load1) after waiting ${wait_max} s for < $wait_load: measured anyway"
      break
    fi
    log "waiting for 1-min load average < $wait_load"
    sleep 30
  done
  [[ -n "$wait_note" ]] || wait_note="1-min load average $(load1) (< $wait_load) after waiting $((SECONDS - t0)) s"
  log "$wait_note"
fi
load_start="$(cat /proc/loadavg)"

rm -rf "$work"
mkdir -p "$work"
work="$(cd "$work" && pwd)"

# --- traffic ------------------------------------------------------------------------------------------
log "generating $messages messages twice (plain, --hot-room-share $hot_share)"
"$here/bin/chatguard-load" generate --count "$messages" -o "$work/plain.jsonl" > "$work/generate-plain.log"
"$here/bin/chatguard-load" generate --count "$messages" --hot-room-share "$hot_share" -o "$work/hot.jsonl" > "$work/generate-hot.log"

# --- broker in its own JVM -----------------------------------------------------------------------------
mkdir -p "$work/broker"
cat > "$work/broker/server.properties" << EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@localhost:$controller_port
listeners=PLAINTEXT://localhost:$broker_port,CONTROLLER://localhost:$controller_port
advertised.listeners=PLAINTEXT://localhost:$broker_port
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$work/broker/data
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
message.max.bytes=4194304
EOF
kafka_cp="$(cat "$kafka_cp_file")"
java -cp "$kafka_cp" kafka.tools.StorageTool format -t ChatGuardScaleOut001 -c "$work/broker/server.properties" \
  --ignore-formatted > "$work/broker/format.log" 2>&1 || { cat "$work/broker/format.log" >&2; die "broker storage format failed"; }
java -Xmx1g -cp "$kafka_cp" kafka.Kafka "$work/broker/server.properties" > "$work/broker/broker.log" 2>&1 < /dev/null &
broker_pid=$!
for ((i = 0; i < 600; i++)); do
  kill -0 "$broker_pid" 2> /dev/null || { tail -20 "$work/broker/broker.log" >&2; die "broker exited"; }
  if (: < "/dev/tcp/127.0.0.1/$broker_port") 2> /dev/null; then break; fi
  sleep 0.2
done
log "broker (pid $broker_pid) on $bootstrap"

# --- topics and pre-loaded input, one topic prefix per traffic -----------------------------------------
for traffic in plain hot; do
  "$here/bin/chatguard" create-topics --bootstrap-servers "$bootstrap" --topic-prefix "$traffic." \
    --partitions "$partitions" > "$work/create-topics-$traffic.log" 2>&1 \
    || { cat "$work/create-topics-$traffic.log" >&2; die "create-topics failed"; }
  # no job runs yet, so replay's wait for decisions ends at once (exit 1: "missing"); the sent count is checked
  "$here/bin/chatguard-load" replay --target external --bootstrap-servers "$bootstrap" --topic-prefix "$traffic." \
    --capture "$work/$traffic.jsonl" --speed 0 --keep-sent-at --drain 1s --metrics-port 0 \
    --report "$work/preload-$traffic" > "$work/preload-$traffic.log" 2>&1 || true
  grep -q "sent $messages " "$work/preload-$traffic.log" || { cat "$work/preload-$traffic.log" >&2; die "pre-loading $traffic failed"; }
  log "pre-loaded $messages $traffic messages on $partitions partitions: $(grep -o 'sent [0-9]* ([0-9]*/s)' "$work/preload-$traffic.log")"
done

# --- one run: fresh cluster with P TaskManagers x 1 slot, count decisions, submit, stop ----------------
declare -A rate secs decided loadbefore flags half
run() {
  local label="$1" p="$2" traffic="$3"
  local dir="$work/cluster-$label"
  loadbefore[$label]="$(load1)"
  log "run $label: parallelism $p, $traffic traffic: starting the cluster"
  cluster_dirs+=("$dir")
  "$here/bin/chatguard-cluster" start --dir "$dir" --taskmanagers "$p" --slots 1 --rest-port "$rest_port" \
    --rpc-port "$rpc_port" --metrics-ports "$metrics_ports" > "$work/$label.start.log" 2>&1 \
    || { cat "$work/$label.start.log" >&2; die "cluster start failed"; }
  "$here/bin/chatguard-load" count-decisions --bootstrap-servers "$bootstrap" --topic-prefix "$traffic." \
    --messages "$messages" --timeout "${timeout}s" > "$work/$label.count.log" 2>&1 &
  counter_pid=$!
  local i
  for ((i = 0; i < 600; i++)); do
    grep -qs watching "$work/$label.count.log" && break
    kill -0 "$counter_pid" 2> /dev/null || { cat "$work/$label.count.log" >&2; die "count-decisions exited"; }
    sleep 0.1
  done
  "$here/bin/chatguard-cluster" submit --dir "$dir" --bootstrap-servers "$bootstrap" --topic-prefix "$traffic." \
    --parallelism "$p" --group-id "scale-$label" --transactional-id-prefix "scale-$label" --job-name "scale-$label" \
    > "$work/$label.submit.log" 2>&1 || { cat "$work/$label.submit.log" >&2; die "submit failed"; }
  local job
  job=$(grep -o 'JobID [0-9a-f]*' "$work/$label.submit.log" | awk '{print $2}' | head -1)
  log "run $label: job $job submitted; counting $messages decisions"
  local rc=0
  wait "$counter_pid" || rc=$?
  counter_pid=""
  grep -v "^count-decisions: watching" "$work/$label.count.log" | sed "s/^/    /" || true
  [[ $rc -eq 0 ]] || die "run $label: not all decisions arrived (see $work/$label.count.log and $dir/log)"
  local line
  line=$(grep 'decided=' "$work/$label.count.log")
  decided[$label]=$(sed 's/.*decided=\([0-9]*\).*/\1/' <<< "$line")
  secs[$label]=$(sed 's/.*seconds=\([0-9.]*\).*/\1/' <<< "$line")
  rate[$label]=$(sed 's/.* rate=\([0-9.]*\).*/\1/' <<< "$line")
  half[$label]=$(sed 's/.*second-half-rate=\([0-9.]*\).*/\1/' <<< "$line")
  # a restart would replay input (at-least-once decisions): the count would include duplicates
  local restarts
  restarts=$(curl -sf "http://localhost:$rest_port/jobs/$job/exceptions" | grep -o '"timestamp"' | wc -l || true)
  flags[$label]=""
  [[ "${restarts:-0}" -eq 0 ]] || { flags[$label]=" (job failed/restarted $restarts x: count includes replayed input)"; log "WARNING run $label: ${flags[$label]}"; }
  "$here/bin/chatguard-cluster" flink --dir "$dir" cancel "$job" > "$work/$label.cancel.log" 2>&1 || true
  "$here/bin/chatguard-cluster" stop --dir "$dir" > "$work/$label.stop.log" 2>&1 || true
  log "run $label: ${decided[$label]} decisions in ${secs[$label]} s -> ${rate[$label]} msgs/s (second half ${half[$label]} msgs/s)"
}

ps_list=()
for p in $parallelisms; do ps_list+=("$p"); done
[[ " ${ps_list[*]} " == *" $hot_p "* ]] || ps_list+=("$hot_p")
for p in "${ps_list[@]}"; do run "p$p-plain" "$p" plain; done
run "p$hot_p-hot" "$hot_p" hot

# --- table -----------------------------------------------------------------------------------------------
base="${rate[p${ps_list[0]}-plain]}"
half_base="${half[p${ps_list[0]}-plain]}"
{
  echo "| parallelism | traffic | msgs | seconds | msgs/s | ratio | 2nd-half msgs/s (ratio) | load1 before |"
  echo "|---|---|---|---|---|---|---|---|"
  for p in "${ps_list[@]}"; do
    l="p$p-plain"
    awk -v p="$p" -v n="${decided[$l]}" -v s="${secs[$l]}" -v r="${rate[$l]}" -v b="$base" -v p0="${ps_list[0]}" \
        -v h="${half[$l]}" -v hb="$half_base" -v ld="${loadbefore[$l]}" -v f="${flags[$l]}" \
      'BEGIN { printf "| %d | no hot room | %d | %.1f | %.0f | %.2f (vs p=%d) | %.0f (%.2f) | %s |\n", p, n, s, r, r / b, p0, h, h / hb, ld f }'
  done
  l="p$hot_p-hot"
  awk -v p="$hot_p" -v n="${decided[$l]}" -v s="${secs[$l]}" -v r="${rate[$l]}" -v b="${rate[p$hot_p-plain]}" \
      -v h="${half[$l]}" -v hb="${half[p$hot_p-plain]}" -v sh="$hot_share" -v ld="${loadbefore[$l]}" -v f="${flags[$l]}" \
    'BEGIN { printf "| %d | hot room %s | %d | %.1f | %.0f | %.2f (hot vs no-hot, p=%d) | %.0f (%.2f) | %s |\n", p, sh, n, s, r, r / b, p, h, h / hb, ld f }'
} > "$work/results.md"
echo
echo "ChatGuard on bin/chatguard-cluster, $messages messages, $partitions partitions per input topic, $(nproc) cores;"
echo "load average at start: $load_start${wait_note:+ ($wait_note)}; at end: $(cat /proc/loadavg)"
echo
cat "$work/results.md"
