"""The results page on a big study: 1,000,000 answers over 100 touchpoints × 5 brands (26 weeks).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_feedback python benchmarks/feedback/results_bench.py [answers] [runs]

Generates the data once, inside PostgreSQL (INSERT … SELECT generate_series, fixed seed), then times
(1) the plain GROUP BY over every answer, (2) the first roll-up into weekly sums, and (3) the results
page as a signed-in owner sees it (HTTP through Django's test client: query, roll-up check, template),
``runs`` times, with a few fresh answers arriving between runs. Prints p50/p95."""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from benchmarks._django import setup  # noqa: E402

setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

import touchpoints.wsgi  # noqa: E402,F401 - load the app as the production server does (lib/warmup.py)
from benchmarks._timing import percentile  # noqa: E402
from benchmarks.feedback.data import open_study  # noqa: E402
from touchpoints.feedback.models import Response, Study  # noqa: E402
from touchpoints.feedback.rollup import grouped, rollup  # noqa: E402

SLUG = "bench-results"


def ensure_study(n_answers: int) -> Study:
    study = open_study(slug=SLUG, title="Results", touchpoints=100)
    have = study.responses.count()
    if have < n_answers:
        t = time.perf_counter()
        brands = list(study.brands.order_by("pk").values_list("pk", flat=True))
        tps = list(study.study_touchpoints.order_by("position").values_list("touchpoint_id", flat=True))
        missing = n_answers - have
        with connection.cursor() as cur:
            cur.execute("SELECT setseed(0.42)")
            cur.execute(
                "INSERT INTO feedback_respondent (study_id, token, is_diary, label, created_at) "
                "SELECT %s, md5(random()::text || g::text), false, '', now() FROM generate_series(1, %s) g",
                [study.pk, missing],
            )
            cur.execute(
                """INSERT INTO feedback_response (study_id, respondent_id, brand_id, touchpoint_id, positivity,
                       likelihood, comment, customer_type, segment_id, language, source, created_at, idempotency_key)
                   SELECT %s, r.id, (%s::bigint[])[1 + (r.id %% 5)], (%s::bigint[])[1 + ((r.id / 5) %% 100)],
                          LEAST(2, GREATEST(-2, round((random() + random() + random()) * 1.6 - 2.1)))::smallint,
                          floor(random() * 11)::smallint,
                          CASE WHEN random() < 0.1 THEN 'A comment' ELSE '' END,
                          (ARRAY['', 'new', 'returning'])[1 + floor(random() * 3)::int], NULL,
                          (ARRAY['en', 'ru', 'es'])[1 + floor(random() * 3)::int], 'bench',
                          now() - random() * interval '182 days', NULL
                   FROM feedback_respondent r
                   WHERE r.study_id = %s AND NOT EXISTS (SELECT 1 FROM feedback_response x WHERE x.respondent_id = r.id)""",
                [study.pk, brands, tps, study.pk],
            )
            cur.execute("ANALYZE feedback_response")
            cur.execute("ANALYZE feedback_respondent")
        print(f"generated {missing} answers in {time.perf_counter() - t:.1f} s")
    return study


def main(n_answers: int, runs: int) -> None:
    study = ensure_study(n_answers)
    n = study.responses.count()
    print(
        f"study {study.pk}: {n} answers, {study.study_touchpoints.count()} touchpoints × {study.brands.count()} brands"
    )
    t = time.perf_counter()
    rows = list(grouped(Response.objects.filter(study=study), "touchpoint_id", "brand_id"))
    print(
        f"plain GROUP BY touchpoint × brand over every answer: {1000 * (time.perf_counter() - t):.0f} ms "
        f"({len(rows)} groups)"
    )
    if study.rolled_up_to == 0:
        t = time.perf_counter()
        folded = rollup(study, settle=__import__("datetime").timedelta(0), min_batch=1)
        print(
            f"first roll-up into weekly sums: {folded} answers in {time.perf_counter() - t:.1f} s, "
            f"{study.weekly.count()} weekly rows"
        )
    owner = study.workspace.memberships.get(role="owner").user
    client = Client()
    client.force_login(owner)
    url = f"/w/{SLUG}/feedback/{study.pk}/results/"
    brand = study.brands.first()
    first_touchpoint = study.study_touchpoints.first()
    respondent = Response.objects.filter(study=study).values_list("respondent_id", flat=True).first()
    if first_touchpoint is None or respondent is None:
        raise SystemExit("the study has no touchpoints or no answers")
    tp = first_touchpoint.touchpoint_id
    times = []
    for i in range(runs + 2):
        # A few answers arrive between page views (they are read from the raw table until rolled up).
        Response.objects.bulk_create(
            [
                Response(
                    study=study,
                    respondent_id=respondent,
                    brand=brand,
                    touchpoint_id=tp,
                    positivity=1,
                    likelihood=7,
                )
                for _ in range(20)
            ]
        )
        t = time.perf_counter()
        resp = client.get(url)
        elapsed = 1000 * (time.perf_counter() - t)
        assert resp.status_code == 200, resp.status_code
        if i >= 2:  # the first two warm caches (templates, connections)
            times.append(elapsed)
    print(
        f"results page, {runs} runs: p50 {statistics.median(times):.0f} ms, p95 {percentile(times, 0.95):.0f} ms, "
        f"max {max(times):.0f} ms (threshold {settings.FEEDBACK_MIN_ANSWERS})"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000, int(sys.argv[2]) if len(sys.argv) > 2 else 30)
