#!/usr/bin/env bash
# Where a server's core goes during one open-loop latency round (issue 6), for docs/benchmarks.md.
#
# Starts one server (SYSTEM: ringcache, redis or memcached, one thread each) pinned to core 1 and runs the latency
# phase of compare.sh against it alone from core 0 (`Compare latency`: preload, peak, then an open-loop round of 30 s
# at LOAD_PERCENT of that peak). 8 s after the peak is measured, inside the round, it reads the server's threads' CPU
# time (/proc/<pid>/task/*/stat) and the cores' (/proc/stat), and again 10 s later (more with PERF, whose recording
# takes a moment to start and stop; the time between the two readings is printed). Prints the round's table row, then
# the CPU seconds of each server thread that used any, and per core the share idle, in the kernel (system) and in
# softirq. With PERF=sched it also traces the scheduler on core 1 over the same 10 s (`perf sched record -C 1`, as
# root) and prints `perf sched timehist -s`'s rows for the tasks that ran over 1 ms in all: what else took the core,
# how often and for how long at most (the trace adds its own work to the core). With PERF=syscalls it counts the
# server's system calls over those 10 s instead (`perf stat -p` on the syscall tracepoints) and prints, per request
# answered, all of them (sys_enter) and each kind a server of these uses for I/O. Needs the build (mvn -B -q package -DskipTests), 2 cores and python3 (and perf for PERF).
# About 90 s.
# Settings: SYSTEM=ringcache LOAD_PERCENT=50 PERF=none|sched|syscalls PORT=27400 MEMORY_MB=2048
#           RESULTS=benchmarks/target/server-cpu
set -euo pipefail
cd "$(dirname "$0")/.."
source benchmarks/lib.sh

SYSTEM=${SYSTEM:-ringcache}
LOAD_PERCENT=${LOAD_PERCENT:-50}
PERF=${PERF:-none}
PORT=${PORT:-27400}
MEMORY_MB=${MEMORY_MB:-2048}
RESULTS=${RESULTS:-benchmarks/target/server-cpu}
RUN=$RESULTS
JAR=benchmarks/target/benchmarks.jar

if [ "$(nproc)" -lt 2 ] || [ ! -f "$JAR" ]; then
  echo "server-cpu.sh: needs 2 cores and the build (mvn -B -q package -DskipTests)" >&2
  exit 2
fi
case $PERF in
  none) ;;
  sched|syscalls)
    if ! command -v perf >/dev/null; then
      echo "server-cpu.sh: PERF=$PERF needs perf: sudo apt-get install -y linux-perf" >&2
      exit 2
    fi ;;
  *) echo "server-cpu.sh: PERF must be none, sched or syscalls" >&2; exit 2 ;;
esac
if port_busy "$PORT"; then echo "server-cpu.sh: port $PORT busy; set PORT" >&2; exit 1; fi
rm -rf "$RESULTS"
mkdir -p "$RESULTS"
case $SYSTEM in
  ringcache)
    taskset -c 1 deploy/bin/ringcache node --port "$PORT" --bind 127.0.0.1 --max-memory "${MEMORY_MB}m" \
      --io-threads 1 --id cpu >"$RUN/ringcache.log" 2>&1 &
    ;;
  redis) start_redis "$PORT" taskset -c 1 ;;
  memcached) start_memcached "$PORT" 1 taskset -c 1 ;;
  *) echo "server-cpu.sh: SYSTEM must be ringcache, redis or memcached" >&2; exit 2 ;;
esac
SERVER=$!
trap 'kill -TERM $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true' EXIT
wait_up "$SYSTEM" "$SERVER" "$PORT"
SERVER_PID=$SERVER  # taskset, the launcher and start_* all exec the server: $! is the server process

taskset -c 0 timeout --signal=TERM --kill-after=10 240 java -Xms1g -Xmx1g -XX:+UseG1GC \
  -Dlogback.configurationFile=benchmarks/scripts-logback.xml -cp "$JAR" io.ringcache.benchmarks.compare.Compare \
  latency "--$SYSTEM" "127.0.0.1:$PORT" --keys 1000000 --workloads read90-uniform --warmup 5s --peak-duration 10s \
  --load-percent "$LOAD_PERCENT" --duration 30s --out "$RESULTS/latency.json" >"$RESULTS/latency.md" \
  2>"$RESULTS/latency.log" &
GENERATOR=$!
for _ in $(seq 1 900); do
  grep -q "peak .*measured" "$RESULTS/latency.log" 2>/dev/null && break
  kill -0 $GENERATOR 2>/dev/null || { tail -5 "$RESULTS/latency.log" >&2; exit 1; }
  sleep 0.1
done
sleep 8  # the warm-up at the round's rate, and into the round

snapshot() {  # snapshot <name>: each server thread's name, user and system ticks; then /proc/stat's cpu lines
  for task in /proc/"$SERVER_PID"/task/*; do
    echo "$(cat "$task/comm" 2>/dev/null | tr ' ' '_') $(cut -d')' -f2 "$task/stat" 2>/dev/null | cut -d' ' -f13,14)"
  done >"$RESULTS/$1.threads"
  grep '^cpu[0-9]' /proc/stat >"$RESULTS/$1.cores"
  date +%s.%N >"$RESULTS/$1.time"
}
snapshot before
case $PERF in
  sched) taskset -c 0 perf sched record -C 1 -o "$RESULTS/perf.data" -- sleep 10 >"$RESULTS/perf.log" 2>&1 ;;
  syscalls)
    EVENTS=raw_syscalls:sys_enter
    for call in read write readv writev recvfrom sendto recvmsg sendmsg epoll_wait epoll_pwait epoll_pwait2 futex; do
      EVENTS+=",syscalls:sys_enter_$call"
    done
    taskset -c 0 perf stat -x, -e "$EVENTS" -p "$SERVER_PID" -o "$RESULTS/syscalls.csv" -- sleep 10 \
      >"$RESULTS/perf.log" 2>&1 ;;
  *) sleep 10 ;;
esac
snapshot after
wait $GENERATOR
tail -1 "$RESULTS/latency.md"
if [ "$PERF" = sched ]; then  # the runtime summary: task, parent, sched-in count, run time, min, avg, max run (ms), ...
  perf sched timehist -i "$RESULTS/perf.data" -s 2>/dev/null | sed -n '/Runtime summary/,/^$/p' \
    | awk 'NR <= 3 || (NF >= 8 && $(NF - 5) + 0 > 1)'
fi
python3 - "$RESULTS" "$(getconf CLK_TCK)" "$SYSTEM" <<'EOF'
import collections, json, os, re, sys
results, hz, system = sys.argv[1], int(sys.argv[2]), sys.argv[3]

def threads(name):
    ticks = collections.Counter()
    for line in open(f"{results}/{name}.threads"):
        parts = line.split()
        if len(parts) == 3:
            ticks[parts[0] + " user"] += int(parts[1])
            ticks[parts[0] + " system"] += int(parts[2])
    return ticks

before, after = threads("before"), threads("after")
seconds = float(open(f"{results}/after.time").read()) - float(open(f"{results}/before.time").read())
for key in sorted(after):
    if after[key] - before[key] > 0:
        print(f"{key}: {(after[key] - before[key]) / hz:.2f} s of {seconds:.1f} s")
for b, a in zip(open(f"{results}/before.cores"), open(f"{results}/after.cores")):
    b, a = b.split(), a.split()
    delta = [int(y) - int(x) for x, y in zip(b[1:], a[1:])]
    total = sum(delta)
    print(f"{b[0]}: idle {100 * delta[3] / total:.1f}%, system {100 * delta[2] / total:.1f}%, "
          f"softirq {100 * delta[6] / total:.1f}%, user {100 * delta[0] / total:.1f}%")
if os.path.exists(f"{results}/syscalls.csv"):  # perf stat -x, rows: count, unit, event, ...
    latency = json.load(open(f"{results}/latency.json"))
    rate = latency["workloads"][0]["runs"][0]["systems"][system]["achieved_per_sec"]
    requests = rate * 10  # perf starts `sleep 10` once it counts the server's calls
    print(f"system calls per request ({rate:,}/s over 10 s):")
    for row in open(f"{results}/syscalls.csv"):
        fields = row.strip().split(",")
        if len(fields) > 2 and fields[0].isdigit() and int(fields[0]) / requests >= 0.005:
            print(f"  {fields[2].split(':')[1].removeprefix('sys_enter_')}: {int(fields[0]) / requests:.3f}")
EOF
