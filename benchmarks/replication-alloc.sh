#!/usr/bin/env bash
# Heap the nodes allocate per client write, with and without replication (issue 6), for docs/benchmarks.md.
#
# Starts a local cluster of 2 nodes (`ringcache local`, whose nodes run with a 256 MiB heap) at RF 1 and then at
# RF 2, and drives it with writes only (`ringcache bench --read-ratio 0`, 100 B keys, 1 KiB values, uniform over
# 100,000 keys, 32 requests in flight). At RF 2 every write is forwarded to the other node, once with writes at ONE
# (the coordinator answers at once) and once at QUORUM (it answers when the replica has acknowledged). After WARMUP
# seconds of the same load, a flight recording on each node spans one measured load of DURATION seconds: the
# jdk.ThreadAllocationStatistics events that JFR writes when a recording starts and when it stops give what every
# thread allocated in between. A recording over an idle stretch of the same length, after the first warm-up, gives
# the background (heartbeats, topology polls), which is subtracted. Ends with a Markdown table: the background, and
# heap allocated per write on both nodes together and on their I/O threads (ringcache-io-*) alone.
# Needs the build (mvn -B -q package -DskipTests), python3, and the JDK's jcmd and jfr. About 3 minutes.
# Settings: DURATION=20 WARMUP=20 PORT_BASE=27300 RESULTS=benchmarks/target/replication-alloc
set -euo pipefail
cd "$(dirname "$0")/.."
source benchmarks/lib.sh

DURATION=${DURATION:-20}
WARMUP=${WARMUP:-20}
PORT_BASE=${PORT_BASE:-27300}
RESULTS=${RESULTS:-benchmarks/target/replication-alloc}
RC=deploy/bin/ringcache
MANAGER_PORT=$PORT_BASE
NODE_PORT=$((PORT_BASE + 1))
SEED=127.0.0.1:$NODE_PORT,127.0.0.1:$((NODE_PORT + 1))

if ! ls deploy/target/lib/deploy-*.jar >/dev/null 2>&1; then
  echo "replication-alloc.sh: not built yet: mvn -B -q package -DskipTests" >&2
  exit 2
fi
for tool in python3 jcmd jfr; do
  command -v $tool >/dev/null || { echo "replication-alloc.sh: needs $tool" >&2; exit 2; }
done
rm -rf "$RESULTS"
mkdir -p "$RESULTS"
RESULTS=$(cd "$RESULTS" && pwd)  # jcmd writes the recordings from the node's working directory
RUN_DIR=$RESULTS/run
trap '$RC local --run-dir "$RUN_DIR" stop >/dev/null 2>&1 || true' EXIT

bench() {  # bench <seconds> <write consistency>: prints bench's JSON line
  $RC bench --seed "$SEED" --duration "$1s" --read-ratio 0 --write-consistency "$2" --connections 32 \
    --keys 100000 --value-size 1024 --distribution uniform --json | tail -1
}

record() {  # record <name> <command...>: runs the command inside one flight recording per node
  local name=$1 pid
  shift
  for pid in $NODE_PIDS; do jcmd "$pid" JFR.start name="$name" >/dev/null; done
  "$@"
  for pid in $NODE_PIDS; do
    jcmd "$pid" JFR.stop name="$name" filename="$RESULTS/$name-$pid.jfr" >/dev/null
    jfr print --json --events jdk.ThreadAllocationStatistics "$RESULTS/$name-$pid.jfr" >"$RESULTS/$name-$pid.json"
  done
}

allocated() {  # allocated <name> [thread name prefix]: bytes all nodes' threads allocated during recording <name>
  python3 - "$RESULTS" "$1" "${2:-}" $NODE_PIDS <<'EOF'
import json, sys
results, name, prefix, pids = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
total = 0
for pid in pids:
    low, high = {}, {}  # a thread's allocated bytes only grow: its first and last reading are its lowest and highest
    for event in json.load(open(f"{results}/{name}-{pid}.json"))["recording"]["events"]:
        thread = event["values"]["thread"]
        if thread is None or not (thread.get("javaName") or "").startswith(prefix):
            continue
        key, allocated = thread["javaThreadId"], event["values"]["allocated"]
        low[key] = min(low.get(key, allocated), allocated)
        high[key] = max(high.get(key, allocated), allocated)
    total += sum(high[key] - low[key] for key in high)
print(total)
EOF
}

idle() { sleep "$DURATION"; }

load() {  # load <write consistency> <file>: the measured load, its JSON line in <file>
  bench "$DURATION" "$1" >"$2"
}

measure() {  # measure <rf> <write consistency...>
  local rf=$1 consistency json all io idle_all idle_io
  shift
  $RC local --nodes 2 --rf "$rf" --base-port "$NODE_PORT" --manager-port "$MANAGER_PORT" --max-memory 512m \
    --run-dir "$RUN_DIR" --detach >/dev/null
  NODE_PIDS=$(tail -n +2 "$RUN_DIR/local.pids" | tr '\n' ' ')
  nodes_up "$MANAGER_PORT" 2
  idle_all=
  for consistency in "$@"; do
    bench "$WARMUP" "$consistency" >/dev/null
    if [ -z "$idle_all" ]; then  # the background, once the nodes have started and compiled their hot paths
      record "idle-rf$rf" idle
      idle_all=$(allocated "idle-rf$rf")
      idle_io=$(allocated "idle-rf$rf" ringcache-io)
    fi
    record "rf$rf-$consistency" load "$consistency" "$RESULTS/rf$rf-$consistency-bench.json"
    json=$(cat "$RESULTS/rf$rf-$consistency-bench.json")
    all=$(allocated "rf$rf-$consistency")
    io=$(allocated "rf$rf-$consistency" ringcache-io)
    python3 - "$rf" "$consistency" "$json" "$all" "$io" "$idle_all" "$idle_io" <<'EOF'
import json, sys
rf, consistency, bench = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
all_bytes, io_bytes, idle_all, idle_io = map(int, sys.argv[4:8])
writes = bench["operations"]
print("| RF {}, writes at {} | {:,} | {} | {:,} | {:.1f} | {:.1f} |".format(
    rf, consistency, round(bench["ops_per_sec"]), bench["errors"], idle_all,
    (all_bytes - idle_all) / writes, (io_bytes - idle_io) / writes))
EOF
  done
  $RC local --run-dir "$RUN_DIR" stop >/dev/null
}

echo "| setup | writes/s | errors | heap B idle in $DURATION s, both nodes | heap B per write, both nodes | on their I/O threads |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
measure 1 ONE
measure 2 ONE QUORUM
