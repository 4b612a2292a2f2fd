#!/bin/sh
# A production-style server for the submission benchmark: the production WSGI application
# (touchpoints.wsgi, with the lean submit path) under Granian (default; `pip install -e .[server]`)
# or gunicorn (SERVER=gunicorn), PostgreSQL with persistent connections, the Redis cache (rate
# limits shared by the workers), no debug. Rate limits raised: every request comes from 127.0.0.1.
# Usage: benchmarks/feedback/serve.sh [workers] [port] [gunicorn worker class] [threads per worker]
WORKERS=${1:-4}
PORT=${2:-8103}
CLASS=${3:-sync}
THREADS=${4:-1}
export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/h_feedback}
export CACHE_URL=${CACHE_URL:-redis://127.0.0.1:6379/0}
export DEBUG=0 DB_CONN_MAX_AGE=600 LOG_LEVEL=ERROR
export FEEDBACK_RATE_PER_ADDRESS=${FEEDBACK_RATE_PER_ADDRESS:-1000000/m}
export FEEDBACK_RATE_PER_LINK=${FEEDBACK_RATE_PER_LINK:-1000000/m}
if [ "${SERVER:-granian}" = granian ]; then
  exec ${PYTHON:-python} -m granian --interface wsgi touchpoints.wsgi:application --host 127.0.0.1 --port "$PORT" \
    --workers "$WORKERS" --blocking-threads "$THREADS" --runtime-threads 1 --backlog 2048 \
    --static-path-route /static --static-path-mount touchpoints/static --log-level error \
    --pid-file "${PIDFILE:-/tmp/feedback-bench-server.pid}"
fi
exec ${GUNICORN:-gunicorn} touchpoints.wsgi:application -b 127.0.0.1:$PORT -w "$WORKERS" \
  --worker-class "$CLASS" --threads "$THREADS" --keep-alive 30 --backlog 2048 --log-level error \
  --pid "${PIDFILE:-/tmp/feedback-bench-server.pid}"
