#!/usr/bin/env bash
# `npm run fuzz:api`: schemathesis against the built service on a throw-away embedded PostgreSQL, with the
# OpenAPI document the service serves. Every operation, with the admin key (it may call every route) and
# then with each other role's key; a 5xx or a response that breaks its documented schema fails the run.
# Bounded: FUZZ_MAX_EXAMPLES cases per operation and per phase (a third of that for the other roles),
# FUZZ_TIMEOUT_S for each role's run.
# One worker: Hypothesis's lambda-source cache is not thread-safe (with two, a rare internal error).
set -euo pipefail
cd "$(dirname "$0")/.."

MAX_EXAMPLES="${FUZZ_MAX_EXAMPLES:-10}"
TIMEOUT_S="${FUZZ_TIMEOUT_S:-150}"
ROLES="${FUZZ_ROLES:-admin publisher reviewer}"
SEED="${FUZZ_SEED:-20261207}"

bash scripts/schemathesis.sh >/dev/null
ST=.cache/venv-schemathesis/bin/schemathesis

ready() { node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "$BASE/health/ready"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
PORT="$(free_port)"
PG_PORT="$(free_port)"
DATA_DIR="$(mktemp -d "${TMPDIR:-/tmp}/fuzz-api.XXXXXX")"
REPORT_DIR=.cache/fuzz-api
rm -rf "$REPORT_DIR" && mkdir -p "$REPORT_DIR"
BASE="http://127.0.0.1:$PORT"

declare -A KEY=([admin]=fuzz-admin-key [publisher]=fuzz-publisher-key [reviewer]=fuzz-reviewer-key)
API_KEYS='[{"key":"fuzz-admin-key","roles":["admin"],"name":"fuzz-admin"},
{"key":"fuzz-publisher-key","roles":["publisher"],"sources":["argo-cd"],"name":"fuzz-publisher"},
{"key":"fuzz-reviewer-key","roles":["reviewer"],"name":"fuzz-reviewer"}]'

SERVICE_PID=
cleanup() {
  if [ -n "$SERVICE_PID" ] && kill -0 "$SERVICE_PID" 2>/dev/null; then
    kill -TERM "$SERVICE_PID" 2>/dev/null || true
    for _ in $(seq 1 150); do kill -0 "$SERVICE_PID" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$SERVICE_PID" 2>/dev/null || true
  fi
  rm -rf "$DATA_DIR"
}
trap cleanup EXIT

# Embedded mode: its own PostgreSQL in DATA_DIR, in-process transport (no Kafka), nothing shared.
env -u DATABASE_URL -u KAFKA_BROKERS \
  PORT="$PORT" DATA_DIR="$DATA_DIR" EMBEDDED_POSTGRES_PORT="$PG_PORT" API_KEYS="$API_KEYS" LOG_LEVEL=error \
  node dist/src/main.js >"$REPORT_DIR/service.log" 2>&1 &
SERVICE_PID=$!

echo "[fuzz:api] service on $BASE (embedded PostgreSQL in $DATA_DIR); waiting until ready"
for _ in $(seq 1 600); do
  if ready; then break; fi
  if ! kill -0 "$SERVICE_PID" 2>/dev/null; then echo "[fuzz:api] the service exited:"; cat "$REPORT_DIR/service.log"; exit 1; fi
  sleep 0.2
done
ready || { echo "[fuzz:api] the service did not become ready:"; cat "$REPORT_DIR/service.log"; exit 1; }

status=0
for role in $ROLES; do
  # Other roles mostly meet 403s: a third of the cases is enough to show those stay 4xx and in shape.
  examples=$MAX_EXAMPLES
  if [ "$role" != admin ]; then examples=$(((MAX_EXAMPLES + 2) / 3)); fi
  echo "[fuzz:api] schemathesis as $role: every operation, at most $examples cases each, ${TIMEOUT_S}s at most"
  set +e
  # /v1/stream (Server-Sent Events) never ends by design; its refusals are in the e2e battery instead.
  timeout --kill-after=10 "$TIMEOUT_S" "$ST" run "$BASE/openapi.json" \
    --url "$BASE" \
    --header "Authorization: Bearer ${KEY[$role]}" \
    --checks not_a_server_error,response_schema_conformance \
    --max-examples "$examples" \
    --seed "$SEED" \
    --workers 1 \
    --request-timeout 20 \
    --exclude-path /v1/stream \
    --no-shrink \
    --report junit --report-junit-path "$REPORT_DIR/$role.junit.xml" \
    >"$REPORT_DIR/$role.txt" 2>&1
  code=$?
  set -e
  # The summary (the run's last block): operations, test cases, failures.
  sed -n '/^=* *SUMMARY *=*$/,$p' "$REPORT_DIR/$role.txt"
  if [ "$code" -eq 124 ] || [ "$code" -eq 137 ]; then echo "[fuzz:api] $role: timed out after ${TIMEOUT_S}s"; fi
  if [ "$code" -ne 0 ]; then
    echo "[fuzz:api] $role: FAILED (exit $code); the findings:"
    sed -n '/^=* *\(FAILURES\|ERRORS\) *=*$/,/^=* *SUMMARY *=*$/p' "$REPORT_DIR/$role.txt" | cut -c1-300 | head -200
    status=1
  fi
done
if ! kill -0 "$SERVICE_PID" 2>/dev/null; then echo "[fuzz:api] the service died during the run"; status=1; fi
echo "[fuzz:api] reports in $REPORT_DIR; $([ $status -eq 0 ] && echo 'no 5xx, no response outside its schema' || echo FAILED)"
exit $status
