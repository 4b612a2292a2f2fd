"""Loads the library YAML files (``library/data``) into the database. Idempotent: running it
again updates entries in place, so workspaces keep their links to templates."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from touchpoints.library.models import (
    CriterionKind,
    CriterionTemplate,
    JourneyTemplate,
    JourneyTemplateStep,
    Pack,
    TouchpointTemplate,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
PACK_FILES = ["general.yaml", "clinic.yaml", "retail.yaml", "b2b.yaml", "horeca.yaml"]
LANGS = ("en", "ru", "es")


def _tr(prefix: str, values: dict[str, str] | None) -> dict[str, str]:
    values = values or {}
    return {f"{prefix}_{lang}": (values.get(lang) or values.get("en") or "").strip() for lang in LANGS}


def _read(name: str, data_dir: Path) -> Any:
    with open(data_dir / name, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@transaction.atomic
def library_load(data_dir: Path = DATA_DIR) -> dict[str, int]:
    counts = {"packs": 0, "templates": 0, "kinds": 0, "criteria": 0, "journeys": 0}

    criteria = _read("criteria.yaml", data_dir) if (data_dir / "criteria.yaml").exists() else {"kinds": []}
    kinds: dict[str, CriterionKind] = {}
    for kind_data in criteria.get("kinds", []):
        kind, _ = CriterionKind.objects.update_or_create(
            code=kind_data["code"], defaults=_tr("name", kind_data["name"])
        )
        kinds[kind.code] = kind
        counts["kinds"] += 1
        for pos, crit in enumerate(kind_data.get("criteria", [])):
            CriterionTemplate.objects.update_or_create(
                kind=kind,
                code=crit["code"],
                defaults={**_tr("name", crit["name"]), **_tr("description", crit.get("description")), "position": pos},
            )
            counts["criteria"] += 1

    templates: dict[str, TouchpointTemplate] = {}
    parents: list[tuple[TouchpointTemplate, str]] = []
    for pack_pos, file_name in enumerate(PACK_FILES):
        if not (data_dir / file_name).exists():
            continue
        data = _read(file_name, data_dir)
        pack_data = data["pack"]
        pack, _ = Pack.objects.update_or_create(
            code=pack_data["code"],
            defaults={
                **_tr("name", pack_data["name"]),
                **_tr("description", pack_data.get("description")),
                "position": pack_pos,
            },
        )
        counts["packs"] += 1
        for pos, item in enumerate(data.get("templates", [])):
            names = _tr("name", item["name"])
            descriptions = _tr("description", item.get("description"))
            search_text = " ".join([item["code"], *names.values(), *descriptions.values()]).lower()
            template, _ = TouchpointTemplate.objects.update_or_create(
                code=item["code"],
                defaults={
                    **names,
                    **descriptions,
                    "pack": pack,
                    "position": pos,
                    "search_text": search_text,
                    "kind": kinds.get(item.get("kind") or ""),
                    "area": item.get("area") or "",
                    "stages": item.get("stages") or [],
                    "moment": item.get("moment") or "",
                    "mode": item.get("mode") or "",
                    "channel": item.get("channel") or "",
                    "attention": item.get("attention") or "",
                    "lifetime": item.get("lifetime") or "",
                    "senses": item.get("senses") or [],
                    "control": item.get("control") or "",
                    "parent": None,
                },
            )
            templates[template.code] = template
            counts["templates"] += 1
            if item.get("parent"):
                parents.append((template, item["parent"]))
    for template, parent_code in parents:
        template.parent = templates[parent_code]
        template.save(update_fields=["parent"])

    journeys_file = data_dir / "journeys.yaml"
    if journeys_file.exists():
        data = _read("journeys.yaml", data_dir)
        packs = {p.code: p for p in Pack.objects.all()}
        by_code: dict[str, JourneyTemplate] = {}
        nexts: list[tuple[JourneyTemplate, str]] = []
        for pos, item in enumerate(data.get("journeys", [])):
            journey, _ = JourneyTemplate.objects.update_or_create(
                code=item["code"],
                defaults={
                    **_tr("name", item["name"]),
                    **_tr("description", item.get("description")),
                    **_tr("process", item.get("process")),
                    "pack": packs[item.get("pack") or "general"],
                    "final_chord": bool(item.get("final_chord")),
                    "position": pos,
                    "next": None,
                },
            )
            journey.steps.all().delete()
            JourneyTemplateStep.objects.bulk_create(
                [
                    JourneyTemplateStep(
                        journey=journey,
                        template=templates[step["template"]],
                        position=i,
                        stage=step["stage"],
                        expected=int(step.get("expected", 0)),
                        **_tr("note", step.get("note")),
                    )
                    for i, step in enumerate(item.get("steps", []))
                ]
            )
            by_code[journey.code] = journey
            counts["journeys"] += 1
            if item.get("next"):
                nexts.append((journey, item["next"]))
        for journey, code in nexts:
            journey.next = by_code.get(code)
            journey.save(update_fields=["next"])
    return counts
