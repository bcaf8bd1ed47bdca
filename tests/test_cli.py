"""The command line: thin over the library, helpful, and never a traceback for user errors."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kvo_rules import Engine
from kvo_rules.cli import main

from .conftest import EXAMPLES as EXAMPLES_DIR
from .conftest import ROOT, example_profiles


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def run_en(*args: str) -> Result:
    """``run`` with English messages (``KVO_LANG=en``): the CLI's default is Dutch."""
    return CliRunner().invoke(main, list(args), env={"KVO_LANG": "en"})


def assert_user_error(result: Result, needle: str) -> None:
    assert result.exit_code == 2, result.output
    assert needle in result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_measures_list_filters_by_problem_and_kind() -> None:
    result = run(
        "measures",
        "--problem",
        "shoplifting",
        "--kind",
        "shopping_area",
        "--format",
        "json",
        "--lang",
        "en",
    )
    assert result.exit_code == 0, result.output
    items = json.loads(result.output)
    assert "collective_shop_ban" in {m["id"] for m in items}
    assert all("shopping_area" in m["areas"] for m in items)
    assert all(any(e["problem"] == "shoplifting" for e in m["effects"]) for m in items)
    assert isinstance(items[0]["name"], str)  # one language with --lang


def test_measures_unknown_problem_suggests() -> None:
    assert_user_error(
        run("measures", "--problem", "shoplifitng", "--lang", "en"),
        "unknown problem type 'shoplifitng' (did you mean 'shoplifting'?)",
    )


def test_measures_show_one_measure_with_sources() -> None:
    result = run("measures", "show", "street_lighting", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "Improved street lighting" in result.output
    assert "E1" in result.output


def test_measures_show_unknown_id() -> None:
    assert_user_error(run("measures", "show", "cctv_pro"), "onbekende maatregel 'cctv_pro'")
    assert_user_error(
        run("measures", "show", "cctv_pro", "--lang", "en"), "unknown measure 'cctv_pro'"
    )


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown"])
def test_problems_in_every_format(fmt: str) -> None:
    result = run("problems", "--format", fmt)
    assert result.exit_code == 0, result.output
    assert "burglary_business" in result.output
    if fmt == "json":
        assert len(json.loads(result.output)) == 34
    if fmt == "csv":
        assert result.output.splitlines()[0].startswith("\ufeffid;naam;")


def test_validate_bundled_files_is_clean() -> None:
    result = run_en("validate")
    assert result.exit_code == 0, result.output
    assert result.output.strip().startswith("no problems found")
    assert run("validate").output.strip().startswith("geen problemen gevonden")


def test_validate_reports_file_line_col_and_exit_2(write: Callable[[str, str], Path]) -> None:
    path = write(
        "p.yaml",
        """
        area: {name: X, kind: business_park, businesses: 10}
        problems:
          - type: burglary_business
            severity: 7
        """,
    )
    result = run_en("validate", str(path))
    assert_user_error(result, f"{path}:4:15: 'severity': input should be less than or equal to 5")
    assert_user_error(run("validate", str(path)), f"{path}:4:15: 'severity': mag hoogstens 5 zijn")


def test_validate_json_output(write: Callable[[str, str], Path]) -> None:
    path = write("p.yaml", "area: {name: X, kind: park, businesses: 10}\nproblems: []\n")
    result = run("validate", str(path), "--format", "json")
    assert result.exit_code == 2
    problems = json.loads(result.output)["problems"]
    assert {p["line"] for p in problems} == {1, 2}


def test_validate_unknown_file_kind(write: Callable[[str, str], Path]) -> None:
    path = write("x.yaml", "rule:\n  - id: a\n")
    assert_user_error(run_en("validate", str(path)), "did you mean 'rules'?")
    assert_user_error(run("validate", str(path)), "bedoelt u 'rules'?")


@pytest.mark.parametrize("profile", example_profiles(), ids=lambda p: p.stem)
def test_recommend_every_example_in_json(profile: Path) -> None:
    result = run("recommend", str(profile), "--format", "json", "--lang", "en")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    rec = data["recommended"]
    for key in ("measures", "one_off_cost", "yearly_cost", "expected_reduction", "benefit"):
        assert key in rec
    for m in rec["measures"]:
        assert {
            "id",
            "name",
            "owner",
            "one_off_cost",
            "yearly_cost",
            "addresses",
            "reasons",
        } <= set(m)
        assert all({"rule", "text"} <= set(r) for r in m["reasons"])
    assert data["fired_rules"] and data["candidates"]
    for c in data["candidates"]:
        assert {"id", "one_off_cost", "yearly_cost", "effects", "requires", "excludes"} <= set(c)
    budget_one_off = data["budget_one_off"]
    if budget_one_off is not None:
        assert rec["one_off_cost"] <= budget_one_off + 1e-6


@pytest.mark.parametrize("fmt", ["table", "markdown", "csv"])
def test_recommend_text_formats(fmt: str) -> None:
    profile = example_profiles()[0]
    result = run("recommend", str(profile), "--format", fmt, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert result.output.strip()


def test_recommend_budget_override_is_respected() -> None:
    profile = example_profiles()[0]
    result = run(
        "recommend",
        str(profile),
        "--budget-one-off",
        "5000",
        "--budget-yearly",
        "1000",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    rec = json.loads(result.output)["recommended"]
    assert rec["one_off_cost"] <= 5000 and rec["yearly_cost"] <= 1000


def test_recommend_negative_budget_is_a_usage_error() -> None:
    result = run("recommend", str(example_profiles()[0]), "--budget-one-off", "-1")
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_recommend_missing_file() -> None:
    assert_user_error(run("recommend", "nope.yaml", "--lang", "en"), "nope.yaml: no such file")
    assert_user_error(run("recommend", "nope.yaml"), "nope.yaml: bestand bestaat niet")


def test_recommend_broken_profile_points_at_the_line(write: Callable[[str, str], Path]) -> None:
    path = write(
        "p.yaml",
        "area:\n  name: X\n  kind: business_park\n  businesses: 10\n"
        "problems:\n  - type: inbraak\n    severity: 3\n",
    )
    assert_user_error(
        run("recommend", str(path), "--lang", "en"), f"{path}:6:11: unknown problem type 'inbraak'"
    )


def explain_json(profile: Path, measure: str) -> dict[str, object]:
    result = run("explain", str(profile), measure, "--format", "json", "--lang", "en")
    assert result.exit_code == 0, result.output
    (item,) = json.loads(result.output)
    assert isinstance(item, dict)
    return item


def test_explain_proposed_required_excluded_and_never_proposed(engine: Engine) -> None:
    seen: dict[str, str] = {}
    for profile in example_profiles():
        rec = engine.recommend(engine.load_profile(profile))
        proposed = next((c.id for c in rec.candidates if c.proposed), None)
        required = next((c.id for c in rec.candidates if not c.proposed), None)
        excluded = next((e.measure for e in rec.exclusions), None)
        if proposed and "proposed" not in seen:
            item = explain_json(profile, proposed)
            assert item["status"] in ("recommended", "candidate")
            assert any(r["role"] == "proposes" and r["fired"] for r in item["rules"])  # type: ignore[union-attr,index]
            seen["proposed"] = proposed
        if required and "required" not in seen:
            item = explain_json(profile, required)
            assert item["status"] in ("recommended", "candidate")
            assert any(str(r).startswith("Needed for") for r in item["reasons"])  # type: ignore[union-attr]
            seen["required"] = required
        if excluded and "excluded" not in seen:
            item = explain_json(profile, excluded)
            if item["status"] == "excluded":
                assert any(r["role"] == "excludes" and r["fired"] for r in item["rules"])  # type: ignore[union-attr,index]
                assert "Excluded by rule" in str(item["summary"])
                seen["excluded"] = excluded
    assert set(seen) == {"proposed", "required", "excluded"}, seen


def test_explain_a_measure_no_rule_proposes_here() -> None:
    profile = example_profiles()[0]
    item = explain_json(profile, "anti_graffiti_coating")
    assert item["status"] in ("not_proposed", "wrong_area", "candidate", "recommended")
    if item["status"] == "not_proposed":
        assert "Not proposed" in str(item["summary"]) or "No rule" in str(item["summary"])


def test_explain_text_marks_conditions() -> None:
    result = run("explain", str(example_profiles()[0]), "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "✓" in result.output


def test_explain_unknown_measure() -> None:
    assert_user_error(
        run("explain", str(example_profiles()[0]), "cctv_pro", "--lang", "en"),
        "unknown measure 'cctv_pro'",
    )


def test_frontier_is_non_dominated_and_marks_the_knee() -> None:
    result = run("frontier", str(EXAMPLES_DIR / "shopping_area_village.yaml"), "--format", "json")
    assert result.exit_code == 0, result.output
    points = json.loads(result.output)
    costs = [p["horizon_cost"] for p in points]
    benefits = [p["benefit"] for p in points]
    assert costs == sorted(costs) and benefits == sorted(benefits)
    assert len(set(costs)) == len(costs)
    assert sum(p["knee"] for p in points) == 1
    table = run("frontier", str(EXAMPLES_DIR / "shopping_area_village.yaml"), "--lang", "en")
    assert table.exit_code == 0 and "K" in table.output and "┤" in table.output


def test_recommend_without_alternatives_gives_the_same_package(engine: Engine) -> None:
    profile = engine.load_profile(EXAMPLES_DIR / "business_park_dark.yaml")
    full = engine.recommend(profile)
    lean = engine.recommend(profile, alternatives=False)
    assert lean.recommended == full.recommended
    assert lean.alternatives == () and full.alternatives


def _all_commands() -> list[list[str]]:
    """Every command of the CLI (so a new command cannot ship without an example)."""
    import click

    found: list[list[str]] = []
    ctx = click.Context(main)
    for name in main.list_commands(ctx):
        cmd = main.get_command(ctx, name)
        assert cmd is not None, name
        found.append([name])
        if isinstance(cmd, click.Group):
            found += [[name, sub] for sub in sorted(cmd.commands)]
    return found


COMMANDS = _all_commands()


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c))
def test_every_command_help_has_an_example(command: list[str]) -> None:
    result = run(*command, "--help")
    assert result.exit_code == 0
    assert "Example" in result.output and "kvo-rules " in result.output


def test_schemas_are_up_to_date() -> None:
    result = CliRunner().invoke(main, ["schema", "--check", "-o", str(ROOT / "schemas")])
    assert result.exit_code == 0, result.output


def test_python_dash_m_works() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "kvo_rules", "--version"], capture_output=True, text=True, check=True
    )
    assert "kvo-rules" in out.stdout


def test_machine_outputs_match_their_published_schemas(tmp_path: Path) -> None:
    """explain, frontier, sweep and batch JSON validate against the models behind their schemas."""
    from kvo_rules.advice.outputs import BatchRecord, ExplainOutput, FrontierOutput, SweepOutput

    profile = str(EXAMPLES_DIR / "shopping_area_village.yaml")
    out = run("explain", profile, "--format", "json", "--lang", "en")
    assert ExplainOutput.model_validate_json(out.output).root
    out = run("frontier", profile, "--format", "json")
    assert FrontierOutput.model_validate_json(out.output).root
    out = run("sweep", profile, "--budget-one-off", "0:20000:10000", "--format", "json")
    assert len(SweepOutput.model_validate_json(out.output).root) == 3
    target = tmp_path / "b.jsonl"
    assert run("batch", str(EXAMPLES_DIR), "-o", str(target)).exit_code == 0
    for line in target.read_text(encoding="utf-8").splitlines():
        assert BatchRecord.model_validate_json(line).ok


OUTSIDE_KIND_PROFILE = """\
area: {name: Winkelstraat, kind: shopping_area, businesses: 40}
problems:
  - {type: shoplifting, severity: 3}
  - {type: cargo_theft, severity: 3}
"""


def test_a_problem_outside_its_area_kinds_is_accepted_with_a_warning(tmp_path: Path) -> None:
    profile = tmp_path / "outside.yaml"
    profile.write_text(OUTSIDE_KIND_PROFILE)
    runner = CliRunner()
    text = runner.invoke(main, ["validate", str(profile), "--lang", "en"])
    assert text.exit_code == 0, text.output
    assert f"{profile}:4:12: warning problem_outside_area_kind:" in text.output
    assert "Cargo and diesel theft" in text.output
    as_json = json.loads(runner.invoke(main, ["validate", str(profile), "--format", "json"]).output)
    assert as_json["problems"] == []
    assert [w["code"] for w in as_json["warnings"]] == ["problem_outside_area_kind"]
    rec = runner.invoke(main, ["recommend", str(profile), "--format", "json", "--lang", "en"])
    assert rec.exit_code == 0, rec.output
    warnings = json.loads(rec.output)["warnings"]
    assert [(w["code"], w["problem"]) for w in warnings][:1] == [
        ("problem_outside_area_kind", "cargo_theft")
    ]
    table = runner.invoke(main, ["recommend", str(profile), "--lang", "en"])
    assert "does not normally occur in a shopping area" in table.output


def test_public_cameras_show_and_wait_for_their_legal_steps(tmp_path: Path) -> None:
    shown = CliRunner().invoke(main, ["measures", "show", "cctv_public_monitored", "--lang", "en"])
    assert "requires: decision_151c" in shown.output
    out = tmp_path / "plan.json"
    args = ["plan", str(EXAMPLES_DIR / "shopping_area_nightlife.yaml"), "-o", str(out)]
    assert CliRunner().invoke(main, [*args, "--start", "2026-01-01"]).exit_code == 0
    start = {m["id"]: m["start"] for m in json.loads(out.read_text())["measures"]}
    assert start["dpia_public_cameras"] < start["decision_151c"] < start["cctv_nightlife"]
