"""The plan of action (issue 6): goals, schedule, budget, the documents and safe writing.

Golden files live in tests/golden/plan/: every example profile x nl/en x md/html/json/csv,
with a fixed start date. Regenerate them after an intended change with

    KVO_UPDATE_GOLDEN=1 python -m pytest tests/test_plan.py

and review the diff before committing.
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import math
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner, Result

from kvo_rules import Engine
from kvo_rules.cli import main
from kvo_rules.core.atomic import write_atomic
from kvo_rules.core.errors import KvoError
from kvo_rules.core.model import Lang
from kvo_rules.core.words import format_date, format_number
from kvo_rules.documents.plan import (
    GoalKind,
    MeasureStatus,
    Plan,
    PlanFormat,
    add_months,
    at_least_fraction,
    at_most,
    build_plan,
    format_for_path,
    render_html,
    render_json,
    render_markdown,
    render_matrix_csv,
    render_matrix_xlsx,
    schedule,
    severity_target,
)
from kvo_rules.documents.plan.texts import WORDS, word

from .conftest import ROOT, chromium_path, example_profiles

START = date(2025, 3, 1)
GOLDEN = Path(__file__).parent / "golden" / "plan"
TEMPLATES = ROOT / "kvo_rules" / "documents" / "plan" / "templates"
MINI = Path(__file__).parent / "data" / "mini"
UPDATE = os.environ.get("KVO_UPDATE_GOLDEN") == "1"
LANGS: tuple[Lang, ...] = ("nl", "en")
EXAMPLES = {p.stem: p for p in example_profiles()}


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def run_en(*args: str) -> Result:
    """``run`` with English messages (the CLI's default is Dutch)."""
    return CliRunner().invoke(main, list(args), env={"KVO_LANG": "en"})


def assert_user_error(result: Result, needle: str) -> None:
    assert result.exit_code == 2, result.output
    assert needle in result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.fixture(scope="module")
def plans(engine: Engine) -> dict[str, Plan]:
    """The plan of every example profile, starting on START."""
    out = {}
    for stem, path in EXAMPLES.items():
        profile = engine.load_profile(path)
        out[stem] = build_plan(engine, profile, engine.recommend(profile), START)
    return out


def _render(plan: Plan, lang: Lang, ext: str) -> str:
    if ext == "md":
        return render_markdown(plan, lang)
    if ext == "html":
        return render_html(plan, lang)
    if ext == "json":
        return render_json(plan, lang)
    return render_matrix_csv(plan, lang)


# --- golden files --------------------------------------------------------------------------


GOLDEN_CASES = [
    (stem, lang, ext)
    for stem in EXAMPLES
    for lang in LANGS
    for ext in ("md", "html", "json", "csv")
]


@pytest.mark.parametrize(("stem", "lang", "ext"), GOLDEN_CASES)
def test_golden(plans: dict[str, Plan], stem: str, lang: Lang, ext: str) -> None:
    actual = _render(plans[stem], lang, ext)
    path = GOLDEN / f"{stem}.{lang}.{ext}"
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(actual.encode("utf-8"))
    assert path.exists(), f"{path} is missing: run KVO_UPDATE_GOLDEN=1 pytest {__file__}"
    expected = path.read_bytes().decode("utf-8")
    if actual != expected:
        diff = difflib.unified_diff(
            expected.splitlines(),
            actual.splitlines(),
            fromfile=str(path),
            tofile="rendered now",
            lineterm="",
        )
        shown = "\n".join(list(diff)[:80])
        pytest.fail(
            f"{path.name} differs from the rendered plan "
            f"(KVO_UPDATE_GOLDEN=1 regenerates it):\n{shown}"
        )


def test_no_stray_golden_files() -> None:
    wanted = {f"{stem}.{lang}.{ext}" for stem, lang, ext in GOLDEN_CASES}
    present = {p.name for p in GOLDEN.iterdir()} if GOLDEN.exists() else set()
    assert present - wanted == set(), "golden files for no example: delete them"


def test_the_cli_writes_what_the_library_renders(tmp_path: Path) -> None:
    out = tmp_path / "plan.html"
    matrix = tmp_path / "matrix.csv"
    stem = "business_park_dark"
    result = run(
        "plan",
        str(EXAMPLES[stem]),
        "-o",
        str(out),
        "--start",
        START.isoformat(),
        "--matrix",
        str(matrix),
    )
    assert result.exit_code == 0, result.output
    assert out.read_text("utf-8") == (GOLDEN / f"{stem}.nl.html").read_text("utf-8")
    assert matrix.read_bytes() == (GOLDEN / f"{stem}.nl.csv").read_bytes()


def test_the_same_inputs_give_the_same_plan(engine: Engine) -> None:
    profile = engine.load_profile(EXAMPLES["shopping_area_station"])
    first = build_plan(engine, profile, engine.recommend(profile), START)
    second = build_plan(engine, profile, engine.recommend(profile), START)
    assert render_json(first) == render_json(second)


# --- goals ---------------------------------------------------------------------------------


def test_at_most_rounds_up_to_a_whole_number_the_plan_expects_to_meet() -> None:
    assert at_most(35 * (1 - 0.30)) == 25  # 24.5 expected: "at most 24" would not be met
    assert at_most(35 * (1 - 1 / 3)) == 24  # 23.33 expected
    assert at_most(24.000000001) == 24  # float noise is not a whole incident
    assert at_most(0.2) == 1
    assert at_most(0.0) == 0
    assert at_least_fraction(0.650722) == 0.65
    assert at_least_fraction(0.3) == 0.3
    assert severity_target(4, 0.86) == 1
    assert severity_target(4, 0.24) == 4
    assert severity_target(2, 0.0) == 2


MEASURES_YAML = """
measures:
  - id: alarm_response
    name: {{nl: Alarmopvolging, en: Alarm response}}
    description: {{nl: Alarmen opvolgen, en: Following up alarms}}
    category: organisational
    areas: [business_park]
    owner: entrepreneurs
    cost: {{per: area, yearly: {{amount: 5000, source: E1}}}}
    effects:
      - {{problem: burglary_business, reduction: {reduction}, grade: strong, source: E1}}
    lead_time_months: 3
  - id: lamp_check
    name: {{nl: Lampencontrole, en: Lamp check}}
    description: {{nl: Lampen nalopen, en: Checking lamps}}
    category: physical
    areas: [business_park]
    owner: municipality
    cost: {{per: area, one_off: {{amount: 2000, source: E1}}}}
    effects:
      - {{problem: poor_lighting, reduction: 0.5, grade: strong, source: E1}}
    requires:
      - {{measures: [alarm_response], reason: {{nl: eerst alarm, en: alarm first}}}}
    lead_time_months: 6
"""

RULES_YAML = """
rules:
  - id: burglary_measures
    description: {nl: Inbraak, en: Burglary}
    when:
      - problem: burglary_business
        severity: {min: 1}
    then:
      - propose: alarm_response
      - propose: lamp_check
"""

PROFILE_YAML = """
area: {name: De Hoek, kind: business_park, businesses: 120, hectares: 45}
problems:
  - {type: burglary_business, severity: 4, incidents_per_year: 35, trend: rising}
  - {type: poor_lighting, severity: 3}
budget: {one_off: 10000, yearly: 10000}
"""


@pytest.fixture
def small_plan(tmp_path: Path) -> Callable[[float], tuple[Plan, Path]]:
    """A plan from a two-measure catalogue whose burglary measure has ``reduction``."""

    def make(reduction: float) -> tuple[Plan, Path]:
        measures = tmp_path / f"m{reduction}"
        measures.mkdir()
        for name in ("problems.yaml", "sources.yaml"):
            shutil.copy(MINI / "measures" / name, measures / name)
        (measures / "measures.yaml").write_text(MEASURES_YAML.format(reduction=reduction))
        rules = tmp_path / f"r{reduction}.yaml"
        rules.write_text(RULES_YAML)
        profile_path = tmp_path / f"p{reduction}.yaml"
        profile_path.write_text(PROFILE_YAML)
        engine = Engine(rules, measures, backend="reference")
        profile = engine.load_profile(profile_path)
        return build_plan(engine, profile, engine.recommend(profile), START), profile_path

    return make


@pytest.mark.parametrize(("reduction", "target"), [(0.30, 25), (0.34, 24)])
def test_an_incident_goal_is_at_most_the_expected_number_by_the_follow_up_measurement(
    small_plan: Callable[[float], tuple[Plan, Path]], reduction: float, target: int
) -> None:
    plan, _ = small_plan(reduction)
    goal = next(g for g in plan.goals if g.problem == "burglary_business")
    assert goal.kind is GoalKind.incidents
    assert goal.baseline_incidents == 35
    assert goal.expected_reduction == pytest.approx(reduction)
    assert goal.target_incidents_max == target
    assert goal.deadline == date(2027, 12, 1) == plan.evaluation.one_meting
    assert goal.statement.nl == (
        f"Inbraak: van 35 naar hoogstens {target} per jaar voor 1 december 2027"
    )
    assert goal.statement.en == f"Burglary: from 35 to at most {target} a year by 1 December 2027"
    assert goal.measures == ("alarm_response",)


def test_a_goal_without_incidents_has_a_severity_target(
    small_plan: Callable[[float], tuple[Plan, Path]],
) -> None:
    plan, _ = small_plan(0.3)
    goal = next(g for g in plan.goals if g.problem == "poor_lighting")
    assert goal.kind is GoalKind.severity  # measured by the schouw, not the survey
    assert goal.target_incidents_max is None
    assert (goal.baseline_severity, goal.target_severity_max) == (3, 2)  # 3 x 0.5 = 1.5 -> 2
    assert goal.statement.nl.startswith("Slechte verlichting: ernst van 3 naar hoogstens 2")


def test_goals_in_the_examples_are_measurable(plans: dict[str, Plan]) -> None:
    for plan in plans.values():
        assert [g.problem for g in plan.goals] == [p.id for p in plan.problems]
        weights = [p.weight for p in plan.problems]
        assert weights == sorted(weights, reverse=True)
        for goal in plan.goals:
            assert goal.deadline == plan.evaluation.one_meting
            assert goal.indicator == plan.problem(goal.problem).indicator
            if goal.kind is GoalKind.incidents:
                assert goal.baseline_incidents is not None
                assert goal.expected_incidents is not None
                assert goal.target_incidents_max is not None
                assert goal.expected_incidents <= goal.target_incidents_max
                assert goal.target_incidents_max <= max(goal.baseline_incidents, 1) + 1
            assert goal.target_reduction_min <= goal.expected_reduction + 1e-9
            assert 1 <= goal.target_severity_max <= goal.baseline_severity


def test_goals_leave_out_the_effect_of_measures_already_in_place(
    plans: dict[str, Plan], engine: Engine
) -> None:
    # The schouw is in place on De Hooge Akker: the 0-meting already reflects it.
    plan = plans["business_park_dark"]
    rec = engine.recommend(engine.load_profile(EXAMPLES["business_park_dark"]))
    added = rec.recommended.added_reduction["burglary_business"]
    with_in_place = rec.recommended.expected_reduction["burglary_business"]
    assert added < with_in_place  # the schouw counts in the total, not in the goal
    burglary = plan.problem("burglary_business")
    assert burglary.expected_reduction == pytest.approx(added, abs=1e-6)
    assert burglary.expected_incidents == pytest.approx(26 * (1 - added), abs=0.01)


# --- schedule ------------------------------------------------------------------------------


def test_add_months_clamps_to_the_end_of_the_month() -> None:
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2025, 11, 15), 3) == date(2026, 2, 15)
    assert add_months(date(2025, 3, 1), -3) == date(2024, 12, 1)


def test_a_measure_that_requires_another_starts_when_that_one_is_realised(
    small_plan: Callable[[float], tuple[Plan, Path]],
) -> None:
    plan, _ = small_plan(0.3)
    alarm, lamps = plan.measure("alarm_response"), plan.measure("lamp_check")
    assert (alarm.start, alarm.realisation) == (START, date(2025, 6, 1))
    assert lamps.after == ("alarm_response",)
    assert (lamps.start, lamps.realisation) == (date(2025, 6, 1), date(2025, 12, 1))
    assert all(m.status is MeasureStatus.planned for m in plan.measures)


def test_schedule_chains_waits_for_the_earliest_of_a_group_and_skips_what_is_in_place() -> None:
    lead = {"a": 2, "b": 5, "c": 1, "d": 4, "e": 3}
    requires = {
        "b": (("a",),),
        "c": (("b", "e"),),  # e is realised before b
        "d": (("in_place_x", "a"),),  # met by a measure in place: no wait
    }
    slots = schedule(["a", "b", "c", "d", "e"], lead, requires, {"in_place_x"}, START)
    assert slots["a"].realisation == date(2025, 5, 1)
    assert (slots["b"].start, slots["b"].realisation) == (date(2025, 5, 1), date(2025, 10, 1))
    assert slots["c"].after == ("e",)
    assert slots["c"].start == date(2025, 6, 1)
    assert slots["d"].start == START and slots["d"].after == ()


def test_schedule_breaks_a_dependency_cycle_deterministically() -> None:
    lead = {"a": 1, "b": 1}
    requires = {"a": (("b",),), "b": (("a",),)}
    one = schedule(["a", "b"], lead, requires, set(), START)
    two = schedule(["a", "b"], lead, requires, set(), START)
    assert one == two
    assert {s.start for s in one.values()} <= {START, date(2025, 4, 1)}


def test_example_schedules_respect_every_dependency(plans: dict[str, Plan]) -> None:
    for plan in plans.values():
        for m in plan.measures:
            assert m.start >= plan.start
            assert m.realisation == add_months(m.start, m.lead_time_months)
            for before in m.after:
                assert m.start >= plan.measure(before).realisation
    village = plans["shopping_area_village"]
    training = village.measure("robbery_training")
    assert training.after == ("cash_reduction",)
    assert training.start == village.measure("cash_reduction").realisation


# --- budget and evaluation -----------------------------------------------------------------


def test_budget_adds_up(plans: dict[str, Plan]) -> None:
    for plan in plans.values():
        b = plan.budget
        assert b.one_off == pytest.approx(sum(m.one_off_cost for m in plan.measures))
        assert b.yearly == pytest.approx(sum(m.yearly_cost for m in plan.measures))
        assert b.horizon == pytest.approx(b.one_off + b.yearly * plan.horizon_years)
        assert len(b.per_year) == plan.horizon_years
        assert sum(y.one_off for y in b.per_year) == pytest.approx(b.one_off)
        assert all(y.total == pytest.approx(y.one_off + b.yearly) for y in b.per_year)
        assert sum(y.total for y in b.per_year) == pytest.approx(b.horizon)
        assert sum(o.horizon for o in b.per_owner) == pytest.approx(b.horizon)
        assert b.per_year[-1].end == plan.end
        assert b.per_business_per_year == pytest.approx(
            (b.one_off / plan.horizon_years + b.yearly) / plan.area.businesses, abs=0.01
        )


def test_evaluation_dates(plans: dict[str, Plan]) -> None:
    dark = plans["business_park_dark"].evaluation
    assert dark.recertification == date(2028, 3, 1)  # a KVO certificate runs 3 years
    assert dark.one_meting == date(2027, 12, 1)
    assert dark.progress_reviews == (date(2026, 3, 1), date(2027, 3, 1))
    logistics = plans["business_park_logistics"]  # horizon 5: still 3 years to recertify
    assert logistics.horizon_years == 5
    assert logistics.evaluation.recertification == date(2028, 3, 1)
    assert logistics.end == date(2030, 2, 28)
    assert any("5 jaar" in w.nl for w in logistics.warnings)


def test_considered_and_not_chosen_carries_reasons(plans: dict[str, Plan]) -> None:
    dark = plans["business_park_dark"]
    assert [a.label for a in dark.alternatives] == ["basic", "ambitious"]
    chosen = {m.id for m in dark.measures}
    assert dark.not_chosen and not chosen & {n.id for n in dark.not_chosen}
    assert all(n.reason.nl and n.reason.en for n in dark.not_chosen)
    smart = next(n for n in dark.not_chosen if n.id == "smart_lighting")
    assert "Improved street lighting" in smart.reason.en  # the name, never the id
    assert "street_lighting" not in smart.reason.en


# --- texts, dates and numbers --------------------------------------------------------------


def test_dates_and_numbers_are_written_without_the_system_locale() -> None:
    assert format_date(date(2028, 3, 1), "nl") == "1 maart 2028"
    assert format_date(date(2028, 3, 1), "en") == "1 March 2028"
    assert format_number(12500, "nl") == "12.500"
    assert format_number(12500, "en") == "12,500"
    assert format_number(10.08, "nl") == "10,1"
    assert format_number(24.0, "nl") == "24"


def test_every_word_has_both_languages_and_every_template_key_exists() -> None:
    for key, (nl, en) in WORDS.items():
        assert nl.strip() and en.strip(), key
    used: set[str] = set()
    for template in TEMPLATES.glob("*.j2"):
        used |= set(re.findall(r"""\bt\("([a-z_.]+)"[,)]""", template.read_text("utf-8")))
    assert used - set(WORDS) == set()
    # keys built from a prefix and a value
    for prefix, values in {
        "owner.": ["entrepreneurs", "municipality", "police", "fire_brigade", "park_management"],
        "status.": [s.value for s in MeasureStatus],
        "trend.": ["falling", "stable", "rising"],
        "time.": ["day", "evening", "night", "weekend"],
        "source.": ["police", "survey", "schouw", "fire_brigade", "municipality", "other"],
        "doc.kind.": ["business_park", "shopping_area"],
        "considered.status.": ["candidate", "excluded"],
        "package.": ["recommended", "basic", "ambitious"],
    }.items():
        for value in values:
            assert prefix + value in WORDS
    assert word("owner.shared", "nl") == "partners samen"


def test_templates_hold_no_words() -> None:
    for name in ("plan.md.j2", "plan.html.j2"):
        source = (TEMPLATES / name).read_text("utf-8")
        stripped = re.sub(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", " ", source, flags=re.S)
        stripped = re.sub(r"<[^>]*>", " ", stripped)
        words = re.findall(r"[A-Za-zÀ-ÿ]{2,}", stripped)
        assert words == [], f"{name} has fixed words outside texts.py: {words[:10]}"


# --- HTML ----------------------------------------------------------------------------------

VOID = {"meta", "br", "hr", "img", "input", "link", "col", "area", "base", "wbr", "source"}


class _Balance(HTMLParser):
    """Every opened tag is closed, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass  # <meta ... /> opens and closes itself

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()


def _html_cases() -> Iterator[tuple[str, Lang]]:
    for stem in EXAMPLES:
        for lang in LANGS:
            yield stem, lang


@pytest.mark.parametrize(("stem", "lang"), list(_html_cases()))
def test_html_is_well_formed_with_the_matrix_table(
    plans: dict[str, Plan], stem: str, lang: Lang
) -> None:
    plan = plans[stem]
    html = render_html(plan, lang)
    balance = _Balance()
    balance.feed(html)
    balance.close()
    assert balance.errors == [] and balance.stack == []
    root = ET.fromstring(html)  # well-formed XML, DOCTYPE included
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert len(ids) == len(set(ids))
    anchors = {str(e.get("href"))[1:] for e in root.iter("a") if str(e.get("href")).startswith("#")}
    assert anchors <= set(ids)
    assert root.tag == "html" and root.get("lang") == lang
    matrix = next(t for t in root.iter("table") if t.get("class") == "matrix")
    header_rows = matrix.findall("./thead/tr")
    assert len(header_rows) == 1
    headers = ["".join(th.itertext()) for th in header_rows[0].findall("th")]
    assert headers == [
        word(k, lang)
        for k in (
            "col.rank",
            "col.measure",
            "col.addresses",
            "col.lead",
            "col.payer",
            "col.phase",
            "col.start",
            "col.realisation",
            "col.one_off",
            "col.yearly",
            "col.status",
        )
    ]
    rows = matrix.findall("./tbody/tr")
    assert len(rows) == len(plan.measures) + 1  # the measures and the total
    assert all(len(r.findall("td")) == len(headers) for r in rows)
    assert word("status.planned", lang) in "".join(rows[0].itertext())


def test_html_is_self_contained_and_printable(plans: dict[str, Plan]) -> None:
    html = render_html(plans["shopping_area_theft"], "nl")
    assert "<link" not in html and "<script" not in html and "src=" not in html
    assert "url(" not in html and "@import" not in html
    assert not re.search(r"(?:href|src)\s*=\s*[\"']?https?:", html)  # URLs only as text
    style = html[html.index("<style>") : html.index("</style>")]
    assert "@media print" in style
    assert "size: A4" in style
    assert "counter(page)" in style and "@top-left" in style  # page numbers, running header
    assert "thead { display: table-header-group; }" in style
    assert "break-inside: avoid" in style


def test_html_escapes_what_the_profile_says(engine: Engine, tmp_path: Path) -> None:
    source = EXAMPLES["shopping_area_village"].read_text("utf-8")
    path = tmp_path / "evil.yaml"
    path.write_text(
        source.replace("name: Dorpskern Oudeveen", 'name: "Dorp <script>&amp; \\"x\\""'),
        encoding="utf-8",
    )
    profile = engine.load_profile(path)
    html = render_html(build_plan(engine, profile, engine.recommend(profile), START), "en")
    assert "<script>" not in html
    assert "Dorp &lt;script&gt;&amp;amp;" in html
    ET.fromstring(html)


def test_html_renders_to_pdf_with_headless_chromium(plans: dict[str, Plan], tmp_path: Path) -> None:
    chromium = chromium_path()
    page = tmp_path / "plan.html"
    page.write_text(render_html(plans["business_park_dark"], "nl"), encoding="utf-8")
    pdf = tmp_path / "plan.pdf"
    subprocess.run(
        [
            str(chromium),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert pdf.exists() and pdf.stat().st_size > 0
    assert pdf.read_bytes().startswith(b"%PDF")


# --- JSON ----------------------------------------------------------------------------------


def test_json_contract(plans: dict[str, Plan]) -> None:
    data = json.loads(render_json(plans["business_park_dark"], "nl"))
    assert set(data) == {
        "schema_version",
        "id",
        "title",
        "start",
        "end",
        "horizon_years",
        "area",
        "existing_measures",
        "problems",
        "goals",
        "measures",
        "budget",
        "alternatives",
        "not_chosen",
        "evaluation",
        "recommended_note",
        "optimal",
        "gap",
        "assumptions",
        "warnings",
        "references",
        "partnership",
        "analysis",
        "partnership_requests",
        "analysis_requests",
        "fire_safety",
        "communication",
    }
    assert data["id"] == "bedrijventerrein-de-hooge-akker-2025-03-01"
    assert data["start"] == "2025-03-01"
    assert data["evaluation"]["recertification"] == "2028-03-01"
    goal = data["goals"][0]
    assert goal["id"] == "goal_burglary_business"
    assert goal["baseline_incidents"] == 26
    assert goal["target_incidents_max"] == math.ceil(goal["expected_incidents"] - 1e-9)
    assert goal["deadline"] == "2027-12-01"
    measure = data["measures"][0]
    assert {"id", "owner", "start", "realisation", "one_off_cost", "yearly_cost", "status"} <= set(
        measure
    )
    assert measure["status"] == "planned"
    assert isinstance(measure["name"], str)  # one language when dumped with a language


def test_json_without_a_language_has_both_and_reads_back(plans: dict[str, Plan]) -> None:
    plan = plans["shopping_area_theft"]
    data = json.loads(render_json(plan))
    assert set(data["goals"][0]["statement"]) == {"nl", "en"}
    assert Plan.model_validate(data) == plan


# --- CSV matrix ----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_csv_matrix_follows_the_languages_spreadsheet_dialect(
    plans: dict[str, Plan], lang: Lang
) -> None:
    """Dutch: ``;`` and a decimal comma; English: ``,`` and a decimal point; both UTF-8 with a
    byte order mark, ISO dates, raw numbers (no currency sign, no thousands separator)."""
    plan = plans["business_park_dark"]
    text = render_matrix_csv(plan, lang)
    data = text.encode("utf-8")
    assert data.startswith(b"\xef\xbb\xbf")
    delimiter, decimal = {"nl": (";", ","), "en": (",", ".")}[lang]
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=delimiter))
    header, body = rows[0], rows[1:]
    assert header[0] == "#" and len(header) == 14
    assert word("col.one_off", lang) in header
    lead, payer, phase = (
        header.index(word(k, lang)) for k in ("col.lead", "col.payer", "col.phase")
    )
    start = header.index(word("col.start", lang))
    assert len(body) == len(plan.measures)
    assert all(len(r) == len(header) for r in body)
    one_off = header.index(word("col.one_off", lang))
    yearly = header.index(word("col.yearly", lang))
    raw = re.compile(r"\d+(" + re.escape(decimal) + r"\d+)?")
    for row, m in zip(body, plan.measures, strict=True):
        assert row[1] == m.id
        assert raw.fullmatch(row[one_off]) and raw.fullmatch(row[yearly])
        assert float(row[one_off].replace(",", ".")) == pytest.approx(m.one_off_cost)
        assert float(row[yearly].replace(",", ".")) == pytest.approx(m.yearly_cost)
        assert row[start] == m.start.isoformat()
        assert row[lead] == word(f"owner.{(m.lead or m.owner).value}", lang)
        assert row[payer] and (m.phase is None) == (row[phase] == "")
        assert row[-1] == word("status.planned", lang)
    assert text.count("\r\n") == len(rows)  # CRLF line ends, as spreadsheets expect


@pytest.mark.parametrize("lang", LANGS)
def test_xlsx_matrix_has_typed_cells_a_frozen_header_filters_and_a_status_list(
    plans: dict[str, Plan], lang: Lang
) -> None:
    plan = plans["business_park_dark"]
    book = openpyxl.load_workbook(io.BytesIO(render_matrix_xlsx(plan, lang)))
    sheet = book.active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    header, body = list(rows[0]), rows[1:]
    assert header[1] == word("col.id", lang) and len(header) == 14
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:N{len(plan.measures) + 1}"
    one_off = header.index(word("col.one_off", lang))
    start = header.index(word("col.start", lang))
    for row, m in zip(body, plan.measures, strict=True):
        assert row[0] == m.rank and row[1] == m.id
        assert isinstance(row[start], datetime) and row[start].date() == m.start
        assert isinstance(row[one_off], int | float) and row[one_off] == pytest.approx(
            m.one_off_cost
        )
        assert row[-1] == word("status.planned", lang)
    money = sheet.cell(row=2, column=one_off + 1).number_format
    assert "€" in money and "0.00" in money
    assert (
        sheet.cell(row=2, column=start + 1).number_format
        == {"nl": "dd-mm-yyyy", "en": "dd/mm/yyyy"}[lang]
    )
    (check,) = sheet.data_validations.dataValidation
    statuses = [word(f"status.{s.value}", lang) for s in MeasureStatus]
    assert check.type == "list" and check.formula1 == '"' + ",".join(statuses) + '"'
    assert str(check.sqref).startswith("N2:N")
    for column, name in zip("ABCDEFGHIJKLMN", header, strict=True):
        width = sheet.column_dimensions[column].width
        assert len(str(name)) < width <= 62


# --- atomic writing and the CLI ------------------------------------------------------------


def _plan_args(out: Path, *extra: str) -> list[str]:
    return [
        "plan",
        str(EXAMPLES["shopping_area_village"]),
        "-o",
        str(out),
        "--start",
        "2025-03-01",
        *extra,
    ]


def test_cli_writes_the_plan(tmp_path: Path) -> None:
    out = tmp_path / "plan.md"
    result = run(*_plan_args(out, "--lang", "en"))
    assert result.exit_code == 0, result.output
    text = out.read_text("utf-8")
    assert text.startswith("# KVO plan of action")
    assert "1 March 2025" in text


@pytest.mark.parametrize(
    ("name", "fmt", "marker"),
    [
        ("p.htm", None, "<!DOCTYPE html>"),
        ("p.json", None, '{\n  "schema_version"'),
        ("p.txt", "md", "# "),
    ],
)
def test_cli_format_from_extension_or_option(
    tmp_path: Path, name: str, fmt: str | None, marker: str
) -> None:
    out = tmp_path / name
    extra = ["--format", fmt] if fmt else []
    result = run(*_plan_args(out, *extra))
    assert result.exit_code == 0, result.output
    assert out.read_text("utf-8").startswith(marker)


def test_cli_unknown_extension_is_a_clear_error(tmp_path: Path) -> None:
    out = tmp_path / "plan.docx"
    assert_user_error(run_en(*_plan_args(out)), "cannot tell the plan's format from '.docx'")
    assert not out.exists()
    with pytest.raises(KvoError):
        format_for_path("plan")
    assert format_for_path("PLAN.HTML") is PlanFormat.html


def test_cli_bad_start_date_and_same_matrix_file(tmp_path: Path) -> None:
    out = tmp_path / "plan.md"
    result = run(
        "plan", str(EXAMPLES["shopping_area_village"]), "-o", str(out), "--start", "1-3-2025"
    )
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert_user_error(
        run(*_plan_args(out, "--matrix", str(out))), "ander bestand"
    )  # Dutch by default
    assert not out.exists()


def test_cli_start_defaults_to_today(tmp_path: Path) -> None:
    out = tmp_path / "plan.json"
    result = run("plan", str(EXAMPLES["shopping_area_village"]), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text("utf-8"))["start"] == date.today().isoformat()


def test_cli_refuses_to_replace_a_file_without_force(tmp_path: Path) -> None:
    out = tmp_path / "plan.html"
    matrix = tmp_path / "matrix.csv"
    out.write_text("my edited plan", encoding="utf-8")
    assert_user_error(
        run(*_plan_args(out, "--matrix", str(matrix))), "bestand bestaat al (gebruik --force"
    )
    assert out.read_text("utf-8") == "my edited plan"
    assert not matrix.exists()  # nothing written when one target is refused
    result = run(*_plan_args(out, "--matrix", str(matrix), "--force"))
    assert result.exit_code == 0, result.output
    assert out.read_text("utf-8").startswith("<!DOCTYPE html>")
    assert matrix.read_bytes().startswith(b"\xef\xbb\xbf")


def _leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))


def test_a_failing_renderer_leaves_the_previous_file_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "plan.html"
    out.write_text("previous plan", encoding="utf-8")

    def broken(*args: object, **kwargs: object) -> str:
        raise RuntimeError("renderer crashed")

    monkeypatch.setattr("kvo_rules.cli.plan.render", broken)
    result = run(*_plan_args(out, "--force"))
    assert result.exit_code == 3  # an internal error, reported without a traceback
    assert "Traceback" not in result.output
    assert out.read_text("utf-8") == "previous plan"
    assert _leftovers(tmp_path) == []


def test_a_write_that_fails_midway_leaves_the_previous_file_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "plan.md"
    out.write_text("previous plan", encoding="utf-8")
    written: list[int] = []
    real_replace = os.replace

    def fail_rename(src: str, dst: str) -> None:
        written.append(Path(src).stat().st_size)  # the new plan was fully in the temp file
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail_rename)
    result = run(*_plan_args(out, "--force"))
    monkeypatch.setattr(os, "replace", real_replace)
    assert result.exit_code != 0
    assert written and written[0] > 1000
    assert out.read_text("utf-8") == "previous plan"
    assert _leftovers(tmp_path) == []


def test_an_interrupted_write_leaves_the_previous_file_intact(
    plans: dict[str, Plan], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "plan.html"
    out.write_text("previous plan", encoding="utf-8")

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(out, render_html(plans["business_park_dark"], "nl"), force=True)
    assert out.read_text("utf-8") == "previous plan"
    assert _leftovers(tmp_path) == []


def test_help_has_examples() -> None:
    result = run("plan", "--help")
    assert result.exit_code == 0
    assert "Examples:" in result.output
    assert "kvo-rules plan examples/business_park_dark.yaml -o plan.html" in result.output


def test_cli_budget_and_horizon_options_reach_the_plan(tmp_path: Path) -> None:
    out = tmp_path / "plan.json"
    result = run(*_plan_args(out, "--budget-one-off", "20000", "--horizon", "5"))
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text("utf-8"))
    assert data["budget"]["budget_one_off"] == 20000
    assert data["budget"]["one_off"] <= 20000
    assert data["horizon_years"] == 5 and len(data["budget"]["per_year"]) == 5
    assert data["evaluation"]["recertification"] == "2028-03-01"


def test_review_found_a_start_date_past_the_calendar_is_a_clean_error(tmp_path: Path) -> None:
    """Found in review: --start 9998-06-01 ended in an internal error (exit 3)."""
    from click.testing import CliRunner

    from kvo_rules.cli import main

    result = CliRunner().invoke(
        main,
        [
            "plan",
            str(EXAMPLES["business_park_dark"]),
            "-o",
            str(tmp_path / "p.md"),
            "--start",
            "9998-06-01",
            "--lang",
            "en",
        ],
    )
    assert result.exit_code == 2, result.output
    assert "<--start>: start 9998-06-01 is out of range" in result.output
    assert not (tmp_path / "p.md").exists()
