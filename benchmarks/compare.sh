#!/usr/bin/env bash
# Ringcache side by side with Redis and Memcached (issue 6), on loopback, for docs/benchmarks.md.
#
# Starts one Ringcache node, one Redis 7 server (no persistence) and one Memcached server, all on 127.0.0.1 with the
# same memory limit, and drives each with the same load generator (io.ringcache.benchmarks.compare: closed loops,
# and fixed-rate open loops in the latency phase), workload and number of connections, in alternating rounds
# (A B C A B C). Four phases:
#   per-core   one server thread each (ringcache --io-threads 1, memcached -t 1, redis is single-threaded); with
#              2 or more cores the servers are pinned to core 1 and the generator to core 0 (taskset)
#   latency    pinned and threaded as per-core: each server's peak on LATENCY_WORKLOADS (a closed-loop round of
#              PEAK_SECONDS), then fixed-rate open-loop rounds of LATENCY_SECONDS at LOAD_PERCENT of each server's
#              own peak, and of the lowest peak, each after WARMUP_SECONDS at its rate (wire generator); latency
#              from each request's intended send time. Writes .hgrm percentile distributions and SVG percentile
#              charts. LATENCY_ROUNDS rounds per server at each of those two loads, the servers in turn (A B C A B
#              C), their latencies merged and each round's p99 listed. With LATENCY_SWEEP (percents, e.g.
#              10,20,30,40,50,60,70,80,90,100) each server then also runs one round at each of those shares of the
#              highest peak that is within its own peak: its p99 against the rate, charted, and the highest rate at
#              which it stayed within 1 ms (rate_within_1ms_p99 in the JSON line). LATENCY_GENERATOR=wire (default)
#              drives every server from one thread that speaks the three protocols itself; LATENCY_GENERATOR=clients
#              drives them through their clients, as the other phases do, and takes per-core's throughputs as the
#              peaks when that phase ran before it
#   all-cores  the same with every core (ringcache --io-threads N, memcached -t N, redis as it is), nothing pinned
#   memory     each server alone and fresh: its RSS (/proc/<pid>/status VmRSS) empty, then with MEMORY_KEYS
#              entries of 100 B key + 1 KiB value; RSS growth per entry and the overhead beyond the 1,124 B payload.
#              Each reading waits at least SETTLE_SECONDS, and then until the RSS has not fallen for QUIET_SECONDS
#              (at most 30 s): a JVM gives back its compilers' scratch memory seconds after a burst of work
# Ends with the Markdown tables and, last, one JSON line (min_ratio_vs_redis, min_ratio_vs_memcached,
# bytes_per_entry, p99_us_at_70pct, ...). Needs the build (mvn -B -q package -DskipTests), redis-server and memcached.
#
# Settings (environment), defaults for the full measurement:
#   KEYS=1000000 ROUNDS=3 ROUND_SECONDS=20 WARMUP_SECONDS=5 SESSIONS=32 CONNECTIONS=8 CLIENT_THREADS=1
#   MEMORY_MB=2048 MEMORY_KEYS=1000000 SETTLE_SECONDS=2 QUIET_SECONDS=10
#   PHASES="per-core latency all-cores memory" WORKLOADS=all
#   LATENCY_WORKLOADS=read90-uniform,read90-zipf LOAD_PERCENT=70 LATENCY_SECONDS=30 PEAK_SECONDS=10
#   LATENCY_GENERATOR=wire LATENCY_ROUNDS=1 LATENCY_SWEEP= (none)
#   MAX_IN_FLIGHT=1024
#   PORT_BASE=27100
#   RESULTS=benchmarks/target/compare
# A smoke run: KEYS=100000 ROUNDS=1 ROUND_SECONDS=5 WARMUP_SECONDS=1 PEAK_SECONDS=5 LATENCY_SECONDS=10 \
#   benchmarks/compare.sh
# Bounded: the total time is estimated and printed first; every phase runs under `timeout` at twice its estimate
# plus two minutes, and every round stops by itself.
set -euo pipefail
cd "$(dirname "$0")/.."
source benchmarks/lib.sh

KEYS=${KEYS:-1000000}
ROUNDS=${ROUNDS:-3}
ROUND_SECONDS=${ROUND_SECONDS:-20}
WARMUP_SECONDS=${WARMUP_SECONDS:-5}
SESSIONS=${SESSIONS:-32}
CONNECTIONS=${CONNECTIONS:-8}
CLIENT_THREADS=${CLIENT_THREADS:-1}
MEMORY_MB=${MEMORY_MB:-2048}
MEMORY_KEYS=${MEMORY_KEYS:-1000000}
SETTLE_SECONDS=${SETTLE_SECONDS:-2}
QUIET_SECONDS=${QUIET_SECONDS:-10}
PHASES=${PHASES:-per-core latency all-cores memory}
WORKLOADS=${WORKLOADS:-all}
LATENCY_WORKLOADS=${LATENCY_WORKLOADS:-read90-uniform,read90-zipf}
LOAD_PERCENT=${LOAD_PERCENT:-70}
LATENCY_SECONDS=${LATENCY_SECONDS:-30}
PEAK_SECONDS=${PEAK_SECONDS:-10}
LATENCY_GENERATOR=${LATENCY_GENERATOR:-wire}
LATENCY_ROUNDS=${LATENCY_ROUNDS:-1}
LATENCY_SWEEP=${LATENCY_SWEEP:-}
MAX_IN_FLIGHT=${MAX_IN_FLIGHT:-1024}
PORT_BASE=${PORT_BASE:-27100}
RESULTS=${RESULTS:-benchmarks/target/compare}

RC_PORT=$((PORT_BASE + 1))
REDIS_PORT=$((PORT_BASE + 2))
MC_PORT=$((PORT_BASE + 3))
JAR=benchmarks/target/benchmarks.jar
LOGGING=-Dlogback.configurationFile=benchmarks/scripts-logback.xml  # INFO on stderr, stdout stays clean

if ! command -v redis-server >/dev/null || ! command -v memcached >/dev/null; then
  echo "compare.sh: needs redis-server and memcached: sudo apt-get install redis-server memcached" >&2
  exit 2
fi
if [ ! -f "$JAR" ] || ! ls deploy/target/lib/deploy-*.jar >/dev/null 2>&1; then
  echo "compare.sh: not built yet: mvn -B -q package -DskipTests" >&2
  exit 2
fi

CORES=$(nproc)
if [ "$CORES" -ge 2 ] && command -v taskset >/dev/null; then
  SERVER_PIN=(taskset -c 1)
  GENERATOR_PIN=(taskset -c 0)
  PINNING="servers on core 1, generator on core 0"
else
  SERVER_PIN=()
  GENERATOR_PIN=()
  PINNING="not pinned (fewer than 2 cores, or no taskset)"
fi

# The time each phase may take: the rounds, and preloads and fills at a pessimistic 25,000 entries/s.
if [ "$WORKLOADS" = all ]; then WORKLOAD_COUNT=6; else WORKLOAD_COUNT=$(($(tr -cd , <<<"$WORKLOADS" | wc -c) + 1)); fi
TABLE_S=$((WORKLOAD_COUNT * 3 * (WARMUP_SECONDS + ROUNDS * ROUND_SECONDS) + 2 * 3 * (KEYS / 25000 + 1) + 30))
MEMORY_S=$((3 * (MEMORY_KEYS / 25000 + 1 + 2 * (SETTLE_SECONDS + QUIET_SECONDS) + 10)))
LATENCY_COUNT=$(($(tr -cd , <<<"$LATENCY_WORKLOADS" | wc -c) + 1))
SWEEP_COUNT=0
if [ -n "$LATENCY_SWEEP" ]; then SWEEP_COUNT=$(($(tr -cd , <<<"$LATENCY_SWEEP" | wc -c) + 1)); fi
LATENCY_S=$((LATENCY_COUNT * 3 * (WARMUP_SECONDS + PEAK_SECONDS + (2 * LATENCY_ROUNDS + SWEEP_COUNT)
  * (WARMUP_SECONDS + LATENCY_SECONDS)) + 3 * (KEYS / 25000 + 1) + 30))
TOTAL_S=0
for phase in $PHASES; do
  case $phase in
    per-core|all-cores) TOTAL_S=$((TOTAL_S + TABLE_S)) ;;
    latency) TOTAL_S=$((TOTAL_S + LATENCY_S)) ;;
    memory) TOTAL_S=$((TOTAL_S + MEMORY_S)) ;;
    *) echo "compare.sh: PHASES may hold per-core, latency, all-cores and memory, not '$phase'" >&2; exit 2 ;;
  esac
done

mkdir -p "$RESULTS"
RUN=$(mktemp -d)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$RUN"
}
trap cleanup EXIT

echo "compare.sh: about $((TOTAL_S / 60 + 1)) min (phases: $PHASES; each phase stops by itself at twice its" \
  "estimate plus 2 min)"
echo "compare.sh: $KEYS keys, $ROUNDS × ${ROUND_SECONDS} s rounds after ${WARMUP_SECONDS} s warm-up, $SESSIONS" \
  "requests in flight over $CONNECTIONS connections, ${MEMORY_MB} MiB each, $CORES cores, $PINNING"
echo "compare.sh: $(redis-server --version | cut -d' ' -f1-3), $(memcached -V), $(java -version 2>&1 | head -1)"
echo

start() {  # start <name> <threads> <pin: yes|no>; sets STARTED_PID and STARTED_PORT
  local name=$1 threads=$2 pin=()
  if [ "$3" = yes ]; then pin=("${SERVER_PIN[@]}"); fi
  case $name in
    ringcache)
      port=$RC_PORT
      if port_busy "$port"; then echo "compare.sh: port $port busy; set PORT_BASE" >&2; exit 1; fi
      "${pin[@]}" deploy/bin/ringcache node --port "$port" --bind 127.0.0.1 --max-memory "${MEMORY_MB}m" \
        --io-threads "$threads" --id compare >"$RUN/$name.log" 2>&1 &
      ;;
    redis)
      port=$REDIS_PORT
      if port_busy "$port"; then echo "compare.sh: port $port busy; set PORT_BASE" >&2; exit 1; fi
      start_redis "$port" "${pin[@]}"
      ;;
    memcached)
      port=$MC_PORT
      if port_busy "$port"; then echo "compare.sh: port $port busy; set PORT_BASE" >&2; exit 1; fi
      start_memcached "$port" "$threads" "${pin[@]}"
      ;;
  esac
  STARTED_PID=$!
  STARTED_PORT=$port
  PIDS+=("$STARTED_PID")
  wait_up "$name" "$STARTED_PID" "$port"
}

stop_all() {
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  PIDS=()
}

# The generator's JVM; progress lines per second go to the phase's log, round summaries to the terminal.
compare() {  # compare <phase> <pin: yes|no> <limit s> <subcommand> <options...>
  local phase=$1 pin=() limit=$3
  if [ "$2" = yes ]; then pin=("${GENERATOR_PIN[@]}"); fi
  shift 3
  "${pin[@]}" timeout --signal=TERM --kill-after=10 "$limit" \
    java -Xms1g -Xmx1g -XX:+UseG1GC "$LOGGING" -cp "$JAR" io.ringcache.benchmarks.compare.Compare "$@" \
    2> >(tee "$RESULTS/$phase.log" | grep -v ' ops/s  p50 ' >&2)
}

table() {  # table <phase> <label> <threads> <pin: yes|no>
  local phase=$1 label=$2 threads=$3 pin=$4
  echo "== $phase: $label"
  start ringcache "$threads" "$pin"
  start redis "$threads" "$pin"
  start memcached "$threads" "$pin"
  compare "$phase" "$pin" $((TABLE_S * 2 + 120)) run --label "$label" --ringcache "127.0.0.1:$RC_PORT" \
    --redis "127.0.0.1:$REDIS_PORT" --memcached "127.0.0.1:$MC_PORT" --keys "$KEYS" --sessions "$SESSIONS" \
    --connections "$CONNECTIONS" --client-threads "$CLIENT_THREADS" --duration "${ROUND_SECONDS}s" \
    --warmup "${WARMUP_SECONDS}s" --rounds "$ROUNDS" --workloads "$WORKLOADS" --out "$RESULTS/$phase.json" \
    >"$RESULTS/$phase.md"
  stop_all
  echo
}

REPORT=()
MEMORY_FILES=()
for phase in $PHASES; do
  case $phase in
    per-core)
      table per-core "one core each" 1 yes
      REPORT+=(--per-core "$RESULTS/per-core.json")
      ;;
    latency)
      echo "== latency: open loop at $LOAD_PERCENT% of peak, $LATENCY_WORKLOADS, one core each," \
        "$LATENCY_GENERATOR generator"
      PEAKS=()
      if [ "$LATENCY_GENERATOR" = clients ] && [ -f "$RESULTS/per-core.json" ] \
          && [[ " ${REPORT[*]} " == *" --per-core "* ]]; then
        PEAKS=(--peaks "$RESULTS/per-core.json")  # this run's per-core throughputs, where they cover the workload
      fi
      start ringcache 1 yes
      start redis 1 yes
      start memcached 1 yes
      compare latency yes $((LATENCY_S * 2 + 120)) latency --ringcache "127.0.0.1:$RC_PORT" \
        --redis "127.0.0.1:$REDIS_PORT" --memcached "127.0.0.1:$MC_PORT" --keys "$KEYS" --sessions "$SESSIONS" \
        --connections "$CONNECTIONS" --client-threads "$CLIENT_THREADS" --workloads "$LATENCY_WORKLOADS" \
        --warmup "${WARMUP_SECONDS}s" --peak-duration "${PEAK_SECONDS}s" --load-percent "$LOAD_PERCENT" \
        --duration "${LATENCY_SECONDS}s" --max-in-flight "$MAX_IN_FLIGHT" --generator "$LATENCY_GENERATOR" \
        --rounds "$LATENCY_ROUNDS" --sweep "$LATENCY_SWEEP" "${PEAKS[@]}" \
        --out "$RESULTS/latency.json" >"$RESULTS/latency.md"
      stop_all
      REPORT+=(--latency "$RESULTS/latency.json")
      echo "compare.sh: percentile distributions (.hgrm, ms) and charts (.svg) in $RESULTS"
      echo
      ;;
    all-cores)
      table all-cores "all $CORES cores, nothing pinned" "$CORES" no
      REPORT+=(--all-cores "$RESULTS/all-cores.json")
      ;;
    memory)
      echo "== memory: $MEMORY_KEYS entries of 100 B key + 1 KiB value, each server alone"
      for system in ringcache redis memcached; do
        start "$system" 1 yes
        compare "memory-$system" yes $((MEMORY_S * 2 / 3 + 120)) fill --system "$system" \
          --address "127.0.0.1:$STARTED_PORT" --pid "$STARTED_PID" --keys "$MEMORY_KEYS" --value-size 1024 \
          --settle "${SETTLE_SECONDS}s" --quiet "${QUIET_SECONDS}s" --connections "$CONNECTIONS" \
          --out "$RESULTS/memory-$system.json"
        stop_all
        MEMORY_FILES+=("$RESULTS/memory-$system.json")
      done
      REPORT+=(--memory "$(IFS=,; echo "${MEMORY_FILES[*]}")")
      echo
      ;;
  esac
done

compare report no 60 report "${REPORT[@]}" | tee "$RESULTS/report.md"
