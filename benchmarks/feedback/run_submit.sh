#!/bin/sh
# The sustained-submission run: fresh signed keys, wrk for DURATION against the server started by
# serve.sh, then the stored rows compared with the successful responses.
# Usage: benchmarks/feedback/run_submit.sh [duration] [connections] [port]
set -e
DURATION=${1:-60s}
CONNS=${2:-32}
PORT=${3:-8103}
PY=${PY:-python}
export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/h_feedback}
DB=${DATABASE_URL}
$PY benchmarks/feedback/setup_submit.py ${KEYS:-200000} >/dev/null
TOKEN=$(head -1 benchmarks/out/feedback/submit.cfg)
count() { psql "$DB" -Atc "SELECT count(*) FROM feedback_response r JOIN feedback_study s ON s.id = r.study_id WHERE s.token = '$TOKEN'"; }
BEFORE=$(count)
THREADS=2 wrk -t2 -c"$CONNS" -d"$DURATION" --latency -s benchmarks/feedback/submit.lua "http://127.0.0.1:$PORT" \
  | tee benchmarks/out/feedback/wrk.txt
AFTER=$(count)
OK=$(grep '^requests ' benchmarks/out/feedback/wrk.txt | sed 's/requests \([0-9]*\), non-3xx-or-errors \([0-9]*\).*/\1 \2/')
echo "stored rows: $((AFTER - BEFORE)); requests, errors: $OK"
