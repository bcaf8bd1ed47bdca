"""The plan of action a KVO assessor signs (issue 15): sources, names, partners, analysis,
fire safety, privacy, effort, phasing, honest goals and print."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import textwrap
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pypdf
import pytest

from kvo_rules import Engine
from kvo_rules.core.errors import KvoError
from kvo_rules.core.model import Text
from kvo_rules.core.profile import parse_profile
from kvo_rules.documents.plan import Plan, build_plan, render_html, render_markdown
from kvo_rules.documents.plan.goals import SMALL_COUNT, honest_target, survey_fraction
from kvo_rules.documents.plan.model import EffortKind, Phase
from kvo_rules.documents.plan.phasing import (
    EFFECT_MONTHS,
    LARGE_INVESTMENT,
    QUICK_WIN_MONTHS,
    QUICK_WIN_ONE_OFF,
)
from kvo_rules.documents.plan.references import CITATION, number_citations
from kvo_rules.documents.plan.schedule import add_months
from kvo_rules.documents.plan.texts import word

from .conftest import ROOT, chromium_path, example_profiles

START = date(2025, 3, 1)
EXAMPLES = {p.stem: p for p in example_profiles()}
GOLDEN = ROOT / "tests" / "golden"
PLANS = sorted([*GOLDEN.glob("plan/*.md"), *GOLDEN.glob("plan/*.html")])
DOCUMENTS = sorted([*PLANS, *GOLDEN.glob("evaluate/*.md"), *GOLDEN.glob("evaluate/*.html")])


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine()


@pytest.fixture(scope="module")
def plans(engine: Engine) -> dict[str, Plan]:
    out = {}
    for stem, path in EXAMPLES.items():
        profile = engine.load_profile(path)
        out[stem] = build_plan(engine, profile, engine.recommend(profile), START)
    return out


def _plan_for(engine: Engine, text: str) -> Plan:
    profile = parse_profile(textwrap.dedent(text), engine.catalogue, source="p.yaml")
    return build_plan(engine, profile, engine.recommend(profile), START)


def _text_of(path: Path) -> str:
    """A document's readable text: the HTML's text nodes, the Markdown as it is."""
    raw = path.read_text("utf-8")
    if path.suffix == ".html":
        root = ET.fromstring(raw)
        body = root.find("body")
        assert body is not None
        return " ".join(body.itertext())
    return raw


def _reference_count(path: Path) -> int:
    raw = path.read_text("utf-8")
    if path.suffix == ".html":
        return len(re.findall(r'<li (?:id="ref-\d+" )?value="\d+"', raw))
    tail = raw.split("\n## ")[-1]
    return len(re.findall(r"^\d+\. ", tail, flags=re.M))


# --- references -------------------------------------------------------------------------------


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_every_citation_in_a_document_resolves_to_its_source_list(path: Path) -> None:
    text = _text_of(path)
    cited = re.findall(r"\\?\[([^\]\n]*)\]", text)
    assert cited or path not in PLANS, f"{path.name} cites nothing"
    count = _reference_count(path)
    for key in cited:
        assert key.isdigit(), f"{path.name}: a citation that is not a number: [{key}]"
        assert 1 <= int(key) <= count, f"{path.name}: [{key}] has no entry (of {count})"


def test_every_citation_of_the_rules_and_the_catalogue_is_a_known_source(engine: Engine) -> None:
    def texts(value: object) -> Iterator[str]:
        if isinstance(value, Text):
            yield from (value.nl, value.en)
        elif isinstance(value, tuple | list):
            for v in value:
                yield from texts(v)
        elif hasattr(type(value), "model_fields"):
            for name in type(value).model_fields:
                yield from texts(getattr(value, name))

    things: list[object] = [*engine.rulebase.rules, *engine.catalogue.measures.values()]
    for thing in things:
        for t in texts(thing):
            for key in re.findall(r"\[([^\]]*)\]", t):
                assert CITATION.fullmatch(f"[{key}]"), f"malformed citation [{key}] in {t!r}"
                assert key in engine.catalogue.sources, f"[{key}] is not in sources.yaml"


def test_a_plan_numbers_its_sources_by_first_citation(plans: dict[str, Plan]) -> None:
    plan = plans["business_park_dark"]
    refs = plan.references
    assert [r.number for r in refs] == list(range(1, len(refs) + 1))
    assert all(r.title for r in refs)
    first = plan.measures[0].reasons[0].en
    key = CITATION.findall(first)[0]
    assert next(r for r in refs if r.key == key).number == 1
    assert number_citations("x [S38] [nope]", refs).startswith("x [1]")
    assert number_citations("[nope]", refs) == "[nope]"


# --- names, never ids --------------------------------------------------------------------------


def test_documents_use_names_never_ids_rule_ids_or_flags(engine: Engine) -> None:
    ids = {
        i
        for i in [
            *engine.catalogue.measures,
            *engine.catalogue.problems,
            *(r.id for r in engine.rulebase.rules),
        ]
        if "_" in i
    }
    csvs = sorted(GOLDEN.glob("plan/*.csv"))
    assert DOCUMENTS and csvs
    for path in [*DOCUMENTS, *csvs]:
        text = _text_of(path)
        if path.suffix == ".csv":  # the matrix keeps an Id column for spreadsheets; not words
            delimiter = ";" if ".nl." in path.name else ","  # each language's CSV dialect
            rows = csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=delimiter)
            text = "\n".join(";".join(cells[:1] + cells[2:]) for cells in rows)
        words = set(re.findall(r"[a-z][a-z0-9_]+", text))
        assert not words & ids, f"{path.name} names ids: {sorted(words & ids)[:5]}"
        assert not re.search(r"(?<![\w-])--[a-z]", text), f"{path.name} names a command flag"
        assert "Excluded by rule" not in text and "Uitgesloten door regel" not in text


def test_the_partnership_is_never_a_measure_not_chosen(engine: Engine) -> None:
    plan = _plan_for(
        engine,
        """
        area: {name: Kleine Kern, kind: shopping_area, businesses: 40}
        problems:
          - {type: shoplifting, severity: 3, incidents_per_year: 30}
        """,
    )
    assert "kvo_partnership" not in {n.id for n in plan.not_chosen}
    assert any("voorwaarde voor het keurmerk" in r.nl for r in plan.partnership_requests)
    md = render_markdown(plan, "en")
    assert "has no effect" not in md


# --- partnership and analysis ------------------------------------------------------------------


FULL = """
area: {name: Park Noord, kind: business_park, businesses: 60}
problems:
  - {type: burglary_business, severity: 4, incidents_per_year: 20}
existing_measures: [kvo_partnership]
partnership:
  covenant_date: 2024-05-01
  working_group: every quarter
  partners:
    - {name: Gemeente, party: municipality, contact: A}
    - {name: Politie, party: police, contact: B}
    - {name: Brandweer, party: fire_brigade, contact: C}
    - {name: Parkvereniging, party: collective, contact: D, role: chair}
analysis:
  sources: [police, survey, schouw]
  survey: {invited: 60, responded: 33}
  walkthroughs: [2024-03-01, 2024-03-14]
  police_figures: {start: 2023-01-01, end: 2023-12-31}
  fire_brigade_figures: {start: 2023-01-01, end: 2023-12-31}
"""


def test_a_full_partnership_and_analysis_leave_the_assessor_nothing_to_ask(
    engine: Engine,
) -> None:
    plan = _plan_for(engine, FULL)
    assert plan.partnership_requests == () and plan.analysis_requests == ()
    md = render_markdown(plan, "en")
    assert "| Gemeente | municipality |" in md
    assert "Covenant signed on: 1 May 2024." in md
    assert "33 of 60 businesses answered (55%)" in md
    assert "1 March 2024, 14 March 2024" in md


def test_what_is_missing_is_what_the_assessor_will_ask_for(engine: Engine) -> None:
    text = FULL.replace("    - {name: Brandweer, party: fire_brigade, contact: C}\n", "")
    text = text.replace("  survey: {invited: 60, responded: 33}\n", "")
    plan = _plan_for(engine, text)
    asks = [a.en for a in plan.partnership_requests + plan.analysis_requests]
    assert any("fire brigade as a partner" in a for a in asks)
    assert any("business survey" in a for a in asks)
    bare = _plan_for(engine, FULL.split("partnership:")[0])
    assert any("'partnership'" in a.en for a in bare.partnership_requests)
    assert any("'analysis'" in a.en for a in bare.analysis_requests)
    md = render_markdown(bare, "nl")
    assert md.count(word("ask.title", "nl")) == 2


@pytest.mark.parametrize(
    ("snippet", "where", "message"),
    [
        ("    - {name: X, party: polic}\n", (5, 24), "did you mean 'police'"),
        ("    - {name: X, contakt: Y}\n", (5, 17), "did you mean 'contact'"),
    ],
)
def test_partnership_errors_carry_file_line_and_column(
    engine: Engine, snippet: str, where: tuple[int, int], message: str
) -> None:
    text = (
        "area: {name: X, kind: business_park, businesses: 5}\n"
        "problems: [{type: burglary_business, severity: 2}]\n"
        "partnership:\n  partners:\n" + snippet
    )
    with pytest.raises(KvoError) as info:
        parse_profile(text, engine.catalogue, source="p.yaml")
    shown = str(info.value)
    assert f"p.yaml:{where[0]}:{where[1]}:" in shown and message in shown


def test_a_survey_cannot_have_more_answers_than_invitations(engine: Engine) -> None:
    text = FULL.replace("responded: 33", "responded: 61")
    with pytest.raises(KvoError, match=r"p\.yaml:\d+:\d+: .*'responded' \(61\) is more"):
        parse_profile(text, engine.catalogue, source="p.yaml")


# --- fire safety, communication and privacy ----------------------------------------------------


def test_every_plan_has_a_fire_safety_and_a_communication_paragraph(
    plans: dict[str, Plan],
) -> None:
    for plan in plans.values():
        assert len(plan.fire_safety) == 3 and "fire brigade" in plan.fire_safety[0].en
        assert len(plan.communication) >= 3
    fire = plans["business_park_fire_site"].fire_safety
    assert fire[-1].en.startswith("Fire measures in this plan:")
    assert plans["shopping_area_village"].fire_safety[-1].en.startswith("No fire measure")


def test_a_camera_measure_names_its_legal_step(plans: dict[str, Plan]) -> None:
    logistics = plans["business_park_logistics"]
    assert {"anpr_entrances", "anpr_legal_basis"} <= {m.id for m in logistics.measures}
    steps = [c.en for c in logistics.communication if "Step needed" in c.en]
    assert any(s.startswith("ANPR cameras") and "Legal basis" in s for s in steps)


# --- effort indicators ------------------------------------------------------------------------


def test_every_measure_has_an_effort_indicator_by_the_documented_rule(
    engine: Engine, plans: dict[str, Plan]
) -> None:
    for plan in plans.values():
        for m in plan.measures:
            assert m.effort is not None
            assert (m.effort.target is None) == (m.effort.kind is EffortKind.realised)
    dark = {m.id: m for m in plans["business_park_dark"].measures}
    assert dark["business_alert_app"].effort is not None
    assert dark["business_alert_app"].effort.kind is EffortKind.participation
    assert dark["police_hotspot"].effort is not None
    assert dark["police_hotspot"].effort.kind is EffortKind.hours
    street = dark["street_lighting"].effort
    assert street is not None and street.kind is EffortKind.units and street.target == 31
    md = render_markdown(plans["business_park_dark"], "en")
    assert "| Improved street lighting | number in place, counted in: lamp post |" in md


# --- phasing ---------------------------------------------------------------------------------


def test_quick_wins_first_investments_spread_and_waits_named(plans: dict[str, Plan]) -> None:
    for plan in plans.values():
        latest = add_months(plan.evaluation.one_meting, -EFFECT_MONTHS)
        for m in plan.measures:
            if m.phase is Phase.quick_win:
                assert m.start == plan.start and not m.after
                assert m.lead_time_months <= QUICK_WIN_MONTHS
                assert m.one_off_cost <= QUICK_WIN_ONE_OFF
            if m.phase is Phase.investment:
                assert m.one_off_cost >= LARGE_INVESTMENT
                if m.start > plan.start and not m.after:  # held back to a later plan year
                    assert m.realisation <= latest
            for a in m.after:  # a measure waits for the realisation of what it needs
                assert m.start >= plan.measure(a).realisation
    logistics = plans["business_park_logistics"]
    assert logistics.measure("perimeter_fence").start == date(2026, 3, 1)  # spread to year 2
    assert [y.one_off for y in logistics.budget.per_year][:3] == [162500.0, 78750.0, 0.0]
    md = render_markdown(logistics, "en")
    assert "(after: Legal basis and agreements for ANPR)" in md
    assert "| 1. quick win |" in md and "| 3. large investment |" in md


# --- honest goals ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expected", "target"), [(14.6, 15), (49.2, 50), (118.3, 120), (205.2, 210), (3.0, 3)]
)
def test_targets_are_no_more_precise_than_the_count(expected: float, target: int) -> None:
    assert honest_target(expected) == target


def test_survey_goals_are_rounded_down_to_five_points() -> None:
    assert survey_fraction(0.3472) == 0.30 and survey_fraction(0.30) == 0.30
    assert survey_fraction(0.049) == 0.0


def test_small_counts_get_a_goal_in_words(plans: dict[str, Plan]) -> None:
    village = plans["shopping_area_village"]
    robbery = next(g for g in village.goals if g.problem == "robbery")
    assert robbery.baseline_incidents is not None and robbery.baseline_incidents < SMALL_COUNT
    assert robbery.qualitative and "too few for a goal in numbers" in robbery.statement.en
    assert robbery.target_incidents_max == robbery.baseline_incidents
    for plan in plans.values():
        for g in plan.goals:
            if g.baseline_incidents is not None and g.baseline_incidents >= SMALL_COUNT:
                assert not g.qualitative


def test_a_goal_pushed_up_by_better_reporting_says_so(plans: dict[str, Plan]) -> None:
    village = plans["shopping_area_village"]
    noted = [g for g in village.goals if g.note is not None]
    assert noted and all("reporting_support" in g.measures for g in noted)
    assert all(g.note is not None and "recorded figures may rise" in g.note.en for g in noted)
    robbery = next(g for g in village.goals if g.problem == "robbery")
    assert robbery.note is None  # reporting facilitation does not address robbery


# --- print -----------------------------------------------------------------------------------


def _print(html: str, tmp_path: Path, name: str) -> pypdf.PdfReader:
    page = tmp_path / f"{name}.html"
    page.write_text(html, encoding="utf-8")
    pdf = tmp_path / f"{name}.pdf"
    subprocess.run(
        [
            str(chromium_path()),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return pypdf.PdfReader(str(pdf))


MIN_PAGE_TEXT = 600
"""Characters of text a printed page (cover and last page aside) holds at least: less is a
page that a last table row or a legend spilled onto."""


@pytest.mark.parametrize("stem", sorted(EXAMPLES))
def test_the_printed_plan_has_page_numbers_a_running_header_and_no_orphan_pages(
    plans: dict[str, Plan], stem: str, tmp_path: Path
) -> None:
    lang = "nl" if sorted(EXAMPLES).index(stem) % 2 == 0 else "en"
    plan = plans[stem]
    reader = _print(render_html(plan, lang), tmp_path, stem)
    pages = [p.extract_text() or "" for p in reader.pages]
    total = len(pages)
    assert total >= 5
    label = word("doc.page", lang)
    for i, text in enumerate(pages, 1):
        assert f"{label} {i} / {total}" in text
        if i > 1:
            assert plan.area.name in text.splitlines()[0] or plan.area.name in text
            body = len(text) - len(plan.area.name) - 80
            if i < total:
                assert body >= MIN_PAGE_TEXT, f"page {i} of {total} is almost empty"
            else:
                assert word("doc.footer", lang)[:30] in " ".join(text.split())
    whole = " ".join(" ".join(pages).split())
    assert word("sec.references", lang) in whole and word("sec.fire", lang) in whole


def test_what_the_profile_says_is_never_read_as_a_citation(engine: Engine) -> None:
    plan = _plan_for(
        engine,
        """
        area: {name: "Park [S1] [click]", kind: business_park, businesses: 40}
        problems:
          - {type: burglary_business, severity: 4, incidents_per_year: 12, note: "see [E1]"}
        """,
    )
    keys = {r.key for r in plan.references}
    assert "click" not in keys and all(r.title for r in plan.references)
    md = render_markdown(plan, "en")
    assert "Park \\[S1] \\[click]" in md and "see \\[E1]" in md
