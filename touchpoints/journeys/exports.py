"""The chain in the formats people open elsewhere ([P1]: "schemes and mind maps"):
FreeMind ``.mm`` and OPML mind maps, Mermaid text, and the steps as a table (CSV/XLSX/JSON via
touchpoints.lib.exporting). Each is a pure function of a ``MapDocument``.

Mind maps: the journey is the root; the five stages are its branches (empty ones are left out);
each step is a node "N. touchpoint" with its channel, owner, experience, note and weak links as
children, linked to the touchpoint's page; FreeMind arrows join the steps in chain order. Weak
links of the journey as a whole hang off a "Weak links" branch, and the final chord points at
the next journey.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from email.utils import format_datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from touchpoints.journeys.chain import STAGES, Step
from touchpoints.journeys.choices import Severity
from touchpoints.journeys.document import (
    MapDocument,
    channel_label,
    experience_text,
    mode_label,
    presence_label,
    stage_label,
)
from touchpoints.lib.exporting import Table

FREEMIND_ICONS: dict[str, str] = {
    Severity.HIGH: "stop-sign",
    Severity.MEDIUM: "messagebox_warning",
    Severity.LOW: "idea",
}


def _step_title(number: int, step: Step) -> str:
    return f"{number}. {step.name}"


def _step_facts(doc: MapDocument, step: Step) -> list[str]:
    facts = []
    if step.channel:
        facts.append(_("Channel: %(v)s") % {"v": channel_label(step.channel)})
    if step.mode:
        facts.append(_("Online / offline: %(v)s") % {"v": mode_label(step.mode)})
    facts.append(_("Owner: %(v)s") % {"v": step.owner or "—"})
    facts.append(_("%(brand)s has it: %(v)s") % {"brand": doc.brand or _("Brand"), "v": presence_label(step.presence)})
    facts.append(
        _("Experience: %(v)s (%(source)s)")
        % {
            "v": experience_text(step.experience),
            "source": {"audit": _("audit score"), "expected": _("expected")}.get(step.source, _("not judged")),
        }
    )
    if step.final_chord:
        facts.append(_("Final chord"))
    if step.note:
        facts.append(_("Note: %(v)s") % {"v": step.note})
    return facts


def _numbered(doc: MapDocument) -> dict[str, list[tuple[int, Step]]]:
    by_stage: dict[str, list[tuple[int, Step]]] = {s: [] for s in STAGES}
    for number, step in enumerate(doc.chain.steps, 1):
        by_stage.setdefault(step.stage, []).append((number, step))
    return by_stage


# --- FreeMind ----------------------------------------------------------------------------------


def freemind(doc: MapDocument) -> bytes:
    now = str(int(timezone.now().timestamp() * 1000))
    root_map = ET.Element("map", version="1.0.1")
    root = ET.SubElement(root_map, "node", ID="journey", TEXT=doc.title, CREATED=now, MODIFIED=now)
    if doc.subtitle or doc.description:
        note = ET.SubElement(root, "richcontent", TYPE="NOTE")
        body = ET.SubElement(ET.SubElement(note, "html"), "body")
        for text in (doc.subtitle, doc.description):
            if text:
                ET.SubElement(body, "p").text = text
    ids = {number: f"step_{step.id}" for number, step in enumerate(doc.chain.steps, 1)}
    for stage, items in _numbered(doc).items():
        if not items:
            continue
        branch = ET.SubElement(
            root, "node", ID=f"stage_{stage}", TEXT=stage_label(stage), POSITION="right", FOLDED="false"
        )
        for number, step in items:
            attrs = {"ID": ids[number], "TEXT": _step_title(number, step)}
            if step.touchpoint_id in doc.touchpoint_urls:
                attrs["LINK"] = doc.touchpoint_urls[step.touchpoint_id]
            node = ET.SubElement(branch, "node", attrs)
            links = doc.step_links(step)
            for severity in dict.fromkeys(link.severity for link in links):
                ET.SubElement(node, "icon", BUILTIN=FREEMIND_ICONS.get(severity, "messagebox_warning"))
            if step.final_chord:
                ET.SubElement(node, "icon", BUILTIN="bookmark")
            if number + 1 in ids:
                ET.SubElement(node, "arrowlink", DESTINATION=ids[number + 1], ENDARROW="Default", STARTARROW="None")
            for fact in _step_facts(doc, step):
                ET.SubElement(node, "node", TEXT=fact)
            for link in links:
                ET.SubElement(node, "node", TEXT=f"⚠ {link.title}: {link.message}", COLOR="#c62828")
            if step.final_chord and doc.next_journey:
                ET.SubElement(node, "node", TEXT=_("Starts the next journey: %(name)s") % {"name": doc.next_journey})
    general = doc.journey_links()
    if general:
        branch = ET.SubElement(root, "node", ID="weak_links", TEXT=_("Weak links"), POSITION="left")
        for link in general:
            ET.SubElement(branch, "node", TEXT=f"{link.title}: {link.message}", COLOR="#c62828")
    # ASCII with character references, as FreeMind itself writes its files.
    return ET.tostring(root_map, encoding="us-ascii", xml_declaration=False)


# --- OPML --------------------------------------------------------------------------------------


def opml(doc: MapDocument) -> bytes:
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = doc.title
    ET.SubElement(head, "dateCreated").text = format_datetime(timezone.now())
    body = ET.SubElement(root, "body")
    top = ET.SubElement(body, "outline", text=doc.title)
    if doc.subtitle or doc.description:
        top.set("_note", "\n".join(t for t in (doc.subtitle, doc.description) if t))
    for stage, items in _numbered(doc).items():
        if not items:
            continue
        branch = ET.SubElement(top, "outline", text=stage_label(stage))
        for number, step in items:
            attrs = {"text": _step_title(number, step), "_note": "\n".join(_step_facts(doc, step))}
            if step.touchpoint_id in doc.touchpoint_urls:
                attrs.update(type="link", url=doc.touchpoint_urls[step.touchpoint_id])
            node = ET.SubElement(branch, "outline", attrs)
            for link in doc.step_links(step):
                ET.SubElement(node, "outline", text=f"⚠ {link.title}: {link.message}")
            if step.final_chord and doc.next_journey:
                ET.SubElement(node, "outline", text=_("Starts the next journey: %(name)s") % {"name": doc.next_journey})
    general = doc.journey_links()
    if general:
        branch = ET.SubElement(top, "outline", text=_("Weak links"))
        for link in general:
            ET.SubElement(branch, "outline", text=f"{link.title}: {link.message}")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


# --- Mermaid -----------------------------------------------------------------------------------

_MERMAID_UNSAFE = re.compile(r'["<>#`{}\[\]|]')
MERMAID_CLASSES = {
    Severity.HIGH: "fill:#fdecea,stroke:#c62828,stroke-width:2px",
    Severity.MEDIUM: "fill:#fff4e5,stroke:#ef6c00,stroke-width:2px",
    Severity.LOW: "fill:#ffffff,stroke:#1565c0",
}


def _mermaid_text(text: str) -> str:
    """Text safe inside a quoted Mermaid label: quotes and markup characters as entity codes."""
    return _MERMAID_UNSAFE.sub(lambda m: f"#{ord(m.group())};", text.replace("\n", " "))


def mermaid(doc: MapDocument) -> str:
    lines = ["---", f"title: {_mermaid_text(doc.title)}", "---", "flowchart LR"]
    for stage, items in _numbered(doc).items():
        if not items:
            continue
        lines.append(f'  subgraph {stage}["{_mermaid_text(stage_label(stage))}"]')
        lines.append("    direction TB")
        for number, step in items:
            label = (
                _mermaid_text(f"{number}. {step.name}")
                + "<br/>"
                + _mermaid_text(experience_text(step.experience) + (" ♪" if step.final_chord else ""))
            )
            lines.append(f'    s{number}["{label}"]')
        lines.append("  end")
    count = len(doc.chain.steps)
    for number in range(1, count):
        lines.append(f"  s{number} --> s{number + 1}")
    final = next((n for n, s in enumerate(doc.chain.steps, 1) if s.final_chord), None)
    if final and doc.next_journey:
        lines.append(f'  next(["{_mermaid_text(_("Next journey: %(name)s") % {"name": doc.next_journey})}"])')
        lines.append(f"  s{final} -.-> next")
    for number, step in enumerate(doc.chain.steps, 1):
        if step.touchpoint_id in doc.touchpoint_urls:
            lines.append(f'  click s{number} href "{doc.touchpoint_urls[step.touchpoint_id]}"')
    for severity, style in MERMAID_CLASSES.items():
        members = [f"s{n}" for n, s in enumerate(doc.chain.steps, 1) if doc.worst(s) == severity]
        if members:
            lines.append(f"  classDef {severity} {style}")
            lines.append(f"  class {','.join(members)} {severity}")
    return "\n".join(lines) + "\n"


# --- Tables ------------------------------------------------------------------------------------

STEP_COLUMNS = [
    "number",
    "stage",
    "touchpoint",
    "touchpoint_id",
    "channel",
    "mode",
    "owner",
    "presence",
    "expected",
    "audit_score",
    "experience",
    "final_chord",
    "note",
    "weak_links",
]


def steps_table(doc: MapDocument) -> Table:
    def rows() -> list[list[object]]:
        return [
            [
                number,
                step.stage,
                step.name,
                step.touchpoint_id,
                step.channel,
                step.mode,
                step.owner,
                step.presence,
                "" if step.expected is None else step.expected,
                "" if step.score is None else step.score,
                "" if step.experience is None else step.experience,
                "yes" if step.final_chord else "",
                step.note,
                "; ".join(f"{link.code}: {link.message}" for link in doc.step_links(step)),
            ]
            for number, step in enumerate(doc.chain.steps, 1)
        ]

    return Table(name="steps", columns=STEP_COLUMNS, rows=rows())


def weak_links_table(doc: MapDocument) -> Table:
    numbers = {step.id: n for n, step in enumerate(doc.chain.steps, 1)}
    return Table(
        name="weak_links",
        columns=["severity", "code", "step", "stage", "touchpoint_id", "message"],
        rows=[
            [
                link.severity,
                link.code,
                numbers.get(link.step_id, "") if link.step_id else "",
                link.stage or "",
                link.touchpoint_id or "",
                link.message,
            ]
            for link in doc.links
        ],
    )
