"""kvo-rules lint: every check finds what it should at the right line, and nothing on good input.

Each check has a directory under tests/data/lint/ named after it, with ``fail*`` and ``pass*``
cases. A case holds rule files and, where it needs them, catalogue files that replace those
of tests/data/lint/common/. A line that must get a finding carries ``# expect: CODE`` (a code
per finding); a ``pass`` case must get no finding of the check's code.
"""

from __future__ import annotations

import json
import random
import re
import tempfile
from collections import Counter
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from kvo_rules import Catalogue, load_catalogue, load_rulebase
from kvo_rules.authoring.checks import CHECKS, Check, LintContext, find_check
from kvo_rules.authoring.checks._logic import Space, condition_tree
from kvo_rules.authoring.checks._profiles import confirms, example_profile
from kvo_rules.authoring.lint import checks_markdown, lint, lint_loaded, lint_paths, split_paths
from kvo_rules.cli import main
from kvo_rules.core.errors import KvoError
from kvo_rules.core.model import Figure
from kvo_rules.core.profile import parse_profile
from kvo_rules.rules.base import RuleBase
from kvo_rules.rules.language import Rule
from kvo_rules.rules.reference import fired_rules

from . import synth
from .conftest import MEASURES, RULESETS

LINT = Path(__file__).parent / "data" / "lint"
COMMON = LINT / "common"
CATALOGUE_FILES = ("measures.yaml", "problems.yaml", "sources.yaml")
MARKER = re.compile(r"#\s*expect:\s*(KVO\d{3}(?:\s*,\s*KVO\d{3})*)")


def run(*args: str) -> Result:
    """The CLI with English messages (``KVO_LANG=en``; its default is Dutch)."""
    return CliRunner().invoke(main, list(args), env={"KVO_LANG": "en"})


def case_paths(case: Path) -> tuple[list[Path], list[Path]]:
    """(rule files, catalogue files) of a fixture case."""
    catalogue = {p.name: p for p in COMMON.glob("*.yaml")}
    local = sorted(case.glob("*.yaml"))
    catalogue.update({p.name: p for p in local if p.name in CATALOGUE_FILES})
    rules = [p for p in local if p.name not in CATALOGUE_FILES] or [LINT / "clean" / "rules.yaml"]
    if (case / "tests").is_dir():  # a rules directory with its rule tests
        rules = [case]
    return rules, sorted(catalogue.values())


def expected(case: Path) -> Counter[tuple[str, int, str]]:
    """(file, line, code) of every ``# expect:`` marker in the case's own files."""
    out: Counter[tuple[str, int, str]] = Counter()
    for f in case.glob("**/*.yaml"):
        for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            m = MARKER.search(line)
            if m:
                for code in m.group(1).split(","):
                    out[str(f.resolve()), n, code.strip()] += 1
    return out


def fixture_cases() -> list[object]:
    out: list[object] = []
    for check_dir in sorted(p for p in LINT.iterdir() if p.is_dir()):
        if check_dir.name in ("common", "clean"):
            continue
        for case in sorted(p for p in check_dir.iterdir() if p.is_dir()):
            out.append(pytest.param(check_dir.name, case, id=f"{check_dir.name}/{case.name}"))
    return out


@pytest.mark.parametrize(("name", "case"), fixture_cases())
def test_check_finds_exactly_the_marked_lines(name: str, case: Path) -> None:
    check = find_check(name)
    assert check is not None, f"{name}: no check of that name"
    rules, catalogue = case_paths(case)
    report = lint_paths(rules, catalogue)
    found = Counter(
        (str(Path(d.location.path).resolve()), d.location.line, d.code)
        for d in report.findings
        if d.code == check.code
    )
    wanted = expected(case)
    if case.name.startswith("pass"):
        assert not wanted, "a pass case carries no markers"
        assert not found, "\n".join(str(d) for d in report.findings if d.code == check.code)
    else:
        assert wanted, "a fail case marks the lines that must get a finding"
        shown = "\n".join(str(d) for d in report.findings)
        assert found == wanted, f"findings:\n{shown}"


def test_every_check_has_a_failing_and_a_passing_case() -> None:
    for check in CHECKS:
        cases = [p.name for p in (LINT / check.name).glob("*") if p.is_dir()]
        assert any(c.startswith("fail") for c in cases), check.name
        assert any(c.startswith("pass") for c in cases), check.name


def test_a_clean_rule_base_has_no_findings_at_all() -> None:
    report = lint_paths([LINT / "clean"], [COMMON])
    assert report.ok, "\n".join(map(str, report.findings))
    assert report.complete and report.rules == 7 and report.measures == 6


# --- the bundled data ----------------------------------------------------------------------


def test_the_bundled_rule_base_lints_clean() -> None:
    # how long lint takes is measured by benchmarks/run.py (bench_lint), not here: a timed test
    # fails on a loaded machine and proves nothing about the code
    report = lint_paths(RULESETS, MEASURES)
    assert report.ok, "\n".join(map(str, report.findings))
    assert report.complete and report.rules > 100


def test_the_checks_find_nothing_in_the_bundled_context() -> None:
    catalogue = load_catalogue(MEASURES)
    ctx = LintContext(catalogue, load_rulebase(RULESETS, catalogue))
    assert lint(ctx) == []


def test_lint_command_is_clean_on_the_bundled_data() -> None:
    result = run("lint")
    assert result.exit_code == 0, result.output
    assert "no findings" in result.output


def test_lint_command_reports_file_line_col_code_and_exits_1() -> None:
    case = LINT / "never-fires" / "fail"
    result = run("lint", str(case), "--measures", str(COMMON), "--select", "never-fires")
    assert result.exit_code == 1
    first = result.output.splitlines()[0]
    assert re.match(
        r"^.*rules\.yaml:2:5: KVO201 rule 'severe_and_mild_burglary' can never fire", first
    )


def test_lint_command_json() -> None:
    case = LINT / "never-fires" / "fail"
    result = run("lint", str(case), "--measures", str(COMMON), "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    codes = {f["code"] for f in data["findings"]}
    assert "KVO201" in codes
    assert {"path", "line", "column", "code", "message"} <= set(data["findings"][0])
    assert data["complete"] is True


def test_lint_command_select_and_ignore() -> None:
    case = str(LINT / "never-fires" / "fail")
    only = run("lint", case, "--measures", str(COMMON), "--select", "KVO201", "--format", "json")
    assert {f["code"] for f in json.loads(only.output)["findings"]} == {"KVO201"}
    without = run("lint", case, "--measures", str(COMMON), "--ignore", "never-fires,KVO401")
    assert "KVO201" not in without.output and "KVO401" not in without.output


def test_lint_command_unknown_check_suggests() -> None:
    result = run("lint", "--select", "never-fire")
    assert result.exit_code == 2
    assert "unknown check 'never-fire' (did you mean 'never-fires'?)" in result.output
    result = CliRunner().invoke(main, ["lint", "--select", "never-fire"], env={"KVO_LANG": ""})
    assert "onbekende controle 'never-fire' (bedoelt u 'never-fires'?)" in result.output


def test_lint_command_missing_path_is_a_usage_error() -> None:
    result = run("lint", "--rules", "no/such/dir")
    assert result.exit_code == 2


def test_lint_tells_catalogue_paths_from_rule_paths(tmp_path: Path) -> None:
    rules, catalogue = split_paths([LINT / "clean", COMMON, COMMON / "problems.yaml"])
    assert rules == [LINT / "clean"]
    assert catalogue == [COMMON, COMMON / "problems.yaml"]


def test_lint_still_checks_the_files_that_load(tmp_path: Path) -> None:
    good = (LINT / "never-fires" / "fail" / "rules.yaml").read_text(encoding="utf-8")
    (tmp_path / "good.yaml").write_text(good, encoding="utf-8")
    (tmp_path / "bad.yaml").write_text("rules:\n  - id: x\n", encoding="utf-8")
    report = lint_paths(tmp_path, COMMON)
    codes = Counter(d.code for d in report.findings)
    assert codes["KVO100"] >= 1 and codes["KVO201"] == 5
    assert not report.complete and "KVO401" not in codes  # whole-base checks wait
    assert report.notes


def test_list_checks_is_the_generated_documentation() -> None:
    result = run("lint", "--list-checks")
    assert result.exit_code == 0
    assert result.output == checks_markdown()
    listed = json.loads(run("lint", "--list-checks", "--format", "json").output)
    assert [c["code"] for c in listed] == [c.code for c in CHECKS]


# --- the check modules -----------------------------------------------------------------------


def test_every_check_documents_code_name_summary_and_examples() -> None:
    codes = [c.code for c in CHECKS]
    names = [c.name for c in CHECKS]
    assert len(set(codes)) == len(codes) and len(set(names)) == len(names)
    for c in CHECKS:
        assert c.summary and not c.summary.endswith(" ")
        assert "FAIL" in c.doc and "PASS" in c.doc, c.code
        blocks = re.findall(r"```yaml\n(.*?)```", c.doc, re.S)
        assert len(blocks) >= 2, c.code
        for block in blocks:
            yaml.safe_load(block)  # every example is YAML


def _rule_file_examples(check: Check) -> list[tuple[str, bool]]:
    fail, _, passing = check.doc.partition("PASS")
    samples = [(b, True) for b in re.findall(r"```yaml\n(.*?)```", fail, re.S)]
    samples += [(b, False) for b in re.findall(r"```yaml\n(.*?)```", passing, re.S)]
    return [(b, f) for b, f in samples if b.startswith("rules:")]


# Examples that are whole rule files are linted below. The others (catalogue fragments, and the
# whole-rule-base checks KVO401/402, whose small examples leave everything else uncovered) are
# exercised by their fixtures in tests/data/lint/<check>/ (see test_fixture_...).
RUNNABLE = [c for c in CHECKS if _rule_file_examples(c) and c.code not in ("KVO401", "KVO402")]


def test_every_check_without_runnable_examples_has_fixtures() -> None:
    for check in CHECKS:
        if check not in RUNNABLE:
            folder = Path(__file__).parent / "data" / "lint" / check.name
            assert (folder / "fail").is_dir() and (folder / "pass").is_dir(), check.code


@pytest.mark.parametrize("check", RUNNABLE, ids=lambda c: c.code)
def test_rule_examples_in_the_docs_fail_and_pass_as_documented(check: Check) -> None:
    """Where a check's examples are whole rule files, lint them on the bundled catalogue."""
    code = check.code
    catalogue = load_catalogue(MEASURES)
    for block, fails in _rule_file_examples(check):
        rb = _rulebase_from_yaml(block, catalogue)
        found = [d for d in lint_loaded(catalogue, rb) if d.code == code] if rb else None
        if rb is None:  # the example is invalid on purpose (invalid-file, unknown-reference)
            assert fails, block
            continue
        assert bool(found) == fails, f"{block}\n{found}"


def _rulebase_from_yaml(text: str, catalogue: Catalogue) -> RuleBase | None:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "rules.yaml"
        path.write_text(text, encoding="utf-8")
        try:
            return load_rulebase(path, catalogue)
        except KvoError:
            return None


def test_checks_cover_catalogues_built_in_code() -> None:
    catalogue = load_catalogue(COMMON)
    m = catalogue.measures["street_lighting"]
    bare = Figure.model_construct(amount=750.0, source=(), estimate=False)
    broken = m.model_copy(update={"cost": m.cost.model_copy(update={"one_off": bare})})
    rule = Rule.model_validate(
        {"id": "r1", "description": {"nl": "x", "en": "x"}, "then": [{"propose": "no_such"}]}
    )
    cat = Catalogue(
        problems=catalogue.problems,
        measures={**catalogue.measures, "street_lighting": broken},
        sources=catalogue.sources,
    )
    found = lint_loaded(cat, RuleBase(rules=(rule,)))
    codes = {d.code for d in found}
    assert {"KVO303", "KVO101"} <= codes


# --- the analysis agrees with the reference evaluator ----------------------------------------


def test_static_analysis_agrees_with_the_evaluator_on_generated_rules() -> None:
    """A rule that fires for some profile is never called unsatisfiable; every example the
    analysis builds really fires the rule; implication is never claimed where it fails."""
    catalogue = load_catalogue(MEASURES)
    space = Space.of(catalogue, vocabulary=False)  # generated profiles ignore the vocabulary
    rng = random.Random(5)
    rb = synth.rulebase(rng, catalogue, 150)
    parsed = [parse_profile(synth.profile_data(rng, catalogue), catalogue) for _ in range(150)]
    fired = [set(fired_rules(rb, p)) for p in parsed]
    terms = {r.id: space.terms(condition_tree(r.when)) for r in rb.rules}
    for r in rb.rules:
        t = terms[r.id]
        if t is None:
            continue
        if any(r.id in f for f in fired):
            assert t, f"{r.id} fires but was called unsatisfiable"
        for term in t[:3]:
            assignment = space.solve(term).assignment
            assert assignment is not None
            example = example_profile(assignment, space.problem_areas)
            if example is not None:
                assert confirms(example, r.when), (r.id, term, example)
    pairs = 0
    for a in rb.rules[:60]:
        ta = terms[a.id]
        if not ta:
            continue
        for b in rb.rules[:60]:
            if a is b or not space.implies(ta, condition_tree(b.when)):
                continue
            pairs += 1
            for f in fired:
                assert a.id not in f or b.id in f, (a.id, b.id)
    assert pairs > 0
