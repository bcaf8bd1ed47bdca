"""Rule tests: profiles with what the rule base must (and must not) conclude for them.

A rule test file (``rulesets/tests/*.yaml``) holds cases; each names a profile (a path
relative to the test file, or written inline) and expectations: rules that must or must not
fire, measures that must or must not be candidates, excluded, recommended, or among the first
N. ``kvo-rules test`` and pytest run the same files; a failed expectation says what was
expected, what happened instead and why (the ``explain`` trace of the rule or measure).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..advice.engine import Engine
from ..advice.explain import MeasureExplanation, explain
from ..advice.results import Recommendation
from ..core.errors import Location
from ..core.i18n import Message, msg, translate
from ..core.model import Lang
from ..rules.reference import trace
from .ruletest_file import EXPECTATIONS, RULE_KEYS, RuleTestCase, RuleTestFile, TopN
from .ruletest_load import TestCase, check_rule_tests, load_rule_tests, rule_test_files

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


def _ordinal(n: int) -> Message:
    last = 0 if 10 <= n % 100 <= 20 else n % 10
    if last == 1:
        return msg("{n}st", n=n)
    if last == 2:
        return msg("{n}nd", n=n)
    if last == 3:
        return msg("{n}rd", n=n)
    return msg("{n}th", n=n)


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

    def _t(self, message: str) -> str:
        return translate(message, self.lang)

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
        lines = [
            self._t(
                msg(
                    "{mark} rule {rule}: {description}",
                    mark=mark,
                    rule=rule.id,
                    description=rule.description.get(self.lang),
                )
            )
        ]
        if not rule.when:
            lines.append("  " + self._t(msg("(no conditions: it always fires)")))
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
            lines.append("  " + self._t(msg("no rule names this measure")))
        for r in item.rules:
            mark = "✓" if r.fired else "✗"
            action = r.action.get(self.lang)
            line = msg("{mark} rule {rule} {action}", mark=mark, rule=r.rule, action=action)
            lines.append("  " + self._t(line))
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
                    out.append(Outcome(where, self._t(expected), True))
                    continue
                why = self.rule_why(item) if key in RULE_KEYS else self.measure_why(item)
                happened = self._t(self._happened(key, item, n))
                out.append(Outcome(where, self._t(expected), False, happened, why))
        return sorted(out, key=lambda o: o.location)

    def _order(self, key: str) -> list[str]:
        return self.package if key == "recommends_in_top" else self.candidate_ids

    def _check(self, key: str, item: str, n: int) -> tuple[str, bool]:
        """What the expectation says, and whether it holds."""
        if key == "fires":
            return msg("rule {item} fires", item=item), item in self.fired
        if key == "does_not_fire":
            return msg("rule {item} does not fire", item=item), item not in self.fired
        if key == "proposes":
            return msg("{item} is a candidate", item=item), item in self.candidate_ids
        if key == "does_not_propose":
            return msg("{item} is not a candidate", item=item), item not in self.candidate_ids
        if key == "excludes":
            excluded = {e.measure for e in self.evaluation.exclusions}
            return msg("a fired rule excludes {item}", item=item), item in excluded
        if key == "recommends":
            return msg("{item} is in the recommended package", item=item), item in self.package
        if key == "does_not_recommend":
            found = item not in self.package
            return msg("{item} is not in the recommended package", item=item), found
        what = _what(key)
        top = msg("{item} is among the top {n} of {what}", item=item, n=n, what=what)
        return top, item in self._order(key)[:n]

    def _happened(self, key: str, item: str, n: int) -> str:
        """What happened instead (only asked when the expectation failed)."""
        if key == "fires":
            return msg("it did not fire")
        if key == "does_not_fire":
            return msg("it fired")
        if key == "excludes":
            return msg("no fired rule excludes it")
        if key not in ("proposes", "does_not_propose", "recommends", "does_not_recommend"):
            return self._rank(item, self._order(key), _what(key))
        status = self.status(item)
        if key == "proposes":
            return msg("it is not a candidate. {status}", status=status)
        if key == "does_not_propose":
            return msg("it is a candidate. {status}", status=status)
        if key == "recommends":
            return msg("it is not in the recommended package. {status}", status=status)
        return msg("it is in the recommended package. {status}", status=status)

    def _rule_id(self, name: str) -> str:
        rule = self.engine.rulebase.rule(name)
        return rule.id if rule is not None else name

    def _rank(self, measure: str, order: list[str], what: str) -> str:
        if measure not in order:
            return msg("it is not in {what}. {status}", what=what, status=self.status(measure))
        shown = ", ".join(order[:5]) + (", ..." if len(order) > 5 else "")
        return msg(
            "it is {place} of {n} in {what} ({shown})",
            place=_ordinal(order.index(measure) + 1),
            n=len(order),
            what=what,
            shown=shown,
        )


def _what(key: str) -> Message:
    if key == "recommends_in_top":
        return msg("the recommended package")
    return msg("the candidates")


def run_case(engine: Engine, case: TestCase, lang: Lang = "en") -> CaseResult:
    """Check every expectation of ``case`` on ``engine``."""
    return CaseResult(case, tuple(_Run(engine, case, lang).outcomes()))


def run_rule_tests(paths: Sequence[str | Path], engine: Engine, lang: Lang = "en") -> TestReport:
    """Load and run rule test files (bad files raise :class:`KvoError`)."""
    return TestReport(tuple(run_case(engine, c, lang) for c in load_rule_tests(paths, engine)))


def format_case(result: CaseResult, *, verbose: bool = False, lang: Lang = "en") -> str:
    """One case as text: PASS/FAIL, and for each failed expectation expected, happened, why."""
    case = result.case
    n = len(result.outcomes)
    if result.ok:
        head = msg("PASS {case} (1 expectation)", case=case.id) if n == 1 else None
        head = head or msg("PASS {case} ({n} expectations)", case=case.id, n=n)
        return translate(head, lang) + "\n"
    failed = msg(
        "FAIL {case} ({failed} of {n} expectations failed)",
        case=case.id,
        failed=len(result.failures),
        n=n,
    )
    lines = [translate(failed, lang)]
    if case.case.description:
        lines.append(f"  {case.case.description}")
    for o in result.outcomes:
        if o.ok:
            if verbose:
                lines.append(translate(msg("  ok   {expected}", expected=o.expected), lang))
            continue
        lines.append(f"  {o.location}")
        lines.append(translate(msg("    expected: {expected}", expected=o.expected), lang))
        lines.append(translate(msg("    happened: {happened}", happened=o.happened), lang))
        lines.append(translate(msg("    why:"), lang))
        lines.extend(f"      {w}" for w in o.why)
    return "\n".join(lines) + "\n"


def format_report(report: TestReport, *, verbose: bool = False, lang: Lang = "en") -> str:
    """Every case (failures in full), then a summary line, in ``lang``."""
    parts = [
        format_case(r, verbose=verbose, lang=lang) for r in report.results if verbose or not r.ok
    ]
    total = len(report.results)
    files = len({r.case.file for r in report.results})
    cases = msg("1 case") if total == 1 else msg("{n} cases", n=total)
    where = msg("1 file") if files == 1 else msg("{n} files", n=files)
    summary = msg(
        "{cases} in {files}: {passed} passed, {failed} failed",
        cases=cases,
        files=where,
        passed=total - report.failed,
        failed=report.failed,
    )
    parts.append(translate(summary, lang) + "\n")
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
