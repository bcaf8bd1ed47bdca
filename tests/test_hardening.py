"""Issue 16: hostile input found by review; each test is named after what it guards."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kvo_rules import KvoError
from kvo_rules.cli import main
from kvo_rules.yamlio import parse_document

from .conftest import EXAMPLES, MEASURES, RULESETS

PROFILE = (EXAMPLES / "business_park_dark.yaml").read_text(encoding="utf-8")


def cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


# --- 1: explicit YAML tags -------------------------------------------------------------------

EXPLICIT_TAGS = ["!!bool maybe", '!!bool ""', '!!int ""', '!!float ""', "!!timestamp abc"]


@pytest.mark.parametrize("value", EXPLICIT_TAGS)
def test_explicit_yaml_tag_with_a_bad_value_is_a_located_error(value: str) -> None:
    with pytest.raises(KvoError) as info:
        parse_document(f"area:\n  businesses: {value}\n", "p.yaml")
    assert str(info.value.diagnostics[0]).startswith("p.yaml:2:15: ")
    assert "remove the '!!" in str(info.value)


@pytest.mark.parametrize("value", EXPLICIT_TAGS)
def test_explicit_yaml_tag_as_a_key_is_a_located_error(value: str) -> None:
    with pytest.raises(KvoError) as info:
        parse_document(f"area:\n  {value}: 3\n", "p.yaml")
    assert str(info.value.diagnostics[0]).startswith("p.yaml:2:3: ")


def test_explicit_yaml_tags_in_every_file_kind_exit_2_with_a_location(tmp_path: Path) -> None:
    measures = tmp_path / "m"
    rules = tmp_path / "r"
    shutil.copytree(MEASURES, measures)
    shutil.copytree(RULESETS, rules)
    profile = tmp_path / "p.yaml"
    profile.write_text(PROFILE.replace("businesses: 85", "businesses: !!bool maybe", 1))
    rule_file = rules / "dependencies.yaml"
    rule_file.write_text(
        rule_file.read_text(encoding="utf-8").replace("priority: 200", 'priority: !!int ""', 1)
    )
    measure_file = measures / "electronic.yaml"
    measure_file.write_text(
        measure_file.read_text(encoding="utf-8").replace(
            "amount: 10\n", 'amount: !!float ""\n', 1
        )
    )
    followup = tmp_path / "followup.yaml"
    followup.write_text(
        (EXAMPLES / "cycle" / "followup.yaml")
        .read_text(encoding="utf-8")
        .replace("measured_on: 2027-12-06", "measured_on: !!timestamp abc", 1)
    )
    code, out = cli("validate", str(profile))
    assert code == 2 and out.startswith(f"{profile}:10:15: "), out
    code, out = cli("validate", str(rule_file), "--measures", str(MEASURES))
    assert code == 2 and f"{rule_file}:" in out and "'!!int'" in out, out
    code, out = cli("validate", str(measure_file), "--measures", str(measures))
    assert code == 2 and f"{measure_file}:" in out and "'!!float'" in out, out
    code, out = cli("evaluate", str(EXAMPLES / "cycle" / "plan.json"), str(followup))
    assert code == 2 and out.startswith(f"{followup}:6:14: "), out
