"""Hostile and broken input: a clean, located error (or a clean result), in bounded time."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kvo_rules import Engine, KvoError, load_catalogue, load_rulebase, parse_profile
from kvo_rules.cli import main

from .conftest import EXAMPLES, MEASURES, ROOT, RULESETS

PROFILE = (EXAMPLES / "business_park_dark.yaml").read_text(encoding="utf-8")


def cli(*args: str) -> tuple[int, str]:
    """Run the CLI with English messages (KVO_LANG=en; tests/test_i18n.py checks the Dutch)."""
    result = CliRunner().invoke(main, list(args), env={"KVO_LANG": "en"})
    assert "Traceback" not in result.output, result.output
    return result.exit_code, result.output


def test_a_50_mb_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as handle:
        handle.seek(50 * 1024 * 1024)
        handle.write(b"\n")
    start = time.perf_counter()
    code, out = cli("validate", str(big))
    assert code == 2 and "the limit is 10 MiB" in out
    assert time.perf_counter() - start < 2


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"", "the profile is empty"),
        (b"# only a comment\n", "the profile is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary file"),
        ("area: {name: Caf\xe9}\n".encode("latin-1"), "not UTF-8"),
        (b"area: !!python/object/apply:os.system ['touch /tmp/pwned']\n", "not allowed"),
        (b"- just\n- a list\n", "must be a mapping"),
    ],
    ids=["empty", "comments-only", "binary", "latin-1", "python-tag", "list"],
)
def test_broken_profile_files(tmp_path: Path, content: bytes, needle: str) -> None:
    path = tmp_path / "p.yaml"
    path.write_bytes(content)
    code, out = cli("recommend", str(path))
    assert code == 2 and needle in out


def test_python_tag_never_runs(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    path = tmp_path / "p.yaml"
    path.write_text(f"area: !!python/object/apply:os.system ['touch {marker}']\n")
    cli("recommend", str(path))
    assert not marker.exists()


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        (("businesses: 85", "businesses: 1000000000000000000000000000000"), "less than or equal"),
        (("incidents_per_year: 26", "incidents_per_year: 1.0e+400"), "finite number"),
        (("incidents_per_year: 26", "incidents_per_year: 2e3"), "write the number out"),
        (("incidents_per_year: 26", "incidents_per_year: -3"), "greater than or equal to 0"),
        (("one_off: 100000", "one_off: .inf"), "finite number"),
        (("one_off: 100000", "one_off: .nan"), "finite number"),
        (("severity: 4", "severity: true"), "a whole number"),
        (("businesses: 85", "businesses: 85.5"), "a whole number"),
    ],
    ids=["huge", "overflow", "yaml11-exponent", "negative", "infinity", "nan", "bool", "fraction"],
)
def test_bad_numbers_are_located(tmp_path: Path, change: tuple[str, str], needle: str) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(PROFILE.replace(*change, 1), encoding="utf-8")
    code, out = cli("recommend", str(path))
    assert code == 2 and needle in out
    assert out.startswith(f"{path}:")


def test_ten_thousand_problems_are_refused_quickly(tmp_path: Path) -> None:
    problems = "".join(f"  - {{type: robbery, severity: {i % 5 + 1}}}\n" for i in range(10_000))
    path = tmp_path / "p.yaml"
    path.write_text(
        "area: {name: X, kind: shopping_area, businesses: 5}\nproblems:\n" + problems,
        encoding="utf-8",
    )
    start = time.perf_counter()
    code, out = cli("recommend", str(path))
    assert code == 2 and "at most 200 item(s)" in out
    assert time.perf_counter() - start < 10


def test_unicode_and_right_to_left_names_pass_through(engine: Engine) -> None:
    name = "مركز التسوق \u202eDe Hoek\u202c – Zoë’s 🛒"
    data = json.loads(
        json.dumps(
            engine.load_profile(EXAMPLES / "business_park_dark.yaml").model_dump(mode="json")
        )
    )
    data["area"]["name"] = name
    rec = engine.recommend(parse_profile(data, engine.catalogue))
    assert rec.area == name
    assert json.loads(rec.model_dump_json())["area"] == name


@pytest.mark.slow
def test_a_rule_base_of_10000_rules_loads_in_bounded_time(tmp_path: Path, engine: Engine) -> None:
    measures = sorted(engine.catalogue.measures)
    problems = sorted(engine.catalogue.problems)
    lines = ["rules:"]
    for i in range(10_000):
        lines += [
            f"  - id: r{i:05d}",
            "    description: {nl: x, en: x}",
            "    when:",
            f"      - problem: {problems[i % len(problems)]}",
            f"        severity: {{min: {i % 5 + 1}}}",
            "    then:",
            f"      - propose: {measures[i % len(measures)]}",
        ]
    path = tmp_path / "many.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    start = time.perf_counter()
    big = Engine(path, MEASURES)
    profile = big.load_profile(EXAMPLES / "shopping_area_theft.yaml")
    assert len(big.fired_rule_ids(profile)) > 100
    assert time.perf_counter() - start < 60


# --- fuzzing: the only outcomes allowed are a result or KvoError (CLI: exit 2, no traceback) --


def mutate(text: str, data: st.DataObject) -> str:
    """A few random edits: delete, duplicate or swap lines, or splice in odd characters."""
    lines = text.splitlines()
    for _ in range(data.draw(st.integers(1, 4))):
        if not lines:
            break
        i = data.draw(st.integers(0, len(lines) - 1))
        op = data.draw(st.sampled_from(["delete", "duplicate", "swap", "splice", "indent"]))
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = data.draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "indent":
            lines[i] = " " * data.draw(st.integers(0, 6)) + lines[i].lstrip()
        else:
            junk = data.draw(
                st.sampled_from(
                    [
                        ":",
                        "- ",
                        "&a ",
                        "*a",
                        "!!int ",
                        "[",
                        "{",
                        "'",
                        '"',
                        "\t",
                        "~",
                        "no",
                        "1e999",
                        "-0",
                        "0x1F",
                        "2024-01-01",
                        "<<: *a",
                        "\x00",
                        "é",
                        "\u202e",
                        "%",
                        "@",
                    ]
                )
            )
            pos = data.draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:pos] + junk + lines[i][pos:]
    return "\n".join(lines) + "\n"


FUZZ_EXAMPLES = int(os.environ.get("KVO_FUZZ_EXAMPLES", "60"))
"""Examples per fuzz test; a long session: KVO_FUZZ_EXAMPLES=5000 python -m pytest -k fuzz."""
FUZZ = settings(
    max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@FUZZ
@given(st.data())
def test_fuzzed_profiles_give_a_result_or_a_kvo_error(engine: Engine, data: st.DataObject) -> None:
    text = mutate(PROFILE, data)
    try:
        engine.recommend(parse_profile(text, engine.catalogue, source="fuzz.yaml"))
    except KvoError as exc:
        assert exc.diagnostics and not exc.internal, str(exc)


RULE_FILE = (RULESETS / "property_crime.yaml").read_text(encoding="utf-8")
MEASURE_FILE = (MEASURES / "physical.yaml").read_text(encoding="utf-8")


@FUZZ
@given(st.data())
def test_fuzzed_rule_files_load_or_give_a_kvo_error(
    engine: Engine, tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    path = tmp_path_factory.mktemp("rules") / "r.yaml"
    path.write_text(mutate(RULE_FILE, data), encoding="utf-8")
    try:
        load_rulebase(path, engine.catalogue, collect_errors=True)
    except KvoError as exc:
        assert exc.diagnostics and not exc.internal, str(exc)


@settings(
    max_examples=max(10, FUZZ_EXAMPLES // 3),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.data())
def test_fuzzed_measure_files_load_or_give_a_kvo_error(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    folder = tmp_path_factory.mktemp("measures")
    for f in MEASURES.glob("*.yaml"):
        (folder / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "physical.yaml").write_text(mutate(MEASURE_FILE, data), encoding="utf-8")
    try:
        load_catalogue(folder, collect_errors=True)
    except KvoError as exc:
        assert exc.diagnostics and not exc.internal, str(exc)


@settings(
    max_examples=max(10, FUZZ_EXAMPLES // 5),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.data())
def test_fuzzed_profiles_on_the_cli_never_show_a_traceback(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    path = tmp_path_factory.mktemp("cli") / "p.yaml"
    path.write_text(mutate(PROFILE, data), encoding="utf-8")
    code, _ = cli("recommend", str(path), "--format", "json")
    assert code in (0, 2)


# --- determinism and nothing lost ------------------------------------------------------------


def test_output_is_byte_identical_across_hash_seeds() -> None:
    outputs = set()
    for seed in ("0", "1", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run(
            [
                sys.executable,
                "-m",
                "kvo_rules",
                "recommend",
                str(EXAMPLES / "shopping_area_theft.yaml"),
                "--format",
                "json",
            ],
            capture_output=True,
            env=env,
            check=True,
            cwd=ROOT,
        )
        outputs.add(out.stdout)
    assert len(outputs) == 1


def test_a_write_killed_midway_leaves_the_previous_file_intact(tmp_path: Path) -> None:
    target = tmp_path / "plan.md"
    target.write_text("the previous plan\n", encoding="utf-8")
    script = textwrap.dedent(f"""
        import os, time
        import kvo_rules.core.atomic as atomic
        real_replace = os.replace
        def slow_replace(a, b):
            time.sleep(30)
            real_replace(a, b)
        atomic.os.replace = slow_replace
        atomic.write_atomic({str(target)!r}, "x" * 1_000_000)
    """)
    child = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not list(tmp_path.glob(".plan.md.*.tmp")):
        time.sleep(0.05)
    assert list(tmp_path.glob(".plan.md.*.tmp")), "the child never started writing"
    time.sleep(0.2)
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert target.read_text(encoding="utf-8") == "the previous plan\n"
