"""Lint: static checks over the catalogue and the rule base together (``kvo-rules lint``).

The loaders already refuse what is malformed (and ids that do not exist); lint reports that
too, each diagnostic under a check code, and then verifies the rule base as a whole: rules
that can never fire, duplicates, rules another already covers, conflicting proposals and
exclusions, requirement cycles and contradictions, problems without advice, measures that are
never advised. The checks live in :mod:`kvo_rules.authoring.checks`, one module each.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..core.bundled import bundled_dir
from ..core.catalogue import Catalogue, load_catalogue, yaml_files
from ..core.errors import Diagnostic, KvoError, Location, did_you_mean
from ..core.i18n import msg
from ..rules.base import RuleBase, load_rulebase, loadable_rules
from .checks import CHECKS, Check, LintContext, find_check
from .ruletests import check_rule_tests

__all__ = [
    "LintReport",
    "checks_markdown",
    "lint",
    "lint_paths",
    "select_checks",
    "split_paths",
]

INVALID = "KVO100"
PathArg = str | Path | Sequence[str | Path]


@dataclass(frozen=True)
class LintReport:
    """What lint found, and what it looked at."""

    findings: tuple[Diagnostic, ...]
    rules: int = 0
    measures: int = 0
    files: tuple[str, ...] = ()
    complete: bool = True
    """False when some rule file did not load: checks over the whole rule base were skipped."""
    notes: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """True when nothing was found."""
        return not self.findings


def select_checks(select: Iterable[str] = (), ignore: Iterable[str] = ()) -> list[Check]:
    """The checks named in ``select`` (all when empty) minus those in ``ignore``.

    Names are codes (``KVO201``), names (``never-fires``) or aliases; an unknown one raises
    :class:`KvoError` with a suggestion.
    """

    def resolve(names: Iterable[str], option: str) -> set[str]:
        out: set[str] = set()
        for name in names:
            for part in filter(None, (p.strip() for p in name.split(","))):
                found = find_check(part)
                if found is None:
                    known = [c.code for c in CHECKS] + [c.name for c in CHECKS]
                    raise KvoError.at(
                        Location(f"<{option}>"),
                        msg(
                            "unknown check '{name}'{hint} (see: kvo-rules lint --list-checks)",
                            name=part,
                            hint=did_you_mean(part, known),
                        ),
                    )
                out.add(found.code)
        return out

    chosen = resolve(select, "--select")
    dropped = resolve(ignore, "--ignore")
    return [c for c in CHECKS if (not chosen or c.code in chosen) and c.code not in dropped]


def _claim(diagnostic: Diagnostic) -> str:
    """The code of the check that claims a loader diagnostic (invalid-file when none does)."""
    for check in CHECKS:
        if any(needle in diagnostic.message for needle in check.loader_messages):
            return check.code
    return INVALID


def lint(ctx: LintContext, checks: Sequence[Check] | None = None) -> list[Diagnostic]:
    """Run ``checks`` (default: all) on ``ctx``; every finding, sorted by place and code."""
    wanted = {c.code for c in (CHECKS if checks is None else checks)}
    found: set[Diagnostic] = set()
    for d in ctx.load_errors:
        code = d.code or _claim(d)
        if code in wanted:
            found.add(Diagnostic(d.location, d.message, code))
    for check in CHECKS:
        if check.code in wanted:
            found.update(check.diagnostics(ctx))
    return sorted(found, key=lambda d: (d.location, d.code, d.message))


def lint_loaded(
    catalogue: Catalogue, rulebase: RuleBase | None = None, checks: Sequence[Check] | None = None
) -> list[Diagnostic]:
    """Lint a catalogue and rule base already in memory (e.g. built in code)."""
    return lint(LintContext(catalogue, rulebase), checks)


_TOP_KEY = re.compile(r"^(rules|measures|problems|sources)\s*:", re.MULTILINE)


def split_paths(paths: Iterable[str | Path]) -> tuple[list[Path], list[Path]]:
    """(rule paths, catalogue paths) among files and directories.

    A directory holding ``problems.yaml`` is a catalogue; any other directory holds rules. A
    file is told by its first top-level key (``rules:`` or ``measures:``, ``problems:``,
    ``sources:``); a file that says neither is taken as a rule file.
    """
    rules: list[Path] = []
    catalogue: list[Path] = []
    for item in paths:
        p = Path(item)
        if p.is_dir():
            (catalogue if (p / "problems.yaml").is_file() else rules).append(p)
            continue
        try:
            text = p.read_text(encoding="utf-8", errors="replace")
        except OSError:
            rules.append(p)  # the loader says what is wrong with it
            continue
        match = _TOP_KEY.search(text)
        (catalogue if match and match.group(1) != "rules" else rules).append(p)
    return rules, catalogue


def lint_paths(
    rules: PathArg | None = None,
    measures: PathArg | None = None,
    *,
    checks: Sequence[Check] | None = None,
) -> LintReport:
    """Lint rule files against a catalogue (defaults: the bundled rulesets and measures).

    A path that does not exist raises :class:`KvoError`; everything wrong inside the files is
    a finding.
    """
    rule_paths: PathArg = rules if rules is not None else bundled_dir("rulesets")
    cat_paths: PathArg = measures if measures is not None else bundled_dir("measures")
    yaml_files(rule_paths)  # a missing path is a usage error, raised here
    yaml_files(cat_paths)
    errors: list[Diagnostic] = []
    notes: list[str] = []
    catalogue: Catalogue | None = None
    rulebase: RuleBase | None = None
    complete = False
    try:
        catalogue = load_catalogue(cat_paths, collect_errors=True)
    except KvoError as exc:
        errors.extend(exc.diagnostics)
        notes.append(msg("the rules were not checked: the catalogue did not load"))
    if catalogue is not None:
        try:
            rulebase = load_rulebase(rule_paths, catalogue, collect_errors=True)
            complete = True
        except KvoError as exc:
            errors.extend(exc.diagnostics)
            rulebase = loadable_rules(rule_paths, catalogue)
            notes.append(
                msg(
                    "some rule files did not load: checks over the whole rule base "
                    "(uncovered-problem, unreachable-measure) were skipped"
                )
            )
    if catalogue is not None and rulebase is not None and complete:
        items = [rule_paths] if isinstance(rule_paths, str | Path) else list(rule_paths)
        dirs = [p for p in items if Path(p).is_dir()]
        if dirs:  # the rule tests next to the rules: ids they name must exist
            errors.extend(check_rule_tests(dirs, rulebase, catalogue))
    ctx = LintContext(catalogue, rulebase, complete=complete, load_errors=tuple(errors))
    files = (*(catalogue.files if catalogue else ()), *(rulebase.files if rulebase else ()))
    return LintReport(
        findings=tuple(lint(ctx, checks)),
        rules=len(rulebase.rules) if rulebase else 0,
        measures=len(catalogue.measures) if catalogue else 0,
        files=files,
        complete=complete,
        notes=tuple(notes),
    )


def checks_markdown() -> str:
    """The list of checks for docs/rule-authoring.md, generated from the check modules."""
    parts = []
    for c in CHECKS:
        summary = c.summary[0].upper() + c.summary[1:]
        parts.append(f"### {c.code} {c.name}\n\n{summary}\n\n{c.doc}\n")
    return "\n".join(parts)
