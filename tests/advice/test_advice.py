"""The advice-quality test bed (issue 12): adviser cases from public sources, run on the engine.

(a) every case file is well-formed: its shape, measure ids that exist, source keys that exist,
    ``within >= 1``, and a profile the project's loader accepts;
(b) the agreement - passed cases / all cases - never falls below the figure last recorded in
    docs/benchmarks.md (the issue's target is 80%); the failure message lists every failing
    case with a line per unmet expectation;
(c) the outcome of a single case is not asserted: the cases are a measurement, not a spec.
    ``python benchmarks/advice.py`` prints the table.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kvo_rules import Engine, KvoError

from .runner import (
    CaseError,
    case_files,
    case_problems,
    load_case,
    load_profile,
    run_cases,
)

AGREEMENT_TARGET = 0.80
"""What issue 12 asks for; not reached yet (docs/benchmarks.md records the figure)."""
AGREEMENT_FLOOR = 20 / 26
"""The agreement last measured: the advice may not get worse. Raise it whenever a change of the
model or the evidence lifts the figure; never change a case's expectations to pass, and let a
case's profile record only what its own situation text states."""
EXPECTATION_FLOOR = 65 / 72
"""Expectations met, last measured. 65, not the 66 before: case 08's premises lighting was met
only because its camera scheme pulled in lighting no walk-through had found, which the issue
rules out; lighting as a prerequisite now needs a lighting finding too."""
CASE_FILES = case_files()


def test_there_are_enough_cases() -> None:
    assert len(CASE_FILES) >= 20, f"the issue asks for at least 20 cases, found {len(CASE_FILES)}"


@pytest.mark.parametrize("path", CASE_FILES, ids=[p.stem for p in CASE_FILES])
def test_case_file_is_well_formed(path: Path, engine: Engine) -> None:
    try:
        case = load_case(path)
    except CaseError as exc:
        pytest.fail(str(exc), pytrace=False)
    problems = case_problems(case, engine)
    assert not problems, "\n".join(problems)
    assert 2 <= len(case.expectations) <= 5, (
        f"{path}: {len(case.expectations)} expectations; keep 2-5 per case"
    )
    try:
        load_profile(case, engine)
    except KvoError as exc:
        pytest.fail(str(exc), pytrace=False)


def test_error_in_a_case_file_names_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "broken_case.yaml"
    bad.write_text(
        "title: x\nsituation: y\nsources: {S1: a source}\nprofile: {}\n"
        "expect:\n  top:\n    - {measure: street_lighting, within: 0, source: S9, why: z}\n",
        encoding="utf-8",
    )
    with pytest.raises(CaseError) as info:
        load_case(bad)
    text = str(info.value)
    assert f"{bad}:7:" in text
    assert "within" in text and "S9" in text


def test_agreement_with_the_adviser_does_not_fall(engine: Engine) -> None:
    report = run_cases(engine)
    assert report.case_agreement >= AGREEMENT_FLOOR, (
        f"agreement {report.cases_passed}/{report.cases_total} cases "
        f"({report.case_agreement:.0%}; expectations {report.expectations_met}/"
        f"{report.expectations_total}); below {AGREEMENT_FLOOR:.0%}. Failing cases:\n"
        + report.failure_text()
    )
    assert report.expectations_met / report.expectations_total >= EXPECTATION_FLOOR, (
        f"expectations {report.expectations_met}/{report.expectations_total} met; "
        f"below {EXPECTATION_FLOOR:.0%}. Failing cases:\n" + report.failure_text()
    )
