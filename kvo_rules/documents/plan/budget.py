"""The plan's budget: totals, per payer and per owner, and per plan year.

A measure's one-off cost falls in the plan year in which it starts (so a large investment
spread to year 2 is paid in year 2); the yearly costs count in every plan year.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from ...advice.results import Recommendation
from ...core.model import Owner
from ...core.profile_model import Profile
from .model import OwnerCost, PayerCost, PlanBudget, PlanMeasure, YearCost
from .schedule import add_months

__all__ = ["plan_budget"]

_EPS = 1e-6


def _payer_within(cost: PayerCost) -> bool:
    """Whether a payer's share of the plan fits its budget (true when it has none)."""
    if cost.budget is None:
        return True
    spent = {
        "one_off": cost.per_business_one_off if cost.payer == "businesses" else cost.one_off,
        "yearly": cost.per_business_yearly if cost.payer == "businesses" else cost.yearly,
        "hours_per_year": cost.hours_per_year,
    }
    return all((spent.get(k) or 0.0) <= cap + _EPS for k, cap in cost.budget.items())


def plan_budget(
    measures: Sequence[PlanMeasure],
    rec: Recommendation,
    profile: Profile,
    start: date,
) -> PlanBudget:
    """The budget of the plan's ``measures`` (scheduled from ``start``) for ``rec``."""
    years = rec.horizon_years
    one_off = round(sum(m.one_off_cost for m in measures), 2)
    yearly = round(sum(m.yearly_cost for m in measures), 2)
    horizon = round(one_off + yearly * years, 2)
    owners: dict[Owner, list[float]] = {}
    for m in measures:
        acc = owners.setdefault(m.owner, [0.0, 0.0])
        acc[0] += m.one_off_cost
        acc[1] += m.yearly_cost
    per_owner = sorted(
        (
            OwnerCost(
                owner=o,
                one_off=round(a, 2),
                yearly=round(b, 2),
                horizon=round(a + b * years, 2),
                share=round((a + b * years) / horizon, 6) if horizon > 0 else 0.0,
            )
            for o, (a, b) in owners.items()
        ),
        key=lambda c: (-c.horizon, c.owner.value),
    )
    budgets = rec.budget_per_payer or {}
    per_payer = _per_payer(rec)
    per_year = tuple(
        YearCost(
            year=k,
            start=add_months(start, 12 * (k - 1)),
            end=add_months(start, 12 * k) - timedelta(days=1),
            one_off=spent[k - 1],
            yearly=yearly,
            total=round(spent[k - 1] + yearly, 2),
        )
        for spent in [_one_off_per_year(measures, start, years)]
        for k in range(1, years + 1)
    )
    businesses = profile.area.businesses
    ent = [
        sum(owners.get(o, [0.0, 0.0])[k] for o in (Owner.entrepreneurs, Owner.businesses))
        for k in (0, 1)
    ]
    given = (rec.budget_one_off, rec.budget_yearly)
    within: bool | None = None
    if any(b is not None for b in given) or budgets:
        within = (rec.budget_one_off is None or one_off <= rec.budget_one_off + _EPS) and (
            rec.budget_yearly is None or yearly <= rec.budget_yearly + _EPS
        )
        for cost in per_payer:
            within = within and _payer_within(cost)
    return PlanBudget(
        budget_one_off=rec.budget_one_off,
        budget_yearly=rec.budget_yearly,
        one_off=one_off,
        yearly=yearly,
        horizon_years=years,
        horizon=horizon,
        per_owner=tuple(per_owner),
        per_payer=per_payer,
        per_year=per_year,
        per_business_per_year=round((one_off / years + yearly) / businesses, 2),
        entrepreneurs_per_business_per_year=round((ent[0] / years + ent[1]) / businesses, 2),
        within_budget=within,
    )


def _one_off_per_year(measures: Sequence[PlanMeasure], start: date, years: int) -> list[float]:
    """The one-off costs per plan year: each in the year its measure starts (a start past the
    horizon counts in the last year)."""
    spent = [0.0] * years
    for m in measures:
        k = 0
        while k + 1 < years and add_months(start, 12 * (k + 1)) <= m.start:
            k += 1
        spent[k] += m.one_off_cost
    return [round(x, 2) for x in spent]


def _per_payer(rec: Recommendation) -> tuple[PayerCost, ...]:
    """What each payer takes on in the recommended package, next to its budget."""
    budgets = rec.budget_per_payer or {}
    return tuple(
        PayerCost(
            payer=payer,
            one_off=costs.get("one_off"),
            yearly=costs.get("yearly"),
            per_business_one_off=costs.get("per_business_one_off"),
            per_business_yearly=costs.get("per_business_yearly"),
            hours_per_year=costs.get("hours_per_year"),
            budget=budgets.get(payer),
        )
        for payer in sorted(set(rec.recommended.cost_per_payer) | set(budgets))
        for costs in [rec.recommended.cost_per_payer.get(payer, {})]
    )
