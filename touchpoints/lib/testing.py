"""Test helpers shared by the apps: a populated workspace (every kind of object the pages and the
API address, so path parameters can be filled from real ids) and the resolver that maps a URL or
an OpenAPI path parameter's name to such an id.

An app that adds a model reachable by URL adds its object in :func:`populate` and the name of its
path parameter in :data:`PARAM_KEYS`; the generated permission matrix
(``touchpoints/tests/test_permission_matrix.py``, over the pages and operations listed by
``touchpoints.lib.testing_access``) fails until both are known.
"""

from __future__ import annotations

import functools
import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from touchpoints.lib.i18n import PRODUCT_LANGUAGES

# Path parameter name → key of Populated.ids. Names used by several apps for different objects are
# qualified by the app (see resolve()).
PARAM_KEYS: dict[str, str] = {
    "brand_id": "brand",
    "segment_id": "segment",
    "tp_id": "touchpoint",
    "touchpoint_id": "touchpoint",
    "journey_id": "journey",
    "other_id": "other_journey",
    "step_id": "step",
    "criterion_id": "criterion",
    "audit_id": "audit",
    "run_id": "run",
    "evidence_id": "evidence",
    "token_id": "token",
    "member_id": "member",
    "study_id": "study",
    "link_id": "share_link",
    "share_id": "journey_share",
    "comment_id": "comment",
    "contact_id": "contact",
    "touchpoint": "touchpoint",
    "brand": "brand",
}
# Parameters named "pk" on pages whose app has several kinds of object.
PK_BY_NAME: dict[str, str] = {
    "workspaces:brand_edit": "brand",
    "workspaces:segment_edit": "segment",
    "audits:criterion_edit": "criterion",
    "audits:criterion_delete": "criterion",
    "workspaces:invitation_manage": "invitation",
    "actions:feed_revoke": "feed",
    "actions:webhook_delete": "webhook",
}
# Parameters named "pk" mean the object of the app the URL belongs to.
PK_BY_NAMESPACE: dict[str, str] = {
    "inventory": "touchpoint",
    "journeys": "journey",
    "audits": "audit",
    "analytics": "run",
    "library": "template",
    "actions": "action",
    "reports": "report",
    "feedback": "study",
    "reviews": "campaign",
}
# API parameters named "pk": the object named by the path segment before "{pk}".
PK_BY_SEGMENT: dict[str, str] = {"actions": "action", "reports": "report", "campaigns": "campaign"}
# A fixed value for one page's parameter, where the general one below does not fit.
FIXED_BY_NAME: dict[tuple[str, str], str] = {
    ("feedback:qr", "fmt"): "svg",
    ("reports:download", "fmt"): "pdf",
    ("GET /api/v1/workspaces/{slug}/reports/{pk}/download.{fmt}", "fmt"): "pdf",
}
# Other path parameters: their fixed value.
FIXED: dict[str, str] = {
    "fmt": "csv",
    "format": "csv",
    "what": "attribution",
    "uidb64": "MQ",
    "token": "set-password",
    "name": "heatmap",
    "channel": "email",
    "language": "en",
}


def translated(field: str, en: str, ru: str, es: str) -> dict[str, str]:
    """The columns of a library text in the three product languages, e.g. ``name_en``, ``name_ru``
    and ``name_es``, for creating a library object: ``Pack.objects.create(code="p",
    **translated("name", "Clinic", "Клиника", "Clínica"))``."""
    return dict(zip((f"{field}_{lang}" for lang in PRODUCT_LANGUAGES), (en, ru, es), strict=True))


@dataclass
class Populated:
    world: Any
    ids: dict[str, int] = field(default_factory=dict)
    token: str = ""  # an API token of the owner
    public: dict[str, str] = field(default_factory=dict)  # secret link tokens: study, contact, share, feed

    @property
    def slug(self) -> str:
        return self.world.slug

    def resolve(self, name: str, key: str = "") -> str | None:
        """The value for a path parameter (of the page named ``key``), or None when not known."""
        namespace = key.split(":")[0] if ":" in key else ""
        if name == "slug":
            return self.slug
        if (key, name) in FIXED_BY_NAME:
            return FIXED_BY_NAME[(key, name)]
        if name == "pk" and key in PK_BY_NAME:
            return str(self.ids[PK_BY_NAME[key]])
        if name == "pk" and namespace in PK_BY_NAMESPACE:
            return str(self.ids[PK_BY_NAMESPACE[namespace]])
        if name == "pk" and "{pk}" in key:
            segment = key.split("{pk}")[0].rstrip("/").rsplit("/", 1)[-1]
            return str(self.ids[PK_BY_SEGMENT[segment]]) if segment in PK_BY_SEGMENT else None
        if name in PARAM_KEYS and PARAM_KEYS[name] in self.ids:
            return str(self.ids[PARAM_KEYS[name]])
        return FIXED.get(name)


TINY_LOG = (
    b"client_id,event_time,channel,converted,revenue\n"
    b"u1,2024-03-01 09:00:00,ads,0,\nu1,2024-03-01 10:00:00,Website,1,100\n"
    b"u2,2024-03-02 09:00:00,ads,0,\nu2,2024-03-02 09:30:00,phone,0,\n"
)
TINY_COLUMNS = {
    "customer": "client_id",
    "timestamp": "event_time",
    "touchpoint": "channel",
    "conversion": "converted",
    "value": "revenue",
    "segment": None,
}
TINY_OPTIONS = {"markov_orders": [1], "bootstrap": 0, "by_segment": False}


@functools.lru_cache(maxsize=1)
def _tiny_result() -> str:
    from touchpoints.analytics import services
    from touchpoints.analytics.engine import analyze_log

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "log.csv"
        path.write_bytes(TINY_LOG)
        result = analyze_log(
            str(path),
            services.column_map(TINY_COLUMNS),
            options=services.engine_options(services.clean_options(TINY_OPTIONS)),
        )
    return json.dumps(result.to_dict())


def store_tiny_analysis(workspace: Any, created_by: Any, source_name: str = "log.csv", source_size: int = 0) -> Any:
    """A finished analysis of the tiny log, stored as the worker stores one."""
    from touchpoints.analytics import services

    return services.analysis_store(
        workspace=workspace,
        result=json.loads(_tiny_result()),
        created_by=created_by,
        source_name=source_name,
        source_format="csv",
        source_size=source_size or len(TINY_LOG),
        columns=TINY_COLUMNS,
        options=services.clean_options(TINY_OPTIONS),
        filters={"segments": [], "since": None, "until": None},
    )


def populate(world: Any) -> Populated:
    """Fills the world's workspace: touchpoints (one with a child), a journey with steps and a
    second one, criteria, an audit in progress with answers and evidence, a finished analysis, an
    API token of the owner. Everything through the services, as a user would make it."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from touchpoints.accounts.services import api_token_create
    from touchpoints.analytics.uploads import logs_dir
    from touchpoints.audits import services as audits
    from touchpoints.audits.tests.helpers import library_criteria
    from touchpoints.inventory.services import touchpoint_create
    from touchpoints.journeys import services as journeys
    from touchpoints.library.models import TouchpointTemplate

    ws, users = world.workspace, world.users
    owner = users["owner"]
    own = ws.brands.get(is_own=True)
    rival = ws.brands.filter(is_own=False).first()
    segment = ws.segments.first()
    from touchpoints.library.models import CriterionKind

    if not CriterionKind.objects.filter(code="website").exists():  # the library may be loaded already
        library_criteria()

    def touchpoint(name: str, code: str, channel: str, stage: str, area: str, **extra: Any) -> Any:
        """A touchpoint of the workspace in one stage, made by the owner."""
        return touchpoint_create(
            workspace=ws, name=name, code=code, channel=channel, stages=[stage], area=area, created_by=owner, **extra
        )

    site = touchpoint(
        "Website", "site", "website", "search", "business", presence={own.pk: "exists", rival.pk: "missing"}
    )
    phone = touchpoint("Phone line", "phone", "phone", "decision", "sale", parent=site)
    journey = journeys.journey_create(workspace=ws, name="First visit", process="Book", brand=own)
    step = journeys.step_add(journey=journey, touchpoint=site, stage="search", expected=1)
    journeys.step_add(journey=journey, touchpoint=phone, stage="decision", expected=-1)
    other = journeys.journey_create(workspace=ws, name="Rival visit", process="Book", brand=rival)
    journeys.step_add(journey=other, touchpoint=site, stage="search", expected=0)
    journey_share, journey_share_token = journeys.journey_share(journey=journey, days=7, created_by=owner)
    audits.criteria_sync(workspace=ws)
    audit = audits.audit_create(
        workspace=ws,
        name="Self-audit",
        brand=own,
        scope="selection",
        touchpoints=[site, phone],
        auditors=[users["auditor"], owner],
        created_by=owner,
    )
    audits.audit_transition(audit=audit, action="start")
    item = audit.items.get(touchpoint=site)
    criterion_id = item.checklist[0][0] if item.checklist else ws.audit_criteria.first().pk
    audits.answer_save(
        audit=audit, auditor=owner, touchpoint_id=site.pk, field="score", value="7", criterion_id=criterion_id
    )
    audits.answer_save(audit=audit, auditor=owner, touchpoint_id=site.pk, field="impression", value="positive")
    png = (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
        b"\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
    )
    evidence = audits.evidence_add(
        audit=audit,
        auditor=owner,
        touchpoint_id=site.pk,
        upload=SimpleUploadedFile("photo.png", png, content_type="image/png"),
    )
    run = store_tiny_analysis(ws, owner)
    name = f"run-{run.pk}-stored.csv"
    (logs_dir() / name).write_bytes(TINY_LOG)
    run.log_file = name
    run.save(update_fields=["log_file"])
    token_row, raw = api_token_create(user=owner, name="fuzzer")
    from touchpoints.workspaces.models import Membership

    member = Membership.objects.get(workspace=ws, user=users["viewer"])
    template = TouchpointTemplate.objects.first()
    ids = {
        "brand": own.pk,
        "rival": rival.pk,
        "segment": segment.pk,
        "touchpoint": site.pk,
        "child": phone.pk,
        "journey": journey.pk,
        "other_journey": other.pk,
        "step": step.pk,
        "criterion": criterion_id,
        "audit": audit.pk,
        "run": run.pk,
        "evidence": evidence.pk,
        "token": token_row.pk,
        "member": member.pk,
        "journey_share": journey_share.pk,
    }
    if template is not None:
        ids["template"] = template.pk
    ids.update(_populate_followups(world, site=site, phone=phone, audit=audit))
    public = {**ids.pop("public"), "journey_share": journey_share_token}
    return Populated(world=world, ids=ids, token=raw, public=public)


def _populate_followups(world: Any, *, site: Any, phone: Any, audit: Any) -> dict[str, Any]:
    """The objects of the apps that follow an audit: an open feedback study with an answer, a
    review campaign with a contact, an action, the owner's calendar feed, a webhook, a finished
    report with a share link, an invitation. Returns their ids and, under "public", the secret
    tokens of their public pages."""
    import datetime as dt

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from touchpoints.actions import services as actions
    from touchpoints.actions.models import WebhookEndpoint
    from touchpoints.feedback import services as feedback
    from touchpoints.reports import services as reports
    from touchpoints.reports.models import Report
    from touchpoints.reviews import services as reviews
    from touchpoints.workspaces.services import invitation_create

    ws, owner = world.workspace, world.users["owner"]
    own = ws.brands.get(is_own=True)
    study = feedback.study_create(
        workspace=ws,
        name="After the visit",
        brands=list(ws.brands.all()),
        touchpoints=[site, phone],
        status="open",
        opens_at=timezone.now() - dt.timedelta(days=1),
    )
    respondent = feedback.diary_links_create(study=study, count=1)[0]
    campaign = reviews.campaign_create(workspace=ws, created_by=owner, name="After visits", channel="email")
    created, faults = reviews.contacts_import(
        campaign=campaign, header=["name", "email", "language"], rows=[["Ann", "ann@example.com", "en"]]
    )
    assert created == 1, [str(f) for f in faults]
    contact = campaign.contacts.get()
    action = actions.action_create(
        workspace=ws,
        title="Answer within three rings",
        created_by=owner,
        touchpoint=phone,
        owner_user=owner,
        deadline=timezone.localdate() + dt.timedelta(days=10),
    )
    comment = actions.comment_add(action=action, author=owner, body="Second line ordered")
    feed, feed_token = actions.feed_create(workspace=ws, user=owner, scope="workspace", name="Mine")
    # Stored as is: creating through the service checks the address resolves (no network in tests).
    webhook = WebhookEndpoint.objects.create(
        workspace=ws, url="https://hooks.example.com/touchpoints", created_by=owner
    )
    # A finished report, its files written directly (generating the PDF takes seconds; the
    # reports app's own tests generate real ones).
    report = Report.objects.create(
        workspace=ws,
        language="en",
        title="Touchpoint report",
        status="done",
        percent=100,
        as_of=timezone.now(),
        finished_at=timezone.now(),
        created_by=owner,
    )
    report.html.save("report.html", ContentFile(b"<!doctype html><title>Report</title><p>Report</p>"), save=False)
    report.data.save("report.json", ContentFile(b"{}"), save=False)
    report.xlsx.save("report.xlsx", ContentFile(b"PK\x03\x04"), save=False)
    report.pdf.save("report.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    report.save()
    link, share_token = reports.report_share(report=report, days=7, created_by=owner)
    invitation = invitation_create(workspace=ws, email="new@example.com", role="viewer", invited_by=owner)
    return {
        "study": study.pk,
        "campaign": campaign.pk,
        "contact": contact.pk,
        "action": action.pk,
        "comment": comment.pk,
        "feed": feed.pk,
        "webhook": webhook.pk,
        "report": report.pk,
        "share_link": link.pk,
        "invitation": invitation.pk,
        "own_brand": own.pk,
        "public": {
            "study": study.token,
            "respondent": respondent.token,
            "contact": contact.token,
            "share": share_token,
            "feed": feed_token,
        },
    }
