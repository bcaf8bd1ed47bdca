"""The reference evaluator: a plain-Python reading of the rule language.

It is the oracle the durable_rules path is tested against, the baseline it is measured against,
and the source of the condition-by-condition traces that ``explain`` shows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..core.model import Lang
from ..core.profile_model import Profile
from ..core.words import format_money, format_number
from .base import RuleBase
from .language import (
    OPTIONAL_AREA_FIELDS,
    AllOf,
    AnyOf,
    AreaCondition,
    BudgetCondition,
    BudgetSpec,
    Condition,
    InPlace,
    IntRange,
    NotOf,
    NumRange,
    ProblemCondition,
)

__all__ = ["Trace", "fired_rules", "holds", "trace"]


def _budget_holds(spec: BudgetSpec, profile: Profile) -> bool:
    budget = profile.budget
    for want, have in (
        (spec.one_off, budget.total("one_off") if budget else None),
        (spec.yearly, budget.total("yearly") if budget else None),
    ):
        if want is None or want is False:
            continue
        if have is None:
            return False
        if isinstance(want, NumRange) and not want.holds(have):
            return False
    return True


def holds(condition: Condition, profile: Profile) -> bool:
    """Whether ``condition`` holds for ``profile``."""
    if isinstance(condition, ProblemCondition):
        p = profile.problem(condition.problem)
        if p is None:
            return False
        if condition.severity is not None and not condition.severity.holds(p.severity):
            return False
        if condition.incidents is not None and not condition.incidents.holds(p.incidents_per_year):
            return False
        if condition.trend and p.trend not in condition.trend:
            return False
        return not condition.times or any(t in p.times for t in condition.times)
    if isinstance(condition, AreaCondition):
        spec, area = condition.area, profile.area
        return (
            (spec.kind is None or spec.kind == area.kind)
            and (spec.businesses is None or spec.businesses.holds(area.businesses))
            and all(
                getattr(spec, f) is None or getattr(spec, f).holds(getattr(area, f))
                for f in OPTIONAL_AREA_FIELDS
            )
        )
    if isinstance(condition, InPlace):
        return condition.in_place in profile.existing_measures
    if isinstance(condition, BudgetCondition):
        return _budget_holds(condition.budget, profile)
    if isinstance(condition, AllOf):
        return all(holds(c, profile) for c in condition.all)
    if isinstance(condition, AnyOf):
        return any(holds(c, profile) for c in condition.any)
    assert isinstance(condition, NotOf)
    return not holds(condition.not_, profile)


def fired_rules(rulebase: RuleBase, profile: Profile) -> list[str]:
    """Ids of the rules whose conditions all hold, in rule-base order (priority, id)."""
    return [r.id for r in rulebase.rules if all(holds(c, profile) for c in r.when)]


# --- traces for explain ----------------------------------------------------------------------

_WORDS: dict[str, dict[Lang, str]] = {
    "problem": {"nl": "probleem", "en": "problem"},
    "severity": {"nl": "ernst", "en": "severity"},
    "incidents": {"nl": "incidenten/jaar", "en": "incidents/year"},
    "trend": {"nl": "trend", "en": "trend"},
    "times": {"nl": "tijden", "en": "times"},
    "absent": {"nl": "niet in profiel", "en": "not in profile"},
    "area": {"nl": "gebied", "en": "area"},
    "in_place": {"nl": "maatregel al aanwezig", "en": "measure already in place"},
    "budget": {"nl": "budget", "en": "budget"},
    "all": {"nl": "alle", "en": "all of"},
    "any": {"nl": "een van", "en": "any of"},
    "not": {"nl": "niet", "en": "not"},
    "unknown": {"nl": "onbekend", "en": "unknown"},
    "to": {"nl": "t/m", "en": ".."},
    "trend.falling": {"nl": "dalend", "en": "falling"},
    "trend.stable": {"nl": "stabiel", "en": "stable"},
    "trend.rising": {"nl": "stijgend", "en": "rising"},
    "times.day": {"nl": "overdag", "en": "day"},
    "times.evening": {"nl": "avond", "en": "evening"},
    "times.night": {"nl": "nacht", "en": "night"},
    "times.weekend": {"nl": "weekend", "en": "weekend"},
}


def _w(key: str, lang: Lang) -> str:
    return _WORDS[key][lang]


def _n(value: float | None, lang: Lang) -> str:
    return _w("unknown", lang) if value is None else format_number(value, lang, 2)


def _each(kind: str, values: Iterable[object], lang: Lang) -> str:
    """Enum values as words (``nacht/weekend``); an unknown value as it is."""
    return "/".join(_WORDS.get(f"{kind}.{v}", {}).get(lang, str(v)) for v in values)


def _range(r: IntRange | NumRange | None, lang: Lang) -> str:
    if r is None:
        return ""
    if r.min is not None and r.max is not None:
        low, high = _n(r.min, lang), _n(r.max, lang)
        return f"{low}..{high}" if lang == "en" else f"{low} {_w('to', lang)} {high}"
    return f">= {_n(r.min, lang)}" if r.min is not None else f"<= {_n(r.max, lang)}"


@dataclass(frozen=True)
class Trace:
    """One condition, whether it held, what it compared, and its parts."""

    condition: str
    held: bool
    facts: str = ""
    parts: tuple[Trace, ...] = ()

    def lines(self, indent: int = 0) -> list[str]:
        """Indented text lines, one per condition, marked with a tick or a cross."""
        mark = "✓" if self.held else "✗"
        facts = f"  [{self.facts}]" if self.facts else ""
        out = [f"{'  ' * indent}{mark} {self.condition}{facts}"]
        for p in self.parts:
            out.extend(p.lines(indent + 1))
        return out


def trace(condition: Condition, profile: Profile, lang: Lang = "en") -> Trace:
    """The evaluation of ``condition`` on ``profile``, with the facts it looked at."""
    ok = holds(condition, profile)
    if isinstance(condition, ProblemCondition):
        words = [f"{_w('problem', lang)} {condition.problem}"]
        if condition.severity:
            words.append(f"{_w('severity', lang)} {_range(condition.severity, lang)}")
        if condition.incidents:
            words.append(f"{_w('incidents', lang)} {_range(condition.incidents, lang)}")
        if condition.trend:
            words.append(f"{_w('trend', lang)} {_each('trend', condition.trend, lang)}")
        if condition.times:
            words.append(f"{_w('times', lang)} {_each('times', condition.times, lang)}")
        p = profile.problem(condition.problem)
        if p is None:
            facts = _w("absent", lang)
        else:
            trend = _each("trend", [p.trend], lang) if p.trend else _w("unknown", lang)
            facts = (
                f"{_w('severity', lang)} {p.severity}, {_w('incidents', lang)} "
                f"{_n(p.incidents_per_year, lang)}, {_w('trend', lang)} {trend}"
            )
            if p.times:
                facts += f", {_w('times', lang)} {_each('times', p.times, lang)}"
        return Trace(", ".join(words), ok, facts)
    if isinstance(condition, AreaCondition):
        spec, area = condition.area, profile.area
        bits: list[str] = []
        seen: list[str] = []
        if spec.kind:
            bits.append(f"kind {spec.kind}")
            seen.append(f"kind {area.kind}")
        for name in ("businesses", *OPTIONAL_AREA_FIELDS):
            bound = getattr(spec, name)
            if bound is not None:
                bits.append(f"{name} {_range(bound, lang)}")
                seen.append(f"{name} {_n(getattr(area, name), lang)}")
        return Trace(f"{_w('area', lang)}: {', '.join(bits)}", ok, ", ".join(seen))
    if isinstance(condition, InPlace):
        return Trace(f"{_w('in_place', lang)}: {condition.in_place}", ok)
    if isinstance(condition, BudgetCondition):
        b = profile.budget
        facts = (
            f"one_off {format_money(b.one_off if b else None, lang)}, "
            f"yearly {format_money(b.yearly if b else None, lang)}"
        )
        return Trace(_w("budget", lang), ok, facts)
    if isinstance(condition, AllOf | AnyOf):
        key = "all" if isinstance(condition, AllOf) else "any"
        items = condition.all if isinstance(condition, AllOf) else condition.any
        return Trace(_w(key, lang), ok, "", tuple(trace(c, profile, lang) for c in items))
    assert isinstance(condition, NotOf)
    return Trace(_w("not", lang), ok, "", (trace(condition.not_, profile, lang),))
