"""Ranked, cost-aware packages of safety measures for one KVO problem profile.

Pure: plain data in, plain data out. See docs/model.md for the model.
"""

from __future__ import annotations

from .choice import packages
from .model import (
    EFFECT_MAX,
    FrozenMap,
    Instance,
    Option,
    PackageSet,
    Solution,
    combined_reduction,
)
from .optimiser import (
    BRUTE_FORCE_MAX_OPTIONS,
    brute_force,
    frontier,
    greedy,
    knee,
    optimise,
    rank_contributions,
)
from .solve import compiled_core, reduction_of

__all__ = [
    "BRUTE_FORCE_MAX_OPTIONS",
    "EFFECT_MAX",
    "FrozenMap",
    "Instance",
    "Option",
    "PackageSet",
    "Solution",
    "brute_force",
    "combined_reduction",
    "compiled_core",
    "frontier",
    "greedy",
    "knee",
    "optimise",
    "packages",
    "rank_contributions",
    "reduction_of",
]
