"""Rule tests: the bundled rulesets/tests/*.yaml pass (one pytest test per case), and the runner
reports a failure with what was expected, what happened and why."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kvo_rules import Engine
from kvo_rules.authoring.ruletests import (
    RuleTestFile,
    TestCase,
    format_case,
    format_report,
    load_rule_tests,
    rule_test_files,
    run_case,
    run_rule_tests,
)
from kvo_rules.cli import main
from kvo_rules.core.errors import KvoError
from kvo_rules.core.parse import parse_model
from kvo_rules.core.yamlio import load_document

from .conftest import RULESETS

TESTS = RULESETS / "tests"


def run(*args: str) -> Result:
    """The CLI with English messages (its default is Dutch, or ``KVO_LANG``)."""
    return CliRunner().invoke(main, list(args), env={"KVO_LANG": "en"})


def bundled_cases() -> list[object]:
    """``file::case`` for every case of the bundled rule tests (read without an engine)."""
    out: list[object] = []
    for f in rule_test_files([TESTS]):
        parsed = parse_model(load_document(f), RuleTestFile)
        out.extend(pytest.param(f, c.name, id=f"{f.name}::{c.name}") for c in parsed.cases)
    return out


@functools.cache
def _loaded(path: Path, engine: Engine) -> dict[str, TestCase]:
    return {c.name: c for c in load_rule_tests([path], engine)}


@pytest.mark.parametrize(("path", "name"), bundled_cases())
def test_rule_case(engine: Engine, path: Path, name: str) -> None:
    result = run_case(engine, _loaded(path, engine)[name])
    assert result.ok, "\n" + format_case(result)


def test_every_ruleset_has_a_test_file_with_positive_and_negative_expectations() -> None:
    for ruleset in sorted(RULESETS.glob("*.yaml")):
        test_file = TESTS / ruleset.name
        assert test_file.is_file(), f"no rule tests for {ruleset.name}"
        parsed = parse_model(load_document(test_file), RuleTestFile)
        positive = {"fires", "proposes", "excludes", "recommends", "proposes_in_top"}
        negative = {"does_not_fire", "does_not_propose", "does_not_recommend"}
        used = {k for c in parsed.cases for k in (*positive, *negative) if getattr(c, k)}
        assert used & positive and used & negative, ruleset.name


def test_test_command_passes_on_the_bundled_tests() -> None:
    result = run("test")
    assert result.exit_code == 0, result.output
    assert " 0 failed" in result.output


# --- failures say what, what instead, and why --------------------------------------------------

FAILING = """\
cases:
  - name: wrong_expectations
    profile:
      area: {name: Klein terrein, kind: business_park, businesses: 25}
      problems:
        - {type: burglary_business, severity: 2, trend: stable}
    fires: [burglary_target_hardening]
    does_not_fire: [burglary_alert_group_and_scan]
    proposes: [target_hardening]
    excludes: [anpr_entrances]
    proposes_in_top: {n: 1, measures: [security_scan]}
"""


@pytest.fixture
def failing(write: Callable[[str, str], Path]) -> Path:
    return write("tests/failing.yaml", FAILING)


def test_a_failing_case_prints_expected_happened_and_why(engine: Engine, failing: Path) -> None:
    report = run_rule_tests([failing], engine)
    assert not report.ok and report.failed == 1
    text = format_report(report)
    assert text.startswith("FAIL failing.yaml::wrong_expectations (5 of 5 expectations failed)")
    assert f"{failing}:7:13\n    expected: rule burglary_target_hardening fires\n" in text
    assert "    happened: it did not fire\n" in text
    assert "✗ problem burglary_business, severity >= 3  [severity 2" in text
    assert "expected: rule burglary_alert_group_and_scan does not fire" in text
    assert "happened: it fired" in text
    assert "expected: target_hardening is a candidate" in text
    assert "happened: it is not a candidate. Not proposed: the rules that would" in text
    assert "✗ rule burglary_target_hardening proposes (weight 1.5)" in text
    assert "expected: a fired rule excludes anpr_entrances" in text
    assert "✗ rule anpr_excluded_many_entrances excludes" in text
    assert "expected: security_scan is among the top 1 of the candidates" in text
    assert "happened: it is 3rd of 4 in the candidates (business_alert_app, " in text
    assert text.endswith("1 case in 1 file: 0 passed, 1 failed\n")


def test_the_report_speaks_dutch(engine: Engine, failing: Path) -> None:
    text = format_report(run_rule_tests([failing], engine, "nl"), lang="nl")
    assert text.startswith("MISLUKT failing.yaml::wrong_expectations (5 van 5 verwachtingen ")
    assert f"{failing}:7:13\n    verwacht: regel burglary_target_hardening gaat af\n" in text
    assert "    gebeurd: hij ging niet af\n" in text
    assert "verwacht: security_scan staat bij de eerste 1 van de kandidaten" in text
    assert "gebeurd: het staat als 3e van 4 bij de kandidaten (business_alert_app, " in text
    assert text.endswith("1 geval in 1 bestand: 0 geslaagd, 1 mislukt\n")
    dutch = CliRunner().invoke(main, ["test", str(failing)], env={"KVO_LANG": ""})
    assert dutch.exit_code == 1 and "waarom:" in dutch.output


def test_test_command_exits_1_on_failure_and_reports_json(failing: Path) -> None:
    result = run("test", str(failing))
    assert result.exit_code == 1
    assert "expected:" in result.output and "happened:" in result.output and "why:" in result.output
    data = json.loads(run("test", str(failing), "--format", "json").output)
    assert data[0]["case"] == "wrong_expectations" and data[0]["ok"] is False
    assert all(not e["ok"] and e["why"] for e in data[0]["expectations"])


def test_verbose_shows_passing_cases(engine: Engine) -> None:
    result = run("test", str(TESTS / "fire_safety.yaml"), "-v")
    assert result.exit_code == 0
    assert "PASS fire_safety.yaml::arson_containers_before_cameras" in result.output


# --- bad test files are input errors with a place --------------------------------------------


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        (
            "cases:\n  - name: a_case\n    profile: ../../examples/business_park_dark.yaml\n"
            "    fires: [burglary_park_nigth_lighting]\n",
            ":4:13",
            "unknown rule 'burglary_park_nigth_lighting' (did you mean "
            "'burglary_park_night_lighting'?)",
        ),
        (
            "cases:\n  - name: a_case\n    profile: ../../examples/business_park_dark.yaml\n"
            "    recommends_in_top: {n: 2, measures: [street_lightning]}\n",
            ":4:42",
            "unknown measure 'street_lightning' (did you mean 'street_lighting'?)",
        ),
        (
            "cases:\n  - name: a_case\n    profile: no_such_profile.yaml\n    fires: [x_rule]\n",
            ":3:14",
            "no profile file 'no_such_profile.yaml'",
        ),
        (
            "cases:\n  - name: a_case\n    profile: ../../examples/business_park_dark.yaml\n",
            ":2:5",
            "case 'a_case' has no expectation; give at least one of: fires, ",
        ),
        (
            "cases:\n  - name: a_case\n    profile:\n      area: {name: X, kind: business_park, "
            "businesses: 3}\n      problems: [{type: burglary_busines, severity: 2}]\n"
            "    fires: [burglary_alert_group_and_scan]\n",
            ":5:25",
            "unknown problem type 'burglary_busines'",
        ),
        (
            "cases:\n  - name: a_case\n    profile: ../../examples/business_park_dark.yaml\n"
            "    fire: [burglary_alert_group_and_scan]\n",
            ":4:5",
            "unknown key 'fire' (did you mean 'fires'?)",
        ),
    ],
    ids=["rule", "measure", "profile-file", "no-expectation", "inline-profile", "key"],
)
def test_bad_test_files_are_reported_at_the_line(
    engine: Engine, tmp_path: Path, text: str, where: str, message: str
) -> None:
    examples = Path(__file__).resolve().parent.parent / "examples"
    (tmp_path / "examples").symlink_to(examples)
    path = tmp_path / "rulesets" / "tests" / "case.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(KvoError) as exc:
        load_rule_tests([path], engine)
    shown = str(exc.value)
    assert f"{path}{where}: {message}" in shown, shown
    result = run("test", str(path))
    assert result.exit_code == 2 and message in result.output


def test_case_names_are_unique_in_a_file(engine: Engine, write: Callable[[str, str], Path]) -> None:
    case = "  - name: twice\n    profile: {area: {name: X, kind: business_park, businesses: 3}, "
    case += (
        "problems: [{type: litter, severity: 2}]}\n    fires: [litter_cleaning_and_containers]\n"
    )
    path = write("t.yaml", "cases:\n" + case + case)
    with pytest.raises(KvoError, match="case name 'twice' is already used at"):
        load_rule_tests([path], engine)


def test_budget_override_and_aliases(engine: Engine, write: Callable[[str, str], Path]) -> None:
    path = write(
        "t.yaml",
        """\
        cases:
          - name: no_yearly_budget_then_a_yearly_budget
            profile: {area: {name: X, kind: business_park, businesses: 80},
                      problems: [{type: burglary_business, severity: 4}]}
            budget: {yearly: 50000}
            does_not_fire: [collective_yearly_costs_need_funding]
            fires: [arson_youth_link]
        """,
    )
    (result,) = run_rule_tests([path], engine).results
    outcomes = {o.expected: o.ok for o in result.outcomes}
    assert outcomes["rule collective_yearly_costs_need_funding does not fire"]
    # an alias names the rule it was merged into; youth_social_first needs youth nuisance
    assert outcomes["rule youth_social_first fires"] is False


def test_a_directory_finds_its_tests_subdirectory() -> None:
    assert rule_test_files([RULESETS]) == rule_test_files([TESTS])
    assert len(rule_test_files([RULESETS])) >= 8


def test_no_test_files_is_an_input_error(engine: Engine, tmp_path: Path) -> None:
    with pytest.raises(KvoError, match="no rule test files"):
        load_rule_tests([tmp_path], engine)
