"""Effort indicators: what the working group counts to show a measure is carried out.

KVO 4.0 weighs the effort as much as the result. Each measure of the plan gets one effort
indicator, derived from the catalogue by this rule (the first that applies):

1. **participation**: a measure for participants only (``reach: participants``): the share of
   the businesses taking part, at least the participation the plan assumed (not for a measure
   that goes to the businesses at risk only, ``businesses_at_risk``: the rules below apply);
2. **hours**: a measure that asks police or fire-brigade hours: the hours a year they spend on
   it in the area, at least what the plan counts;
3. **units**: a measure costed per unit with a named unit (lamp posts, cameras, patrol hours):
   the number of units in place, at least what the plan costed;
4. **realised**: otherwise, the measure is realised by its date and reported at every
   working-group meeting.

The follow-up gives the measured value (``effort`` of a measure: a share as a fraction, hours
a year, or units); ``evaluate`` compares it with the target.
"""

from __future__ import annotations

import math

from ...advice.candidates import PHASE_CONCENTRATION
from ...advice.results import CandidateMeasure
from ...core.catalogue import Catalogue
from ...core.model import Party, Reach, Text
from ...core.words import Number, Pct
from .model import EffortIndicator, EffortKind
from .texts import text

__all__ = ["effort_indicator", "relabel_effort"]

_UNIT_SCALES = {"area", "business"}
"""Costs per area or per business carry no countable unit of their own."""


def _indicator(
    kind: EffortKind, target: float | None, unit: Text | None, party: Party | None
) -> EffortIndicator:
    """The indicator of ``kind`` with its sentences in both languages."""
    if kind is EffortKind.participation and target is not None:
        return EffortIndicator(
            kind=kind,
            indicator=text("effort.participation"),
            target=target,
            statement=text("effort.participation_target", pct=Pct(target, floor=True)),
        )
    if kind is EffortKind.hours and target is not None and party is not None:
        name = text(f"party.{party.value}")
        return EffortIndicator(
            kind=kind,
            indicator=text("effort.hours", party=name),
            target=target,
            statement=text("effort.hours_target", party=name, hours=Number(target, 0)),
        )
    if kind is EffortKind.units and target is not None and unit is not None:
        return EffortIndicator(
            kind=kind,
            indicator=text("effort.units", unit=unit),
            target=target,
            statement=text("effort.units_target", n=Number(target, 0), unit=unit),
        )
    return EffortIndicator(
        kind=EffortKind.realised,
        indicator=text("effort.realised"),
        target=None,
        statement=text("effort.realised_target"),
    )


def effort_indicator(catalogue: Catalogue, cand: CandidateMeasure) -> EffortIndicator:
    """The effort indicator of one chosen measure (see the module docstring for the rule)."""
    measure = catalogue.measures.get(cand.id)
    unit: Text | None = measure.cost.unit if measure is not None else None
    if cand.reach is Reach.participants and cand.businesses_at_risk is None:
        taking_part = cand.coverage  # the participation share; for a first phase, part of it
        if cand.phase is not None:
            taking_part = cand.coverage / cand.phase**PHASE_CONCENTRATION * cand.phase
        share = math.floor(taking_part * 100 + 1e-6) / 100
        return _indicator(EffortKind.participation, share, None, None)
    if cand.hour_payer is not None and cand.hours_per_year > 0:
        hours = float(math.floor(cand.hours_per_year))
        return _indicator(EffortKind.hours, hours, None, cand.hour_payer)
    if unit is not None and cand.unit not in _UNIT_SCALES and cand.quantity >= 1:
        return _indicator(EffortKind.units, float(math.floor(cand.quantity + 1e-6)), unit, None)
    return _indicator(EffortKind.realised, None, None, None)


def relabel_effort(
    effort: EffortIndicator, catalogue: Catalogue, measure_id: str, hour_payer: Party | None
) -> EffortIndicator:
    """``effort`` with its sentences written anew in both languages (a plan read back from JSON
    in one language)."""
    measure = catalogue.measures.get(measure_id)
    unit = measure.cost.unit if measure is not None else None
    if effort.kind is EffortKind.units and unit is None:
        return effort
    return _indicator(effort.kind, effort.target, unit, hour_payer)
