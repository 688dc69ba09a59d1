#!/usr/bin/env bash
# Replication figures for docs/benchmarks.md, on loopback:
#   1. throughput of 3 local nodes at RF 1 and RF 3 (writes at ONE and at QUORUM), 50/50 and write-only loads;
#   2. the time from kill -9 of one of 4 nodes (RF 3, --keys entries of 1 KiB) to a cluster where every key again
#      has 3 copies: the node DOWN, the survivors' transfers done and every live node synced at the newest epoch.
# Needs the build (mvn -B -q package -DskipTests) and python3 (to read admin status JSON). Bounded: every load runs
# for --duration; the whole script takes about 4 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
source benchmarks/lib.sh
RC=deploy/bin/ringcache
DURATION=${DURATION:-15s}
KEYS=${KEYS:-200000}
RUN=$(mktemp -d)
trap '$RC local --run-dir "$RUN" stop >/dev/null 2>&1 || true; rm -rf "$RUN"' EXIT

load() {  # load <label> <bench options...>
  local label=$1; shift
  local json
  json=$($RC bench --seed 127.0.0.1:7301 --duration "$DURATION" --connections 32 --keys 100000 --value-size 1024 \
      --distribution uniform --json "$@" | tail -1)
  echo "| $label | $(python3 -c '
import json, sys
r = json.loads(sys.argv[1])
print("{:,} | {} | {} | {}".format(r["ops_per_sec"], r["p50_us"], r["p99_us"], r["errors"]))' "$json") |"
}

echo "## Throughput, 3 local nodes, 32 requests in flight, 100 B keys, 1 KiB values"
echo
echo "| setup | ops/s | p50 us | p99 us | errors |"
echo "| --- | --- | --- | --- | --- |"
for rf in 1 3; do
  $RC local --nodes 3 --rf "$rf" --base-port 7301 --manager-port 7400 --max-memory 512m --run-dir "$RUN" --detach \
      >/dev/null
  nodes_up 7400 3
  load "RF $rf, ONE, 50% reads" --read-ratio 0.5 --write-consistency ONE
  load "RF $rf, ONE, writes only" --read-ratio 0 --write-consistency ONE
  if [ "$rf" = 3 ]; then
    load "RF 3, QUORUM, 50% reads" --read-ratio 0.5 --write-consistency QUORUM
    load "RF 3, QUORUM, writes only" --read-ratio 0 --write-consistency QUORUM
  fi
  $RC local --run-dir "$RUN" stop >/dev/null
done

echo
echo "## kill -9 of one node of 4 (RF 3, $KEYS keys of 1 KiB) to every key on 3 live nodes again"
echo
$RC local --nodes 4 --rf 3 --base-port 7301 --manager-port 7400 --max-memory 512m --run-dir "$RUN" --detach >/dev/null
nodes_up 7400 4
$RC bench --seed 127.0.0.1:7301 --check write --keys "$KEYS" --value-size 1024 --write-consistency QUORUM | tail -1
victim=$(sed -n 5p "$RUN/local.pids")  # manager, then n1..n4
start=$(date +%s%N)
kill -9 "$victim"
down_ms=""
while true; do
  state=$($RC admin --manager 127.0.0.1:7400 status --json | python3 -c '
import json, sys
s = json.load(sys.stdin)
n4 = [n for n in s["nodes"] if n["id"] == "n4"][0]
live = [n for n in s["nodes"] if n["state"] != "DOWN"]
synced = all(n["synced_epoch"] >= s["epoch"] for n in live)
print(n4["state"], "settled" if synced and not s["transfers"] else "moving")')
  now=$(( ($(date +%s%N) - start) / 1000000 ))
  if [ -z "$down_ms" ] && [[ $state == DOWN* ]]; then down_ms=$now; fi
  if [[ $state == "DOWN settled" ]]; then break; fi
  if [ "$now" -gt 300000 ]; then echo "not settled within 300 s" >&2; exit 1; fi
  sleep 0.2
done
echo "n4 DOWN after ${down_ms} ms; every key on 3 live nodes again after ${now} ms"
$RC bench --seed 127.0.0.1:7301 --check read --keys "$KEYS" | tail -1
