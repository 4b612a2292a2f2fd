#!/bin/sh
# A production-style server for the submission benchmark: gunicorn, sync workers, PostgreSQL,
# persistent DB connections, no debug. Rate limits raised (every request comes from 127.0.0.1).
# Usage: benchmarks/feedback/serve.sh [workers] [port]
WORKERS=${1:-4}
PORT=${2:-8103}
export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/h_feedback}
export DEBUG=0 DB_CONN_MAX_AGE=600 LOG_LEVEL=ERROR
export FEEDBACK_RATE_PER_ADDRESS=${FEEDBACK_RATE_PER_ADDRESS:-1000000/m}
export FEEDBACK_RATE_PER_LINK=${FEEDBACK_RATE_PER_LINK:-1000000/m}
exec ${GUNICORN:-gunicorn} touchpoints.wsgi:application -b 127.0.0.1:$PORT -w "$WORKERS" \
  --worker-class sync --backlog 2048 --log-level error --pid "${PIDFILE:-/tmp/feedback-bench-gunicorn.pid}"
