"""From candidates to packages: the optimiser's answer dressed for people and other tools."""

from __future__ import annotations

from collections.abc import Mapping

from ..core.catalogue import Catalogue
from ..core.model import Party, Reach, Text
from ..core.profile_model import Profile
from ..packages import (
    Instance,
    Option,
    PackageSet,
    Solution,
    combined_reduction,
    optimise,
    packages,
    rank_contributions,
)
from .budgets import option_id, option_resources, payer_limits
from .candidates import Candidates, adjusted_effects, coverage
from .results import CandidateMeasure, Package, PackageMeasure, Recommendation, RuleEvaluation
from .texts import sentence
from .warnings import advice_warnings

__all__ = [
    "SAFETY_NET_S",
    "added_reduction",
    "build_instance",
    "build_recommendation",
    "by_option",
    "option_resources",
    "payer_limits",
]

SAFETY_NET_S = 300.0
"""Default wall-clock limit per search: a safety net only. The searches end at their node
limit (20,000 by default), which the slowest benchmark profile reaches in under 10 s of CPU
time, so in normal use no search stops by the clock and the answers do not depend on the load
(it was 30 s, which a busy machine could reach)."""

_LABEL_NOTES = {
    "recommended_budget": sentence("package.budget"),
    "recommended_knee": sentence("package.knee"),
    "basic": sentence("package.basic"),
    "ambitious": sentence("package.ambitious"),
}


def _in_place_effects(
    catalogue: Catalogue, profile: Profile, evaluation: RuleEvaluation, weights: Mapping[str, float]
) -> dict[str, dict[str, float]]:
    return {
        mid: adjusted_effects(
            catalogue.measures[mid],
            weights,
            evaluation,
            share=coverage(catalogue.measures[mid], profile),
        )
        for mid in profile.existing_measures
    }


def build_instance(
    catalogue: Catalogue, profile: Profile, evaluation: RuleEvaluation, candidates: Candidates
) -> Instance:
    """The optimisation problem for this profile: options, weights, in-place measures, budgets.

    An option's effects are its expected effects times its priority factor (docs/model.md).
    """
    budget = profile.budget
    return Instance(
        options=_options(candidates),
        weights=dict(candidates.weights),
        in_place=_in_place_effects(catalogue, profile, evaluation, candidates.weights),
        budget_one_off=budget.one_off if budget else None,
        budget_yearly=budget.yearly if budget else None,
        limits=payer_limits(profile),
        horizon_years=profile.horizon_years,
    )


def by_option(candidates: Candidates) -> dict[str, CandidateMeasure]:
    """Every candidate and first phase by its optimiser id (``budgets.option_id``)."""
    return {option_id(c): c for c in (*candidates.items, *candidates.phases)}


def _options(candidates: Candidates) -> tuple[Option, ...]:
    """The optimiser's options: each candidate, and each first phase as an option that excludes
    the whole and the other phases and stands in for the measure wherever it is required or
    excluded."""
    phase_ids: dict[str, list[str]] = {}
    for c in candidates.phases:
        phase_ids.setdefault(c.id, []).append(option_id(c))
    serves = {c.id for c in candidates.items if c.reach is Reach.participants}
    units = {option_id(c): c.paying_businesses for c in (*candidates.items, *candidates.phases)}

    def widen(ids: tuple[str, ...]) -> tuple[str, ...]:
        return (*ids, *(p for x in ids for p in phase_ids.get(x, ())))

    def needs(c: CandidateMeasure, ids: tuple[str, ...]) -> tuple[str, ...]:
        """A requirement group as option ids: a participants-only prerequisite of a
        participants-only measure must reach at least as many businesses (the alarms of every
        business the response serves), whole or as a phase."""
        if c.id not in serves:
            return widen(ids)
        least = c.paying_businesses - 1e-6
        return tuple(
            p
            for p in widen(ids)
            if p.partition("@")[0] not in serves or units.get(p, least) >= least
        )

    options = []
    for c in (*candidates.items, *candidates.phases):
        oid = option_id(c)
        excludes = set(widen(c.excludes))
        if c.phase is not None:
            excludes |= {c.id, *phase_ids[c.id]} - {oid}
        options.append(
            Option(
                id=oid,
                one_off=c.one_off_cost,
                yearly=c.yearly_cost,
                effects={p: e * c.priority for p, e in c.effects.items()},
                requires=tuple(needs(c, g) for g in c.requires),
                excludes=frozenset(excludes),
                resources=option_resources(c),
            )
        )
    return tuple(options)


def added_reduction(instance: Instance, reduction: Mapping[str, float]) -> dict[str, float]:
    """Per problem, the reduction the new measures add to today's situation.

    The analysed figures already reflect the measures in place, so the expected incidents after
    the plan follow from 1 - (1 - r_package_and_in_place) / (1 - r_in_place).
    """
    in_place = combined_reduction(instance.in_place.values(), instance.weights)
    out = {}
    for p in instance.weights:
        survive_in_place = 1.0 - in_place[p]
        total = reduction.get(p, 0.0)
        out[p] = max(0.0, 1 - (1 - total) / survive_in_place) if survive_in_place > 0 else 0.0
    return out


def _add_payer_costs(per_payer: dict[str, dict[str, float]], c: CandidateMeasure) -> None:
    """Add what ``c`` costs each payer (and, for the businesses, each paying business)."""
    for payer, costs in c.cost_per_payer.items():
        acc = per_payer.setdefault(payer, {})
        for kind, amount in costs.items():
            acc[kind] = acc.get(kind, 0.0) + amount
        if payer == Party.businesses.value and c.paying_businesses > 0:
            for kind in ("one_off", "yearly"):
                key = f"per_business_{kind}"
                acc[key] = acc.get(key, 0.0) + costs[kind] / c.paying_businesses


def package_result(
    label: str,
    solution: Solution,
    instance: Instance,
    profile: Profile,
    by_id: Mapping[str, CandidateMeasure],
    note: Text | None,
) -> Package:
    ranked = rank_contributions(instance, solution.ids)
    years = profile.horizon_years
    incidents_now = {
        p.type: p.incidents_per_year for p in profile.problems if p.incidents_per_year is not None
    }
    survive = dict.fromkeys(incidents_now, 1.0)  # relative to today's figures
    measures = []
    per_owner: dict[str, float] = {}
    per_payer: dict[str, dict[str, float]] = {}
    for mid, gain in ranked:
        c = by_id[mid]
        prevented: float | None = None
        if any(p in incidents_now for p in c.effects):
            prevented = 0.0
            for p, e in c.effects.items():
                if p in incidents_now:
                    prevented += incidents_now[p] * survive[p] * e
                    survive[p] *= 1.0 - e
        yearly_equivalent = c.one_off_cost / years + c.yearly_cost
        measures.append(
            PackageMeasure(
                id=c.id,
                name=c.name,
                owner=c.owner,
                lead=c.lead,
                payer=c.payer,
                hour_payer=c.hour_payer,
                hours_per_year=c.hours_per_year,
                coverage=c.coverage,
                one_off_cost=c.one_off_cost,
                yearly_cost=c.yearly_cost,
                addresses=tuple(p for p, e in c.effects.items() if e > 0),
                reasons=c.reasons,
                marginal_benefit=round(gain, 6),
                prevented_incidents_per_year=None if prevented is None else round(prevented, 2),
                cost_per_prevented_incident=(
                    round(yearly_equivalent / prevented, 2) if prevented else None
                ),
                quantity=None if c.phase is None else round(c.quantity, 2),
                phase=c.phase,
            )
        )
        per_owner[str(c.owner)] = per_owner.get(str(c.owner), 0.0) + c.horizon_cost
        _add_payer_costs(per_payer, c)
    per_business = (solution.one_off / years + solution.yearly) / profile.area.businesses
    in_place = list(instance.in_place.values())
    chosen = [by_id[mid].effects for mid in solution.ids]
    reduction = combined_reduction([*in_place, *chosen], instance.weights)
    added = added_reduction(instance, reduction)
    incidents = {p: round(n * (1 - added.get(p, 0.0)), 2) for p, n in incidents_now.items()}
    return Package(
        label=label,
        measures=tuple(measures),
        one_off_cost=round(solution.one_off, 2),
        yearly_cost=round(solution.yearly, 2),
        horizon_cost=round(solution.horizon_cost, 2),
        cost_per_business_per_year=round(per_business, 2),
        cost_per_owner={k: round(v, 2) for k, v in sorted(per_owner.items())},
        cost_per_payer={
            k: {kind: round(v, 2) for kind, v in sorted(costs.items())}
            for k, costs in sorted(per_payer.items())
        },
        expected_reduction={p: round(reduction.get(p, 0.0), 6) for p in instance.weights},
        added_reduction={p: round(v, 6) for p, v in added.items()},
        expected_incidents=incidents,
        benefit=round(solution.benefit, 6),
        added_benefit=round(solution.added_benefit, 6),
        optimal=solution.optimal,
        gap=round(solution.gap, 6),
        note=note,
    )


def build_recommendation(
    catalogue: Catalogue,
    profile: Profile,
    evaluation: RuleEvaluation,
    candidates: Candidates,
    *,
    time_limit_s: float = SAFETY_NET_S,
    max_nodes: int | None = 20_000,
    alternatives: bool = True,
    samples: int | None = None,
    seed: int = 1,
) -> Recommendation:
    """Optimise the packages for ``profile`` and assemble the full :class:`Recommendation`.

    With ``alternatives=False`` only the recommended package is computed (faster; the basic
    and ambitious alternatives are left out). With ``samples``, a Monte Carlo over the effect
    and cost ranges (seeded by ``seed``) adds ranges, shares and the robust package
    (``kvo_rules.uncertainty``).
    """
    instance = build_instance(catalogue, profile, evaluation, candidates)
    best, recommended, others = _choose(
        instance, profile, candidates, time_limit_s, max_nodes, alternatives
    )
    budget = profile.budget
    limits = dict(instance.limits)
    warnings = advice_warnings(profile, catalogue, candidates, instance, recommended)
    assumptions = list(candidates.assumptions)
    if not limits and any(c.hours_per_year > 0 for c in candidates.items):
        assumptions.append(sentence("assume.no_payer_budget"))
    rec = Recommendation(
        area=profile.area.name,
        kind=profile.area.kind,
        horizon_years=profile.horizon_years,
        existing_measures=profile.existing_measures,
        budget_one_off=budget.one_off if budget else None,
        budget_yearly=budget.yearly if budget else None,
        budget_per_payer=_budget_per_payer(limits) if limits else None,
        warnings=warnings,
        problem_weights=dict(candidates.weights),
        fired_rules=evaluation.fired_rules,
        proposals=evaluation.proposals,
        requirements=evaluation.requirements,
        exclusions=evaluation.exclusions,
        adjustments=evaluation.adjustments,
        candidates=candidates.items,
        phases=candidates.phases,
        recommended=recommended,
        alternatives=others,
        optimal=best.optimal,
        gap=round(best.gap, 6),
        assumptions=tuple(assumptions),
    )
    if samples is None:
        return rec
    from .uncertainty import uncertain_recommendation  # imports this module

    return uncertain_recommendation(
        catalogue, profile, evaluation, rec, instance, samples=samples, seed=seed
    )


def _choose(
    instance: Instance,
    profile: Profile,
    candidates: Candidates,
    time_limit_s: float,
    max_nodes: int | None,
    alternatives: bool,
) -> tuple[Solution, Package, tuple[Package, ...]]:
    """The optimiser's recommended package and, if asked, the basic and ambitious ones."""
    by_id = by_option(candidates)
    has_budget = (
        instance.budget_one_off is not None
        or instance.budget_yearly is not None
        or bool(instance.limits)
    )
    result: PackageSet | None = None
    if alternatives or not has_budget:
        result = packages(
            instance,
            time_limit_s=time_limit_s,
            frontier_time_limit_s=time_limit_s,
            with_frontier=False,
            max_nodes=max_nodes,
        )
        best, reason = result.recommended, result.recommended_reason
    else:
        best = optimise(instance, time_limit_s=time_limit_s, max_nodes=max_nodes)
        reason = "budget"
    rec_note = _LABEL_NOTES[f"recommended_{reason}"]
    recommended = package_result("recommended", best, instance, profile, by_id, rec_note)
    others = []
    if alternatives and result is not None:
        others.append(
            package_result("basic", result.basic, instance, profile, by_id, _LABEL_NOTES["basic"])
        )
    if alternatives and result is not None and result.ambitious is not None:
        others.append(
            package_result(
                "ambitious", result.ambitious, instance, profile, by_id, _LABEL_NOTES["ambitious"]
            )
        )
    return best, recommended, tuple(others)


def _budget_per_payer(limits: Mapping[str, float]) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for key, value in limits.items():
        payer, _, kind = key.partition(".")
        out.setdefault(payer, {})["hours_per_year" if kind == "hours" else kind] = value
    return out
