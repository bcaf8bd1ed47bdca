"""The closed vocabularies of the domain models: area kinds, parties, units, evidence grades.

Kept apart from ``model`` (which re-exports them) so that each module stays short.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "EURO_PAYERS",
    "HOUR_PAYERS",
    "OWNER_PARTY",
    "AreaKind",
    "Category",
    "DataSource",
    "Grade",
    "Owner",
    "Party",
    "Per",
    "Reach",
    "TimeOfDay",
    "Trend",
    "UpgradeUnits",
    "lower_grade",
]


class AreaKind(StrEnum):
    """The KVO area kinds: KVO-B, KVO-W and (since KVO 4.0, March 2024) the rural area."""

    business_park = "business_park"
    shopping_area = "shopping_area"
    rural_area = "rural_area"  # KVO buitengebied: farms, rural businesses, field tracks


class Category(StrEnum):
    """The OBE category of a measure."""

    organisational = "organisational"
    physical = "physical"
    electronic = "electronic"


class Party(StrEnum):
    """A party that leads or pays for measures: the payers of a KVO plan.

    Police and fire brigade contribute capacity (hours per year), the others euros. A third
    party (province, state, a private operator) is never part of the partnership's package.
    """

    collective = "collective"  # the partnership's fund: BIZ levy, contributions, park management
    businesses = "businesses"  # each business for its own premises
    municipality = "municipality"
    police = "police"
    fire_brigade = "fire_brigade"
    property_owners = "property_owners"
    third_party = "third_party"


HOUR_PAYERS = frozenset({Party.police, Party.fire_brigade})
"""Parties that contribute hours of capacity, not euros."""
EURO_PAYERS = frozenset(Party) - HOUR_PAYERS
"""Parties that pay in euros."""


class Owner(StrEnum):
    """Who carries out a measure: a :class:`Party`, or one of the old catalogue owners.

    ``entrepreneurs``, ``park_management`` and ``shared`` are the first catalogue format's
    owners; they are still read (old catalogues, old plans) but name nobody accountable.
    """

    entrepreneurs = "entrepreneurs"
    municipality = "municipality"
    police = "police"
    fire_brigade = "fire_brigade"
    park_management = "park_management"
    shared = "shared"
    collective = "collective"
    businesses = "businesses"
    property_owners = "property_owners"
    third_party = "third_party"


OWNER_PARTY: dict[Owner, Party] = {
    Owner.entrepreneurs: Party.businesses,
    Owner.park_management: Party.collective,
    Owner.shared: Party.collective,
    **{Owner(p.value): p for p in Party},
}
"""The party that an old catalogue owner stands for (lead and payer default to it)."""


class Reach(StrEnum):
    """Whom a measure protects: the whole area, or only the businesses that take part."""

    area = "area"
    participants = "participants"


class Per(StrEnum):
    """What a measure's cost scales with."""

    area = "area"
    business = "business"
    entrance = "entrance"
    hectare = "hectare"
    dark_spot = "dark_spot"  # a dark spot or defective lamp post found in the walk-through
    farm = "farm"  # a farm of a rural area (``area.farms``; all businesses when not given)
    vacant_unit = "vacant_unit"  # an empty business unit (``area.vacant_units``)


class UpgradeUnits(StrEnum):
    """Units of the area that already have what a measure builds on (a profile count)."""

    unmonitored_alarms = "unmonitored_alarms"  # ``area.unmonitored_alarms``: a local alarm


class Grade(StrEnum):
    """Strength of the evidence behind an effect figure."""

    strong = "strong"  # systematic review or meta-analysis
    moderate = "moderate"  # controlled evaluation (RCT, quasi-experiment)
    weak = "weak"  # before/after without comparison, single case, claim
    practice = "practice"  # practitioners' guidance or mechanism only; effect estimated


def lower_grade(grade: Grade) -> Grade:
    """The next lower grade (practice stays practice)."""
    order = list(Grade)
    return order[min(order.index(grade) + 1, len(order) - 1)]


class DataSource(StrEnum):
    """Where the safety analysis finds a problem."""

    police = "police"
    survey = "survey"
    schouw = "schouw"
    fire_brigade = "fire_brigade"
    municipality = "municipality"
    other = "other"


class Trend(StrEnum):
    """Direction of a problem over recent years."""

    falling = "falling"
    stable = "stable"
    rising = "rising"


class TimeOfDay(StrEnum):
    """When a problem mostly occurs."""

    day = "day"
    evening = "evening"
    night = "night"
    weekend = "weekend"
