"""Rule tests: profiles with what the rule base must (and must not) conclude for them.

A rule test file (``rulesets/tests/*.yaml``) holds cases; each names a profile (a path
relative to the test file, or written inline) and expectations: rules that must or must not
fire, measures that must or must not be candidates, excluded, recommended, or among the first
N. ``kvo-rules test`` and pytest run the same files; a failed expectation says what was
expected, what happened instead and why (the ``explain`` trace of the rule or measure).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..advice.engine import Engine, with_overrides
from ..advice.explain import MeasureExplanation, explain
from ..advice.results import Recommendation
from ..core.catalogue import Catalogue, yaml_files
from ..core.errors import Diagnostic, KvoError, Location, did_you_mean
from ..core.i18n import msg
from ..core.model import Lang
from ..core.parse import parse_model
from ..core.profile import load_profile, profile_from_document
from ..core.profile_model import Profile
from ..core.yamlio import Document, YamlPath, load_document
from ..rules.base import RuleBase
from ..rules.reference import trace
from .ruletest_file import EXPECTATIONS, RULE_KEYS, RuleTestCase, RuleTestFile, TopN

__all__ = [
    "EXPECTATIONS",
    "CaseResult",
    "Outcome",
    "RuleTestCase",
    "RuleTestFile",
    "TestCase",
    "TestReport",
    "TopN",
    "check_rule_tests",
    "format_report",
    "load_rule_tests",
    "rule_test_files",
    "run_case",
    "run_rule_tests",
]

# --- loading -----------------------------------------------------------------------------------


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


def _subdocument(doc: Document, prefix: YamlPath) -> Document:
    """The part of ``doc`` under ``prefix`` as a document of its own (positions kept)."""
    n = len(prefix)

    def cut(table: dict[YamlPath, Any]) -> dict[YamlPath, Any]:
        return {k[n:]: v for k, v in table.items() if k[:n] == prefix}

    return Document(
        source=doc.source,
        data=doc.get(prefix),
        value_pos=cut(doc.value_pos),
        key_pos=cut(doc.key_pos),
        plain_text=cut(doc.plain_text),
    )


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
        raise KvoError.at(Location(where), "no rule test files (YAML with 'cases:') found")
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
                    (*base, "name"), f"case name '{case.name}' is already used at {seen[case.name]}"
                )
            )
            continue
        seen[case.name] = here
        before = len(errors)
        if not any(getattr(case, k) for k in EXPECTATIONS):
            errors.append(
                doc.error(
                    base,
                    f"case '{case.name}' has no expectation; give at least one of: "
                    + ", ".join(EXPECTATIONS),
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
                            doc.error(where, f"unknown rule '{item}'{did_you_mean(item, known)}")
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
                    (*base, "profile"), f"cannot read '{case.profile}': {exc.strerror}"
                ) from None
            if not is_file:
                raise doc.error(
                    (*base, "profile"),
                    f"no profile file '{case.profile}' (looked for {target}; a path is "
                    "relative to the test file)",
                )
            profile = load_profile(target, catalogue)
        else:
            profile = profile_from_document(_subdocument(doc, (*base, "profile")), catalogue)
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


# --- running -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """One expectation checked: what was expected, whether it held, and if not, why."""

    location: Location
    expected: str
    ok: bool
    happened: str = ""
    why: tuple[str, ...] = ()


@dataclass(frozen=True)
class CaseResult:
    """Every expectation of one case."""

    case: TestCase
    outcomes: tuple[Outcome, ...]

    @property
    def ok(self) -> bool:
        return all(o.ok for o in self.outcomes)

    @property
    def failures(self) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if not o.ok)


@dataclass(frozen=True)
class TestReport:
    """The results of every case, in file order."""

    __test__ = False  # not a pytest class

    results: tuple[CaseResult, ...]

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.results)

    @property
    def failed(self) -> int:
        return sum(not r.ok for r in self.results)


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


class _Run:
    """One case on one engine: the evaluation, and the recommendation when needed."""

    def __init__(self, engine: Engine, case: TestCase, lang: Lang) -> None:
        self.engine = engine
        self.case = case
        self.lang: Lang = lang
        self.profile = case.profile
        self.evaluation = engine.evaluate(self.profile)
        self.fired = [r.id for r in self.evaluation.fired_rules]
        self.candidates = engine.candidates(self.profile, self.evaluation)
        self.candidate_ids = [c.id for c in self.candidates.items]
        self._rec: Recommendation | None = None

    @property
    def rec(self) -> Recommendation:
        if self._rec is None:
            self._rec = self.engine.recommend(self.profile)
        return self._rec

    @property
    def package(self) -> list[str]:
        return [m.id for m in self.rec.recommended.measures]

    # --- why -----------------------------------------------------------------------------

    def rule_why(self, rule_id: str) -> tuple[str, ...]:
        rule = self.engine.rulebase.rule(rule_id)
        assert rule is not None  # checked when loading
        mark = "✓" if rule.id in self.fired else "✗"
        lines = [f"{mark} rule {rule.id}: {rule.description.get(self.lang)}"]
        if not rule.when:
            lines.append("  (no conditions: it always fires)")
        for c in rule.when:
            lines.extend(trace(c, self.profile, self.lang).lines(1))
        return tuple(lines)

    def explanation(self, measure: str) -> MeasureExplanation:
        cat = self.engine.catalogue
        return explain(cat, self.engine.rulebase, self.profile, self.rec, measure, self.lang)[0]

    def measure_why(self, measure: str) -> tuple[str, ...]:
        item = self.explanation(measure)
        lines = [f"{item.measure} ({item.name.get(self.lang)}): {item.status}"]
        lines.append(f"  {item.summary.get(self.lang)}")
        lines.extend(f"  - {r.get(self.lang)}" for r in item.reasons)
        if not item.rules:
            lines.append("  no rule names this measure")
        for r in item.rules:
            mark = "✓" if r.fired else "✗"
            lines.append(f"  {mark} rule {r.rule} {r.action.get(self.lang)}")
            for t in r.conditions:
                lines.extend(f"  {line}" for line in t.lines(2))
        return tuple(lines)

    def status(self, measure: str) -> str:
        """What became of the measure, in a sentence."""
        return self.explanation(measure).summary.get(self.lang)

    # --- checks ------------------------------------------------------------------------------

    def outcomes(self) -> list[Outcome]:
        c = self.case.case
        out: list[Outcome] = []
        for key in EXPECTATIONS:
            value = getattr(c, key)
            if isinstance(value, TopN):
                n, items = value.n, value.measures
            else:
                n, items = 0, value or ()
            for j, name in enumerate(items):
                where = self.case.places.get((key, j), self.case.location)
                if key in RULE_KEYS:
                    item = self._rule_id(name)
                else:
                    item = self.engine.catalogue.measure_id(name) or name
                expected, ok = self._check(key, item, n)
                if ok:
                    out.append(Outcome(where, expected, True))
                    continue
                why = self.rule_why(item) if key in RULE_KEYS else self.measure_why(item)
                out.append(Outcome(where, expected, False, self._happened(key, item, n), why))
        return sorted(out, key=lambda o: o.location)

    def _order(self, key: str) -> list[str]:
        return self.package if key == "recommends_in_top" else self.candidate_ids

    def _check(self, key: str, item: str, n: int) -> tuple[str, bool]:
        """What the expectation says, and whether it holds."""
        if key == "fires":
            return f"rule {item} fires", item in self.fired
        if key == "does_not_fire":
            return f"rule {item} does not fire", item not in self.fired
        if key == "proposes":
            return f"{item} is a candidate", item in self.candidate_ids
        if key == "does_not_propose":
            return f"{item} is not a candidate", item not in self.candidate_ids
        if key == "excludes":
            excluded = {e.measure for e in self.evaluation.exclusions}
            return f"a fired rule excludes {item}", item in excluded
        if key == "recommends":
            return f"{item} is in the recommended package", item in self.package
        if key == "does_not_recommend":
            return f"{item} is not in the recommended package", item not in self.package
        what = "the recommended package" if key == "recommends_in_top" else "the candidates"
        return f"{item} is among the top {n} of {what}", item in self._order(key)[:n]

    def _happened(self, key: str, item: str, n: int) -> str:
        """What happened instead (only asked when the expectation failed)."""
        if key == "fires":
            return "it did not fire"
        if key == "does_not_fire":
            return "it fired"
        if key == "excludes":
            return "no fired rule excludes it"
        if key in ("proposes", "does_not_propose"):
            word = "is not" if key == "proposes" else "is"
            return f"it {word} a candidate. {self.status(item)}"
        if key in ("recommends", "does_not_recommend"):
            word = "is not" if key == "recommends" else "is"
            return f"it {word} in the recommended package. {self.status(item)}"
        what = "the recommended package" if key == "recommends_in_top" else "the candidates"
        return self._rank(item, self._order(key), what)

    def _rule_id(self, name: str) -> str:
        rule = self.engine.rulebase.rule(name)
        return rule.id if rule is not None else name

    def _rank(self, measure: str, order: list[str], what: str) -> str:
        if measure not in order:
            return f"it is not in {what}. {self.status(measure)}"
        shown = ", ".join(order[:5]) + (", ..." if len(order) > 5 else "")
        return f"it is {_ordinal(order.index(measure) + 1)} of {len(order)} in {what} ({shown})"


def run_case(engine: Engine, case: TestCase, lang: Lang = "en") -> CaseResult:
    """Check every expectation of ``case`` on ``engine``."""
    return CaseResult(case, tuple(_Run(engine, case, lang).outcomes()))


def run_rule_tests(paths: Sequence[str | Path], engine: Engine, lang: Lang = "en") -> TestReport:
    """Load and run rule test files (bad files raise :class:`KvoError`)."""
    return TestReport(tuple(run_case(engine, c, lang) for c in load_rule_tests(paths, engine)))


def format_case(result: CaseResult, *, verbose: bool = False) -> str:
    """One case as text: PASS/FAIL, and for each failed expectation expected, happened, why."""
    case = result.case
    n = len(result.outcomes)
    if result.ok:
        return f"PASS {case.id} ({n} expectation{'s' if n != 1 else ''})\n"
    lines = [f"FAIL {case.id} ({len(result.failures)} of {n} expectations failed)"]
    if case.case.description:
        lines.append(f"  {case.case.description}")
    for o in result.outcomes:
        if o.ok:
            if verbose:
                lines.append(f"  ok   {o.expected}")
            continue
        lines.append(f"  {o.location}")
        lines.append(f"    expected: {o.expected}")
        lines.append(f"    happened: {o.happened}")
        lines.append("    why:")
        lines.extend(f"      {w}" for w in o.why)
    return "\n".join(lines) + "\n"


def format_report(report: TestReport, *, verbose: bool = False) -> str:
    """Every case (failures in full), then a summary line."""
    parts = [format_case(r, verbose=verbose) for r in report.results if verbose or not r.ok]
    total = len(report.results)
    passed = total - report.failed
    files = len({r.case.file for r in report.results})
    parts.append(
        f"{total} case{'s' if total != 1 else ''} in {files} file{'s' if files != 1 else ''}: "
        f"{passed} passed, {report.failed} failed\n"
    )
    return "".join(parts)


def report_json(report: TestReport) -> list[dict[str, object]]:
    """JSON-ready results (for ``--format json``)."""
    return [
        {
            "file": r.case.file,
            "case": r.case.name,
            "line": r.case.location.line,
            "ok": r.ok,
            "expectations": [
                {
                    "location": str(o.location),
                    "expected": o.expected,
                    "ok": o.ok,
                    "happened": o.happened,
                    "why": list(o.why),
                }
                for o in r.outcomes
            ],
        }
        for r in report.results
    ]
