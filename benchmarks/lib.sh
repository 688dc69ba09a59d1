# shellcheck shell=bash
# Shell functions the benchmark scripts share, kept in one place so that they run Redis and Memcached with the same
# settings and wait for their servers and clusters the same way. Sourced, not run: `source benchmarks/lib.sh` once the
# script is in the repository root. The functions read the script's RUN (its temporary directory, which holds each
# server's <name>.log and Redis's files) and MEMORY_MB (each server's memory limit), and name the script in their
# errors.
#   port_busy <port>               true when something accepts connections on 127.0.0.1:<port>
#   wait_up <name> <pid> <port>    waits up to 30 s until <port> accepts connections; exits the script when
#                                  process <pid> ends first (with the end of $RUN/<name>.log) or the time runs out
#   start_redis <port> [<prefix>...]
#                                  starts Redis in the background on 127.0.0.1:<port>: no persistence, MEMORY_MB
#                                  with LRU eviction; <prefix> is a command to run it under (taskset -c 1); $! is
#                                  its pid
#   start_memcached <port> <threads> [<prefix>...]
#                                  the same for Memcached with <threads> worker threads (as root, with -u root)
#   nodes_up <manager port> <count>
#                                  waits up to 60 s until the manager on 127.0.0.1:<manager port> reports <count>
#                                  nodes UP (needs python3); exits the script when they are not

port_busy() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

wait_up() {  # wait_up <name> <pid> <port>
  for _ in $(seq 1 300); do
    if ! kill -0 "$2" 2>/dev/null; then
      echo "${0##*/}: $1 exited at start:" >&2; tail -5 "$RUN/$1.log" >&2; exit 1
    fi
    if port_busy "$3"; then return 0; fi
    sleep 0.1
  done
  echo "${0##*/}: $1 not listening on 127.0.0.1:$3 after 30 s" >&2; exit 1
}

start_redis() {  # start_redis <port> [<prefix>...]
  local port=$1
  shift
  "$@" redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --maxmemory "${MEMORY_MB}mb" \
    --maxmemory-policy allkeys-lru --dir "$RUN" --daemonize no >"$RUN/redis.log" 2>&1 &
}

start_memcached() {  # start_memcached <port> <threads> [<prefix>...]
  local port=$1 threads=$2 user=()
  shift 2
  if [ "$(id -u)" = 0 ]; then user=(-u root); fi  # memcached will not run as root without saying so
  "$@" memcached -l 127.0.0.1 -p "$port" -U 0 -m "$MEMORY_MB" -t "$threads" -c 4096 "${user[@]}" \
    >"$RUN/memcached.log" 2>&1 &
}

nodes_up() {  # nodes_up <manager port> <count>
  for _ in $(seq 1 120); do
    if deploy/bin/ringcache admin --manager "127.0.0.1:$1" status --json 2>/dev/null | python3 -c '
import json, sys
sys.exit(0 if sum(n["state"] == "UP" for n in json.load(sys.stdin)["nodes"]) == int(sys.argv[1]) else 1)' "$2"
    then
      return 0
    fi
    sleep 0.5
  done
  echo "${0##*/}: $2 nodes not UP after 60 s" >&2; exit 1
}
