"""kvo-rules: from a KVO safety analysis to ranked, cost-aware measure packages.

The public API::

    from kvo_rules import Engine
    engine = Engine()                        # bundled rulesets/ and measures/, compiled once
    profile = engine.load_profile("area.yaml")
    rec = engine.recommend(profile)          # a Recommendation (pydantic; .model_dump_json())

Everything not named in ``__all__`` may change without notice. Names load on first use, so
importing the package (and starting the CLI) stays fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:  # the real imports, for type checkers
    from .advice.engine import Engine
    from .advice.results import (
        CandidateMeasure,
        Package,
        PackageMeasure,
        Recommendation,
        RuleEvaluation,
    )
    from .authoring.validate import ValidationReport, validate_paths
    from .core.catalogue import Catalogue, load_catalogue
    from .core.errors import Diagnostic, KvoError, Location
    from .core.model import Measure, ProblemType, Text
    from .core.profile import load_profile, parse_profile
    from .core.profile_model import Budget, Profile, ProfileArea, ProfileProblem
    from .rules.base import RuleBase, load_rulebase

_HOMES = {
    "Catalogue": "core.catalogue",
    "load_catalogue": "core.catalogue",
    "Engine": "advice.engine",
    "Diagnostic": "core.errors",
    "KvoError": "core.errors",
    "Location": "core.errors",
    "Budget": "core.profile_model",
    "Measure": "core.model",
    "ProblemType": "core.model",
    "Profile": "core.profile_model",
    "ProfileArea": "core.profile_model",
    "ProfileProblem": "core.profile_model",
    "Text": "core.model",
    "load_profile": "core.profile",
    "parse_profile": "core.profile",
    "CandidateMeasure": "advice.results",
    "RuleEvaluation": "advice.results",
    "Package": "advice.results",
    "PackageMeasure": "advice.results",
    "Recommendation": "advice.results",
    "RuleBase": "rules.base",
    "load_rulebase": "rules.base",
    "ValidationReport": "authoring.validate",
    "validate_paths": "authoring.validate",
}


def __getattr__(name: str) -> Any:
    """Load a public name on first use."""
    if name in _HOMES:
        value = getattr(importlib.import_module(f"kvo_rules.{_HOMES[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'kvo_rules' has no attribute {name!r}")


__all__ = [
    "Budget",
    "CandidateMeasure",
    "Catalogue",
    "Diagnostic",
    "Engine",
    "KvoError",
    "Location",
    "Measure",
    "Package",
    "PackageMeasure",
    "ProblemType",
    "Profile",
    "ProfileArea",
    "ProfileProblem",
    "Recommendation",
    "RuleBase",
    "RuleEvaluation",
    "Text",
    "ValidationReport",
    "__version__",
    "load_catalogue",
    "load_profile",
    "load_rulebase",
    "parse_profile",
    "validate_paths",
]
