"""Dates of the plan: month arithmetic and the schedule of the measures.

A measure starts on the plan's start date, or, when it needs another measure of the plan
(a ``requires`` group none of whose members is already in place), when that measure is
realised. It is realised ``lead_time_months`` after its start. Everything is deterministic:
no clock is read here.
"""

from __future__ import annotations

import calendar
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

__all__ = ["Slot", "add_months", "add_years", "schedule"]


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months; the day is clamped to the month's last day
    (31 January + 1 month = 28 or 29 February)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def add_years(day: date, years: int) -> date:
    """``day`` plus ``years`` years (29 February becomes 28 February when needed)."""
    return add_months(day, 12 * years)


@dataclass(frozen=True)
class Slot:
    """When one measure starts and is realised, and which measures it waits for."""

    start: date
    realisation: date
    after: tuple[str, ...]


def schedule(
    order: Sequence[str],
    lead_time_months: Mapping[str, int],
    requires: Mapping[str, Sequence[Sequence[str]]],
    in_place: Collection[str],
    start: date,
    not_before: Mapping[str, date] | None = None,
) -> dict[str, Slot]:
    """Start and realisation date of each measure in ``order`` (the plan's measures).

    ``requires[m]`` holds "one of these" groups. A group is met at the start when one of its
    members is in place (or is ``m`` itself); otherwise by the earliest realised member that
    is in the plan. A group with no member in the plan and none in place does not delay
    (the optimiser never chooses such a measure). A dependency cycle is broken at the edge
    that closes it, so every measure gets a date. ``not_before[m]`` holds ``m`` back until
    that day (a large investment spread to a later plan year).
    """
    chosen = set(order)
    slots: dict[str, Slot] = {}
    visiting: set[str] = set()

    def visit(mid: str) -> Slot | None:
        if mid in slots:
            return slots[mid]
        if mid in visiting:
            return None  # a cycle: this edge does not delay
        visiting.add(mid)
        begin = max(start, (not_before or {}).get(mid, start))
        after: list[str] = []
        for group in requires.get(mid, ()):
            if mid in group or any(g in in_place for g in group):
                continue
            members = [g for g in group if g in chosen]
            done: list[tuple[date, str]] = []
            for g in members:
                slot = visit(g)
                if slot is not None:
                    done.append((slot.realisation, g))
            if not done:
                continue
            when, first = min(done)
            if first not in after:
                after.append(first)
            begin = max(begin, when)
        visiting.discard(mid)
        slot = Slot(
            start=begin,
            realisation=add_months(begin, lead_time_months.get(mid, 0)),
            after=tuple(after),
        )
        slots[mid] = slot
        return slot

    for mid in order:
        visit(mid)
    return {mid: slots[mid] for mid in order}
