"""How many units of a measure an area has: businesses, entrances, dark spots, empty units,
hectares."""

from __future__ import annotations

from collections.abc import Mapping

from ..core.catalogue import Catalogue
from ..core.model import AreaKind, Figure, Measure, Per, Text
from ..core.profile_model import Profile
from .texts import euros, numbers, percents, sentence

__all__ = [
    "DARK_SPOTS_PER_HECTARE",
    "DEFAULT_ENTRANCES",
    "HECTARES_PER_BUSINESS",
    "VACANT_SHARE",
    "area_quantity",
    "businesses_at_risk",
    "lighting_finding",
    "nothing_to_buy",
    "nothing_to_buy_reasons",
    "one_off_figure",
    "one_off_per_unit",
]

DARK_SPOTS_PER_HECTARE = 0.5
"""Dark spots assumed per hectare when the walk-through's count is not given (estimate)."""

DEFAULT_ENTRANCES = 2
"""Access roads assumed when a profile does not say (estimate)."""

VACANT_SHARE = 0.1
"""Share of business units assumed empty when the profile does not count them (estimate, the
catalogue's former "about one unit in ten"; the local vacancy count is the figure to give)."""
HECTARES_PER_BUSINESS: Mapping[AreaKind, float] = {
    AreaKind.business_park: 0.4,
    AreaKind.shopping_area: 0.03,
    AreaKind.rural_area: 20.0,
}
"""Area assumed per business when a profile gives no hectares (estimate, not sourced; rural:
the average Dutch farm is some 35 ha (CBS landbouwtelling 2023: about 1.8 million ha over
about 51,000 holdings) and roughly half a rural area's businesses are farms, so 20 ha)."""


def _hectares(profile: Profile) -> tuple[float, Text | None]:
    area = profile.area
    if area.hectares is not None:
        return float(area.hectares), None
    ha = round(area.businesses * HECTARES_PER_BUSINESS[area.kind], 1)
    per_b = HECTARES_PER_BUSINESS[area.kind]
    return ha, sentence("assume.hectares", ha=numbers(ha), per=numbers(per_b))


def area_quantity(profile: Profile, per: Per) -> tuple[float, Text | None]:
    """How many units of ``per`` the area has, and the assumption made when it is not given."""
    area = profile.area
    if per is Per.area:
        return 1.0, None
    if per is Per.business:
        return float(area.businesses), None
    if per is Per.entrance:
        if area.entrances is not None:
            return float(area.entrances), None
        return float(DEFAULT_ENTRANCES), sentence("assume.entrances", n=DEFAULT_ENTRANCES)
    if per is Per.farm:
        if area.farms is not None:
            return float(area.farms), None
        return float(area.businesses), sentence("assume.farms", n=area.businesses)
    if per is Per.dark_spot:
        if area.dark_spots is not None:
            return float(area.dark_spots), None
        if not lighting_finding(profile):
            return 0.0, None
        ha, _ = _hectares(profile)
        spots = float(max(1, round(ha * DARK_SPOTS_PER_HECTARE)))
        return spots, sentence(
            "assume.dark_spots",
            n=numbers(spots),
            per=numbers(DARK_SPOTS_PER_HECTARE),
            ha=numbers(ha),
        )
    if per is Per.vacant_unit:
        if area.vacant_units is not None:
            return float(area.vacant_units), None
        units = float(max(1, round(area.businesses * VACANT_SHARE)))
        return units, sentence(
            "assume.vacant_units",
            n=numbers(units),
            share=percents(VACANT_SHARE),
            businesses=numbers(area.businesses),
        )
    return _hectares(profile)


def lighting_finding(profile: Profile) -> bool:
    """Whether the analysis found a lighting problem: a dark-spot count or `poor_lighting`.

    Without one there is nothing to light: the evening walk-through checks the lighting, and an
    absent finding is no finding (as for rear alleys).
    """
    if profile.area.dark_spots is not None:
        return profile.area.dark_spots > 0
    return any(p.type == "poor_lighting" for p in profile.problems)


def businesses_at_risk(measure: Measure, profile: Profile) -> int | None:
    """The businesses a per-business measure goes to when the profile says, for every one of
    its problems the measure acts on, how many businesses that problem threatens (their sum, at
    most the area's businesses); None when a problem does not say or the cost is not per
    business."""
    if measure.cost.per is not Per.business:
        return None
    at_risk = {p.type: p.businesses_at_risk for p in profile.problems}
    acted = sorted({e.problem for e in measure.effects if e.problem in at_risk})
    counts = [at_risk[p] for p in acted]
    if not counts:
        return None
    total = 0
    for n in counts:
        if n is None:
            return None
        total += n
    return min(profile.area.businesses, total)


def nothing_to_buy(catalogue: Catalogue, profile: Profile) -> dict[str, str]:
    """Measures whose units the profile counts as 0 (no dark spots, no farms) -> that unit.

    There is nothing to buy, and a requirement they would meet is met already.
    """
    out: dict[str, str] = {}
    for mid, m in sorted(catalogue.measures.items()):
        if m.cost.per is Per.area or profile.area.kind not in m.areas:
            continue
        count, _ = area_quantity(profile, m.cost.per)
        if count == 0:
            out[mid] = str(m.cost.per)
    return out


def nothing_to_buy_reasons(nothing: Mapping[str, str], profile: Profile) -> dict[str, Text]:
    """Why each measure of :func:`nothing_to_buy` has nothing to buy, in both languages."""
    out: dict[str, Text] = {}
    for mid, unit in nothing.items():
        key = "out.nothing_to_buy"
        if unit == str(Per.dark_spot) and profile.area.dark_spots is None:
            key = "out.no_lighting_finding"
        out[mid] = sentence(key, unit=unit)
    return out


def _upgrade_share(measure: Measure, profile: Profile) -> tuple[float, str | None]:
    """The share of a measure's units that pay its upgrade's one-off, and the presuming
    problem when the share comes from a finding rather than a count."""
    up = measure.cost.upgrade
    if up is None:
        return 0.0, None
    count: int | None = getattr(profile.area, up.units.value)
    if count is not None:
        return min(1.0, count / profile.area.businesses), None
    found = sorted({p.type for p in profile.problems} & set(up.presumed_by))
    return (1.0, found[0]) if found else (0.0, None)


def _mixed(
    share: float, cheap: float | None, dear: float | None, up: Figure, full: Figure
) -> float:
    """``share`` of the upgrade's value and the rest of the full one (a missing end: the amount)."""
    cheap_value = up.amount if cheap is None else cheap
    dear_value = full.amount if dear is None else dear
    return share * cheap_value + (1.0 - share) * dear_value


def one_off_figure(measure: Measure, profile: Profile) -> Figure | None:
    """The one-off figure a unit pays, with its range: the upgrade's and the full one mixed by
    the share that pays the upgrade (the measure's own figure when none does)."""
    cost = measure.cost
    share, _ = _upgrade_share(measure, profile)
    if cost.upgrade is None or cost.one_off is None or share == 0.0:
        return cost.one_off
    up, full = cost.upgrade.one_off, cost.one_off
    return Figure(
        amount=_mixed(share, up.amount, full.amount, up, full),
        low=_mixed(share, up.low, full.low, up, full),
        high=_mixed(share, up.high, full.high, up, full),
        source=tuple(dict.fromkeys((*up.source, *full.source))),
        estimate=True,
    )


def one_off_per_unit(
    measure: Measure, profile: Profile, assumptions: dict[str, Text], catalogue: Catalogue
) -> float:
    """A unit's one-off cost; an upgrade share is explained in ``assumptions``.

    Where the profile counts the businesses that already have the base (``cost.upgrade``), those
    pay the upgrade's one-off and the rest the full one; the participants are taken to be a
    cross-section of the area, so the mix holds for them too. Without a count, a problem of
    ``upgrade.presumed_by`` presumes the base at every unit.
    """
    cost = measure.cost
    full = cost.one_off.amount if cost.one_off else 0.0
    up = cost.upgrade
    share, problem = _upgrade_share(measure, profile)
    if up is None or cost.one_off is None or share == 0.0:
        return full
    if problem is not None:
        assumptions[f"upgrade.{measure.id}"] = sentence(
            "assume.upgrade_presumed",
            measure=measure.name,
            problem=catalogue.problems[problem].name,
            units=up.units.value,
            upgrade=up.name,
            cheap=euros(up.one_off.amount),
            yearly=euros(cost.yearly.amount if cost.yearly else 0.0),
        )
    else:
        assumptions[f"upgrade.{measure.id}"] = sentence(
            "assume.upgrade",
            measure=measure.name,
            n=numbers(getattr(profile.area, up.units.value)),
            businesses=numbers(profile.area.businesses),
            upgrade=up.name,
            cheap=euros(up.one_off.amount),
            full=euros(full),
        )
    return _mixed(share, up.one_off.amount, full, up.one_off, cost.one_off)
