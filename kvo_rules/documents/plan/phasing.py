"""Phasing: quick wins first, lead times and legal steps respected, large investments spread.

The rule (docs/plan.md, *Phasing*):

- **Quick win**: realised within ``QUICK_WIN_MONTHS`` months, at most ``QUICK_WIN_ONE_OFF``
  euros one-off, and waiting for no other measure. Starts on the plan's first day.
- **Large investment**: ``LARGE_INVESTMENT`` euros one-off or more. In rank order, each goes
  into the earliest plan year (of the first ``SPREAD_YEARS``) whose large investments stay
  within an equal share of all of them (their total / the years), provided it is still
  realised ``EFFECT_MONTHS`` before the follow-up measurement; one that fits no year goes
  into year 1.
- **Preparation and decisions**: everything else: longer lead times, permits, legal steps
  (a DPIA, a designation decision) and measures that wait for another. They start on the
  first day or when the measure they wait for is realised (:func:`.schedule.schedule`).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date

from ...advice.results import CandidateMeasure
from .model import Phase
from .schedule import Slot, add_months, add_years, schedule

__all__ = [
    "EFFECT_MONTHS",
    "LARGE_INVESTMENT",
    "QUICK_WIN_MONTHS",
    "QUICK_WIN_ONE_OFF",
    "SPREAD_YEARS",
    "phased_schedule",
]

QUICK_WIN_MONTHS = 3
QUICK_WIN_ONE_OFF = 10_000.0
LARGE_INVESTMENT = 25_000.0
SPREAD_YEARS = 2
EFFECT_MONTHS = 12


def _phase(cand: CandidateMeasure, slot: Slot) -> Phase:
    if cand.one_off_cost >= LARGE_INVESTMENT:
        return Phase.investment
    if (
        cand.lead_time_months <= QUICK_WIN_MONTHS
        and cand.one_off_cost <= QUICK_WIN_ONE_OFF
        and not slot.after
    ):
        return Phase.quick_win
    return Phase.preparation


def phased_schedule(
    chosen: Sequence[CandidateMeasure],
    in_place: Collection[str],
    start: date,
    meting: date,
    horizon_years: int,
) -> tuple[dict[str, Slot], dict[str, Phase]]:
    """The schedule of the chosen measures (in rank order) and the phase of each."""
    order = [c.id for c in chosen]
    leads = {c.id: c.lead_time_months for c in chosen}
    requires = {c.id: c.requires for c in chosen}
    first = schedule(order, leads, requires, in_place, start)
    phases = {c.id: _phase(c, first[c.id]) for c in chosen}
    large = [c for c in chosen if phases[c.id] is Phase.investment]
    years = max(1, min(SPREAD_YEARS, horizon_years))
    if len(large) < 2 or years < 2:
        return first, phases
    share = sum(c.one_off_cost for c in large) / years
    spent = [0.0] * years
    not_before: dict[str, date] = {}
    latest = add_months(meting, -EFFECT_MONTHS)
    for c in large:
        year = 0
        for k in range(years):
            begin = max(add_years(start, k), first[c.id].start)
            fits = spent[k] == 0.0 or spent[k] + c.one_off_cost <= share + 1e-6
            if fits and add_months(begin, c.lead_time_months) <= latest:
                year = k
                break
        spent[year] += c.one_off_cost
        if year > 0:
            not_before[c.id] = add_years(start, year)
    if not not_before:
        return first, phases
    return schedule(order, leads, requires, in_place, start, not_before), phases
