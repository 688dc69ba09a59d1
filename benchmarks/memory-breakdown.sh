#!/usr/bin/env bash
# Where a Ringcache node's memory per entry goes (issue 6), for docs/benchmarks.md.
#
# Runs the memory phase of compare.sh for Ringcache alone: one fresh node (the launcher's JVM options, or
# RINGCACHE_JAVA_OPTS), its RSS empty and after MEMORY_KEYS entries of 100 B key + 1 KiB value. Then splits the RSS
# growth by the mappings of /proc/<pid>/smaps taken at the same two moments:
#   arena      the store's pages (entries: payload, headers, size-class rounding, page tails)
#   native     other anonymous memory: the malloc'd indexes (index_memory of STATS), what malloc keeps of freed
#              blocks (old index tables, the JIT compilers' scratch), Netty's direct buffers, metaspace, GC tables
#   heap       the Java heap (its range from jcmd GC.heap_info)
#   jit code   executable anonymous mappings: the code cache
#   files      mapped files (jars, libraries, CDS)
# Needs the build (mvn -B -q package -DskipTests), python3 and jcmd. About 30 s.
# Settings: MEMORY_KEYS=1000000 MEMORY_MB=2048 SETTLE_SECONDS=2 QUIET_SECONDS=10 (each RSS reading waits at least
#   SETTLE_SECONDS, then until the RSS has not fallen for QUIET_SECONDS, as in compare.sh)
#   PORT=27190 RESULTS=benchmarks/target/memory
set -euo pipefail
cd "$(dirname "$0")/.."

MEMORY_KEYS=${MEMORY_KEYS:-1000000}
MEMORY_MB=${MEMORY_MB:-2048}
SETTLE_SECONDS=${SETTLE_SECONDS:-2}
QUIET_SECONDS=${QUIET_SECONDS:-10}
PORT=${PORT:-27190}
RESULTS=${RESULTS:-benchmarks/target/memory}
JAR=benchmarks/target/benchmarks.jar
LOGGING=-Dlogback.configurationFile=benchmarks/scripts-logback.xml  # INFO on stderr, stdout stays clean

if [ ! -f "$JAR" ] || ! ls deploy/target/lib/deploy-*.jar >/dev/null 2>&1; then
  echo "memory-breakdown.sh: not built yet: mvn -B -q package -DskipTests" >&2
  exit 2
fi
if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
  echo "memory-breakdown.sh: port $PORT busy; set PORT" >&2
  exit 1
fi
SERVER_PIN=()
GENERATOR_PIN=()
if [ "$(nproc)" -ge 2 ] && command -v taskset >/dev/null; then
  SERVER_PIN=(taskset -c 1)
  GENERATOR_PIN=(taskset -c 0)
fi

rm -rf "$RESULTS"
mkdir -p "$RESULTS"
"${SERVER_PIN[@]}" deploy/bin/ringcache node --port "$PORT" --bind 127.0.0.1 --max-memory "${MEMORY_MB}m" \
  --io-threads 1 --id memory >"$RESULTS/node.log" 2>&1 &
NODE=$!
trap 'kill -TERM $NODE 2>/dev/null || true; wait $NODE 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then break; fi
  kill -0 $NODE 2>/dev/null || { echo "memory-breakdown.sh: the node exited:" >&2; tail -5 "$RESULTS/node.log" >&2; exit 1; }
  sleep 0.1
done

"${GENERATOR_PIN[@]}" timeout --signal=TERM --kill-after=10 $((MEMORY_KEYS / 25000 + 120)) \
  java -Xms1g -Xmx1g -XX:+UseG1GC "$LOGGING" -cp "$JAR" io.ringcache.benchmarks.compare.Compare fill \
  --system ringcache \
  --address "127.0.0.1:$PORT" --pid $NODE --keys "$MEMORY_KEYS" --value-size 1024 --connections 8 \
  --settle "${SETTLE_SECONDS}s" --quiet "${QUIET_SECONDS}s" --out "$RESULTS/fill.json" --smaps "$RESULTS" 2>&1
jcmd $NODE GC.heap_info >"$RESULTS/heap_info"
deploy/bin/ringcache cli --seed "127.0.0.1:$PORT" stats >"$RESULTS/stats"

python3 - "$RESULTS" <<'EOF'
import json, re, sys

results = sys.argv[1]

def mappings(name):
    out = []
    for line in open(f"{results}/{name}"):
        m = re.match(r"^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \S+\s*(.*)$", line)
        if m:
            out.append({"start": int(m[1], 16), "end": int(m[2], 16), "perm": m[3], "path": m[4], "rss": 0})
        elif line.startswith("Rss:"):
            out[-1]["rss"] = int(line.split()[1]) * 1024
    return out

empty, loaded = mappings("smaps.empty"), mappings("smaps.loaded")
heap = [int(x, 16) for x in re.search(r"\[(0x[0-9a-f]+), (0x[0-9a-f]+)\)", open(f"{results}/heap_info").read()).groups()]
in_heap = lambda m: heap[0] <= m["start"] and m["end"] <= heap[1]
arena = max((m for m in loaded if not m["path"] and "w" in m["perm"] and not in_heap(m)),
            key=lambda m: m["end"] - m["start"])

def cause(m):
    if in_heap(m):
        return "heap"
    if m["start"] == arena["start"]:
        return "arena"
    if m["path"] and not m["path"].startswith("["):
        return "files"
    return "jit code" if "x" in m["perm"] and not m["path"] else "native"

growth = {}
for sign, maps in ((-1, empty), (1, loaded)):
    for m in maps:
        growth[cause(m)] = growth.get(cause(m), 0) + sign * m["rss"]
stats = dict(line.split(": ") for line in open(f"{results}/stats").read().splitlines() if ": " in line)
fill = json.load(open(f"{results}/fill.json"))
items = int(stats["items"])
payload = fill["payload_bytes"] * items
live = int(stats["live_bytes"])
index = int(stats["index_memory"])
rows = [
    ("arena: payload (key + value)", payload),
    ("arena: entry headers", live - payload),
    ("arena: size-class rounding, page tails", growth.pop("arena") - live),
    ("native: index (STATS index_memory)", index),
    ("native: everything else", growth.pop("native") - index),
] + [(k, v) for k, v in sorted(growth.items())]
total = sum(v for _, v in rows)
print(f"\n{items:,} entries, RSS {fill['rss_empty']:,} -> {fill['rss_loaded']:,} bytes "
      f"({(fill['rss_loaded'] - fill['rss_empty']) / items:,.1f} B per entry; smaps total {total / items:,.1f})\n")
print("| cause | RSS growth | bytes per entry |")
print("| --- | ---: | ---: |")
for name, value in rows:
    print(f"| {name} | {value:,} | {value / items:,.1f} |")
print(f"| **beyond the payload** | {total - payload:,} | **{(total - payload) / items:,.1f}** |")
EOF
