"""Small things users hit on the command line: help without arguments, a mistyped command,
the plan on standard output, and the measures listing's units and quantities."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kvo_rules.cli import main

from .conftest import EXAMPLES


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def run_en(*args: str) -> Result:
    """``run`` with English messages (the CLI's default is Dutch)."""
    return CliRunner().invoke(main, list(args), env={"KVO_LANG": "en"})


def test_kvo_rules_without_arguments_shows_the_help_and_exits_0() -> None:
    result = run()
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Usage: ")
    assert "Commands:" in result.output
    assert "recommend" in result.output


def test_a_mistyped_command_gets_a_suggestion_and_exit_2() -> None:
    result = run_en("recomend", "x.yaml")
    assert result.exit_code == 2, result.output
    assert "No such command 'recomend' (did you mean 'recommend'?)" in result.output
    assert "Traceback" not in result.output


def test_an_unrelated_command_gets_no_suggestion() -> None:
    result = run_en("zzzzzz")
    assert result.exit_code == 2
    assert "No such command 'zzzzzz'." in result.output
    assert "did you mean" not in result.output


def test_plan_to_standard_output_is_markdown_and_writes_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    profile = EXAMPLES / "shopping_area_village.yaml"
    result = run("plan", str(profile), "-o", "-", "--start", "2026-01-05", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("# ")
    assert "Dorpskern Oudeveen" in result.output
    assert list(tmp_path.iterdir()) == []


def test_plan_to_standard_output_follows_format() -> None:
    profile = EXAMPLES / "shopping_area_village.yaml"
    result = run("plan", str(profile), "-o", "-", "--format", "json", "--start", "2026-01-05")
    assert result.exit_code == 0, result.output
    assert result.output.lstrip().startswith("{")


def test_the_matrix_cannot_go_to_standard_output() -> None:
    profile = EXAMPLES / "shopping_area_village.yaml"
    result = run_en("plan", str(profile), "-o", "-", "--matrix", "-")
    assert result.exit_code == 2
    assert "--matrix: give a file name" in result.output


def test_measures_listing_shows_unit_and_quantity_beside_unit_costs() -> None:
    result = run("measures", "--format", "csv", "--lang", "en")
    assert result.exit_code == 0, result.output
    text = result.output.removeprefix("\ufeff")  # the CSV dialect's byte order mark
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(text))}
    fence = rows["perimeter_fence"]
    assert fence["per"] == "business"
    assert fence["quantity"] == "150 metre"
    assert fence["one-off per unit (€)"] == "105"
    assert rows["street_lighting"]["quantity"] == "1 lamp post"


def test_measures_listing_in_dutch_names_the_unit_in_dutch() -> None:
    result = run("measures", "--format", "csv", "--lang", "nl")
    text = result.output.removeprefix("\ufeff")  # Dutch dialect: BOM and ';'
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(text), delimiter=";")}
    assert rows["perimeter_fence"]["aantal"] == "150 strekkende meter"
