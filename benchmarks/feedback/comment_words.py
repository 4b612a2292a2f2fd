"""The comments page and its "what sets negative comments apart" panel on a study with many comments.

    python benchmarks/feedback/comment_words.py [comments] [runs]

Makes a study of ``comments`` answers with a comment (default 50,000; SQLite file under
benchmarks/out/ unless DATABASE_URL is set), written in English, Russian and Spanish from a few
hundred words, a third negative, a third positive. Times (1) ``lib.words.contrast`` alone on the
page's ``words.READ`` newest comments, in a fresh process (the stem cache cold) and again (warm),
and (2) the comments page as a signed-in viewer opens it, with and without a brand filter, ``runs``
times each, then the same with the panel reading nothing (the page's cost before it). Prints p50/p95
in ms."""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from benchmarks._django import setup  # noqa: E402

setup("comment-words", fresh=False, ALLOWED_HOSTS="testserver")

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from benchmarks._timing import percentile  # noqa: E402
from benchmarks.feedback.data import open_study  # noqa: E402
from touchpoints.feedback import results as r  # noqa: E402
from touchpoints.feedback.models import Respondent, Response  # noqa: E402
from touchpoints.lib import words  # noqa: E402

SLUG = "bench-comment-words"
TEXT = {
    "en": "phone queue parking doctor nurse price website booking reminder staff waiting payment card "
    "terminal friendly quick clean slow rude late helpful clear expensive cheap crowded calm kind",
    "ru": "телефон очередь парковка врач медсестра цена сайт запись напоминание персонал ожидание оплата "
    "карта терминал приветливый быстро чисто медленно грубо поздно полезно понятно дорого тесно спокойно",
    "es": "teléfono cola aparcamiento médico enfermera precio web cita recordatorio personal espera pago "
    "tarjeta datáfono amable rápido limpio lento grosero tarde útil claro caro lleno tranquilo",
}


def ensure(n: int) -> int:
    call_command("migrate", verbosity=0)
    study = open_study(slug=SLUG, title="Comment words", touchpoints=20)
    have = Response.objects.filter(study=study).exclude(comment="").count()
    if have < n:
        rng = random.Random(7)
        brands = list(study.brands.values_list("pk", flat=True))
        tps = list(study.study_touchpoints.values_list("touchpoint_id", flat=True))
        vocab = {lang: text.split() for lang, text in TEXT.items()}
        for start in range(have, n, 5000):
            size = min(5000, n - start)
            people = Respondent.objects.bulk_create([Respondent(study=study) for _ in range(size)])
            rows = []
            for person in people:
                lang = rng.choice(["en", "ru", "es"])
                positivity = rng.choice([-2, -1, 0, 1, 2])
                pool = vocab[lang][: 18 if positivity < 0 else 25] if positivity <= 0 else vocab[lang][6:]
                comment = " ".join(rng.choices(pool, k=rng.randint(3, 12)))
                rows.append(
                    Response(
                        study=study,
                        respondent=person,
                        brand_id=rng.choice(brands),
                        touchpoint_id=rng.choice(tps),
                        positivity=positivity,
                        likelihood=rng.randint(0, 10),
                        comment=comment,
                        language=lang,
                    )
                )
            Response.objects.bulk_create(rows)
    return study.pk


def timed(fn, runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), percentile(times, 0.95)


def main(n: int, runs: int) -> None:
    pk = ensure(n)
    from touchpoints.feedback.models import Study

    study = Study.objects.get(pk=pk)
    rows = list(
        r.comments(study=study, filters=r.Filters())
        .exclude(positivity=0)
        .values_list("comment", "language", "positivity")[: words.READ]
    )
    t = time.perf_counter()
    cold = words.contrast(rows)
    cold_ms = (time.perf_counter() - t) * 1000
    warm = timed(lambda: words.contrast(rows), runs)
    print(f"contrast on {len(rows):,} comments: cold {cold_ms:.0f} ms; warm p50 {warm[0]:.1f} ms, p95 {warm[1]:.1f} ms")
    print("  negative:", ", ".join(f"{w.word} ({w.negative})" for w in cold.negative))
    client = Client()
    client.force_login(study.workspace.memberships.get().user)
    base = f"/w/{SLUG}/feedback/{pk}/comments/"
    brand = study.brands.order_by("pk").first().pk
    read = words.READ
    for panel in (True, False):
        words.READ = read if panel else 0  # without: the page as it was before the panel (nothing read)
        for label, url in (("all comments", base), ("one brand", f"{base}?brand={brand}")):
            assert client.get(url).status_code == 200
            p50, p95 = timed(lambda url=url: client.get(url), runs)
            print(
                f"comments page, {label}, {'with' if panel else 'without'} the panel: p50 {p50:.0f} ms, "
                f"p95 {p95:.0f} ms ({n:,} comments in the study)"
            )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50_000, int(sys.argv[2]) if len(sys.argv) > 2 else 20)
