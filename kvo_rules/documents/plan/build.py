"""From a recommendation to a plan of action: goals, schedule, budget, evaluation dates.

No words live here: sentences come from :mod:`kvo_rules.documents.plan.texts` by key.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from ...advice.budgets import option_id, options_by_id
from ...advice.engine import with_overrides
from ...advice.explain import explain
from ...advice.results import CandidateMeasure, Package, Recommendation
from ...advice.texts import measure_name
from ...core.catalogue import Catalogue
from ...core.errors import KvoError, Location
from ...core.i18n import msg
from ...core.model import Text
from ...core.profile_model import Profile
from ...core.words import Number
from ...packages import combined_reduction
from .budget import plan_budget
from .chapters import analysis_requests, communication, fire_safety, partnership_requests
from .effort import effort_indicator
from .goals import at_least_fraction, at_most, goal, severity_target
from .model import (
    AlternativePackage,
    MeasureRef,
    MeasureStatus,
    NotChosen,
    Phase,
    Plan,
    PlanArea,
    PlanBudget,
    PlanEvaluation,
    PlanMeasure,
    PlanProblem,
)
from .phasing import phased_schedule
from .ranges import with_ranges
from .references import references
from .schedule import Slot, add_months, add_years
from .texts import text

if TYPE_CHECKING:
    from ...advice.engine import Engine

__all__ = [
    "CERTIFICATE_YEARS",
    "METING_MONTHS_BEFORE_RECERTIFICATION",
    "at_least_fraction",
    "at_most",
    "build_plan",
    "plan_id",
    "severity_target",
]

CERTIFICATE_YEARS = 3
"""A KVO certificate is valid for three years since 2015 (domain notes 1.5, [S13][S12][S10])."""
METING_MONTHS_BEFORE_RECERTIFICATION = 3
"""The follow-up measurement is done this long before the recertification audit, so that its
results are in the renewed plan the auditor reads."""

_EPS = 1e-6


def plan_id(area_name: str, start: date) -> str:
    """A stable id for the plan: the area name as a slug and the start date."""
    ascii_name = unicodedata.normalize("NFKD", area_name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "plan"
    return f"{slug}-{start.isoformat()}"


def _package_name(label: str) -> Text:
    try:
        return text(f"package.{label}")
    except KeyError:
        return Text(nl=label, en=label)


def _dedupe(texts: Sequence[Text]) -> tuple[Text, ...]:
    seen: list[Text] = []
    for t in texts:
        if t not in seen:
            seen.append(t)
    return tuple(seen)


def _advised_profile(profile: Profile, rec: Recommendation) -> Profile:
    """``profile`` with the budget and horizon ``rec`` was made with (refused: another area)."""
    if rec.area != profile.area.name:
        raise KvoError.at(
            Location("<plan>"),
            msg(
                "the recommendation is for '{area}', the profile for '{profile}'",
                area=rec.area,
                profile=profile.area.name,
            ),
        )
    budget = profile.budget
    if (
        rec.horizon_years != profile.horizon_years
        or rec.budget_one_off != (budget.one_off if budget else None)
        or rec.budget_yearly != (budget.yearly if budget else None)
    ):
        profile = with_overrides(profile, rec.budget_one_off, rec.budget_yearly, rec.horizon_years)
    return profile


def _plan_measures(
    catalogue: Catalogue,
    package: Package,
    cands: Mapping[str, CandidateMeasure],
    slots: Mapping[str, Slot],
    phases: Mapping[str, Phase],
) -> tuple[PlanMeasure, ...]:
    """The recommended package's measures, in its order, with their place in the schedule."""
    return tuple(
        PlanMeasure(
            id=pm.id,
            rank=rank,
            name=Text(
                nl=measure_name(pm.name, pm.phase, "nl"), en=measure_name(pm.name, pm.phase, "en")
            ),
            description=catalogue.measures[pm.id].description,
            category=cands[pm.id].category,
            owner=pm.owner,
            addresses=pm.addresses,
            after=slots[pm.id].after,
            lead_time_months=cands[pm.id].lead_time_months,
            start=slots[pm.id].start,
            realisation=slots[pm.id].realisation,
            one_off_cost=pm.one_off_cost,
            yearly_cost=pm.yearly_cost,
            status=MeasureStatus.planned,
            reasons=_dedupe([r.text for r in pm.reasons]),
            lead=pm.lead,
            payer=dict(pm.payer),
            hour_payer=pm.hour_payer,
            hours_per_year=pm.hours_per_year,
            phase=phases[pm.id],
            share=pm.phase,
            effort=effort_indicator(catalogue, cands[pm.id]),
        )
        for rank, pm in enumerate(package.measures, 1)
    )


def _plan_problems(
    catalogue: Catalogue,
    profile: Profile,
    rec: Recommendation,
    chosen: Sequence[CandidateMeasure],
) -> list[PlanProblem]:
    """The profile's problems, heaviest first, with what the new measures are expected to do."""
    problems_in_order = sorted(
        enumerate(profile.problems),
        key=lambda ip: (-rec.problem_weights.get(ip[1].type, 0.0), ip[0]),
    )
    problems = []
    for _, p in problems_in_order:
        ptype = catalogue.problems[p.type]
        # the new measures only: the baseline already reflects the measures in place
        r = round(combined_reduction([c.effects for c in chosen], [p.type])[p.type], 6)
        problems.append(
            PlanProblem(
                id=p.type,
                name=ptype.name,
                weight=rec.problem_weights.get(p.type, 0.0),
                harm_weight=ptype.harm_weight,
                severity=p.severity,
                incidents_per_year=p.incidents_per_year,
                trend=p.trend,
                times=p.times,
                note=p.note,
                businesses_at_risk=p.businesses_at_risk,
                indicator=ptype.indicator,
                data_sources=ptype.data_sources,
                expected_reduction=r,
                expected_incidents=(
                    round(p.incidents_per_year * (1 - r), 2)
                    if p.incidents_per_year is not None
                    else None
                ),
            )
        )
    return problems


def _alternatives(
    catalogue: Catalogue, rec: Recommendation, measures: Sequence[PlanMeasure]
) -> tuple[AlternativePackage, ...]:
    """The other packages, each as the measures it adds to and drops from the plan."""
    package = rec.recommended
    plan_ids = {m.id for m in measures}
    alternatives = []
    for alt in rec.alternatives:
        alt_ids = [m.id for m in alt.measures]
        alternatives.append(
            AlternativePackage(
                label=alt.label,
                name=_package_name(alt.label),
                note=alt.note,
                measures=tuple(alt_ids),
                added=tuple(
                    MeasureRef(id=i, name=catalogue.measures[i].name)
                    for i in alt_ids
                    if i not in plan_ids
                ),
                dropped=tuple(
                    MeasureRef(id=m.id, name=m.name) for m in measures if m.id not in alt_ids
                ),
                one_off_cost=alt.one_off_cost,
                yearly_cost=alt.yearly_cost,
                horizon_cost=alt.horizon_cost,
                benefit_ratio=(
                    round(alt.benefit / package.benefit, 6) if package.benefit > 0 else 0.0
                ),
            )
        )
    return tuple(alternatives)


CITING_FIELDS: dict[str, Any] = {
    "goals": {"__all__": {"statement", "note"}},
    "measures": {"__all__": {"description", "reasons"}},
    "recommended_note": True,
    "alternatives": {"__all__": {"note"}},
    "not_chosen": {"__all__": {"reason"}},
    "fire_safety": True,
    "communication": True,
    "assumptions": True,
    "warnings": True,
}
"""The plan's texts that come from the catalogue and the rules, in the order the documents
show them: their citations make the reference list (what the profile says is never read as
a citation)."""

PARTNERSHIP_MEASURE = "kvo_partnership"
"""The KVO partnership and covenant: the condition of the certificate, not an option the plan
weighs; the partnership chapter names it when it is not in place."""


def _why_not(
    mid: str, summary: Text, rec: Recommendation, cands: Mapping[str, CandidateMeasure]
) -> Text:
    """Why a measure is not in the plan, in the plan's words: no rule ids, no measure ids."""
    if mid not in cands:
        exc = next((e for e in rec.evaluation.exclusions if e.measure == mid), None)
        return summary if exc is None else text("considered.excluded", reason=exc.reason)
    if cands[mid].risk_reduction <= 0:
        return text("considered.supporting")
    return summary


def _not_chosen(
    engine: Engine,
    profile: Profile,
    rec: Recommendation,
    cands: Mapping[str, CandidateMeasure],
) -> tuple[NotChosen, ...]:
    """Candidates not in the plan and excluded measures, each with why not."""
    catalogue = engine.catalogue
    explained = {
        e.measure: e
        for e in explain(catalogue, engine.rulebase, profile, rec, None, "en")
        if e.status in ("candidate", "excluded") and e.measure != PARTNERSHIP_MEASURE
    }
    cand_order = [c.id for c in rec.candidates if c.id in explained]
    excl_order = sorted(m for m in explained if m not in cands)
    return tuple(
        NotChosen(
            id=mid,
            name=explained[mid].name,
            status=explained[mid].status,
            one_off_cost=cands[mid].one_off_cost if mid in cands else None,
            yearly_cost=cands[mid].yearly_cost if mid in cands else None,
            reason=_why_not(mid, explained[mid].summary, rec, cands),
        )
        for mid in [*cand_order, *excl_order]
    )


def _reviews(start: date, meting: date) -> tuple[date, ...]:
    """A progress review every year from the start until the follow-up measurement."""
    reviews = []
    k = 1
    while add_years(start, k) < meting:
        reviews.append(add_years(start, k))
        k += 1
    return tuple(reviews)


def build_plan(engine: Engine, profile: Profile, rec: Recommendation, start: date) -> Plan:
    """The draft plan of action for ``profile`` from its recommendation ``rec``.

    ``start`` is the day the plan starts (the CLI's ``--start``, default today); every date
    of the plan follows from it, so the same inputs always give the same plan. Budget and
    horizon overrides are taken from ``rec``.
    """
    profile = _advised_profile(profile, rec)
    catalogue = engine.catalogue
    options = options_by_id(rec)
    package = rec.recommended
    chosen = [options[option_id(m)] for m in package.measures]
    cands = {c.id: c for c in rec.candidates} | {c.id: c for c in chosen}  # a phase if chosen

    recert = add_years(start, CERTIFICATE_YEARS)
    meting = add_months(recert, -METING_MONTHS_BEFORE_RECERTIFICATION)
    slots, phases = phased_schedule(
        chosen, set(profile.existing_measures), start, meting, rec.horizon_years
    )
    measures = _plan_measures(catalogue, package, cands, slots, phases)
    problems = _plan_problems(catalogue, profile, rec, chosen)
    budget = plan_budget(measures, rec, profile, start)
    area = profile.area
    plan = Plan(
        id=plan_id(area.name, start),
        title=text("doc.title"),
        start=start,
        end=add_years(start, rec.horizon_years) - timedelta(days=1),
        horizon_years=rec.horizon_years,
        area=PlanArea(
            name=area.name,
            kind=area.kind,
            municipality=area.municipality,
            businesses=area.businesses,
            hectares=area.hectares,
            entrances=area.entrances,
            farms=area.farms,
            dark_spots=area.dark_spots,
            vacant_units=area.vacant_units,
            rear_alleys=area.rear_alleys,
            unmonitored_alarms=area.unmonitored_alarms,
        ),
        existing_measures=tuple(
            MeasureRef(id=m, name=catalogue.measures[m].name) for m in profile.existing_measures
        ),
        problems=tuple(problems),
        goals=tuple(goal(p, measures, meting) for p in problems),
        measures=measures,
        budget=budget,
        alternatives=_alternatives(catalogue, rec, measures),
        not_chosen=_not_chosen(engine, profile, rec, cands),
        evaluation=PlanEvaluation(
            progress_reviews=_reviews(start, meting),
            one_meting=meting,
            recertification=recert,
            certificate_years=CERTIFICATE_YEARS,
        ),
        recommended_note=package.note,
        optimal=rec.optimal,
        gap=rec.gap,
        assumptions=rec.assumptions,
        warnings=_warnings(measures, rec, budget, meting),
        partnership=profile.partnership,
        analysis=profile.analysis,
        partnership_requests=partnership_requests(profile, catalogue),
        analysis_requests=analysis_requests(profile),
        fire_safety=fire_safety(catalogue, profile, measures),
        communication=communication(catalogue, profile, measures),
    )
    cited = references(plan.model_dump(mode="json", include=CITING_FIELDS), catalogue.sources)
    plan = plan.model_copy(update={"references": cited})
    return with_ranges(plan, rec)  # plan --samples: goals as ranges (documents/plan/ranges.py)


def _warnings(
    measures: Sequence[PlanMeasure],
    rec: Recommendation,
    budget: PlanBudget,
    meting: date,
) -> tuple[Text, ...]:
    out: list[Text] = []
    year_before = add_months(meting, -12)
    for m in measures:
        if m.realisation > meting:
            out.append(text("warn.after_meting", measure=m.name, date=m.realisation, meting=meting))
        elif m.realisation > year_before:
            out.append(text("warn.short_effect", measure=m.name, date=m.realisation, meting=meting))
    years = rec.horizon_years
    if years > CERTIFICATE_YEARS:
        out.append(text("warn.horizon_longer", years=years, cert=CERTIFICATE_YEARS))
    elif years < CERTIFICATE_YEARS:
        out.append(text("warn.horizon_shorter", years=years, cert=CERTIFICATE_YEARS))
    if not rec.optimal:
        out.append(text("warn.not_optimal", gap=Number(rec.gap, 3)))
    if budget.within_budget is None:
        out.append(text("warn.no_budget"))
    elif not budget.within_budget:
        out.append(text("warn.over_budget"))
    out.extend(w.text for w in rec.warnings)
    return tuple(out)


def plan_for(
    engine: Engine,
    profile: Profile,
    start: date,
    *,
    budget_one_off: float | None = None,
    budget_yearly: float | None = None,
    horizon_years: int | None = None,
    samples: int | None = None,
    seed: int = 1,
) -> Plan:
    """Recommend for ``profile`` (with budget and horizon overrides) and draft its plan.

    With ``samples``, a seeded Monte Carlo over the effects: the goals get ranges and the
    plan a part on how sure they are (:func:`~kvo_rules.documents.plan.ranges.with_ranges`).

    A start date so late that the plan's dates run past the calendar is a :class:`KvoError`.
    """
    rec = engine.recommend(
        profile,
        budget_one_off=budget_one_off,
        budget_yearly=budget_yearly,
        horizon_years=horizon_years,
        samples=samples,
        seed=seed,
    )
    overridden = with_overrides(
        engine.profile(profile), budget_one_off, budget_yearly, horizon_years
    )
    try:
        return build_plan(engine, overridden, rec, start)
    except (ValueError, OverflowError) as exc:  # date arithmetic past year 9999
        raise KvoError.at(
            Location("<--start>"),
            msg(
                "start {start} is out of range: {reason}", start=start.isoformat(), reason=str(exc)
            ),
        ) from None
