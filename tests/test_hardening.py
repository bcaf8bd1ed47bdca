"""Issue 16: hostile input found by review; each test is named after what it guards."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kvo_rules import KvoError
from kvo_rules.cli import main
from kvo_rules.yamlio import parse_document

from .conftest import EXAMPLES, MEASURES, ROOT, RULESETS

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
        measure_file.read_text(encoding="utf-8").replace("amount: 10\n", 'amount: !!float ""\n', 1)
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


# --- 2: exit 2 with a location where exit 3 was ---------------------------------------------

LONG = "a" * 300  # longer than any file system allows for one name (255 bytes)


def test_file_name_too_long_is_an_input_error_naming_the_file(tmp_path: Path) -> None:
    long_input = tmp_path / f"{LONG}.yaml"
    code, out = cli("validate", str(long_input))
    assert code == 2 and out.startswith(f"{long_input}: cannot read: File name too long"), out
    long_output = tmp_path / f"{LONG}.md"
    code, out = cli("plan", str(EXAMPLES / "business_park_dark.yaml"), "-o", str(long_output))
    assert code == 2 and out.startswith(f"{long_output}: cannot write: File name too long"), out


def test_file_name_too_long_in_a_followup_plan_reference_is_located(tmp_path: Path) -> None:
    followup = tmp_path / "followup.yaml"
    followup.write_text(
        (EXAMPLES / "cycle" / "followup.yaml")
        .read_text(encoding="utf-8")
        .replace("plan: plan.json", f"plan: {LONG}.json", 1)
    )
    code, out = cli("evaluate", str(EXAMPLES / "cycle" / "plan.json"), str(followup))
    assert code == 2 and out.startswith(f"{followup}:5:7: cannot read"), out


def test_file_name_too_long_in_a_rule_test_profile_is_located(tmp_path: Path) -> None:
    case = tmp_path / "t.yaml"
    case.write_text(
        f"cases:\n  - name: xy\n    profile: {LONG}.yaml\n    fires: [street_lighting_dark_area]\n"
    )
    code, out = cli("test", str(case))
    assert code == 2 and out.startswith(f"{case}:3:14: cannot read"), out


@pytest.mark.parametrize("steps", ["0:1:1e-320", "0:1e308:1e-308", "0:500:1"])
def test_sweep_with_too_many_steps_is_refused_not_overflowing(steps: str) -> None:
    code, out = cli("sweep", str(EXAMPLES / "business_park_dark.yaml"), "--budget-one-off", steps)
    assert code == 2 and f"'{steps}' gives more than 500 steps" in out, out


@pytest.mark.parametrize("steps", ["1_0:2_0:__5", "_5", "5_", "1__0", "nan", "-1", "0x10", " 5"])
def test_sweep_range_with_malformed_numbers_is_refused(steps: str) -> None:
    from kvo_rules.sweep import parse_steps

    with pytest.raises(KvoError, match="is not START:STOP:STEP or an amount"):
        parse_steps(steps, "--budget-one-off")
    assert parse_steps("10_000:20_000:5_000", "--budget-one-off") == [10000, 15000, 20000]


def test_catalogue_figure_of_1e200_is_a_located_error_not_an_infinite_cost(
    tmp_path: Path,
) -> None:
    measures = tmp_path / "m"
    shutil.copytree(MEASURES, measures)
    path = measures / "electronic.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("amount: 10\n", "amount: 1.0e+200\n", 1).replace(
            "amount: 15990\n", "amount: 1.0e+200\n", 1
        )
    )
    code, out = cli(
        "recommend", str(EXAMPLES / "business_park_dark.yaml"), "--measures", str(measures)
    )
    assert code == 2 and out.startswith(f"{path}:"), out
    assert "less than or equal to 1000000000" in out


def test_a_full_disk_is_an_input_error_and_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    import kvo_rules.atomic as atomic

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(atomic.os, "fsync", full)
    target = tmp_path / "plan.md"
    target.write_text("the previous plan\n")
    code, out = cli("plan", str(EXAMPLES / "business_park_dark.yaml"), "-o", str(target), "--force")
    assert code == 2 and out.startswith(f"{target}: cannot write: No space left on device"), out
    assert target.read_text() == "the previous plan\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.md"]


def test_a_full_disk_on_stdout_is_an_input_error_without_a_traceback() -> None:
    with open("/dev/full", "w") as full:
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "kvo_rules",
                "recommend",
                str(EXAMPLES / "business_park_dark.yaml"),
            ],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
    assert proc.returncode == 2, proc.stderr
    assert "No space left on device" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize(
    ("encoding", "args"),
    [
        ("latin-1", ["recommend"]),
        ("iso8859-9", ["recommend"]),  # tr_TR
        ("ascii", ["recommend", "--format", "json"]),
        ("latin-1", ["explain", "street_lighting"]),
        ("latin-1", ["frontier"]),
        ("latin-1", ["sweep", "--budget-one-off", "0:100000:50000"]),
    ],
    ids=["recommend", "recommend-tr", "json-ascii", "explain", "frontier", "sweep"],
)
def test_non_utf8_locale_output_is_escaped_not_an_internal_error(
    encoding: str, args: list[str]
) -> None:
    command, *rest = args
    run = [sys.executable, "-m", "kvo_rules", command, str(EXAMPLES / "business_park_dark.yaml")]
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    proc = subprocess.run([*run, *rest], capture_output=True, env=env, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr.decode(encoding)
    assert proc.stderr == b""
    utf8 = subprocess.run([*run, *rest], capture_output=True, cwd=ROOT, check=True).stdout
    text = proc.stdout.decode(encoding)
    assert "\\u20ac" in text or "\\u2014" in text or "\\u00eb" in text
    if rest[-1:] == ["json"]:  # the escapes are JSON's own: the data is the same
        assert json.loads(text) == json.loads(utf8.decode("utf-8"))
