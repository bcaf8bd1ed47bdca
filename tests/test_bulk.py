"""batch and sweep: many profiles and many budgets, nothing lost, failures isolated."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kvo_rules import Engine, KvoError
from kvo_rules.advice.batch import journal_path, read_items, run_batch
from kvo_rules.advice.sweep import sweep
from kvo_rules.cli import main
from kvo_rules.cli.steps import parse_steps

from .conftest import EXAMPLES

BAD = "area: {name: X, kind: park, businesses: 1}\nproblems: [{type: robbery, severity: 2}]\n"


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    """The examples plus one broken profile in the middle (sorted order)."""
    folder = tmp_path / "in"
    folder.mkdir()
    for p in sorted(EXAMPLES.glob("*.yaml")):
        shutil.copy(p, folder / p.name)
    (folder / "business_park_zz_broken.yaml").write_text(BAD, encoding="utf-8")
    (folder / "shopping_area_aa_broken.yaml").write_text(BAD, encoding="utf-8")
    return folder


def records(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_batch_keeps_input_order_and_isolates_failures(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(main, ["batch", str(inputs), "-o", str(out), "--lang", "en"])
    assert result.exit_code == 1, result.output
    got = records(out)
    names = sorted(p.name for p in inputs.iterdir())
    assert [Path(str(r["source"])).name for r in got] == names
    broken = [r for r in got if not r["ok"]]
    assert len(broken) == 2
    assert all("'park' is not one of" in str(r["errors"]) for r in broken)
    assert sum(1 for r in got if r["ok"]) == len(names) - 2
    assert not journal_path(out).exists()


def test_two_jobs_give_the_same_output_as_one(inputs: Path, tmp_path: Path) -> None:
    items = read_items(inputs)
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    run_batch(items, one, jobs=1)
    run_batch(items, two, jobs=2)
    assert one.read_bytes() == two.read_bytes()


def test_jsonl_input_and_csv_output(tmp_path: Path, engine: Engine) -> None:
    lines = []
    for p in sorted(EXAMPLES.glob("*.yaml"))[:3]:
        lines.append(json.dumps(engine.load_profile(p).model_dump(mode="json")))
    lines.insert(1, "{not json")
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    result = CliRunner().invoke(main, ["batch", str(src), "-o", str(out)])
    assert result.exit_code == 1
    rows = out.read_text(encoding="utf-8").splitlines()
    assert rows[0].startswith("\ufeffbron;gelukt;gebied")  # Dutch by default: ; and a BOM
    assert len(rows) == 5
    assert rows[2].startswith(f"{src}:2;nee") and "geen geldige JSON" in rows[2]


def test_interrupted_batch_resumes_to_the_same_output(inputs: Path, tmp_path: Path) -> None:
    items = read_items(inputs)
    full = tmp_path / "full.jsonl"
    run_batch(items, full)

    out = tmp_path / "out.jsonl"
    calls = {"n": 0}

    def interrupt(n: int) -> None:
        calls["n"] += n
        if calls["n"] == 4:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_batch(items, out, progress=interrupt)
    assert not out.exists()
    journal = journal_path(out)
    assert len(journal.read_text(encoding="utf-8").splitlines()) == 1 + 4  # settings, records
    # a torn last line (killed while writing) is ignored
    with journal.open("a", encoding="utf-8") as handle:
        handle.write('{"index": 4, "sou')
    summary = run_batch(items, out, resume=True)
    assert summary.resumed == 4
    assert out.read_bytes() == full.read_bytes()
    assert not journal.exists()


def test_existing_output_needs_force(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text("keep me\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["batch", str(inputs), "-o", str(out)])
    assert result.exit_code == 2 and "--force" in result.output
    assert out.read_text(encoding="utf-8") == "keep me\n"


def test_batch_output_must_be_jsonl_csv_or_xlsx(inputs: Path, tmp_path: Path) -> None:
    args = ["batch", str(inputs), "-o", str(tmp_path / "x.txt")]
    result = CliRunner().invoke(main, args, env={"KVO_LANG": "en"})
    assert result.exit_code == 2 and ".jsonl, .csv or .xlsx" in result.output
    result = CliRunner().invoke(main, args, env={"KVO_LANG": ""})
    assert result.exit_code == 2 and ".jsonl, .csv of .xlsx" in result.output


def test_parse_steps() -> None:
    assert parse_steps("0:30000:10000", "x") == [0, 10000, 20000, 30000]
    assert parse_steps("5000", "x") == [5000]
    for bad in ("a:b:c", "10:0:5", "0:10:0", "-5", "0:1000000:1"):
        with pytest.raises(KvoError):
            parse_steps(bad, "x")


def test_more_budget_never_buys_less_safety(engine: Engine) -> None:
    profile = engine.load_profile(EXAMPLES / "business_park_dark.yaml")
    points = sweep(engine, profile, one_off=parse_steps("0:150000:25000", "x"))
    benefits = [p.package.benefit for p in points]
    assert benefits == sorted(benefits)
    for p in points:
        assert p.package.one_off_cost <= (p.budget_one_off or 0) + 1e-6


def test_sweep_cli_table_chart_and_csv() -> None:
    profile = str(EXAMPLES / "shopping_area_theft.yaml")
    result = CliRunner().invoke(
        main, ["sweep", profile, "--budget-yearly", "0:90000:30000", "--lang", "en"]
    )
    assert result.exit_code == 0, result.output
    assert "│" in result.output and "90,000" in result.output
    result = CliRunner().invoke(
        main, ["sweep", profile, "--budget-yearly", "0:90000:30000", "--format", "csv"]
    )
    assert result.exit_code == 0 and len(result.output.splitlines()) == 5


def test_sweep_needs_steps() -> None:
    result = CliRunner().invoke(main, ["sweep", str(EXAMPLES / "shopping_area_theft.yaml")])
    assert result.exit_code == 2 and "budgetstappen" in result.output  # Dutch by default


def test_review_found_jsonl_errors_say_file_line_col(tmp_path: Path) -> None:
    """Found in review: a record's errors said 'in.jsonl:2:1:63' instead of 'in.jsonl:2:63'."""
    src = tmp_path / "in.jsonl"
    good = '{"area": {"name": "X", "kind": "shopping_area", "businesses": 5}, '
    src.write_bytes(
        (good + '"problems": [{"type": "robbery", "severity": 2}]}\n').encode()
        + (good + '"problems": [{"type": "robbery", "severity": 9}]}\n').encode()
        + b'{"area": "caf\xe9"}\n'
    )
    out = tmp_path / "out.jsonl"
    run_batch(read_items(src), out, lang="en")
    got = records(out)
    assert got[0]["ok"] and not got[1]["ok"] and not got[2]["ok"]
    (severity,) = got[1]["errors"]  # type: ignore[misc]
    assert str(severity).startswith(f"{src}:2:112: 'severity'")
    (utf8,) = got[2]["errors"]  # type: ignore[misc]
    assert str(utf8) == f"{src}:3:14: the record is not UTF-8 text"


def test_review_found_resume_twice_after_a_torn_line_loses_nothing(
    inputs: Path, tmp_path: Path
) -> None:
    """Found in review: appending after a torn journal line corrupted the next resume."""
    items = read_items(inputs)
    full = tmp_path / "full.jsonl"
    run_batch(items, full)
    out = tmp_path / "out.jsonl"
    journal = journal_path(out)
    for stop_after in (2, 5):
        calls = {"n": 0}

        def interrupt(n: int, stop: int = stop_after, calls: dict[str, int] = calls) -> None:
            calls["n"] += n
            if calls["n"] >= stop:
                raise KeyboardInterrupt

        with pytest.raises(KeyboardInterrupt):
            run_batch(items, out, progress=interrupt, resume=True)
        with journal.open("a", encoding="utf-8") as handle:
            handle.write('{"index": 99, "torn')
    run_batch(items, out, resume=True)
    assert out.read_bytes() == full.read_bytes()


def test_a_single_yaml_profile_is_one_item(tmp_path: Path) -> None:
    items = read_items(EXAMPLES / "business_park_dark.yaml")
    assert len(items) == 1
    out = tmp_path / "one.jsonl"
    assert run_batch(items, out).ok == 1


def test_jsonl_output_is_streamed_and_is_the_records_rendered_whole(
    inputs: Path, tmp_path: Path, engine: Engine
) -> None:
    """Records go into the output's temporary file as they finish (nothing kept in memory),
    and the file is byte for byte what rendering all records at the end gave."""
    from kvo_rules.advice.batch import recommend_item
    from kvo_rules.advice.batch_table import render_records

    items = read_items(inputs)
    out = tmp_path / "out.jsonl"
    sizes: list[int] = []

    def look(n: int) -> None:
        (tmp,) = tmp_path.glob(".out.jsonl.*.tmp")  # the output is not there yet
        assert not out.exists()
        sizes.append(tmp.stat().st_size)

    run_batch(items, out, progress=look)
    assert len(sizes) == len(items) and sizes == sorted(sizes) and sizes[0] == 0 < sizes[-1]
    assert not list(tmp_path.glob(".out.jsonl.*.tmp"))
    whole = render_records([recommend_item(engine, item) for item in items], "jsonl", "nl")
    assert out.read_text(encoding="utf-8") == whole


def test_a_journal_of_the_former_layout_is_refused_not_misread(
    inputs: Path, tmp_path: Path
) -> None:
    items = read_items(inputs)
    out = tmp_path / "out.jsonl"
    calls = {"n": 0}

    def interrupt(n: int) -> None:
        calls["n"] += n
        if calls["n"] == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_batch(items, out, progress=interrupt)
    journal = journal_path(out)
    lines = journal.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[0] = lines[0].replace('"journal": 3', '"journal": 2')
    journal.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(KvoError) as info:
        run_batch(items, out, resume=True)
    assert str(info.value).startswith(f"{journal}:1: not a journal of this version")
