#!/usr/bin/env bash
# YCSB workloads A, B and C against Ringcache, Redis and Memcached (issue 6), on loopback, for docs/benchmarks.md.
#
# Starts a local Ringcache cluster (`ringcache local`: a manager and NODES nodes, RF copies of each key), one Redis
# server (no persistence) and one Memcached server, all on 127.0.0.1, each server process with the same memory
# limit. Loads RECORDS records into each with YCSB's Client (site.ycsb.Client from benchmarks.jar, through the
# bindings of io.ringcache.benchmarks.ycsb), then runs workloads A (50% read, 50% update), B (95/5) and C (read only)
# against each system in turn, in alternating rounds (round 1: A on ringcache, redis, memcached, then B, then C;
# round 2 ...). Every run uses the same THREADS YCSB threads, Zipfian requests (YCSB's zipfian: constant 0.99,
# scrambled over the records) and 1 KiB records (one field of 1,024 bytes, so an update is one write). A, B and C do
# not scan, which the caches do not implement. Ends with a Markdown table (throughput, read and update p50 and p99 per
# system and workload, Ringcache's throughput divided by each other system's) and, last, one JSON line.
# Needs the build (mvn -B -q package -DskipTests), redis-server and memcached.
#
# Settings (environment), defaults for a full measurement:
#   RECORDS=1000000 ROUNDS=3 ROUND_SECONDS=60 WARMUP_SECONDS=30 THREADS=32 CONNECTIONS=8 MEMORY_MB=2048 NODES=3 RF=1
#   WORKLOADS="a b c" SYSTEMS="ringcache redis memcached" PORT_BASE=27200 RESULTS=benchmarks/target/ycsb
#   YCSB_JAVA_OPTS= (more options for every YCSB JVM, e.g. a flight recording:
#   "-XX:StartFlightRecording=filename=/tmp/ycsb-jfr/,settings=profile", a directory: one file per JVM)
# CONNECTIONS is per system: Redis and Memcached get that many, each Ringcache node CONNECTIONS / NODES (rounded
# up). After the load, each system gets WARMUP_SECONDS of workload A, not measured (Ringcache's nodes are JVMs that
# compile their hot paths first).
# A smoke run: RECORDS=100000 ROUNDS=2 ROUND_SECONDS=10 WARMUP_SECONDS=10 benchmarks/ycsb.sh
# Bounded: the time is estimated and printed first; every YCSB run is stopped by YCSB at ROUND_SECONDS and by
# `timeout` at twice that plus a minute, every load by `timeout` too.
set -euo pipefail
cd "$(dirname "$0")/.."
source benchmarks/lib.sh

RECORDS=${RECORDS:-1000000}
ROUNDS=${ROUNDS:-3}
ROUND_SECONDS=${ROUND_SECONDS:-60}
WARMUP_SECONDS=${WARMUP_SECONDS:-30}
THREADS=${THREADS:-32}
CONNECTIONS=${CONNECTIONS:-8}
MEMORY_MB=${MEMORY_MB:-2048}
NODES=${NODES:-3}
RF=${RF:-1}
WORKLOADS=${WORKLOADS:-a b c}
SYSTEMS=${SYSTEMS:-ringcache redis memcached}
PORT_BASE=${PORT_BASE:-27200}
RESULTS=${RESULTS:-benchmarks/target/ycsb}
read -r -a YCSB_JAVA_OPTS <<<"${YCSB_JAVA_OPTS:-}"

MANAGER_PORT=$PORT_BASE
NODE_PORT=$((PORT_BASE + 1))  # the nodes take NODE_PORT .. NODE_PORT + NODES - 1
REDIS_PORT=$((PORT_BASE + 80))
MC_PORT=$((PORT_BASE + 81))
RC_CONNECTIONS=$(((CONNECTIONS + NODES - 1) / NODES))
JAR=benchmarks/target/benchmarks.jar
LOGGING=-Dlogback.configurationFile=benchmarks/scripts-logback.xml  # INFO on stderr, stdout stays clean
RC=deploy/bin/ringcache

if ! command -v redis-server >/dev/null || ! command -v memcached >/dev/null; then
  echo "ycsb.sh: needs redis-server and memcached: sudo apt-get install -y redis-server memcached" >&2
  exit 2
fi
if [ ! -f "$JAR" ] || ! ls deploy/target/lib/deploy-*.jar >/dev/null 2>&1; then
  echo "ycsb.sh: not built yet: mvn -B -q package -DskipTests" >&2
  exit 2
fi
for w in $WORKLOADS; do
  case $w in
    a|b|c) ;;
    *) echo "ycsb.sh: WORKLOADS may hold a, b and c, not '$w'" >&2; exit 2 ;;
  esac
done
for s in $SYSTEMS; do
  case $s in
    ringcache|redis|memcached) ;;
    *) echo "ycsb.sh: SYSTEMS may hold ringcache, redis and memcached, not '$s'" >&2; exit 2 ;;
  esac
done
read -r -a WORKLOAD_LIST <<<"$WORKLOADS"
read -r -a SYSTEM_LIST <<<"$SYSTEMS"

# Loads at a pessimistic 5,000 records/s, runs at their length plus 5 s of JVM start and YCSB's set-up each.
LOAD_LIMIT=$((RECORDS / 5000 + 60))
RUN_LIMIT=$((ROUND_SECONDS * 2 + 60))
WARMUP_LIMIT=$((WARMUP_SECONDS * 2 + 60))
RUNS=$((ROUNDS * ${#WORKLOAD_LIST[@]} * ${#SYSTEM_LIST[@]}))
ESTIMATE=$((${#SYSTEM_LIST[@]} * (RECORDS / 5000 + WARMUP_SECONDS + 15) + RUNS * (ROUND_SECONDS + 5) + 30))

rm -rf "$RESULTS"
mkdir -p "$RESULTS"
RUN=$(mktemp -d)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  rm -rf "$RUN"
}
trap cleanup EXIT

echo "ycsb.sh: about $((ESTIMATE / 60 + 1)) min; $RECORDS records of 1 KiB, ${WARMUP_SECONDS} s warm-up, $ROUNDS ×" \
  "${ROUND_SECONDS} s rounds of workloads $WORKLOADS on $SYSTEMS, $THREADS YCSB threads, ${MEMORY_MB} MiB per" \
  "server process, $(nproc) cores"
echo "ycsb.sh: ringcache $NODES nodes RF $RF ($RC_CONNECTIONS connections per node), redis and memcached" \
  "$CONNECTIONS connections each; $(redis-server --version | cut -d' ' -f1-3), $(memcached -V)," \
  "$(java -version 2>&1 | head -1)"
echo

for port in "$MANAGER_PORT" $(seq "$NODE_PORT" $((NODE_PORT + NODES - 1))) "$REDIS_PORT" "$MC_PORT"; do
  if port_busy "$port"; then echo "ycsb.sh: port $port busy; set PORT_BASE" >&2; exit 1; fi
done

# Every server runs for the whole script, idle while the others are measured.
SEEDS=""
for system in "${SYSTEM_LIST[@]}"; do
  case $system in
    ringcache)
      timeout 60 "$RC" local --nodes "$NODES" --rf "$RF" --base-port "$NODE_PORT" --manager-port "$MANAGER_PORT" \
        --max-memory "${MEMORY_MB}m" --run-dir "$RUN/ringcache" --detach >"$RUN/ringcache.log"
      while read -r pid; do PIDS+=("$pid"); done <"$RUN/ringcache/local.pids"
      # Ready once the manager shows every node UP and synced at its epoch.
      ready=no
      for _ in $(seq 1 60); do
        if "$RC" admin --manager "127.0.0.1:$MANAGER_PORT" status 2>/dev/null | awk -v n="$NODES" '
            NR == 1 { sub(",", "", $2); epoch = $2 }
            $3 == "UP" && $NF == epoch { up++ }
            END { exit !(up == n) }'; then
          ready=yes
          break
        fi
        sleep 0.5
      done
      if [ "$ready" = no ]; then
        echo "ycsb.sh: the Ringcache nodes are not all UP after 30 s:" >&2
        "$RC" admin --manager "127.0.0.1:$MANAGER_PORT" status >&2 || true
        exit 1
      fi
      SEEDS=$(seq -s, -f "127.0.0.1:%g" "$NODE_PORT" $((NODE_PORT + NODES - 1)))
      ;;
    redis)
      start_redis "$REDIS_PORT"
      PIDS+=("$!")
      wait_up redis "$!" "$REDIS_PORT"
      ;;
    memcached)
      start_memcached "$MC_PORT" "$(nproc)"
      PIDS+=("$!")
      wait_up memcached "$!" "$MC_PORT"
      ;;
  esac
done

binding() {  # binding <system>: the -db class and its properties
  case $1 in
    ringcache) echo "-db io.ringcache.benchmarks.ycsb.RingcacheBinding -p ringcache.seeds=$SEEDS" \
      "-p ringcache.connections=$RC_CONNECTIONS" ;;
    redis) echo "-db io.ringcache.benchmarks.ycsb.RedisBinding -p redis.address=127.0.0.1:$REDIS_PORT" \
      "-p redis.connections=$CONNECTIONS" ;;
    memcached) echo "-db io.ringcache.benchmarks.ycsb.MemcachedBinding" \
      "-p memcached.address=127.0.0.1:$MC_PORT -p memcached.connections=$CONNECTIONS" ;;
  esac
}

mix() {  # mix <workload>: YCSB's core workloads A, B and C
  case $1 in
    a) echo "-p readproportion=0.5 -p updateproportion=0.5" ;;
    b) echo "-p readproportion=0.95 -p updateproportion=0.05" ;;
    c) echo "-p readproportion=1 -p updateproportion=0" ;;
  esac
}

ycsb() {  # ycsb <limit s> <output> <phase: -load|-t> <options...>: one YCSB Client JVM, stopped at <limit>
  local limit=$1 output=$2
  shift 2
  # operationcount is a bound YCSB never reaches: a run ends at maxexecutiontime. CoreWorkload wants it for loads too.
  if ! timeout --signal=TERM --kill-after=10 "$limit" java -Xms1g -Xmx1g -XX:+UseG1GC "$LOGGING" \
      "${YCSB_JAVA_OPTS[@]}" -cp "$JAR" site.ycsb.Client \
      "$@" -p workload=site.ycsb.workloads.CoreWorkload -p recordcount="$RECORDS" -p operationcount=2000000000 \
      -p fieldcount=1 -p fieldlength=1024 -p requestdistribution=zipfian -p insertproportion=0 -p scanproportion=0 \
      -p readmodifywriteproportion=0 -p hdrhistogram.percentiles=50,99 -threads "$THREADS" \
      >"$output" 2>"${output%.txt}.log"; then
    echo "ycsb.sh: YCSB failed or overran ${limit} s; the end of ${output%.txt}.log:" >&2
    tail -5 "${output%.txt}.log" >&2
    exit 1
  fi
}

throughput() {  # throughput <output>
  awk -F', ' '$1 == "[OVERALL]" && $2 == "Throughput(ops/sec)" { printf "%d ops/s", $3 }' "$1"
}

for system in "${SYSTEM_LIST[@]}"; do
  # shellcheck disable=SC2046 # the binding's options are meant to split
  ycsb "$LOAD_LIMIT" "$RESULTS/load-$system.txt" -load $(binding "$system")
  echo "load $system: $(throughput "$RESULTS/load-$system.txt"), $(awk -F', ' '$1 == "[INSERT]" && $2 ~ /^Return=/' \
    "$RESULTS/load-$system.txt" | tr '\n' ' ')"
  if [ "$WARMUP_SECONDS" -gt 0 ]; then
    # shellcheck disable=SC2046 # the binding's and the mix's options are meant to split
    ycsb "$WARMUP_LIMIT" "$RESULTS/warmup-$system.txt" -t $(binding "$system") $(mix a) \
      -p maxexecutiontime="$WARMUP_SECONDS"
    echo "warm-up $system (workload A, not measured): $(throughput "$RESULTS/warmup-$system.txt")"
  fi
done

for round in $(seq 1 "$ROUNDS"); do
  for workload in "${WORKLOAD_LIST[@]}"; do
    for system in "${SYSTEM_LIST[@]}"; do
      out="$RESULTS/$workload-$system-$round.txt"
      # shellcheck disable=SC2046 # the binding's and the mix's options are meant to split
      ycsb "$RUN_LIMIT" "$out" -t $(binding "$system") $(mix "$workload") \
        -p maxexecutiontime="$ROUND_SECONDS"
      echo "round $round, workload ${workload^^}, $system: $(throughput "$out")"
    done
  done
done
echo

cat >"$RESULTS/settings.properties" <<EOF
records=$RECORDS
rounds=$ROUNDS
round_seconds=$ROUND_SECONDS
warmup_seconds=$WARMUP_SECONDS
threads=$THREADS
connections=$CONNECTIONS
memory_mb=$MEMORY_MB
nodes=$NODES
rf=$RF
cores=$(nproc)
EOF
timeout 60 java "$LOGGING" -cp "$JAR" io.ringcache.benchmarks.ycsb.YcsbReport "$RESULTS" | tee "$RESULTS/report.md"
