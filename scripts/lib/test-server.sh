#!/usr/bin/env bash
# Starts or kills the crm-server that scripts/test runs the integration
# tests against, so the crash test can SIGKILL it and bring it back.
# Uses the environment scripts/test exported (CRM_TEST_WORK, PORT, ...).
#   test-server.sh start   start in the background, wait until it accepts connections
#   test-server.sh kill    SIGKILL it, as a crash would
#   test-server.sh stop    SIGTERM it and wait for it to exit, as a shutdown would
set -euo pipefail
: "${CRM_TEST_WORK:?run through scripts/test}" "${CRM_TEST_PORT:?}" "${CRM_SERVER:?}"
pidfile="$CRM_TEST_WORK/server.pid"
case "${1:-}" in
  start)
    HOST=127.0.0.1 PORT=$CRM_TEST_PORT "$CRM_SERVER" serve >> "$CRM_TEST_WORK/server.log" 2>&1 &
    echo $! > "$pidfile"
    for _ in $(seq 1 300); do
      (exec 3<>"/dev/tcp/127.0.0.1/$CRM_TEST_PORT") 2>/dev/null && exit 0
      kill -0 "$(cat "$pidfile")" 2>/dev/null || { tail -20 "$CRM_TEST_WORK/server.log" >&2; exit 1; }
      sleep 0.1
    done
    echo "crm-server did not start within 30 s" >&2; exit 1 ;;
  kill)
    pid=$(cat "$pidfile")
    kill -9 "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done ;;
  stop)
    pid=$(cat "$pidfile")
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    rm -f "$pidfile" ;;
  *) echo "usage: $0 start|kill|stop" >&2; exit 64 ;;
esac
