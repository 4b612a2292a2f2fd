"""Exports as pure functions of a map document: mind maps that parse, Mermaid, SVG/PNG/PDF, tables."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

from openpyxl import load_workbook

from touchpoints.journeys.chain import Chain, Step
from touchpoints.journeys.document import MapDocument
from touchpoints.journeys.downloads import export_bytes
from touchpoints.journeys.exports import freemind, mermaid, opml
from touchpoints.journeys.svgmap import map_svg
from touchpoints.journeys.weaklinks import find_weak_links


def doc(**kw: object) -> MapDocument:
    chain = Chain(
        brand="Clínica «Вена» & Co",
        has_next=True,
        steps=(
            Step(1, 11, 'Ad "quoted" <b>', "need", channel="advertising", owner="Marketing", expected=1),
            Step(
                2,
                12,
                "Звонок в клинику",
                "decision",
                channel="phone",
                owner="",
                presence="missing",
                expected=-1,
                note="Answered at the third ring",
            ),
            Step(3, 13, "Boletín", "after", channel="email", owner="Marketing", expected=0, final_chord=True),
        ),
    )
    base: dict = {
        "title": "Primera visita → врач",
        "chain": chain,
        "links": find_weak_links(chain),
        "process": "Book",
        "brand": chain.brand,
        "segments": ["Women"],
        "next_journey": "Return visit",
        "touchpoint_urls": {11: "http://x/tp/11/", 12: "http://x/tp/12/", 13: "http://x/tp/13/"},
    }
    base.update(kw)
    return MapDocument(**base)


def test_freemind_is_ascii_xml_with_stages_steps_arrows_and_links():
    data = freemind(doc())
    data.decode("ascii")  # FreeMind's own files use character references
    root = ET.fromstring(data)
    assert root.tag == "map" and root.get("version") == "1.0.1"
    top = root.find("node")
    assert top.get("TEXT") == "Primera visita → врач"
    assert [n.get("TEXT") for n in top.findall("node")][:3] == [
        "Need awareness",
        "Purchase decision",
        "After-purchase reaction",
    ]
    step2 = root.find(".//node[@ID='step_2']")
    assert step2.get("TEXT") == "2. Звонок в клинику" and step2.get("LINK") == "http://x/tp/12/"
    assert step2.find("arrowlink").get("DESTINATION") == "step_3"
    assert any("does not have" in (n.get("TEXT") or "") for n in step2.iter("node"))
    assert step2.find("icon") is not None
    final = root.find(".//node[@ID='step_3']")
    assert any("Return visit" in (n.get("TEXT") or "") for n in final.iter("node"))


def test_opml_outlines_the_same_tree():
    root = ET.fromstring(opml(doc()))
    assert root.get("version") == "2.0" and root.find("head/title").text == "Primera visita → врач"
    top = root.find("body/outline")
    stages = top.findall("outline")
    assert [o.get("text") for o in stages[:3]] == ["Need awareness", "Purchase decision", "After-purchase reaction"]
    first = stages[0].find("outline")
    assert first.get("text") == '1. Ad "quoted" <b>' and first.get("url") == "http://x/tp/11/"
    assert "Channel: Advertising" in first.get("_note")


def test_mermaid_is_a_flowchart_with_escaped_labels():
    text = mermaid(doc())
    assert text.startswith("---\ntitle: ") and "flowchart LR" in text
    assert "s1 --> s2" in text and "s2 --> s3" in text
    assert 's1["1. Ad #34;quoted#34; #60;b#62;<br/>+1"]' in text
    assert "s3 -.-> next" in text and "class s2 high" in text
    assert 'click s2 href "http://x/tp/12/"' in text


def test_svg_map_parses_and_numbers_every_step():
    svg = map_svg(doc())
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    texts = "".join(root.itertext())
    assert "Звонок в клинику" in texts and "Need awareness" in texts and "Experience curve" in texts
    assert 'Ad "quoted" <b>' in texts  # escaped in the file, intact when parsed


def test_png_pdf_and_tables():
    d = doc()
    assert export_bytes(d, "png")[:8] == b"\x89PNG\r\n\x1a\n"
    assert export_bytes(d, "pdf")[:5] == b"%PDF-"
    rows = list(csv.reader(io.StringIO(export_bytes(d, "csv").decode("utf-8-sig"))))
    assert rows[0][:3] == ["number", "stage", "touchpoint"] and len(rows) == 4
    assert rows[2][2] == "Звонок в клинику" and "touchpoint_missing" in rows[2][-1]
    workbook = load_workbook(io.BytesIO(export_bytes(d, "xlsx")))
    assert workbook.sheetnames == ["steps", "weak_links"]
    assert workbook["weak_links"].max_row == len(d.links) + 1


def test_exports_of_an_empty_chain():
    empty = doc(chain=Chain(), links=find_weak_links(Chain()))
    for fmt in ("svg", "png", "mm", "opml", "mmd", "csv", "xlsx", "json"):
        assert export_bytes(empty, fmt)
    assert ET.fromstring(freemind(empty)).find(".//node[@ID='weak_links']") is not None
