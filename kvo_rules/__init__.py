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
    from .catalogue import Catalogue, load_catalogue
    from .engine import Engine
    from .errors import Diagnostic, KvoError, Location
    from .model import Budget, Measure, ProblemType, Profile, ProfileArea, ProfileProblem, Text
    from .profile import load_profile, parse_profile
    from .results import CandidateMeasure, Package, PackageMeasure, Recommendation, RuleEvaluation
    from .rules.base import RuleBase, load_rulebase
    from .validate import ValidationReport, validate_paths

_HOMES = {
    "Catalogue": "catalogue",
    "load_catalogue": "catalogue",
    "Engine": "engine",
    "Diagnostic": "errors",
    "KvoError": "errors",
    "Location": "errors",
    "Budget": "model",
    "Measure": "model",
    "ProblemType": "model",
    "Profile": "model",
    "ProfileArea": "model",
    "ProfileProblem": "model",
    "Text": "model",
    "load_profile": "profile",
    "parse_profile": "profile",
    "CandidateMeasure": "results",
    "RuleEvaluation": "results",
    "Package": "results",
    "PackageMeasure": "results",
    "Recommendation": "results",
    "RuleBase": "rules.base",
    "load_rulebase": "rules.base",
    "ValidationReport": "validate",
    "validate_paths": "validate",
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
