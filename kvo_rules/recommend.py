"""From candidates to packages: the optimiser's answer dressed for people and other tools."""

from __future__ import annotations

from collections.abc import Mapping

from .candidates import Candidates, adjusted_effects
from .catalogue import Catalogue
from .model import Profile, Text
from .packages import (
    Instance,
    Option,
    PackageSet,
    Solution,
    optimise,
    packages,
    rank_contributions,
)
from .results import CandidateMeasure, Package, PackageMeasure, Recommendation, RuleEvaluation
from .texts import sentence

__all__ = ["added_reduction", "build_instance", "build_recommendation"]

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
        mid: adjusted_effects(catalogue.measures[mid], weights, evaluation)
        for mid in profile.existing_measures
    }


def build_instance(
    catalogue: Catalogue, profile: Profile, evaluation: RuleEvaluation, candidates: Candidates
) -> Instance:
    """The optimisation problem for this profile: options, weights, in-place measures, budgets."""
    budget = profile.budget
    return Instance(
        options=tuple(
            Option(
                id=c.id,
                one_off=c.one_off_cost,
                yearly=c.yearly_cost,
                effects=c.effects,
                requires=c.requires,
                excludes=frozenset(c.excludes),
            )
            for c in candidates.items
        ),
        weights=dict(candidates.weights),
        in_place=_in_place_effects(catalogue, profile, evaluation, candidates.weights),
        budget_one_off=budget.one_off if budget else None,
        budget_yearly=budget.yearly if budget else None,
        horizon_years=profile.horizon_years,
    )


def added_reduction(instance: Instance, reduction: Mapping[str, float]) -> dict[str, float]:
    """Per problem, the reduction the new measures add to today's situation.

    The analysed figures already reflect the measures in place, so the expected incidents after
    the plan follow from 1 - (1 - r_package_and_in_place) / (1 - r_in_place).
    """
    out = {}
    for p in instance.weights:
        survive_in_place = 1.0
        for effects in instance.in_place.values():
            survive_in_place *= 1 - effects.get(p, 0.0)
        total = reduction.get(p, 0.0)
        out[p] = max(0.0, 1 - (1 - total) / survive_in_place) if survive_in_place > 0 else 0.0
    return out


def _package(
    label: str,
    solution: Solution,
    instance: Instance,
    profile: Profile,
    by_id: Mapping[str, CandidateMeasure],
    note: Text | None,
) -> Package:
    measures = []
    per_owner: dict[str, float] = {}
    for mid, gain in rank_contributions(instance, solution.ids):
        c = by_id[mid]
        measures.append(
            PackageMeasure(
                id=mid,
                name=c.name,
                owner=c.owner,
                one_off_cost=c.one_off_cost,
                yearly_cost=c.yearly_cost,
                addresses=tuple(p for p, e in c.effects.items() if e > 0),
                reasons=c.reasons,
                marginal_benefit=round(gain, 6),
            )
        )
        per_owner[str(c.owner)] = per_owner.get(str(c.owner), 0.0) + c.horizon_cost
    years = profile.horizon_years
    per_business = (solution.one_off / years + solution.yearly) / profile.area.businesses
    added = added_reduction(instance, solution.reduction)
    incidents = {
        p.type: round(p.incidents_per_year * (1 - added.get(p.type, 0.0)), 2)
        for p in profile.problems
        if p.incidents_per_year is not None
    }
    return Package(
        label=label,
        measures=tuple(measures),
        one_off_cost=round(solution.one_off, 2),
        yearly_cost=round(solution.yearly, 2),
        horizon_cost=round(solution.horizon_cost, 2),
        cost_per_business_per_year=round(per_business, 2),
        cost_per_owner={k: round(v, 2) for k, v in sorted(per_owner.items())},
        expected_reduction={p: round(solution.reduction.get(p, 0.0), 6) for p in instance.weights},
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
    time_limit_s: float = 30.0,
    max_nodes: int | None = 20_000,
    alternatives: bool = True,
) -> Recommendation:
    """Optimise the packages for ``profile`` and assemble the full :class:`Recommendation`.

    With ``alternatives=False`` only the recommended package is computed (faster; the basic
    and ambitious alternatives are left out).
    """
    instance = build_instance(catalogue, profile, evaluation, candidates)
    by_id = {c.id: c for c in candidates.items}
    has_budget = instance.budget_one_off is not None or instance.budget_yearly is not None
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
    recommended = _package("recommended", best, instance, profile, by_id, rec_note)
    others = []
    if alternatives and result is not None:
        others.append(
            _package("basic", result.basic, instance, profile, by_id, _LABEL_NOTES["basic"])
        )
    if alternatives and result is not None and result.ambitious is not None:
        others.append(
            _package(
                "ambitious", result.ambitious, instance, profile, by_id, _LABEL_NOTES["ambitious"]
            )
        )
    budget = profile.budget
    return Recommendation(
        area=profile.area.name,
        kind=profile.area.kind,
        horizon_years=profile.horizon_years,
        existing_measures=profile.existing_measures,
        budget_one_off=budget.one_off if budget else None,
        budget_yearly=budget.yearly if budget else None,
        problem_weights=dict(candidates.weights),
        fired_rules=evaluation.fired_rules,
        proposals=evaluation.proposals,
        requirements=evaluation.requirements,
        exclusions=evaluation.exclusions,
        adjustments=evaluation.adjustments,
        candidates=candidates.items,
        recommended=recommended,
        alternatives=tuple(others),
        optimal=best.optimal,
        gap=round(best.gap, 6),
        assumptions=candidates.assumptions,
    )
