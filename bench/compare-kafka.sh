#!/usr/bin/env bash
# Millrace against Apache Kafka, side by side on this machine, with the same client and settings.
#
#   bench/compare-kafka.sh
#
# 1. Builds Millrace if its build output is missing, and fetches the Apache Kafka broker (4.3.1)
#    through Maven into bench/kafka/target/lib (bench/kafka/pom.xml; nothing of Kafka is committed).
# 2. For each round, starts Kafka (a single combined KRaft broker+controller on loopback, storage
#    formatted with kafka.tools.StorageTool) and then Millrace (bin/millrace node), each fresh on a
#    temporary data directory with the same JVM and heap, and runs every workload against it with
#    bin/millrace perf (kafka-clients). So the order is Kafka, Millrace, Kafka, Millrace, ...
# 3. Reads each broker's CPU time (utime + stime of /proc/<pid>/stat) before and after each
#    workload, and prints per-workload Millrace/Kafka ratios (min/median/max over the rounds), broker
#    CPU seconds per million records and latency percentiles; writes a results JSON and an SVG chart.
#
# Environment (sizes default to the full benchmark; make them small for a quick run):
#   BENCH_ROUNDS          rounds (default 3)
#   BENCH_RECORDS         records of each 100-byte produce workload (default 5000000)
#   BENCH_RECORDS_1K      records of the 1 KiB produce workload (default 1000000)
#   BENCH_E2E_RECORDS     records of the end-to-end latency workload (default 60000)
#   BENCH_E2E_RATE        its fixed rate in records/s (default 2000)
#   BENCH_WARMUP_PCT      first percent of each workload left out of the results (default 10)
#   BENCH_HEAP            -Xms and -Xmx of both brokers (default 1g)
#   BENCH_CLIENT_HEAP     heap of the perf tool's JVM (default 1g)
#   BENCH_WORKLOADS       a space-separated subset of the workload names below, in order
#   BENCH_KAFKA_PORT, BENCH_KAFKA_CONTROLLER_PORT, BENCH_MILLRACE_PORT (39092, 39093, 39192)
#   BENCH_MILLRACE_JAVA_OPTS  extra JVM options for the Millrace node only (e.g. a JFR recording)
#   BENCH_KAFKA_JAVA_OPTS     extra JVM options for the Kafka broker only
#   BENCH_OUT, BENCH_CHART  results JSON and SVG (default docs/benchmarks-kafka.json / .svg)
#   BENCH_WORK            scratch directory (default a new one under $TMPDIR, deleted at the end)
#   BENCH_KEEP=1          keep the scratch directory (broker output, each run's JSON and log)
#   JAVA_HOME             the JDK for both brokers and the client (default: java on PATH)
#
# Workloads (100-byte ones with batch.size=65536, linger.ms=5, unlimited rate):
#   produce-100b-acks1-1p   produce-100b-acksall-1p   produce-100b-acks1-6p   produce-100b-acksall-6p
#   produce-1k-acks1-1p     (1 KiB records, BENCH_RECORDS_1K)
#   consume-100b-1p, consume-100b-6p, consume-1k-1p: read back what the acks=1 workload wrote
#   e2e-100b                (100-byte records at BENCH_E2E_RATE, acks=1, linger.ms=0, 1 partition)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
KAFKA_VERSION=4.3.1
ROUNDS="${BENCH_ROUNDS:-3}"
RECORDS="${BENCH_RECORDS:-5000000}"
RECORDS_1K="${BENCH_RECORDS_1K:-1000000}"
E2E_RECORDS="${BENCH_E2E_RECORDS:-60000}"
E2E_RATE="${BENCH_E2E_RATE:-2000}"
WARMUP_PCT="${BENCH_WARMUP_PCT:-10}"
HEAP="${BENCH_HEAP:-1g}"
CLIENT_HEAP="${BENCH_CLIENT_HEAP:-1g}"
KAFKA_PORT="${BENCH_KAFKA_PORT:-39092}"
KAFKA_CONTROLLER_PORT="${BENCH_KAFKA_CONTROLLER_PORT:-39093}"
MILLRACE_PORT="${BENCH_MILLRACE_PORT:-39192}"
ALL_WORKLOADS="produce-100b-acks1-1p consume-100b-1p produce-100b-acksall-1p produce-100b-acks1-6p consume-100b-6p produce-100b-acksall-6p produce-1k-acks1-1p consume-1k-1p e2e-100b"
WORKLOADS="${BENCH_WORKLOADS:-$ALL_WORKLOADS}"
OUT_JSON="${BENCH_OUT:-$ROOT/docs/benchmarks-kafka.json}"
OUT_SVG="${BENCH_CHART:-$ROOT/docs/benchmarks-kafka.svg}"
KAFKA_LIB="$ROOT/bench/kafka/target/lib"
CLK_TCK="$(getconf CLK_TCK)"

die() {
  echo "compare-kafka: $*" >&2
  exit 2
}
log() {
  echo "[$(date +%H:%M:%S)] $*"
}

for w in $WORKLOADS; do
  case " $ALL_WORKLOADS " in
    *" $w "*) ;;
    *) die "unknown workload '$w' in BENCH_WORKLOADS; known: $ALL_WORKLOADS" ;;
  esac
done

if [ -n "${JAVA_HOME:-}" ]; then
  JAVA="$JAVA_HOME/bin/java"
else
  JAVA="$(command -v java || true)"
fi
[ -x "$JAVA" ] || die "no java: set JAVA_HOME or put java on PATH"
export JAVA_HOME="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$JAVA")")")}"
if [ -x /usr/bin/python3 ]; then PYTHON=/usr/bin/python3; else PYTHON="$(command -v python3 || true)"; fi
[ -n "$PYTHON" ] || die "python3 is needed for the report"

if [ -n "${BENCH_WORK:-}" ]; then
  WORK="$BENCH_WORK"
  mkdir -p "$WORK"
else
  WORK="$(mktemp -d -t millrace-bench.XXXXXX)"
fi
BROKER_PID=""
cleanup() {
  stop_broker
  if [ "${BENCH_KEEP:-0}" != 1 ] && [ -z "${BENCH_WORK:-}" ]; then
    rm -rf "$WORK"
  else
    echo "scratch directory kept: $WORK"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- build and fetch -------------------------------------------------------------------------

if ! compgen -G "$ROOT/sample-apps/target/lib/engine-*.jar" >/dev/null; then
  log "building Millrace (mvn -q -B -DskipTests package)"
  (cd "$ROOT" && mvn -q -B -DskipTests package)
fi
if ! compgen -G "$KAFKA_LIB/kafka_2.13-$KAFKA_VERSION.jar" >/dev/null; then
  log "fetching Apache Kafka $KAFKA_VERSION through Maven (bench/kafka/pom.xml)"
  mvn -q -B -f "$ROOT/bench/kafka/pom.xml" package
fi

# --- brokers ---------------------------------------------------------------------------------

port_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# CPU seconds (user + system) the process has used so far. Fields after the command name, which
# may hold spaces: state is field 3 there, utime 14 and stime 15 of the whole line.
cpu_seconds() {
  local stat rest
  stat="$(cat "/proc/$1/stat")"
  rest="${stat##*) }"
  # shellcheck disable=SC2086
  set -- $rest
  echo "$((${12} + ${13}))" | awk -v t="$CLK_TCK" '{ printf "%.3f", $1 / t }'
}

# CPU seconds all processes on the machine have used (user, nice, system, irq, softirq, steal).
system_busy_seconds() {
  awk -v t="$CLK_TCK" '/^cpu / { printf "%.3f", ($2 + $3 + $4 + $7 + $8 + $9) / t; exit }' /proc/stat
}

# CPU seconds (user + system) of this shell's finished children: a perf run once it has exited.
# Sets CHILDREN_CPU; `times` must run in this shell, not in a $(...) subshell.
children_cpu_seconds() {
  times >"$WORK/times"
  CHILDREN_CPU="$(awk 'NR == 2 {
    total = 0
    for (i = 1; i <= 2; i++) { split($i, p, "m"); sub("s", "", p[2]); total += p[1] * 60 + p[2] }
    printf "%.3f", total
  }' "$WORK/times")"
}

start_kafka() {
  local dir="$1"
  mkdir -p "$dir/data"
  port_free "$KAFKA_PORT" || die "port $KAFKA_PORT is in use"
  port_free "$KAFKA_CONTROLLER_PORT" || die "port $KAFKA_CONTROLLER_PORT is in use"
  cat >"$dir/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$dir/data
num.partitions=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
EOF
  local cluster_id
  cluster_id="$("$JAVA" -cp "$KAFKA_LIB/*" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)"
  "$JAVA" -cp "$KAFKA_LIB/*" kafka.tools.StorageTool format -t "$cluster_id" \
    -c "$dir/server.properties" >"$dir/format.out" 2>&1 || die "formatting Kafka storage failed: $(cat "$dir/format.out")"
  # shellcheck disable=SC2086
  "$JAVA" "-Xms$HEAP" "-Xmx$HEAP" ${BENCH_KAFKA_JAVA_OPTS:-} -cp "$KAFKA_LIB/*" \
    kafka.Kafka "$dir/server.properties" >"$dir/broker.out" 2>&1 &
  BROKER_PID=$!
  local _
  for _ in $(seq 1 240); do
    kill -0 "$BROKER_PID" 2>/dev/null || die "Kafka exited during start: $(tail -20 "$dir/broker.out")"
    if ! port_free "$KAFKA_PORT"; then
      return 0
    fi
    sleep 0.5
  done
  die "Kafka did not listen on $KAFKA_PORT within 120 s"
}

start_millrace() {
  local dir="$1"
  mkdir -p "$dir"
  port_free "$MILLRACE_PORT" || die "port $MILLRACE_PORT is in use"
  MILLRACE_BUILD=never MILLRACE_HEAP="$HEAP" JAVA_OPTS="-Xms$HEAP ${BENCH_MILLRACE_JAVA_OPTS:-}" \
    "$ROOT/bin/millrace" node --data-dir "$dir/data" --kafka-port "$MILLRACE_PORT" \
    --cluster-port 0 --http-port 0 >"$dir/broker.out" 2>&1 &
  BROKER_PID=$! # the launcher execs java: this is the JVM's pid
  local _
  for _ in $(seq 1 240); do
    kill -0 "$BROKER_PID" 2>/dev/null || die "Millrace exited during start: $(tail -20 "$dir/broker.out")"
    if grep -q "serving Kafka clients on" "$dir/broker.out"; then
      return 0
    fi
    sleep 0.5
  done
  die "Millrace did not serve Kafka clients within 120 s"
}

stop_broker() {
  [ -n "$BROKER_PID" ] || return 0
  kill -TERM "$BROKER_PID" 2>/dev/null || true
  local _
  for _ in $(seq 1 120); do
    kill -0 "$BROKER_PID" 2>/dev/null || break
    sleep 0.5
  done
  kill -KILL "$BROKER_PID" 2>/dev/null || true
  wait "$BROKER_PID" 2>/dev/null || true
  BROKER_PID=""
}

# --- workloads -------------------------------------------------------------------------------

warmup() {
  echo $(($1 * WARMUP_PCT / 100))
}

# The kind and the perf arguments of a workload (without --bootstrap and --json).
workload_args() {
  local common100=(--record-size 100 --batch-size 65536 --linger-ms 5 --throughput -1)
  case "$1" in
    produce-100b-acks1-1p) echo produce produce --topic p100-acks1-1p --partitions 1 --acks 1 "${common100[@]}" --num-records "$RECORDS" --warmup-records "$(warmup "$RECORDS")" ;;
    produce-100b-acksall-1p) echo produce produce --topic p100-acksall-1p --partitions 1 --acks all "${common100[@]}" --num-records "$RECORDS" --warmup-records "$(warmup "$RECORDS")" ;;
    produce-100b-acks1-6p) echo produce produce --topic p100-acks1-6p --partitions 6 --acks 1 "${common100[@]}" --num-records "$RECORDS" --warmup-records "$(warmup "$RECORDS")" ;;
    produce-100b-acksall-6p) echo produce produce --topic p100-acksall-6p --partitions 6 --acks all "${common100[@]}" --num-records "$RECORDS" --warmup-records "$(warmup "$RECORDS")" ;;
    produce-1k-acks1-1p) echo produce produce --topic p1k-acks1-1p --partitions 1 --acks 1 --record-size 1024 --batch-size 65536 --linger-ms 5 --throughput -1 --num-records "$RECORDS_1K" --warmup-records "$(warmup "$RECORDS_1K")" ;;
    consume-100b-1p) echo consume consume --topic p100-acks1-1p --num-records "$RECORDS" --warmup-records "$(warmup "$RECORDS")" ;;
    consume-100b-6p) echo consume consume --topic p100-acks1-6p --num-records "$RECORDS" --warmup-records "$(warmup "$RECORDS")" ;;
    consume-1k-1p) echo consume consume --topic p1k-acks1-1p --num-records "$RECORDS_1K" --warmup-records "$(warmup "$RECORDS_1K")" ;;
    e2e-100b) echo e2e e2e --topic e2e-100b --partitions 1 --acks 1 --record-size 100 --linger-ms 0 --throughput "$E2E_RATE" --num-records "$E2E_RECORDS" --warmup-records "$(warmup "$E2E_RECORDS")" ;;
  esac
}

RUNS="$WORK/runs.tsv"
: >"$RUNS"

# Runs one workload against the broker on $2 and appends its line to $RUNS.
run_workload() {
  local round="$1" broker="$2" port="$3" workload="$4" dir="$5"
  local spec kind json out before after start end code=0 client_before sys_before load1
  # shellcheck disable=SC2207
  spec=($(workload_args "$workload"))
  kind="${spec[0]}"
  json="$dir/$workload.json"
  out="$dir/$workload.out"
  load1="$(cut -d' ' -f1 /proc/loadavg)"
  children_cpu_seconds
  client_before="$CHILDREN_CPU"
  sys_before="$(system_busy_seconds)"
  before="$(cpu_seconds "$BROKER_PID")"
  start="$(date +%s.%N)"
  MILLRACE_BUILD=never MILLRACE_HEAP="$CLIENT_HEAP" JAVA_OPTS="" \
    "$ROOT/bin/millrace" perf "${spec[@]:1}" --bootstrap "127.0.0.1:$port" \
    --json "$json" >"$out" 2>&1 || code=$?
  end="$(date +%s.%N)"
  after="$(cpu_seconds "$BROKER_PID")"
  local cpu wall client busy
  cpu="$(awk -v a="$after" -v b="$before" 'BEGIN { printf "%.3f", a - b }')"
  wall="$(awk -v a="$end" -v b="$start" 'BEGIN { printf "%.3f", a - b }')"
  children_cpu_seconds
  client="$(awk -v a="$CHILDREN_CPU" -v b="$client_before" 'BEGIN { printf "%.3f", a - b }')"
  busy="$(awk -v a="$(system_busy_seconds)" -v b="$sys_before" 'BEGIN { printf "%.3f", a - b }')"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$broker" "$workload" "$kind" "$json" \
    "$cpu" "$wall" "$code" "$client" "$busy" "$load1" >>"$RUNS"
  if [ "$code" -ne 0 ]; then
    log "  $broker $workload FAILED (exit $code): $(tail -3 "$out" | tr '\n' ' ')"
  else
    log "  $broker $workload: $(grep -E '^(produce|consume|e2e): ' "$out" | sed 's/^[a-z0-9]*: //'); broker CPU ${cpu} s, client CPU ${client} s, all processes ${busy} s in ${wall} s (load $load1)"
    grep -E '^(latency|end-to-end latency): ' "$out" | sed 's/^/             /' || true
  fi
}

run_broker() {
  local round="$1" broker="$2" dir="$WORK/r$1-$2" port
  if [ "$broker" = kafka ]; then
    start_kafka "$dir"
    port="$KAFKA_PORT"
  else
    start_millrace "$dir"
    port="$MILLRACE_PORT"
  fi
  log "round $round: $broker started (pid $BROKER_PID)"
  local w
  for w in $WORKLOADS; do
    run_workload "$round" "$broker" "$port" "$w" "$dir"
  done
  stop_broker
  rm -rf "$dir/data"
}

# --- the run ---------------------------------------------------------------------------------

log "Millrace vs Apache Kafka $KAFKA_VERSION: $ROUNDS rounds; records 100 B: $RECORDS, 1 KiB: $RECORDS_1K, e2e: $E2E_RECORDS at $E2E_RATE/s; heap $HEAP; warm-up $WARMUP_PCT%"
log "workloads: $WORKLOADS"
for round in $(seq 1 "$ROUNDS"); do
  run_broker "$round" kafka
  run_broker "$round" millrace
done

MACHINE="$WORK/machine.json"
"$PYTHON" - "$MACHINE" <<EOF
import json, os, platform, subprocess, sys, datetime
def sh(*cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, cwd="$ROOT").stdout.strip()
    except OSError:
        return ""
model = ""
try:
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
except OSError:
    pass
java = subprocess.run(["$JAVA", "-version"], capture_output=True, text=True).stderr.splitlines()
json.dump({
    "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    "commit": sh("git", "rev-parse", "--short", "HEAD"),
    "kafkaVersion": "$KAFKA_VERSION",
    "cpus": os.cpu_count(),
    "cpuModel": model,
    "kernel": platform.release(),
    "memoryGiB": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
    "java": java[1] if len(java) > 1 else (java[0] if java else ""),
    "heap": "$HEAP",
    "clientHeap": "$CLIENT_HEAP",
    "rounds": $ROUNDS,
    "records100B": $RECORDS,
    "records1KiB": $RECORDS_1K,
    "e2eRecords": $E2E_RECORDS,
    "e2eRate": $E2E_RATE,
    "warmupPercent": $WARMUP_PCT,
    "workloads": "$WORKLOADS".split(),
}, open(sys.argv[1], "w"), indent=2)
EOF
mkdir -p "$(dirname "$OUT_JSON")" "$(dirname "$OUT_SVG")"
"$PYTHON" "$ROOT/bench/report.py" "$RUNS" "$MACHINE" "$OUT_JSON" "$OUT_SVG"
