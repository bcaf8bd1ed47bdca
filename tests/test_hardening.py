"""Issue 16: hostile input found by review; each test is named after what it guards."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from kvo_rules import Engine, KvoError
from kvo_rules.cli import main
from kvo_rules.core.yamlio import parse_document

from .conftest import EXAMPLES, MEASURES, ROOT, RULESETS

PROFILE = (EXAMPLES / "business_park_dark.yaml").read_text(encoding="utf-8")


def cli(*args: str) -> tuple[int, str]:
    """Run the CLI with English messages (KVO_LANG=en; tests/test_i18n.py checks the Dutch)."""
    result = CliRunner().invoke(main, list(args), env={"KVO_LANG": "en"})
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
    from kvo_rules.cli.steps import parse_steps

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

    import kvo_rules.core.atomic as atomic

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


# --- 3-7: batch: clean errors, rows that cannot be read, nothing lost, resume, workers ---------


def _kvo(*args: str, cwd: Path = ROOT, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kvo_rules", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
        **kwargs,  # type: ignore[call-overload]
    )


def _two_profiles(folder: Path) -> Path:
    folder.mkdir()
    shutil.copy(EXAMPLES / "shopping_area_theft.yaml", folder / "a.yaml")
    shutil.copy(EXAMPLES / "business_park_dark.yaml", folder / "b.yaml")
    return folder


def test_batch_with_jobs_2_and_bad_rules_is_a_located_error_without_traceback_or_journal(
    tmp_path: Path,
) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(RULESETS, rules, ignore=shutil.ignore_patterns("tests"))
    broken = rules / "public_space.yaml"
    broken.write_text(
        broken.read_text(encoding="utf-8").replace(
            "- propose: street_lighting", "- propose: x_y", 1
        )
    )
    inputs = _two_profiles(tmp_path / "in")
    out = tmp_path / "out.jsonl"
    for jobs in ("1", "2"):
        proc = _kvo("batch", str(inputs), "-o", str(out), "--jobs", jobs, "--rules", str(rules))
        assert proc.returncode == 2, proc.stderr
        assert proc.stderr.startswith(f"{broken}:49:") and "'x_y'" in proc.stderr
        assert "Traceback" not in proc.stderr and "BrokenProcessPool" not in proc.stderr
        assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "rules"]


def test_deeply_nested_jsonl_record_is_an_error_record_and_the_run_goes_on(
    tmp_path: Path,
) -> None:
    from kvo_rules.advice.batch import journal_path, read_items, run_batch

    good = json.dumps({"area": {"name": "X", "kind": "shopping_area", "businesses": 5},
                       "problems": [{"type": "robbery", "severity": 2}]})  # fmt: skip
    src = tmp_path / "in.jsonl"
    deep = "[" * 200_000 + "]" * 200_000
    nested_in_string = json.dumps({"note": "[" * 100, **json.loads(good)})
    src.write_text("\n".join([good, deep, '{"a":' * 70 + "1" + "}" * 70, nested_in_string, good]))
    out = tmp_path / "out.jsonl"
    calls = {"n": 0}

    def interrupt(n: int) -> None:
        calls["n"] += n
        if calls["n"] == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_batch(read_items(src), out, progress=interrupt)
    assert journal_path(out).exists()
    summary = run_batch(read_items(src), out, resume=True)
    assert (summary.total, summary.ok, summary.resumed) == (5, 2, 2)
    got = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["ok"] for r in got] == [True, False, False, False, True]
    assert got[1]["errors"] == [f"{src}:2: meer dan 64 niveaus diep genest"]  # the batch's lang
    assert got[2]["errors"] == [f"{src}:3: meer dan 64 niveaus diep genest"]
    assert "'note'" in got[3]["errors"][0]  # brackets inside a string are not nesting


def test_non_utf8_file_name_in_a_batch_directory_is_processed_and_named(tmp_path: Path) -> None:
    from kvo_rules.advice.batch import read_items, run_batch

    folder = _two_profiles(tmp_path / "in")
    odd = os.path.join(os.fsencode(folder), b"caf\xe9.yaml")
    with open(odd, "wb") as handle:
        handle.write(b"area: {name: X, kind: park, businesses: 1}\nproblems: []\n")
    shutil.copy(EXAMPLES / "shopping_area_village.yaml", folder / "Z.YAML")
    out = tmp_path / "out.jsonl"
    summary = run_batch(read_items(folder), out, jobs=2)
    got = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["source"] for r in got] == [
        f"{folder}/Z.YAML",
        f"{folder}/a.yaml",
        f"{folder}/b.yaml",
        f"{folder}/caf\\xe9.yaml",
    ]
    assert [r["ok"] for r in got] == [True, True, True, False]
    assert got[3]["errors"][0].startswith(f"{folder}/caf\\xe9.yaml:1:")
    assert summary.failed == 1
    again = tmp_path / "again.jsonl"
    run_batch(read_items(folder), again, resume=True)
    assert again.read_bytes() == out.read_bytes()


def test_uppercase_yaml_extension_is_read_by_batch(tmp_path: Path) -> None:
    from kvo_rules.advice.batch import read_items

    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a.YAML", "b.Yml", "c.JSON", "d.txt"):
        (folder / name).write_text("{}")
    assert [Path(i.source).name for i in read_items(folder)] == ["a.YAML", "b.Yml", "c.JSON"]


def test_resume_refuses_an_output_without_a_journal(tmp_path: Path) -> None:
    inputs = _two_profiles(tmp_path / "in")
    keep = tmp_path / "keep.jsonl"
    keep.write_text("precious\n")
    code, out = cli("batch", str(inputs), "-o", str(keep), "--resume")
    assert code == 2 and "no journal" in out and out.startswith(f"{keep}: "), out
    assert keep.read_text() == "precious\n"


def test_batch_refuses_to_write_over_its_own_input(tmp_path: Path, engine: Engine) -> None:
    src = tmp_path / "a.jsonl"
    line = json.dumps(
        engine.load_profile(EXAMPLES / "shopping_area_theft.yaml").model_dump(mode="json")
    )
    src.write_text(line + "\n")
    link = tmp_path / "b.jsonl"
    link.symlink_to(src)
    for output, extra in ((src, "--resume"), (src, "--force"), (link, "--force")):
        code, out = cli("batch", str(src), "-o", str(output), extra)
        assert code == 2 and "is the batch's own input" in out, out
    assert src.read_text() == line + "\n"


def test_plan_with_a_bad_matrix_path_and_force_keeps_the_existing_plan(tmp_path: Path) -> None:
    plan = tmp_path / "plan.md"
    plan.write_text("the previous plan\n")
    code, out = cli(
        "plan",
        str(EXAMPLES / "business_park_dark.yaml"),
        "-o",
        str(plan),
        "--matrix",
        str(tmp_path / "missing" / "m.csv"),
        "--force",
    )
    assert code == 2 and f"{tmp_path / 'missing' / 'm.csv'}: cannot write: no directory" in out
    assert plan.read_text() == "the previous plan\n"


def test_evaluate_with_a_bad_next_profile_path_and_force_keeps_the_existing_output(
    tmp_path: Path,
) -> None:
    target = tmp_path / "evaluation.md"
    target.write_text("the previous evaluation\n")
    cycle = EXAMPLES / "cycle"
    code, out = cli(
        "evaluate",
        str(cycle / "plan.json"),
        str(cycle / "followup.yaml"),
        "-o",
        str(target),
        "--next-profile",
        str(tmp_path / "missing" / "n.yaml"),
        "--force",
    )
    assert code == 2 and "cannot write: no directory" in out, out
    assert target.read_text() == "the previous evaluation\n"


def test_force_never_replaces_a_fifo_or_device(tmp_path: Path) -> None:
    from kvo_rules.core.atomic import write_atomic

    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    code, out = cli("plan", str(EXAMPLES / "business_park_dark.yaml"), "-o", str(fifo), "--force")
    assert code == 2 and "is not a regular file" in out, out
    assert fifo.is_fifo()
    device = tmp_path / "null.md"
    device.symlink_to("/dev/null")
    with pytest.raises(KvoError, match="is not a regular file"):
        write_atomic(device, "x", force=True)
    assert device.is_symlink() and Path("/dev/null").is_char_device()
    code, out = cli("batch", str(EXAMPLES), "-o", str(tmp_path / "d.jsonl"), "--force")
    assert code in (0, 1)
    os.mkfifo(tmp_path / "pipe.jsonl")
    code, out = cli("batch", str(EXAMPLES), "-o", str(tmp_path / "pipe.jsonl"), "--force")
    assert code == 2 and "is not a regular file" in out, out
    assert (tmp_path / "pipe.jsonl").is_fifo()


def _interrupted(src: Path, out: Path, **kwargs: object) -> None:
    from kvo_rules.advice.batch import read_items, run_batch

    calls = {"n": 0}

    def interrupt(n: int) -> None:
        calls["n"] += n
        if calls["n"] == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_batch(read_items(src), out, progress=interrupt, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"lang": "en"}, "--lang"),
        ({"rules": RULESETS / "public_space.yaml"}, "the rules"),
        ({"measures": "CHANGED"}, "the catalogue"),
        ({"input": True}, "the input"),
    ],
    ids=["lang", "rules", "measures", "input"],
)
def test_resume_after_a_change_of_settings_is_refused(
    tmp_path: Path, change: dict[str, object], named: str
) -> None:
    from kvo_rules.advice.batch import journal_path, read_items, run_batch

    folder = _two_profiles(tmp_path / "in")
    shutil.copy(EXAMPLES / "shopping_area_village.yaml", folder / "c.yaml")
    out = tmp_path / "out.jsonl"
    _interrupted(folder, out)
    kwargs = dict(change)
    if kwargs.pop("input", None):
        (folder / "c.yaml").write_text(
            (folder / "c.yaml").read_text(encoding="utf-8").replace("severity: 3", "severity: 4")
        )
    if kwargs.get("measures") == "CHANGED":
        measures = tmp_path / "m"
        shutil.copytree(MEASURES, measures)
        path = measures / "electronic.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("amount: 15990", "amount: 15991"))
        kwargs["measures"] = measures
    before = journal_path(out).read_bytes()
    with pytest.raises(KvoError) as info:
        run_batch(read_items(folder), out, resume=True, **kwargs)  # type: ignore[arg-type]
    message = str(info.value)
    assert message.startswith(f"{journal_path(out)}:1: the interrupted run used other settings")
    assert named in message and "without --resume" in message
    assert journal_path(out).read_bytes() == before and not out.exists()


@pytest.mark.parametrize(
    "edit",
    [
        lambda line: line.replace('"ok": true', '"ok": false'),
        lambda line: line.replace('"record"', '"recurd"'),
        lambda line: "[1, 2]\n",
        lambda line: "not json\n",
    ],
    ids=["changed-value", "renamed-key", "wrong-shape", "not-json"],
)
def test_hand_edited_journal_line_is_a_located_error_not_a_key_error(
    tmp_path: Path, edit: object
) -> None:
    from kvo_rules.advice.batch import journal_path, read_items, run_batch

    folder = _two_profiles(tmp_path / "in")
    shutil.copy(EXAMPLES / "shopping_area_village.yaml", folder / "c.yaml")
    out = tmp_path / "out.jsonl"
    _interrupted(folder, out)
    journal = journal_path(out)
    lines = journal.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[2] = edit(lines[2])  # type: ignore[operator]
    journal.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(KvoError) as info:
        run_batch(read_items(folder), out, resume=True)
    assert str(info.value).startswith(f"{journal}:3: this journal line was changed or damaged")


def test_a_second_batch_on_the_same_output_is_refused_while_the_first_runs(
    tmp_path: Path,
) -> None:
    import fcntl

    from kvo_rules.advice.batch import lock_path

    inputs = _two_profiles(tmp_path / "in")
    out = tmp_path / "out.jsonl"
    with open(lock_path(out), "w") as held:  # what a running batch holds
        fcntl.flock(held, fcntl.LOCK_EX)
        code, message = cli("batch", str(inputs), "-o", str(out))
        assert code == 2 and "another batch is writing this output" in message
        assert not out.exists()
    code, message = cli("batch", str(inputs), "-o", str(out))
    assert code == 0, message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "out.jsonl"]


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_batch_workers_die_with_the_parent(tmp_path: Path, engine: Engine, sig: int) -> None:
    line = json.dumps(
        engine.load_profile(EXAMPLES / "business_park_dark.yaml").model_dump(mode="json")
    )
    src = tmp_path / "in.jsonl"
    src.write_text((line + "\n") * 3000)
    parent = subprocess.Popen(
        [sys.executable, "-m", "kvo_rules", "batch", str(src), "-o", str(tmp_path / "o.jsonl"),
         "--jobs", "2"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    workers: set[int] = set()
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(workers) < 3:  # 2 workers + resource tracker
            workers = _children(parent.pid)
            time.sleep(0.1)
        assert len(workers) >= 3, workers
        time.sleep(1.0)
        parent.send_signal(sig)
        parent.wait(timeout=30)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and any(_alive(p) for p in workers):
            time.sleep(0.1)
        assert not [p for p in workers if _alive(p)]
    finally:  # never leave a process behind, whatever failed
        for pid in workers | _children(parent.pid) | {parent.pid}:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        parent.wait()


# --- 8: injection ----------------------------------------------------------------------------

EVIL = (
    "Evil\n# Injected heading\n<script>alert(1)</script> [click](javascript:alert(1)) "
    "<javascript:alert(2)> `code` | cell \x1b]52;c;aGk=\x07 \x1b]0;title\x07 \x00 \x9b2J end"
)


def _evil_cycle(tmp_path: Path) -> tuple[Path, Path]:
    import yaml

    data = yaml.safe_load((EXAMPLES / "cycle" / "profile.yaml").read_text(encoding="utf-8"))
    data["area"]["name"] = EVIL
    data["area"]["municipality"] = "Town\n\n## Also <b>bold</b>"
    profile = tmp_path / "profile.json"
    profile.write_text(json.dumps(data, default=str))
    plan = tmp_path / "plan.json"
    code, out = cli("plan", str(profile), "-o", str(plan), "--start", "2025-03-01")
    assert code == 0, out
    followup = tmp_path / "followup.yaml"
    text = (EXAMPLES / "cycle" / "followup.yaml").read_text(encoding="utf-8")
    followup.write_text(text.replace("note: police", "note: |-\n  # H\n  <img src=x> police", 1))
    return plan, followup


def _assert_plain_markdown(document: str) -> None:
    lines = document.splitlines()
    assert sum(line.startswith("# ") for line in lines) == 1  # only the title
    assert not any(line.startswith("## Also") or line.startswith("# Injected") for line in lines)
    assert not re.search(r"(?<!\\)<(script|b|img|javascript)", document)
    assert not re.search(r"(?<!\\)\[click\]\(", document)
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", document)
    assert "Evil # Injected heading \\<script>alert(1)\\</script> \\[click]" in document


def _assert_well_formed_html(document: str) -> None:
    from html.parser import HTMLParser

    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", document)
    tags: list[str] = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            tags.append(tag)

    Collect().feed(document)
    assert "script" not in tags and "b" not in tags and "img" not in tags
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in document


def test_markdown_and_html_plan_and_evaluation_do_not_inject_from_names(tmp_path: Path) -> None:
    plan, followup = _evil_cycle(tmp_path)
    for fmt in ("md", "html"):
        out = tmp_path / f"plan.{fmt}"
        code, _ = cli(
            "plan", str(tmp_path / "profile.json"), "-o", str(out), "--start", "2025-03-01"
        )
        assert code == 0
        ev = tmp_path / f"evaluation.{fmt}"
        code, message = cli("evaluate", str(plan), str(followup), "-o", str(ev))
        assert code == 0, message
        for document in (out.read_text(encoding="utf-8"), ev.read_text(encoding="utf-8")):
            if fmt == "md":
                _assert_plain_markdown(document)
            else:
                _assert_well_formed_html(document)


def test_table_output_and_error_messages_do_not_pass_terminal_escapes(tmp_path: Path) -> None:
    import yaml

    data = yaml.safe_load((EXAMPLES / "business_park_dark.yaml").read_text(encoding="utf-8"))
    data["area"]["name"] = EVIL
    profile = tmp_path / "p.json"
    profile.write_text(json.dumps(data, default=str))
    for fmt in ("table", "markdown", "json", "csv"):
        proc = _kvo("recommend", str(profile), "--format", fmt)
        assert proc.returncode == 0, proc.stderr
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", proc.stdout), fmt
        assert fmt == "csv" or "\\u001b]52;c;aGk=\\u0007" in proc.stdout
        if fmt == "json":
            assert json.loads(proc.stdout)["area"] == EVIL  # the same data, JSON-escaped
    data["area"]["kind"] = "park\x1b]0;pwned\x07"
    profile.write_text(json.dumps(data, default=str))
    proc = _kvo("recommend", str(profile))
    assert proc.returncode == 2 and proc.stderr.startswith(f"{profile}:")
    assert "\x1b" not in proc.stderr and "\x07" not in proc.stderr
    assert "\\u001b]0;pwned\\u0007" in proc.stderr


# --- 11: library misuse ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("update", "needle"),
    [
        ({"horizon_years": 0}, "'horizon_years': input should be greater than or equal to 1"),
        ({"horizon_years": 11}, "'horizon_years': input should be less than or equal to 10"),
        ("nan-budget", "'one_off': should be a finite number"),
        ("inf-businesses", "'businesses'"),
    ],
    ids=["horizon-0", "horizon-11", "nan-budget", "inf-businesses"],
)
def test_model_copy_update_skipping_validation_is_checked_at_the_library_entry(
    engine: Engine, update: object, needle: str
) -> None:
    profile = engine.load_profile(EXAMPLES / "business_park_dark.yaml")
    assert profile.budget is not None
    if update == "nan-budget":
        bad = profile.model_copy(
            update={"budget": profile.budget.model_copy(update={"one_off": float("nan")})}
        )
    elif update == "inf-businesses":
        bad = profile.model_copy(
            update={"area": profile.area.model_copy(update={"businesses": float("inf")})}
        )
    else:
        bad = profile.model_copy(update=update)  # type: ignore[arg-type]
    for call in (
        engine.recommend,
        engine.evaluate,
        engine.fired_rule_ids,
        engine.candidates,
        engine.explain,
    ):
        with pytest.raises(KvoError, match=needle):
            call(bad)  # type: ignore[operator]


def test_recommend_of_bytes_is_a_type_error_that_says_what_to_do(engine: Engine) -> None:
    text = (EXAMPLES / "business_park_dark.yaml").read_bytes()
    with pytest.raises(TypeError, match=r"not bytes \(decode bytes first: .decode\('utf-8'\)\)"):
        engine.recommend(text)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="not int"):
        engine.recommend(3)  # type: ignore[arg-type]
    assert engine.recommend(text.decode("utf-8")).recommended.measures


def test_explain_in_an_unknown_language_is_a_value_error(engine: Engine) -> None:
    profile = engine.load_profile(EXAMPLES / "business_park_dark.yaml")
    with pytest.raises(ValueError, match="lang must be 'nl' or 'en', not 'de'"):
        engine.explain(profile, lang="de")  # type: ignore[arg-type]


def _recommend_in_child(engine: Engine, text: str) -> str:
    return engine.recommend(text).model_dump_json()


def test_engine_pickles_and_deep_copies_to_an_equal_engine(engine: Engine) -> None:
    import copy
    import multiprocessing
    import pickle

    text = (EXAMPLES / "business_park_dark.yaml").read_text(encoding="utf-8")
    expected = engine.recommend(text).model_dump_json()
    for clone in (pickle.loads(pickle.dumps(engine)), copy.deepcopy(engine)):
        assert clone is not engine and clone.compiled is not engine.compiled
        assert clone.rulebase.digest == engine.rulebase.digest
        assert clone.recommend(text).model_dump_json() == expected
    reference = Engine(backend="reference")
    assert pickle.loads(pickle.dumps(reference)).backend == "reference"
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        assert pool.apply(_recommend_in_child, (engine, text)) == expected


# --- 12: small items -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "name"),
    [
        ("utf-16", "UTF-16"),
        ("utf-16-le", "UTF-16"),
        ("utf-16-be", "UTF-16"),
        ("utf-32", "UTF-32"),
        ("utf-32-le", "UTF-32"),
        ("utf-32-be", "UTF-32"),
    ],
)
def test_utf16_and_utf32_files_are_named_as_such_not_binary(
    tmp_path: Path, encoding: str, name: str
) -> None:
    path = tmp_path / "p.yaml"
    path.write_bytes(PROFILE.encode(encoding))
    code, out = cli("validate", str(path))
    assert code == 2 and out == f"{path}: the file is {name} text, not UTF-8 (save it as UTF-8)\n"


def test_internal_error_messages_are_shortened(monkeypatch: pytest.MonkeyPatch) -> None:
    from kvo_rules.advice.engine import Engine as EngineClass

    def broken(self: object, *args: object, **kwargs: object) -> None:
        raise RuntimeError("x" * 60_000)

    monkeypatch.setattr(EngineClass, "recommend", broken)
    code, out = cli("recommend", str(EXAMPLES / "business_park_dark.yaml"))
    assert code == 3 and "internal error" in out and len(out) < 1_000
    assert "(60,016 characters)" in out


def test_a_killed_writers_temporary_file_is_removed_by_the_next_write(tmp_path: Path) -> None:
    from kvo_rules.core.atomic import write_atomic

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    stale = tmp_path / f".plan.md.{dead.stdout.strip()}.abc123.tmp"
    stale.write_text("half")
    live = tmp_path / f".plan.md.{os.getppid()}.def456.tmp"  # a writer still running
    live.write_text("busy")
    other = tmp_path / f".other.md.{dead.stdout.strip()}.x.tmp"
    other.write_text("not ours")
    write_atomic(tmp_path / "plan.md", "new\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["plan.md", live.name, other.name])


def test_one_unknown_id_does_not_hide_the_other_findings_of_its_rule_file(
    tmp_path: Path,
) -> None:
    import yaml

    rules = yaml.safe_load((RULESETS / "public_space.yaml").read_text(encoding="utf-8"))["rules"]
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "a.yaml").write_text(yaml.safe_dump({"rules": rules[:2]}, allow_unicode=True))
    bad = {**rules[2], "then": [{"propose": "no_such_measure"}]}
    (folder / "b.yaml").write_text(
        yaml.safe_dump({"rules": [rules[0], bad, rules[3], rules[3]]}, allow_unicode=True)
    )
    code, out = cli("lint", str(folder))
    assert code == 1
    found = [line for line in out.splitlines() if "KVO1" in line]
    assert len(found) == 3, out
    assert f"{folder / 'b.yaml'}:9:7: KVO100 rule id '{rules[0]['id']}' is already used" in out
    assert "unknown measure 'no_such_measure'" in out
    assert f"KVO100 rule id '{rules[3]['id']}' is already used at {folder / 'b.yaml'}" in out


# --- 9: valid rules durable_rules cannot hold in one expression --------------------------------


def _wide_rule_file(tmp_path: Path, name: str, when: list[dict[str, object]]) -> Path:
    import yaml

    path = tmp_path / f"{name}.yaml"
    rule = {
        "id": "wide_rule",
        "description": {"nl": "Brede regel", "en": "Wide rule"},
        "priority": 100,
        "when": when,
        "then": [{"propose": "street_lighting"}],
    }
    path.write_text(yaml.safe_dump({"rules": [rule]}, sort_keys=False))
    return path


def _problem_ids() -> list[str]:
    from kvo_rules.core.catalogue import load_catalogue

    return sorted(load_catalogue(MEASURES).problems)


def _full_condition(problem: str) -> dict[str, object]:
    return {
        "problem": problem,
        "severity": {"min": 2, "max": 4},
        "incidents": {"min": 1, "max": 100},
        "trend": ["rising", "stable"],
        "times": ["night", "weekend"],
    }


def _wide_shapes() -> dict[str, list[dict[str, object]]]:
    from kvo_rules.core.catalogue import load_catalogue

    problems = _problem_ids()
    measures = sorted(load_catalogue(MEASURES).measures)
    return {
        "any-of-15": [{"any": [_full_condition(p) for p in problems[:15]]}],
        "all-of-5-anys": [
            {"any": [_full_condition(problems[2 * i]), _full_condition(problems[2 * i + 1])]}
            for i in range(5)
        ],
        "any-over-250-fields": [
            {
                "any": [_full_condition(p) for p in problems]
                + [{"in_place": m} for m in measures]
                + [{"not": {"problem": p, "times": ["day", "evening"]}} for p in problems]
            }
        ],
    }


@pytest.mark.parametrize("shape", ["any-of-15", "all-of-5-anys", "any-over-250-fields"])
def test_rules_too_big_for_one_durable_expression_are_split_and_fire_like_the_reference(
    tmp_path: Path, shape: str
) -> None:
    import random

    from kvo_rules import parse_profile

    path = _wide_rule_file(tmp_path, shape, _wide_shapes()[shape])
    durable = Engine(path, MEASURES)
    reference = Engine(path, MEASURES, backend="reference")
    assert len(durable.compiled.pieces) > 1  # it was split
    problems = _problem_ids()
    rng = random.Random(shape)
    fitting = {"severity": 3, "incidents_per_year": 5, "trend": "rising", "times": ["night"]}
    every = [{"type": p, **fitting} for p in problems]
    datas = [{"area": {"name": "X", "kind": "business_park", "businesses": 40}, "problems": every}]
    for _ in range(150):
        chosen = rng.sample(problems, rng.randint(1, 15))
        datas.append(
            {
                "area": {"name": "X", "kind": "business_park", "businesses": 40},
                "problems": [_random_problem(rng, p) for p in chosen],
            }
        )
    outcomes = []
    for data in datas:
        profile = parse_profile(data, durable.catalogue)
        got = durable.fired_rule_ids(profile)
        assert got == reference.fired_rule_ids(profile), data
        outcomes.append(bool(got))
    assert outcomes[0]  # every condition met
    assert shape == "any-over-250-fields" or not all(outcomes)  # both outcomes seen


def _random_problem(rng: object, problem: str) -> dict[str, object]:
    import random

    assert isinstance(rng, random.Random)
    item: dict[str, object] = {"type": problem, "severity": rng.randint(1, 5)}
    if rng.random() < 0.8:
        item["incidents_per_year"] = rng.choice([0, 5, 50, 500])
    if rng.random() < 0.8:
        item["trend"] = rng.choice(["rising", "stable", "falling"])
    item["times"] = rng.sample(["day", "evening", "night", "weekend"], rng.randint(0, 3))
    return item


def test_durable_expression_limit_is_what_the_compiler_assumes() -> None:
    from kvo_rules.rules.compiler import MAX_GROUPS_PER_EXPRESSION
    from kvo_rules.rules.durable_adapter import _QuietHost

    def registers(groups: int) -> bool:
        expr: dict[str, object] = {"$gte": {"f0": 1}}
        for depth in range(1, groups + 2):  # the top group is free
            op = "$and" if depth % 2 else "$or"
            expr = {op: [{"$gte": {f"f{depth}": 1}}, expr]}
        try:
            _QuietHost().set_rulesets(
                {f"limit_{groups}": {"r": {"all": [{"m": expr}], "pri": 1, "run": lambda c: None}}}
            )
        except Exception as exc:
            assert "error code: 113" in str(exc)
            return False
        return True

    assert registers(MAX_GROUPS_PER_EXPRESSION)
    assert not registers(MAX_GROUPS_PER_EXPRESSION + 1)


def test_a_rule_too_big_even_when_split_is_refused_at_load_in_validate_and_in_lint(
    tmp_path: Path,
) -> None:
    problems = _problem_ids()
    when = [
        {"any": [_full_condition(problems[2 * i]), _full_condition(problems[2 * i + 1])]}
        for i in range(8)
    ]
    path = _wide_rule_file(tmp_path, "huge", when)
    with pytest.raises(KvoError) as info:
        Engine(path, MEASURES)
    assert str(info.value).startswith(f"{path}:2:3: rule 'wide_rule': the rule engine cannot")
    code, out = cli("recommend", str(EXAMPLES / "business_park_dark.yaml"), "--rules", str(path))
    assert code == 2 and out.startswith(f"{path}:2:3: ")
    code, out = cli("validate", str(path), "--measures", str(MEASURES))
    assert code == 2 and out.startswith(f"{path}:2:3: the rule engine cannot run")
    code, out = cli("lint", str(path), "--measures", str(MEASURES))
    assert code == 1 and f"{path}:8:3: KVO206 the rule engine cannot run" in out
    wide_and = [_full_condition(p) for p in problems] + [
        {"not": {"problem": p, "times": ["day", "evening"]}} for p in problems
    ]
    path = _wide_rule_file(tmp_path, "wide_and", [{"all": wide_and}])
    code, out = cli("lint", str(path), "--measures", str(MEASURES))
    assert "KVO206" in out, out


# --- 10: lint near-linear --------------------------------------------------------------------


def test_lint_prefilter_never_skips_a_pair_where_one_rule_implies_the_other() -> None:
    """may_imply is a cheap filter in front of implies: it may only say False when implies
    says False (otherwise lint would lose subsumed and duplicate findings)."""
    import random

    from kvo_rules.authoring.checks import LintContext
    from kvo_rules.core.catalogue import load_catalogue

    from .synth import rulebase

    catalogue = load_catalogue(MEASURES)
    rb = rulebase(random.Random(16), catalogue, 150)
    ctx = LintContext(catalogue, rb)
    rules = [r for r in rb.rules if ctx.terms(r)]
    skipped = implied = 0
    for rule in rules:
        terms = ctx.terms(rule)
        assert terms
        for other in rules:
            if other is rule:
                continue
            verdict = ctx.implies(terms, other)
            implied += verdict is True
            if not ctx.may_imply(rule, other):
                skipped += 1
                assert verdict is not True, (rule, other)
    assert implied > 20 and skipped > len(rules) ** 2 // 2  # both sides are exercised


def test_lint_findings_are_unchanged_by_the_prefilter(monkeypatch: pytest.MonkeyPatch) -> None:
    import random

    from kvo_rules.authoring.checks import LintContext
    from kvo_rules.authoring.lint import lint_loaded
    from kvo_rules.core.catalogue import load_catalogue

    from .synth import rulebase

    catalogue = load_catalogue(MEASURES)
    rb = rulebase(random.Random(3), catalogue, 250)
    fast = lint_loaded(catalogue, rb)
    monkeypatch.setattr(LintContext, "may_imply", lambda self, rule, other: True)
    assert lint_loaded(catalogue, rb) == fast
    assert {d.code for d in fast} >= {"KVO202", "KVO203"}


def test_lint_solution_cache_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    import random

    from kvo_rules.authoring.checks import LintContext, _logic
    from kvo_rules.authoring.lint import lint
    from kvo_rules.core.catalogue import load_catalogue

    from .synth import rulebase

    monkeypatch.setattr(_logic, "MAX_CACHED_SOLUTIONS", 500)
    catalogue = load_catalogue(MEASURES)
    ctx = LintContext(catalogue, rulebase(random.Random(5), catalogue, 200))
    sizes: list[int] = []
    real_solve = _logic.Space.solve

    def solve(self: _logic.Space, term: _logic.Term) -> _logic.Solution:
        sizes.append(len(self._cache))
        return real_solve(self, term)

    monkeypatch.setattr(_logic.Space, "solve", solve)
    assert lint(ctx)
    assert len(sizes) > 5_000 and max(sizes) <= 500


# --- atomic writes under SIGKILL ---------------------------------------------------------------


def test_sigkill_at_random_points_never_leaves_a_partial_file(tmp_path: Path) -> None:
    """A writer killed at any moment leaves the target as one whole version, never a mix or
    a truncated file; the next write removes the killed writer's temporary file."""
    import random

    from kvo_rules.core.atomic import write_atomic

    target = tmp_path / "plan.md"
    versions = [(chr(ord("a") + i) * 700_000 + "\n").encode() for i in range(4)]
    target.write_bytes(versions[0])
    rng = random.Random(16)
    kills_mid_write = 0
    for run in range(40):
        pid = os.fork()
        if pid == 0:  # the writer: replace the file again and again until killed
            try:
                n = 1
                while True:
                    write_atomic(target, versions[n % 4])
                    n += 1
            finally:
                os._exit(0)
        time.sleep(rng.uniform(0.0, 0.15))
        kills_mid_write += bool(list(tmp_path.glob(".plan.md.*.tmp")))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        assert target.read_bytes() in versions, f"run {run}: a partial or mixed file"
    assert kills_mid_write >= 5  # many kills hit a write in progress
    write_atomic(target, "final\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.md"]


def test_atomic_write_flushes_the_file_before_the_rename_and_the_directory_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kvo_rules.core.atomic as atomic

    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        kind = "dir" if os.path.isdir(f"/proc/self/fd/{fd}") else "file"
        events.append(f"fsync {kind}")
        real_fsync(fd)

    def replace(a: str, b: object) -> None:
        events.append("rename")
        real_replace(a, b)  # type: ignore[arg-type]

    monkeypatch.setattr(atomic.os, "fsync", fsync)
    monkeypatch.setattr(atomic.os, "replace", replace)
    atomic.write_atomic(tmp_path / "out.md", "text\n")
    assert events == ["fsync file", "rename", "fsync dir"]
    assert (tmp_path / "out.md").read_text() == "text\n"
