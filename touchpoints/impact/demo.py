"""Impact for the demo clinic (registered in ``touchpoints.demo.services.EXTENSIONS`` by the app
config, after the feedback and analytics demos): key drivers from the demo study and the
counterfactual credits of the demo analysis, so that the impact page shows figures at once.

The demo study's one-off answers rate one touchpoint of one clinic each: they carry no comparison
within a respondent, so the key drivers would rest on comparisons between respondents only. A
real key-driver survey asks each respondent about the touchpoints they met at the clinics they
know; this module adds such a *choice panel* to the study: patients who rate 3–5 touchpoints for
two or three of the clinics, with the halo real answers have (a patient who likes a clinic rates
all its touchpoints well and is likelier to choose it). Their ratings follow the study's own story
(the demo's ``feedback.yaml``: base positivity per clinic, weight on choice), so the
driver ranking the page shows is the one the demo tells — the doctors and the phone line move the
choice most, the reminder least. Deterministic (fixed seed)."""

from __future__ import annotations

import datetime as dt
import random

from django.core.exceptions import ValidationError
from django.utils import timezone

from touchpoints.analytics.choices import RunStatus
from touchpoints.analytics.models import AnalysisRun
from touchpoints.feedback.demo import demo_answer, feedback_content
from touchpoints.feedback.models import Respondent, Response, Study
from touchpoints.feedback.rollup import rollup
from touchpoints.impact.services import impact_from_run, impact_from_study
from touchpoints.inventory.models import Touchpoint
from touchpoints.workspaces.models import Workspace

SEED = 20261130
PANEL = 220  # patients of the choice panel
TOUCHPOINTS_PER_CLINIC = (3, 5)
HALO = 0.8  # sd of a patient's general disposition (raises ratings and likelihood alike)


def _clip(x: float, lo: int, hi: int) -> int:
    return int(max(lo, min(hi, round(x))))


def demo_choice_panel(study: Study, workspace: Workspace) -> int:
    """Adds the choice panel's answers to ``study``; returns how many."""
    content = feedback_content()
    touchpoints = content["touchpoints"]
    by_code = {tp.code: tp for tp in Touchpoint.objects.filter(workspace=workspace, code__in=list(touchpoints))}
    codes = [code for code in touchpoints if code in by_code]
    brands = list(workspace.brands.order_by("-is_own", "pk"))[:3]
    if len(codes) < 2 or len(brands) < 2:
        return 0
    rng = random.Random(SEED)
    now = timezone.now()
    people = Respondent.objects.bulk_create([Respondent(study=study, label="") for _ in range(PANEL)])
    rows = []
    for person in people:
        halo = rng.gauss(0, HALO)
        when = now - dt.timedelta(days=rng.uniform(1, 80))
        for b, brand in rng.sample(list(enumerate(brands)), rng.randint(2, len(brands))):
            met = rng.sample(codes, min(len(codes), rng.randint(*TOUCHPOINTS_PER_CLINIC)))
            usual = {code: touchpoints[code]["positivity"][b] for code in met}
            xs = {code: _clip(rng.gauss(usual[code] + 0.7 * halo, 0.9), -2, 2) for code in met}
            # each touchpoint moves the likelihood by its weight per step away from its usual rating
            shift = sum(touchpoints[code]["weight"] * (x - usual[code]) for code, x in xs.items())
            score = content["likelihood"][b] + halo + shift
            likelihood = _clip(score + rng.gauss(0, 0.8), 0, 10)
            rows += [demo_answer(study, person, brand, by_code[code], (x, likelihood), when) for code, x in xs.items()]
    Response.objects.bulk_create(rows, batch_size=1000)
    rollup(study, settle=dt.timedelta(0), min_batch=1)
    return len(rows)


def demo_impact(workspace: Workspace) -> None:
    """Choice panel, then the key drivers of the demo study and the counterfactual of the demo
    analysis stored as the workspace's impact (whichever exists; nothing is raised)."""
    study = Study.objects.filter(workspace=workspace).order_by("created_at").first()
    if study is not None:
        demo_choice_panel(study, workspace)
        try:
            impact_from_study(workspace=workspace, study=study)
        except ValidationError:
            pass
    run = AnalysisRun.objects.filter(workspace=workspace, status=RunStatus.DONE).order_by("-pk").first()
    if run is not None:
        try:
            impact_from_run(workspace=workspace, run=run)
        except ValidationError:
            pass
