"""Loading rule test files: cases with their profiles loaded and every id checked.

The file format is :mod:`.ruletest_file`; running the cases is :mod:`.ruletests` (which
re-exports the names here).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..advice.engine import Engine, with_overrides
from ..core.catalogue import Catalogue, yaml_files
from ..core.errors import Diagnostic, KvoError, Location, did_you_mean
from ..core.i18n import msg
from ..core.parse import parse_model
from ..core.profile import load_profile, profile_from_document
from ..core.profile_model import Profile
from ..core.yamlio import Document, YamlPath, load_document
from ..rules.base import RuleBase
from .ruletest_file import EXPECTATIONS, RULE_KEYS, RuleTestCase, RuleTestFile, TopN

__all__ = ["TestCase", "check_rule_tests", "load_rule_tests", "rule_test_files"]


@dataclass(frozen=True)
class TestCase:
    """A case ready to run: its profile loaded and every id checked."""

    __test__ = False  # not a pytest class

    file: str
    name: str
    location: Location
    case: RuleTestCase
    profile: Profile
    places: dict[tuple[str, int], Location] = field(default_factory=dict)
    """(expectation, index) -> where that item is written."""

    @property
    def id(self) -> str:
        """``file::name``, as pytest shows it."""
        return f"{Path(self.file).name}::{self.name}"


def rule_test_files(paths: Iterable[str | Path]) -> list[Path]:
    """The rule test files among ``paths``: files as given; in directories (and their
    ``tests/`` subdirectory) the YAML files whose top-level key is ``cases``."""
    out: list[Path] = []
    for item in paths:
        p = Path(item)
        if not p.is_dir():
            out.extend(yaml_files([p]))
            continue
        dirs = [p, p / "tests"] if (p / "tests").is_dir() else [p]
        for d in dirs:
            out.extend(f for f in yaml_files(d) if _is_test_file(f))
    return out


def _is_test_file(path: Path) -> bool:
    try:
        head = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return any(line.startswith("cases:") for line in head.splitlines())


def load_rule_tests(paths: Sequence[str | Path], engine: Engine) -> list[TestCase]:
    """Read rule test files and check them against ``engine``'s rules and catalogue.

    Every problem (syntax, unknown keys, unknown rule or measure ids with a suggestion, a
    missing profile file, a case name used twice) is collected into one :class:`KvoError`.
    """
    errors: list[KvoError] = []
    cases: list[TestCase] = []
    files = rule_test_files(paths)
    if not files:
        where = ", ".join(str(p) for p in paths) or "."
        raise KvoError.at(Location(where), msg("no rule test files (YAML with 'cases:') found"))
    for f in files:
        try:
            cases.extend(_load_file(f, engine.rulebase, engine.catalogue, errors))
        except KvoError as exc:
            errors.append(exc)
    if errors:
        raise KvoError.merge(errors)
    return cases


def check_rule_tests(
    paths: Sequence[str | Path], rulebase: RuleBase, catalogue: Catalogue
) -> list[Diagnostic]:
    """What is wrong in rule test files, without running them or reading their profiles:
    syntax, unknown keys, unknown rule and measure ids (``kvo-rules lint`` reports these)."""
    errors: list[KvoError] = []
    for f in rule_test_files(paths):
        try:
            _load_file(f, rulebase, catalogue, errors, profiles=False)
        except KvoError as exc:
            errors.append(exc)
    return KvoError.merge(errors).diagnostics if errors else []


def _load_file(
    path: Path,
    rulebase: RuleBase,
    catalogue: Catalogue,
    errors: list[KvoError],
    *,
    profiles: bool = True,
) -> list[TestCase]:
    doc = load_document(path)
    parsed = parse_model(doc, RuleTestFile, what=msg("the rule test file"))
    out: list[TestCase] = []
    seen: dict[str, Location] = {}
    for i, case in enumerate(parsed.cases):
        base: YamlPath = ("cases", i)
        here = doc.location(base)
        if case.name in seen:
            errors.append(
                doc.error(
                    (*base, "name"),
                    msg(
                        "case name '{name}' is already used at {first}",
                        name=case.name,
                        first=seen[case.name],
                    ),
                )
            )
            continue
        seen[case.name] = here
        before = len(errors)
        if not any(getattr(case, k) for k in EXPECTATIONS):
            errors.append(
                doc.error(
                    base,
                    msg(
                        "case '{name}' has no expectation; give at least one of: {keys}",
                        name=case.name,
                        keys=", ".join(EXPECTATIONS),
                    ),
                )
            )
        places: dict[tuple[str, int], Location] = {}
        for key in EXPECTATIONS:
            value = getattr(case, key)
            items = value.measures if isinstance(value, TopN) else value
            sub: YamlPath = (*base, key, "measures") if isinstance(value, TopN) else (*base, key)
            for j, item in enumerate(items or ()):
                where: YamlPath = (*sub, j) if isinstance(doc.get(sub), list) else sub
                places[key, j] = doc.location(where)
                if key in RULE_KEYS:
                    if rulebase.rule(item) is None:
                        known = [r.id for r in rulebase.rules]
                        errors.append(
                            doc.error(
                                where,
                                msg(
                                    "unknown rule '{name}'{hint}",
                                    name=item,
                                    hint=did_you_mean(item, known),
                                ),
                            )
                        )
                elif catalogue.measure_id(item) is None:
                    errors.append(doc.error(where, catalogue.unknown_measure(item)))
        if not profiles:
            continue
        profile = _case_profile(doc, base, case, catalogue, errors)
        if profile is None or len(errors) > before:
            continue
        out.append(TestCase(doc.source, case.name, here, case, profile, places))
    return out


def _case_profile(
    doc: Document,
    base: YamlPath,
    case: RuleTestCase,
    catalogue: Catalogue,
    errors: list[KvoError],
) -> Profile | None:
    try:
        if isinstance(case.profile, str):
            target = Path(doc.source).parent / case.profile
            try:
                is_file = target.is_file()
            except OSError as exc:  # e.g. a name longer than the file system allows
                raise doc.error(
                    (*base, "profile"),
                    msg("cannot read '{name}': {reason}", name=case.profile, reason=exc.strerror),
                ) from None
            if not is_file:
                raise doc.error(
                    (*base, "profile"),
                    msg(
                        "no profile file '{name}' (looked for {target}; a path is relative to "
                        "the test file)",
                        name=case.profile,
                        target=target,
                    ),
                )
            profile = load_profile(target, catalogue)
        else:
            profile = profile_from_document(doc.part((*base, "profile")), catalogue)
        budget = case.budget
        return with_overrides(
            profile,
            budget.one_off if budget else None,
            budget.yearly if budget else None,
            case.horizon_years,
        )
    except KvoError as exc:
        errors.append(exc)
        return None
