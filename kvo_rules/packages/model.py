"""Plain data types of the package optimiser: options, instances and solutions."""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Literal, TypeVar

__all__ = [
    "EFFECT_MAX",
    "FrozenMap",
    "Instance",
    "Option",
    "PackageSet",
    "Solution",
]

V = TypeVar("V")

EFFECT_MAX = 0.9
"""Largest allowed reduction fraction of one measure on one problem."""


class FrozenMap(Mapping[str, V]):
    """An immutable, hashable mapping with keys kept in sorted order."""

    __slots__ = ("_data", "_hash")

    def __init__(self, items: Mapping[str, V] | None = None) -> None:
        source = {} if items is None else items
        self._data: dict[str, V] = {k: source[k] for k in sorted(source)}
        self._hash: int | None = None

    def __getitem__(self, key: str) -> V:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(tuple(self._data.items()))
        return self._hash

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return self._data == dict(other.items())
        return NotImplemented

    def __repr__(self) -> str:
        return f"FrozenMap({self._data!r})"


def _check_amount(value: float, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{what} must be a number, got {value!r}")
    out = float(value)
    if not math.isfinite(out) or out < 0.0:
        raise ValueError(f"{what} must be a finite number >= 0, got {value!r}")
    return out


def _frozen_effects(effects: Mapping[str, float], owner: str) -> FrozenMap[float]:
    checked: dict[str, float] = {}
    for problem, value in effects.items():
        if not isinstance(problem, str):
            raise TypeError(f"{owner}: problem ids must be strings, got {problem!r}")
        e = _check_amount(value, f"{owner}: effect on {problem!r}")
        if e > EFFECT_MAX:
            raise ValueError(f"{owner}: effect on {problem!r} is {e}, above {EFFECT_MAX}")
        checked[problem] = e
    return FrozenMap(checked)


def _frozen_amounts(amounts: Mapping[str, float], what: str) -> FrozenMap[float]:
    """Named amounts (resource costs or limits): string names, finite values >= 0."""
    raw: object = amounts
    if not isinstance(raw, Mapping):
        raise TypeError(f"{what} must be a mapping of names to amounts, got {amounts!r}")
    checked: dict[str, float] = {}
    for name, value in amounts.items():
        if not isinstance(name, str) or not name:
            raise TypeError(f"{what}: names must be non-empty strings, got {name!r}")
        checked[name] = _check_amount(value, f"{what} {name!r}")
    return FrozenMap(checked)


def _empty_amounts() -> Mapping[str, float]:
    return FrozenMap()


@dataclass(frozen=True)
class Option:
    """One candidate measure, already costed for this area.

    ``resources`` are further named costs (a payer's share, police hours, ...) that
    ``Instance.limits`` may cap; a name the option does not list counts as 0.
    """

    id: str
    one_off: float
    yearly: float
    effects: Mapping[str, float]
    requires: tuple[tuple[str, ...], ...] = ()
    excludes: frozenset[str] = frozenset()
    resources: Mapping[str, float] = field(default_factory=_empty_amounts)

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not self.id:
            raise ValueError(f"option id must be a non-empty string, got {self.id!r}")
        where = f"option {self.id!r}"
        object.__setattr__(self, "one_off", _check_amount(self.one_off, f"{where}: one_off"))
        object.__setattr__(self, "yearly", _check_amount(self.yearly, f"{where}: yearly"))
        object.__setattr__(self, "effects", _frozen_effects(self.effects, where))
        raw_requires: object = self.requires
        if isinstance(raw_requires, str):
            raise TypeError(f"{where}: requires must be a sequence of id groups")
        groups = tuple(tuple(group) for group in self.requires)
        for group in groups:
            raw_group: object = group
            if isinstance(raw_group, str) or not all(isinstance(x, str) for x in group):
                raise TypeError(f"{where}: each requires group must be a tuple of ids")
        object.__setattr__(self, "requires", groups)
        raw_excludes: object = self.excludes
        if isinstance(raw_excludes, str):
            raise TypeError(f"{where}: excludes must be a set of ids")
        object.__setattr__(self, "excludes", frozenset(self.excludes))
        object.__setattr__(self, "resources", _frozen_amounts(self.resources, f"{where}: resource"))


def _empty_in_place() -> Mapping[str, Mapping[str, float]]:
    return FrozenMap()


@dataclass(frozen=True)
class Instance:
    """One optimisation problem: candidate options, problem weights, budgets and limits.

    ``limits`` caps named resources: the options' ``resources`` summed over a package may
    not exceed the limit of that name (plus 1e-9). A resource without a limit is free.
    """

    options: tuple[Option, ...]
    weights: Mapping[str, float]
    in_place: Mapping[str, Mapping[str, float]] = field(default_factory=_empty_in_place)
    budget_one_off: float | None = None
    budget_yearly: float | None = None
    horizon_years: int = 3
    limits: Mapping[str, float] = field(default_factory=_empty_amounts)

    def __post_init__(self) -> None:
        options = tuple(self.options)
        seen: set[str] = set()
        for option in options:
            if not isinstance(option, Option):
                raise TypeError(f"options must be Option objects, got {option!r}")
            if option.id in seen:
                raise ValueError(f"duplicate option id {option.id!r}")
            seen.add(option.id)
        object.__setattr__(self, "options", options)
        weights = {p: _check_amount(w, f"weight of {p!r}") for p, w in self.weights.items()}
        object.__setattr__(self, "weights", FrozenMap(weights))
        in_place = {
            m: _frozen_effects(eff, f"in-place measure {m!r}") for m, eff in self.in_place.items()
        }
        object.__setattr__(self, "in_place", FrozenMap(in_place))
        for name in ("budget_one_off", "budget_yearly"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, _check_amount(value, name))
        years = self.horizon_years
        if isinstance(years, bool) or not isinstance(years, int) or years < 0:
            raise ValueError(f"horizon_years must be an int >= 0, got {years!r}")
        object.__setattr__(self, "limits", _frozen_amounts(self.limits, "limit"))


@dataclass(frozen=True)
class Solution:
    """A package of options with its benefit, costs and proof status.

    ``resources`` holds, for every resource name any option of the instance lists, the
    amount the package uses (summed over its options in id order), by name.
    """

    ids: tuple[str, ...]
    benefit: float
    added_benefit: float
    baseline: float
    one_off: float
    yearly: float
    horizon_cost: float
    reduction: Mapping[str, float]
    optimal: bool
    gap: float
    upper_bound: float
    nodes: int
    resources: Mapping[str, float] = field(default_factory=_empty_amounts)


@dataclass(frozen=True)
class PackageSet:
    """The packages offered for one instance: recommended, basic, ambitious, frontier."""

    recommended: Solution
    recommended_reason: Literal["knee", "budget"]
    basic: Solution
    ambitious: Solution | None
    frontier: tuple[Solution, ...]
    frontier_complete: bool


def combined_reduction(
    effects: Iterable[Mapping[str, float]], problems: Iterable[str]
) -> dict[str, float]:
    """Per problem, 1 - prod(1 - e) over the given measures' effects (diminishing returns).

    The one place the formula is written out; the search keeps survival products of its own,
    updated a measure at a time (_compiled, _search, rank_contributions), for speed."""
    maps = list(effects)
    out = {}
    for p in problems:
        survive = 1.0
        for eff in maps:
            survive *= 1.0 - eff.get(p, 0.0)
        out[p] = 1.0 - survive
    return out
