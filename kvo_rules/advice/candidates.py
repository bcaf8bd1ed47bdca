"""From an evaluation to candidates: the measures that could be chosen, costed for this area."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from ..core.catalogue import Catalogue
from ..core.model import Effect, Grade, Measure, Owner, Party, Per, Reach, Text
from ..core.profile_model import Profile
from ..packages.model import EFFECT_MAX
from .budgets import PHASES, fits_alone, payer_limits
from .quantities import (
    DARK_SPOTS_PER_HECTARE,
    DEFAULT_ENTRANCES,
    HECTARES_PER_BUSINESS,
    area_quantity,
    businesses_at_risk,
    nothing_to_buy,
    nothing_to_buy_reasons,
    one_off_per_unit,
)
from .results import CandidateMeasure, Exclusion, Reason, RuleEvaluation
from .texts import percents, sentence, words

__all__ = [
    "DARK_SPOTS_PER_HECTARE",
    "DEFAULT_ENTRANCES",
    "DEFAULT_PARTICIPATION",
    "GRADE_FACTOR",
    "HECTARES_PER_BUSINESS",
    "MAX_EFFECT",
    "PHASE_CONCENTRATION",
    "Candidates",
    "adjusted_effects",
    "area_quantity",
    "at_risk_first",
    "build_candidates",
    "coverage",
    "effect_factor",
    "priority_factor",
    "problem_weights",
    "volume_factor",
]

GRADE_FACTOR: Mapping[Grade, float] = {
    Grade.strong: 1.0,
    Grade.moderate: 0.8,
    Grade.weak: 0.6,
    Grade.practice: 0.5,
}
"""Shrinkage of a catalogue effect by the strength of its evidence (docs/model.md): weaker
designs report larger effects (Weisburd, Lum & Petrosino 2001), so the expected effect of a
measure backed only by a before/after claim or practice is taken as a fraction of its figure."""
DEFAULT_PARTICIPATION = 0.5
"""Share of businesses taking part in a participants-only measure when the profile does not
say (estimate: the catalogue's schemes report 30-60%)."""
PHASE_CONCENTRATION = 0.5
"""A first phase of a share s of a divisible measure's units, placed where the incidents are,
protects s ** PHASE_CONCENTRATION of the risk (docs/model.md): crime concentrates on few places
and repeat victims (Weisburd 2015, Criminology 53(2): half of crime on about 4% of street
segments; Farrell & Pease 1993, Home Office CPU paper 46); the square root is a deliberately
milder curve: a quarter of the units protects half of the risk."""

MAX_EFFECT = EFFECT_MAX
"""No measure is credited with more than a 90% reduction of a problem, even after adjustments
(the same bound the optimiser's options accept)."""
_CATALOGUE_REQUIREMENT = "catalogue"


def coverage(measure: Measure, profile: Profile) -> float:
    """The share of the area a measure protects: 1, or the participation share; 1 for a
    measure that goes to every business at risk of its problems (:func:`businesses_at_risk`)."""
    if measure.reach is Reach.area or businesses_at_risk(measure, profile) is not None:
        return 1.0
    part = profile.participation
    if part is None:
        return DEFAULT_PARTICIPATION
    return part.share(measure.id, DEFAULT_PARTICIPATION)


def at_risk_first(measure: Measure, profile: Profile, units: float) -> dict[str, float]:
    """Per problem of ``measure`` that counts its businesses at risk, the share of that
    problem's risk the measure protects when ``units`` businesses buy it: its units go to the
    businesses at risk first (docs/model.md). Empty unless the cost is per business."""
    if measure.cost.per is not Per.business:
        return {}
    acted = {e.problem for e in measure.effects}
    return {
        p.type: min(1.0, units / p.businesses_at_risk)
        for p in profile.problems
        if p.type in acted and p.businesses_at_risk
    }


def adjusted_effects(
    measure: Measure,
    problems: Iterable[str],
    evaluation: RuleEvaluation,
    *,
    share: float = 1.0,
    shares: Mapping[str, float] | None = None,
    evidence: bool = True,
) -> dict[str, float]:
    """The measure's expected effect on each of ``problems`` it addresses.

    The catalogue's reduction, times the rules' adjustments, times the evidence grade's
    factor (``evidence=False`` leaves it out), times the share of the area it protects
    (``shares`` per problem where it differs from ``share``); capped at MAX_EFFECT.
    """
    base = {e.problem: e for e in measure.effects}
    out: dict[str, float] = {}
    for pid in problems:
        if pid not in base:
            continue
        effect = base[pid]
        factor = effect_factor(measure, effect, evaluation, evidence=evidence)
        part = share if shares is None else shares.get(pid, share)
        out[pid] = min(MAX_EFFECT, effect.reduction * factor) * part
    return out


def effect_factor(
    measure: Measure, effect: Effect, evaluation: RuleEvaluation, *, evidence: bool = True
) -> float:
    """The evidence grade's factor times the rules' adjustments of one effect of a measure."""
    factor = GRADE_FACTOR[effect.counted_grade] if evidence else 1.0
    for adj in evaluation.adjustments:
        if adj.measure == measure.id and adj.problem in (None, effect.problem):
            factor *= adj.factor
    return factor


def volume_factor(incidents_per_year: float | None) -> float:
    """How the number of incidents weighs in: 0.8 (none) to 1.2 (99 or more); 1 if unknown."""
    if incidents_per_year is None:
        return 1.0
    return 0.8 + 0.2 * min(2.0, math.log10(1.0 + incidents_per_year))


def priority_factor(weight: float) -> float:
    """How much of a measure's effect counts in the choice, from the rules' weight for it.

    ``min(1, 0.5 + weight / 6)``: a measure the rules propose with weight 3 or more counts in
    full, weight 1 at two thirds, and one that is only needed by another measure at half.
    """
    return min(1.0, 0.5 + weight / 6.0)


def problem_weights(profile: Profile, catalogue: Catalogue) -> dict[str, float]:
    """w_p = severity x harm weight x volume factor, per problem of the profile (in order)."""
    return {
        p.type: round(
            p.severity
            * catalogue.problems[p.type].harm_weight
            * volume_factor(p.incidents_per_year),
            6,
        )
        for p in profile.problems
    }


@dataclass(frozen=True)
class Candidates:
    """The candidates, and for every other measure why it is not one."""

    items: tuple[CandidateMeasure, ...]
    left_out: Mapping[str, tuple[str, Text]] = field(default_factory=dict)
    """measure id -> (status, explanation); status: in_place, conflicts_in_place, excluded,
    wrong_area, third_party, not_proposed."""
    assumptions: tuple[Text, ...] = ()
    weights: Mapping[str, float] = field(default_factory=dict)
    phases: tuple[CandidateMeasure, ...] = ()
    """First phases of divisible candidates that fit the budget on their own, each an option
    beside the whole (``budgets.option_id``)."""


def _requirement_groups(
    measure: Measure, evaluation: RuleEvaluation
) -> list[tuple[tuple[str, ...], Reason]]:
    groups = [
        (req.measures, Reason(rule=_CATALOGUE_REQUIREMENT, text=req.reason))
        for req in measure.requires
    ]
    groups += [
        (hit.needs, Reason(rule=hit.rule, text=hit.reason))
        for hit in evaluation.requirements
        if hit.measure == measure.id
    ]
    return groups


def _conflicts_in_place(catalogue: Catalogue, in_place: set[str]) -> dict[str, str]:
    """Measures the catalogue says cannot go with a measure in place -> that measure."""
    out: dict[str, str] = {}
    for mid, m in sorted(catalogue.measures.items()):
        for exc in m.excludes:
            if mid in in_place and exc.measure not in in_place:
                out.setdefault(exc.measure, mid)
            elif exc.measure in in_place and mid not in in_place:
                out.setdefault(mid, exc.measure)
    return out


def _add_prerequisites(
    catalogue: Catalogue,
    evaluation: RuleEvaluation,
    chosen: dict[str, list[Reason]],
    in_place: set[str],
    eligible: Callable[[str], bool],
) -> None:
    """Add to ``chosen`` every eligible measure a chosen one requires (and so on), with the
    reason it is needed."""
    queue = list(chosen)
    while queue:
        mid = queue.pop(0)
        for group, reason in _requirement_groups(catalogue.measures[mid], evaluation):
            if any(g in in_place for g in group):
                continue
            for need in group:
                if need not in chosen and eligible(need):
                    name = catalogue.measures[mid].name
                    chosen[need] = [
                        Reason(
                            rule=reason.rule,
                            text=sentence("needed_for", name=name, reason=reason.text),
                        )
                    ]
                    queue.append(need)


def _needed_by(
    catalogue: Catalogue,
    evaluation: RuleEvaluation,
    chosen: dict[str, list[Reason]],
    in_place: set[str],
    proposals: dict[str, list[Reason]],
) -> dict[str, set[str]]:
    """Per measure no rule proposed, the chosen measures that need it.

    Such a measure is a candidate only as a prerequisite: it may be chosen only together with a
    measure that needs it (docs/model.md, "prerequisites").
    """
    needed_by: dict[str, set[str]] = {}
    for mid in chosen:
        for group, _reason in _requirement_groups(catalogue.measures[mid], evaluation):
            if not any(g in in_place for g in group):
                for need in group:
                    if need in chosen and need != mid and need not in proposals:
                        needed_by.setdefault(need, set()).add(mid)
    return needed_by


def _left_out(
    catalogue: Catalogue,
    chosen: dict[str, list[Reason]],
    profile: Profile,
    conflicts: dict[str, str],
    excluded: dict[str, Exclusion],
    third_party: Callable[[str], bool],
) -> dict[str, tuple[str, Text]]:
    """Every measure not a candidate, with the code and the sentence that say why."""
    kind = profile.area.kind
    in_place = set(profile.existing_measures)
    left_out: dict[str, tuple[str, Text]] = {}
    for mid, m in catalogue.measures.items():
        if mid in chosen:
            continue
        if mid in in_place:
            left_out[mid] = (
                "in_place",
                sentence("out.in_place"),
            )
        elif kind not in m.areas:
            left_out[mid] = (
                "wrong_area",
                sentence("out.wrong_area", kind=words("kind", kind)),
            )
        elif mid in conflicts:
            other = conflicts[mid]
            left_out[mid] = (
                "conflicts_in_place",
                sentence("out.conflicts_in_place", other=catalogue.measures[other].name),
            )
        elif third_party(mid):
            left_out[mid] = ("third_party", sentence("out.third_party"))
        elif mid in excluded:
            exc = excluded[mid]
            left_out[mid] = (
                "excluded",
                sentence("out.excluded", rule=exc.rule, reason=exc.reason),
            )
        else:
            left_out[mid] = (
                "not_proposed",
                sentence("out.not_proposed"),
            )
    return left_out


def build_candidates(
    catalogue: Catalogue, profile: Profile, evaluation: RuleEvaluation
) -> Candidates:
    """Candidates: proposed measures that fit, plus what they need; costed, effects adjusted."""
    kind = profile.area.kind
    in_place = set(profile.existing_measures)
    excluded: dict[str, Exclusion] = {}
    for exc in evaluation.exclusions:
        excluded.setdefault(exc.measure, exc)
    weights = problem_weights(profile, catalogue)

    proposals: dict[str, list[Reason]] = {}
    best_weight: dict[str, float] = {}
    for prop in evaluation.proposals:
        proposals.setdefault(prop.measure, []).append(Reason(rule=prop.rule, text=prop.reason))
        best_weight[prop.measure] = max(best_weight.get(prop.measure, 0.0), prop.weight)

    conflicts = _conflicts_in_place(catalogue, in_place)
    nothing = nothing_to_buy(catalogue, profile)
    settled = in_place | set(nothing)

    def third_party(mid: str) -> bool:
        return Party.third_party in catalogue.measures[mid].euro_shares

    def eligible(mid: str) -> bool:
        m = catalogue.measures[mid]
        return (
            kind in m.areas
            and mid not in excluded
            and mid not in in_place
            and mid not in conflicts
            and mid not in nothing
            and not third_party(mid)
        )

    chosen: dict[str, list[Reason]] = {
        mid: list(reasons) for mid, reasons in sorted(proposals.items()) if eligible(mid)
    }
    _add_prerequisites(catalogue, evaluation, chosen, settled, eligible)
    needed_by = _needed_by(catalogue, evaluation, chosen, settled, proposals)

    assumptions: dict[str, Text] = {}
    limits = payer_limits(profile)
    items = []
    phases: list[CandidateMeasure] = []
    for mid, reasons in chosen.items():

        def make(scale: float, mid: str = mid, reasons: list[Reason] = reasons) -> CandidateMeasure:
            return _candidate(
                catalogue,
                profile,
                evaluation,
                mid,
                reasons,
                best_weight.get(mid, 0.0),
                weights,
                assumptions,
                tuple(sorted(needed_by.get(mid, ()))),
                scale=scale,
                settled=frozenset(nothing),
            )

        whole = make(1.0)
        items.append(whole)
        if catalogue.measures[mid].divisible:
            phases += _first_phases(make, profile, limits)
    items.sort(key=lambda c: (-c.score, c.horizon_cost, c.id))

    left_out = _left_out(catalogue, chosen, profile, conflicts, excluded, third_party)
    for mid, why in nothing_to_buy_reasons(nothing, profile).items():
        if mid in left_out and left_out[mid][0] != "in_place":
            left_out[mid] = ("nothing_to_buy", why)
    return Candidates(
        items=tuple(items),
        left_out=left_out,
        assumptions=tuple(assumptions[k] for k in sorted(assumptions)),
        weights=weights,
        phases=tuple(phases),
    )


def _first_phases(
    make: Callable[[float], CandidateMeasure], profile: Profile, limits: Mapping[str, float]
) -> list[CandidateMeasure]:
    """The first phases (of PHASES) of a divisible measure that fit the budget on their own."""
    return [part for part in map(make, PHASES) if fits_alone(part, profile, limits)]


def _payer_costs(
    m: Measure, one_off: float, yearly: float, hours: float
) -> dict[str, dict[str, float]]:
    """What each payer gives: its share of the euros, or the police's or fire brigade's hours."""
    payers: dict[str, dict[str, float]] = {}
    for party, fraction in m.euro_shares.items():
        payers[party.value] = {
            "one_off": round(one_off * fraction, 2),
            "yearly": round(yearly * fraction, 2),
        }
    if m.hour_payer is not None:
        payers[m.hour_payer.value] = {"hours_per_year": hours}
    return payers


def _units(
    m: Measure, profile: Profile, assumptions: dict[str, Text], targets: int | None, part: float
) -> float:
    """How many of ``m``'s cost units the area buys (before a phase), noting each assumption."""
    count, assumption = area_quantity(profile, m.cost.per)
    if assumption is not None:
        assumptions[str(m.cost.per)] = assumption
    if targets is not None:
        count = float(targets)  # only the businesses at risk buy it
        assumptions[f"at_risk.{m.id}"] = sentence("assume.at_risk", measure=m.name, n=targets)
    if m.reach is Reach.participants:
        if profile.participation is None and targets is None:
            assumptions["participation"] = sentence(
                "assume.participation", share=percents(DEFAULT_PARTICIPATION)
            )
        if m.cost.per in (Per.business, Per.farm):
            count = count * part  # only the businesses (farms) that take part buy it
    return count


def _candidate(
    catalogue: Catalogue,
    profile: Profile,
    evaluation: RuleEvaluation,
    mid: str,
    reasons: list[Reason],
    weight: float,
    weights: Mapping[str, float],
    assumptions: dict[str, Text],
    dependents: tuple[str, ...] = (),
    *,
    scale: float = 1.0,
    settled: frozenset[str] = frozenset(),
) -> CandidateMeasure:
    m = catalogue.measures[mid]
    targets = businesses_at_risk(m, profile)
    part = coverage(m, profile)
    share = part * scale**PHASE_CONCENTRATION
    count = _units(m, profile, assumptions, targets, part) * scale  # a phase buys part of them
    per_unit = m.cost.quantity.amount if m.cost.quantity else 1.0
    quantity = round(count * per_unit, 6)
    one_off = round(quantity * one_off_per_unit(m, profile, assumptions, catalogue), 2)
    yearly = round(quantity * (m.cost.yearly.amount if m.cost.yearly else 0.0), 2)
    hours = round(quantity * (m.cost.hours_per_year.amount if m.cost.hours_per_year else 0.0), 2)
    payers = _payer_costs(m, one_off, yearly, hours)
    hour_payer = m.hour_payer
    paying = profile.area.businesses * (part if m.reach is Reach.participants else 1.0)
    if targets is not None:
        paying = float(targets)
    if m.cost.per in (Per.business, Per.farm):
        paying *= scale  # fewer businesses buy it, each at the same price

    base = {e.problem: e.reduction for e in m.effects}
    first = at_risk_first(m, profile, paying) if targets is None else {}
    if first:
        assumptions[f"at_risk_first.{m.id}"] = sentence("assume.at_risk_first", measure=m.name)
    effects = {
        p: round(e, 6)
        for p, e in adjusted_effects(m, weights, evaluation, share=share, shares=first).items()
    }
    risk = round(sum(weights[p] * e for p, e in effects.items()), 6)
    groups = [g for g in _requirement_groups(m, evaluation) if not settled.intersection(g[0])]
    excludes = catalogue.exclusions.get(mid, frozenset())
    return CandidateMeasure.model_construct(  # built from checked data: no need to validate
        id=mid,
        name=m.name,
        category=m.category,
        owner=Owner(m.lead_party.value),
        lead=m.lead_party,
        payer={p.value: s for p, s in m.euro_shares.items()},
        hour_payer=hour_payer,
        reach=m.reach,
        coverage=round(share, 6),
        paying_businesses=round(paying, 6),
        businesses_at_risk=targets,
        displacement=m.displacement,
        cost_per_payer=payers,
        hours_per_year=hours,
        priority=round(priority_factor(weight), 6),
        quantity=quantity,
        unit=str(m.cost.per),
        one_off_cost=one_off,
        yearly_cost=yearly,
        horizon_cost=round(one_off + profile.horizon_years * yearly, 2),
        effects=effects,
        catalogue_effects={p: base[p] for p in effects},
        requires=tuple(sorted({g for g, _ in groups} | ({dependents} if dependents else set()))),
        excludes=tuple(sorted(excludes)),
        proposed=weight > 0,
        weight=weight,
        risk_reduction=risk,
        score=round(weight * risk, 6),
        reasons=tuple(reasons),
        lead_time_months=m.lead_time_months,
        phase=None if scale == 1.0 else scale,
    )
