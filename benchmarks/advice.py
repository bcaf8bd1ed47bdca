"""Advice quality: how often the recommended package agrees with an experienced KVO adviser.

Runs the cases of ``tests/advice/cases`` (each a realistic profile with what an adviser puts in
the top of the package and what must not be in it, every expectation with its public source)
and prints a table with the agreement figures. Run from the repository root:

    python benchmarks/advice.py              # table for the terminal
    python benchmarks/advice.py --markdown   # a section for docs/benchmarks.md
    python benchmarks/advice.py --verbose    # also every package, rank by rank

Agreement = cases whose every expectation holds / all cases; the expectations met / all
expectations is printed beside it. A case the engine cannot run counts as failed.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.advice.runner import Report, run_cases  # noqa: E402


def _commit() -> str:
    try:
        head = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            [
                "git",
                "-C",
                str(ROOT),
                "status",
                "--porcelain",
                "--",
                "kvo_rules",
                "measures",
                "rulesets",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + (" + uncommitted changes to the engine or data" if dirty else "")


def _failed_cell(lines: list[str], sep: str) -> str:
    return sep.join(lines) if lines else "-"


def text_report(report: Report, commit: str, seconds: float, verbose: bool) -> str:
    rows = [
        (r.case.name, "yes" if r.passed else "no", f"{r.met}/{r.total}", r.lines())
        for r in report.results
    ]
    width = max(len(name) for name, *_ in rows) if rows else 4
    out = [f"Advice agreement on {report.cases_total} adviser cases (commit {commit})", ""]
    out.append(f"{'case':<{width}}  passed  met   failed expectations")
    out.append(f"{'-' * width}  ------  ----  {'-' * 40}")
    for (name, passed, met, lines), r in zip(rows, report.results, strict=True):
        first, *rest = lines or ["-"]
        out.append(f"{name:<{width}}  {passed:<6}  {met:<4}  {first}")
        out.extend(f"{'':<{width}}  {'':<6}  {'':<4}  {line}" for line in rest)
        if verbose and r.package:
            out.append(
                f"{'':<{width}}  {'':<6}  {'':<4}  package: "
                + ", ".join(f"{i}. {m}" for i, m in enumerate(r.package, 1))
            )
    out += [
        "",
        f"agreement (cases passed):  {report.cases_passed}/{report.cases_total} = "
        f"{report.case_agreement:.0%}",
        f"expectations met:          {report.expectations_met}/{report.expectations_total} = "
        f"{report.expectation_agreement:.0%}",
        f"time: {seconds:.1f} s",
    ]
    return "\n".join(out)


def markdown_report(report: Report, commit: str) -> str:
    out = [
        "## Advice quality: agreement with an experienced KVO adviser",
        "",
        f"Measured {date.today().isoformat()} on commit {commit} with "
        "`python benchmarks/advice.py --markdown`. Each of the "
        f"{report.cases_total} cases in `tests/advice/cases/` is a realistic profile with the "
        "measures an adviser expects at the top of the recommended package and those that must "
        "not be in it, each with its public source (a plan van aanpak, a CCV, police or "
        "municipal publication, or the evidence base). A case passes when every expectation "
        "holds; a case the engine cannot run fails.",
        "",
        f"- **Agreement: {report.cases_passed} of {report.cases_total} cases "
        f"({report.case_agreement:.0%})**",
        f"- Expectations met: {report.expectations_met} of {report.expectations_total} "
        f"({report.expectation_agreement:.0%})",
        "",
        "| case | passed | met | failed expectations |",
        "|---|---|---|---|",
    ]
    for r in report.results:
        cell = _failed_cell([line.replace("|", "\\|") for line in r.lines()], "<br>")
        out.append(
            f"| {r.case.name} | {'yes' if r.passed else 'no'} | {r.met}/{r.total} | {cell} |"
        )
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--markdown", action="store_true", help="print a section for docs/benchmarks.md"
    )
    parser.add_argument(
        "--verbose", action="store_true", help="also print each recommended package in rank order"
    )
    args = parser.parse_args(argv)
    start = time.perf_counter()
    report = run_cases()
    seconds = time.perf_counter() - start
    commit = _commit()
    if args.markdown:
        print(markdown_report(report, commit), end="")
    else:
        print(text_report(report, commit, seconds, args.verbose))
    return 0


if __name__ == "__main__":
    sys.exit(main())
