"""The demo workspace and user (``touchpoints demo``): a clinic with two competitors."""

from __future__ import annotations

from contextvars import ContextVar
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import translation

from touchpoints.inventory.models import CLASSIFICATION_FIELDS, Touchpoint
from touchpoints.inventory.services import touchpoint_create
from touchpoints.workspaces.models import Membership, Workspace
from touchpoints.workspaces.roles import Role
from touchpoints.workspaces.services import brand_create, segment_create, workspace_create

# The demo's content files: the clinic (clinic.yaml), the texts of the Russian and Spanish demos
# (translations.yaml), and the tables the apps' demos draw their data from (feedback.yaml,
# priorities.yaml, audits.yaml).
CONTENT_DIR = Path(__file__).resolve().parent
DATA = CONTENT_DIR / "clinic.yaml"
DEMO_LANGUAGES = ("en", "ru", "es")
_language: ContextVar[str] = ContextVar("demo_language", default="en")
DEMO_USERNAME = "demo"
DEMO_PASSWORD = "touchpoints-demo"
# A colleague in every demo workspace (an editor from the call centre) who comments on the plan and
# mentions the demo user, so "For you" and the member list show a team. No one can log in as her.
DEMO_COLLEAGUE = {"username": "olga", "first_name": "Olga", "last_name": "Petrova", "email": "olga@example.com"}

# Other apps extend the demo (journeys, audits…) by appending callables taking the workspace.
EXTENSIONS: list[Any] = []


@cache
def demo_content(name: str) -> Any:
    """The demo's content file ``<name>.yaml`` (``clinic``, ``translations``, or an app's tables:
    ``feedback``…), read once; callers read it and never change it."""
    return yaml.safe_load((CONTENT_DIR / f"{name}.yaml").read_text(encoding="utf-8"))


def _translations() -> dict[str, dict[str, str]]:
    translations: dict[str, dict[str, str]] = demo_content("translations")
    return translations


def demo_text(text: str) -> str:
    """The demo's English ``text`` in the language the demo is being built in (extensions that add
    demo data write their text through this)."""
    lang = _language.get()
    if lang == "en" or not text:
        return text
    return _translations().get(lang, {}).get(text, text)


def demo_languages_spoken(languages: list[str]) -> list[str]:
    """The languages the demo's patients answer in, drawn from ``languages`` (en, ru, es): as given in
    the English demo; in the Russian and Spanish demos the English speakers answer in the workspace's
    language, so the clinic's own pages show no English."""
    lang = _language.get()
    return languages if lang == "en" else [lang if x == "en" else x for x in languages]


def demo_language() -> str:
    """The language the demo is being built in (``en`` outside :func:`demo_load`)."""
    return _language.get()


def demo_slug(language: str = "en") -> str:
    return "demo-clinic" if language == "en" else f"demo-clinic-{language}"


def demo_colleague(workspace: Workspace) -> Any:
    """The demo workspace's colleague (see ``DEMO_COLLEAGUE``), or None in a workspace without her."""
    member = workspace.memberships.filter(user__username=DEMO_COLLEAGUE["username"]).select_related("user").first()
    return member.user if member else None


def demo_load(*, reset: bool = False, language: str = "en") -> tuple[Workspace, bool]:
    """Creates the demo user and the demo workspace in ``language`` (en, ru or es: the clinic's
    names, journeys and audits in that language; slug ``demo-clinic`` or ``demo-clinic-<lang>``);
    returns (workspace, created). Idempotent."""
    if language not in DEMO_LANGUAGES:
        raise ValueError(f"language must be one of {DEMO_LANGUAGES}")
    token = _language.set(language)
    try:
        return _demo_load(reset=reset, language=language)
    finally:
        _language.reset(token)


@transaction.atomic
def _demo_load(*, reset: bool, language: str) -> tuple[Workspace, bool]:
    t = demo_text
    data = demo_content("clinic")
    user_model = get_user_model()
    user, _ = user_model.objects.get_or_create(username=DEMO_USERNAME, defaults={"email": "demo@example.com"})
    if not user.has_usable_password() or reset or not user.check_password(DEMO_PASSWORD):
        user.set_password(DEMO_PASSWORD)
        user.save()
    ws_data = data["workspace"]
    slug = demo_slug(language) if ws_data["slug"] == "demo-clinic" else ws_data["slug"]
    existing = Workspace.objects.filter(slug=slug).first()
    if existing and not reset:
        Membership.objects.get_or_create(workspace=existing, user=user, defaults={"role": Role.OWNER})
        return existing, False
    if existing:
        existing.delete()
    brands = data["brands"]
    own = brands[0]
    ws = workspace_create(
        name=t(ws_data["name"]),
        owner=user,
        own_brand=own["name"],
        slug=slug,
        description=t(ws_data["description"]),
        industry=t(ws_data["industry"]),
    )
    colleague, _ = user_model.objects.get_or_create(username=DEMO_COLLEAGUE["username"], defaults=DEMO_COLLEAGUE)
    if colleague.has_usable_password():
        colleague.set_unusable_password()
        colleague.save()
    Membership.objects.create(workspace=ws, user=colleague, role=Role.EDITOR)
    brand_objs = [ws.brands.get(is_own=True)]
    brand_objs[0].color, brand_objs[0].website = own["color"], own["website"]
    brand_objs[0].save()
    for b in brands[1:]:
        brand_objs.append(
            brand_create(workspace=ws, name=b["name"], is_own=b["own"], color=b["color"], website=b["website"])
        )
    segments = {
        s["name"]: segment_create(
            workspace=ws, name=t(s["name"]), description=t(s["description"]), share=s["share"], customer_type=s["type"]
        )
        for s in data["segments"]
    }
    by_code: dict[str, Touchpoint] = {}
    for row in data["touchpoints"]:
        # The classification axes stand in the row in their declaration order (see the YAML's header).
        name, code, parent, *axes, owner, presence, segs, wow = row
        by_code[code] = touchpoint_create(
            workspace=ws,
            name=t(name),
            code=code,
            parent=by_code.get(parent) if parent else None,
            **dict(zip(CLASSIFICATION_FIELDS, axes, strict=True)),
            owner_unit=t(owner),
            wow=t(wow),
            created_by=user,
            segments=[segments[s] for s in segs],
            presence={b.pk: status for b, status in zip(brand_objs, presence)},
        )
    with translation.override(language):  # what the services write (notes, labels) in the demo's language
        for extend in EXTENSIONS:
            extend(ws)
    return ws, True
