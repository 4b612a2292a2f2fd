#!/bin/sh
# The sustained-submission run: fresh signed keys, wrk for DURATION against the server started by
# serve.sh, then the stored rows compared with the successful responses, the CPU seconds the
# server's processes (and the database's backends) spent per submission, and the load average.
# Usage: benchmarks/feedback/run_submit.sh [seconds] [connections] [port]
set -e
SECONDS_=${1:-60}
CONNS=${2:-16}
PORT=${3:-8103}
PY=${PY:-python}
PIDFILE=${PIDFILE:-/tmp/feedback-bench-server.pid}
OUT=benchmarks/out/feedback
export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/h_feedback}
DB=${DATABASE_URL}
$PY benchmarks/feedback/setup_submit.py ${KEYS:-200000} >/dev/null
TOKEN=$(head -1 $OUT/submit.cfg)
count() { psql "$DB" -Atc "SELECT count(*) FROM feedback_response r JOIN feedback_study s ON s.id = r.study_id WHERE s.token = '$TOKEN'"; }
# CPU seconds (user + system) of the server: its master and every process below it.
tree() { p=$1; echo "$p"; for c in $(cat /proc/"$p"/task/*/children 2>/dev/null); do tree "$c"; done; }
cpu_of() { for p in "$@"; do cat /proc/"$p"/stat 2>/dev/null; done | awk -v hz="$(getconf CLK_TCK)" '{s += $14 + $15} END {printf "%.2f", s / hz}'; }
server_cpu() { cpu_of $(tree "$(cat "$PIDFILE")"); }
db_cpu() { cpu_of $(psql "$DB" -Atc "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"); }
BEFORE=$(count); S0=$(server_cpu); D0=$(db_cpu); L0=$(cut -d' ' -f1-3 /proc/loadavg)
POST_SECONDS=$SECONDS_ THREADS=2 wrk -t2 -c"$CONNS" -d"$((SECONDS_ + 2))s" --timeout 10s --latency -s benchmarks/feedback/submit.lua "http://127.0.0.1:$PORT" \
  | tee $OUT/wrk.txt
S1=$(server_cpu); D1=$(db_cpu); L1=$(cut -d' ' -f1-3 /proc/loadavg)
AFTER=$(count)
REQ=$(sed -n 's/^posted [0-9]*, thank-you redirects (303) \([0-9]*\).*/\1/p' $OUT/wrk.txt)
echo "stored rows: $((AFTER - BEFORE)); thank-you redirects: $REQ"
awk -v s="$S1" -v s0="$S0" -v d="$D1" -v d0="$D0" -v n="$REQ" 'BEGIN {
  printf "server CPU: %.1f s = %.3f ms per submission; database backends: %.1f s = %.3f ms per submission\n",
    s - s0, (s - s0) * 1000 / n, d - d0, (d - d0) * 1000 / n }'
echo "load average before: $L0; after: $L1"
