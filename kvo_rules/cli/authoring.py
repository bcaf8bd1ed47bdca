"""Authoring commands: lint and test."""

from __future__ import annotations

from pathlib import Path

import click

from ..advice.engine import Engine
from ..authoring.checks import CHECKS
from ..authoring.lint import (
    LintReport,
    checks_markdown,
    lint_paths,
    select_checks,
    split_paths,
)
from ..authoring.ruletests import format_report, report_json, run_rule_tests
from ..core.bundled import bundled_dir
from ..core.i18n import msg, translate
from ..core.model import Lang
from ..documents.render import render_json
from .base import (
    CONTEXT,
    echo,
    engine_options,
    handle_errors,
    lang_option,
    main,
    report_format_option,
)
from .exitcodes import ExitCode


def _shown(path: Path) -> Path:
    """``path`` relative to the working directory when it lies inside it (shorter messages)."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path


@main.command("lint", context_settings=CONTEXT)
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@engine_options
@click.option(
    "--select",
    multiple=True,
    metavar="CHECKS",
    help="Only these checks (codes or names, comma-separated; repeatable).",
)
@click.option(
    "--ignore",
    multiple=True,
    metavar="CHECKS",
    help="Skip these checks (codes or names, comma-separated; repeatable).",
)
@click.option(
    "--list-checks", is_flag=True, help="List the checks (as in docs/rule-authoring.md) and stop."
)
@report_format_option
@lang_option
@handle_errors
def lint_cmd(
    paths: tuple[Path, ...],
    rules_dir: Path | None,
    measures_dir: Path | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    list_checks: bool,
    fmt: str,
    lang: Lang,
) -> None:
    """Check the rule base and the catalogue together, as a whole.

    Finds rules that can never fire, duplicate and subsumed rules, conflicting proposals and
    exclusions, requirement cycles and contradictions, problems no rule gives advice on,
    measures that are never advised, unknown ids and unsourced figures. Each finding is
    printed as `file:line:col: CODE message`; the exit code is 1 when anything was found.

    PATHS are rule files or directories and/or catalogue files or directories (a directory
    with problems.yaml is a catalogue). Without them, or --rules/--measures, the bundled
    rulesets/ and measures/ are checked.

    \b
    Examples:
      kvo-rules lint
      kvo-rules lint --rules my_rules/ --measures measures/
      kvo-rules lint rulesets/property_crime.yaml --select never-fires,KVO204
      kvo-rules lint --list-checks
    """
    if list_checks:
        if fmt == "json":
            data = [
                {"code": c.code, "name": c.name, "summary": c.summary, "doc": c.doc} for c in CHECKS
            ]
            echo(render_json(data), nl=False)
        else:
            echo(checks_markdown(), nl=False)
        return
    checks = select_checks(select, ignore)
    rule_paths, cat_paths = split_paths(paths)
    if rules_dir is not None:
        rule_paths.append(rules_dir)
    if measures_dir is not None:
        cat_paths.append(measures_dir)
    report = lint_paths(
        rule_paths or _shown(bundled_dir("rulesets")),
        cat_paths or _shown(bundled_dir("measures")),
        checks=checks,
    )
    if fmt == "json":
        echo(
            render_json(
                {
                    "findings": [d.to_dict(lang) for d in report.findings],
                    "rules": report.rules,
                    "measures": report.measures,
                    "complete": report.complete,
                    "notes": [translate(n, lang) for n in report.notes],
                }
            ),
            nl=False,
        )
    else:
        _print_lint(report, len(checks), lang)
    raise SystemExit(ExitCode.OK if report.ok else ExitCode.FINDINGS)


def _print_lint(report: LintReport, checks: int, lang: Lang) -> None:
    """The findings, notes and a summary line, in ``lang``."""
    for d in report.findings:
        echo(d.text(lang))
    for note in report.notes:
        echo(translate(msg("note: {note}", note=note), lang), err=True)
    n = len(report.findings)
    summary = (
        msg("no findings") if not n else msg("1 finding") if n == 1 else msg("{n} findings", n=n)
    )
    line = msg(
        "{summary} ({rules} rules, {measures} measures, {checks} checks)",
        summary=summary,
        rules=report.rules,
        measures=report.measures,
        checks=checks,
    )
    echo(translate(line, lang), err=True)


@main.command("test", context_settings=CONTEXT)
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@engine_options
@click.option("-v", "--verbose", is_flag=True, help="Show passing cases and expectations too.")
@lang_option
@report_format_option
@handle_errors
def test_cmd(
    paths: tuple[Path, ...],
    rules_dir: Path | None,
    measures_dir: Path | None,
    verbose: bool,
    lang: Lang,
    fmt: str,
) -> None:
    """Run rule tests: profiles with what the rules must and must not conclude.

    PATHS are rule test files (YAML with `cases:`) or directories holding them (a directory's
    `tests/` subdirectory is searched too); without them, the `tests/` beside the rules
    (`--rules DIR`), else the bundled rulesets/tests/. Each
    failed expectation shows what was expected, what happened instead and why (the trace of
    the rule's conditions, or the explanation of the measure). The exit code is 1 when a test
    failed, 2 when a test file is wrong (with `file:line:col: message`).

    \b
    Examples:
      kvo-rules test
      kvo-rules test rulesets/tests/property_crime.yaml -v
      kvo-rules test my_rules/tests --rules my_rules/ --measures measures/
    """
    engine = Engine(rules_dir, measures_dir)
    default = (
        rules_dir / "tests"
        if rules_dir is not None and rules_dir.is_dir()
        else bundled_dir("rulesets") / "tests"
    )
    targets = list(paths) or [_shown(default)]
    report = run_rule_tests(targets, engine, lang)
    if fmt == "json":
        echo(render_json(report_json(report)), nl=False)
    else:
        echo(format_report(report, verbose=verbose, lang=lang), nl=False)
    raise SystemExit(ExitCode.OK if report.ok else ExitCode.FINDINGS)
