"""The plan with ranges (``plan --samples``): goals as ranges and a value-of-information part.

When the recommendation carries a Monte Carlo (``Recommendation.uncertainty``), every
addressed goal gets its expected incidents (or, without counts, its expected reduction) as a
10th-90th percentile range in words ("26 → 14–19 a year"), and the plan gets a short part
saying how sure the expectations are, whether the robust package differs, and which one or
two effects a local measurement would best settle the choice on. Without samples the plan is
unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ...advice.budgets import option_id, share_option_id, split_option_id
from ...advice.results import Package, Range, Recommendation, ValueOfInformation
from ...advice.texts import measure_name
from ...core.model import Text
from ...core.words import Number, Pct
from .model import Goal, Plan, PlanRange, PlanUncertainty
from .ranges_words import range_text

__all__ = ["goal_with_range", "with_ranges"]


def _plan_range(r: Range) -> PlanRange:
    return PlanRange(low=r.low, median=r.median, high=r.high)


def goal_with_range(goal: Goal, package: Package) -> Goal:
    """``goal`` with its expectation as a range from ``package``'s samples (if addressed)."""
    if not goal.addressed or package.reduction_range is None:
        return goal
    update: dict[str, object] = {}
    reduction = package.reduction_range.get(goal.problem)
    if reduction is not None:
        update["expected_reduction_range"] = _plan_range(reduction)
    incidents = (package.incidents_range or {}).get(goal.problem)
    if incidents is not None and goal.baseline_incidents is not None:
        update["expected_incidents_range"] = _plan_range(incidents)
        digits = 0 if goal.baseline_incidents >= 10 else 1
        update["range_statement"] = range_text(
            "incidents",
            baseline=Number(goal.baseline_incidents),
            low=Number(incidents.low, digits),
            high=Number(incidents.high, digits),
        )
    elif reduction is not None:
        update["range_statement"] = range_text(
            "reduction", low=Pct(reduction.low), high=Pct(reduction.high)
        )
    return goal.model_copy(update=update)


def _joined(names: Sequence[Text]) -> Text:
    """ "a", "a and b", "a, b and c" in each language."""
    word = range_text("and")

    def join(words: list[str], sep: str) -> str:
        if len(words) < 3:
            return f" {sep} ".join(words)
        return ", ".join(words[:-1]) + f" {sep} " + words[-1]

    return Text(nl=join([n.nl for n in names], word.nl), en=join([n.en for n in names], word.en))


def _named(names: Mapping[str, Text], oid: str) -> Text:
    """A measure's name from the optimiser's id, with its share when it is a first phase."""
    mid, share = split_option_id(oid)
    base = names.get(mid, Text(nl=mid, en=mid))
    if share is None:
        return base
    return Text(nl=measure_name(base, share, "nl"), en=measure_name(base, share, "en"))


def _side(
    ids: Sequence[str], other: Sequence[str], plan_ids: set[str], names: Mapping[str, Text]
) -> Text:
    """A package of the value of information, said relative to the other one."""
    if set(ids) == plan_ids:
        return range_text("package.this")
    plus = [_named(names, m) for m in ids if m not in other]
    minus = [_named(names, m) for m in other if m not in ids]
    if plus and minus:
        return range_text("package.with_without", names=_joined(plus), other=_joined(minus))
    if plus:
        return range_text("package.with", names=_joined(plus))
    return range_text("package.without", names=_joined(minus))


def _value_of_information(
    v: ValueOfInformation,
    rec: Recommendation,
    plan: Plan,
    names: Mapping[str, Text],
) -> Text:
    assert rec.uncertainty is not None
    effect = next(
        e for e in rec.uncertainty.effects if e.measure == v.measure and e.problem == v.problem
    )
    problem = next((p.name for p in plan.problems if p.id == v.problem), None)
    plan_ids = {share_option_id(m.id, m.share) for m in plan.measures}
    return range_text(
        "voi",
        measure=names.get(v.measure, Text(nl=v.measure, en=v.measure)),
        problem=_lower(problem if problem is not None else Text(nl=v.problem, en=v.problem)),
        low=Pct(effect.low),
        high=Pct(effect.high),
        if_low=_side(v.if_low, v.if_high, plan_ids, names),
        if_high=_side(v.if_high, v.if_low, plan_ids, names),
    )


def _lower(t: Text) -> Text:
    return Text(nl=t.nl.lower(), en=t.en.lower())


def _robust(rec: Recommendation, names: Mapping[str, Text]) -> Text:
    u = rec.uncertainty
    assert u is not None
    if u.robust_is_recommended:
        return range_text("robust.same")
    chosen = [option_id(m) for m in rec.recommended.measures]
    robust = [option_id(m) for m in u.robust.measures]
    parts: list[Text] = []
    added = [_named(names, m) for m in robust if m not in chosen]
    dropped = [_named(names, m) for m in chosen if m not in robust]
    if added:
        parts.append(range_text("robust.adds", names=_joined(added)))
    if dropped:
        parts.append(range_text("robust.drops", names=_joined(dropped)))
    change = _joined(parts)
    driver = u.driver.text if u.driver is not None else range_text("no_driver")
    return range_text("robust", change=change, driver=driver)


def with_ranges(plan: Plan, rec: Recommendation) -> Plan:
    """``plan`` with ranges and the value of information when ``rec`` was sampled; else as is."""
    u = rec.uncertainty
    if u is None:
        return plan
    names = {c.id: c.name for c in rec.candidates}
    voi = tuple(_value_of_information(v, rec, plan, names) for v in u.value_of_information)
    uncertainty = PlanUncertainty(
        samples=u.samples,
        seed=u.seed,
        percentiles=u.percentiles,
        heading=range_text("heading"),
        intro=range_text("intro", samples=u.samples, seed=u.seed),
        robust=_robust(rec, names),
        value_of_information=voi or (range_text("voi.none"),),
    )
    return plan.model_copy(
        update={
            "goals": tuple(goal_with_range(g, rec.recommended) for g in plan.goals),
            "uncertainty": uncertainty,
        }
    )
