# shellcheck shell=bash
# Shell functions that compare.sh and ycsb.sh share, kept in one place so that both wait for their servers the same
# way. Sourced, not run: `source benchmarks/lib.sh` once the script is in the repository root. The functions read the
# script's RUN (its temporary directory, which holds each server's <name>.log) and name the script in their errors.
#   port_busy <port>               true when something accepts connections on 127.0.0.1:<port>
#   wait_up <name> <pid> <port>    waits up to 30 s until <port> accepts connections; exits the script when
#                                  process <pid> ends first (with the end of $RUN/<name>.log) or the time runs out

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
