"""Prepares the public-submission benchmark: an open study (5 brands × 20 touchpoints) in the
database named by DATABASE_URL, and a file of signed form keys (one per submission, as the answer
page hands out) for the load generator.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_feedback python benchmarks/feedback/setup_submit.py 400000

Writes benchmarks/out/feedback/submit.lua.cfg (study token, brand and touchpoint ids) and keys.txt."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from benchmarks._django import setup  # noqa: E402

setup()


from benchmarks.feedback.data import open_study  # noqa: E402
from touchpoints.feedback.selectors import build_snapshot  # noqa: E402
from touchpoints.feedback.submissions import new_form_key  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "out" / "feedback"


def main(n_keys: int) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    study = open_study(slug="bench-submit", title="Submit", touchpoints=20)
    snap = build_snapshot(study)
    brands = [b for b, _n in snap.brands]
    tps = [t for t, _l in snap.touchpoints]
    (OUT / "submit.cfg").write_text(f"{snap.token}\n{' '.join(map(str, brands))}\n{' '.join(map(str, tps))}\n")
    with (OUT / "keys.txt").open("w") as f:
        for _ in range(n_keys):
            f.write(new_form_key(snap).replace(":", "%3A") + "\n")
    print(
        f"study {study.pk} token {snap.token}: {len(brands)} brands × {len(tps)} touchpoints, "
        f"{study.responses.count()} answers stored; {n_keys} keys in {OUT / 'keys.txt'}"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200_000)
