"""What a candidate asks of each payer, the profile's caps, and first phases that fit them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from ..core.model import HOUR_PAYERS, Party
from ..core.profile_model import HoursBudget, PayerBudget, Profile
from .results import CandidateMeasure, Package, Recommendation

__all__ = [
    "PHASES",
    "fits_alone",
    "option_id",
    "option_resources",
    "options_by_id",
    "package_option_ids",
    "payer_limits",
    "share_option_id",
    "split_option_id",
]

PHASES: tuple[float, ...] = (0.75, 0.5, 0.25)
"""The first phases a divisible measure may be offered at, largest first (docs/model.md)."""

_TOLERANCE = 1e-6


class _Phased(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def phase(self) -> float | None: ...


def option_id(c: _Phased) -> str:
    """The optimiser's id of a candidate or package measure: the measure id, or
    ``<id>@<percent>`` for a first phase."""
    return share_option_id(c.id, c.phase)


def share_option_id(mid: str, share: float | None) -> str:
    """The optimiser's id of measure ``mid`` bought whole (``share`` None) or in part."""
    return mid if share is None else f"{mid}@{round(share * 100)}"


def split_option_id(oid: str) -> tuple[str, float | None]:
    """The measure id and share of an optimiser id (the inverse of :func:`share_option_id`)."""
    mid, _, pct = oid.partition("@")
    return mid, (int(pct) / 100 if pct else None)


def package_option_ids(pkg: Package) -> tuple[str, ...]:
    """A package's measures as the optimiser's ids, sorted."""
    return tuple(sorted(option_id(m) for m in pkg.measures))


def options_by_id(rec: Recommendation) -> dict[str, CandidateMeasure]:
    """A recommendation's candidates and first phases by their optimiser ids."""
    return {option_id(c): c for c in (*rec.candidates, *rec.phases)}


def option_resources(c: CandidateMeasure) -> dict[str, float]:
    """What a candidate takes from each payer's budget, as the optimiser's named resources.

    ``<payer>.one_off`` and ``<payer>.yearly`` in euros (``businesses.*`` per paying
    business), ``police.hours`` and ``fire_brigade.hours`` in hours a year.
    """
    out: dict[str, float] = {}
    for payer, costs in sorted(c.cost_per_payer.items()):
        for kind, amount in sorted(costs.items()):
            key = "hours" if kind == "hours_per_year" else kind
            if payer == Party.businesses.value and c.paying_businesses > 0:
                amount = amount / c.paying_businesses
            out[f"{payer}.{key}"] = amount
    return out


def payer_limits(profile: Profile) -> dict[str, float]:
    """The per-payer caps of a profile's budget as named resource limits (none: old form).

    A payer the per-payer form leaves out gets 0 under ``unlisted: none`` and no cap under
    ``unlisted: open``.
    """
    budget = profile.budget
    if budget is None or not budget.per_payer:
        return {}
    given = budget.payers
    limits: dict[str, float] = {}
    for party in Party:
        if party is Party.third_party:
            continue  # never in the partnership's package: left out of the candidates
        spec = given.get(party)
        if spec is None and budget.unlisted == "open":
            continue
        if party in HOUR_PAYERS:
            hours = spec.hours_per_year if isinstance(spec, HoursBudget) else 0.0
            limits[f"{party.value}.hours"] = hours
        else:
            euros = spec if isinstance(spec, PayerBudget) else None
            limits[f"{party.value}.one_off"] = euros.one_off if euros else 0.0
            limits[f"{party.value}.yearly"] = euros.yearly if euros else 0.0
    return limits


def fits_alone(c: CandidateMeasure, profile: Profile, limits: Mapping[str, float]) -> bool:
    """Whether ``c`` on its own fits the whole-package cap and every payer's cap."""
    budget = profile.budget
    if budget is not None:
        if budget.one_off is not None and c.one_off_cost > budget.one_off + _TOLERANCE:
            return False
        if budget.yearly is not None and c.yearly_cost > budget.yearly + _TOLERANCE:
            return False
    return all(
        amount <= limits[name] + _TOLERANCE
        for name, amount in option_resources(c).items()
        if name in limits
    )
