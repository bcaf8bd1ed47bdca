"""kvo-rules: from a KVO safety analysis to ranked, cost-aware measure packages.

The public API::

    from kvo_rules import Engine
    engine = Engine()                        # bundled rulesets/ and measures/, compiled once
    profile = engine.load_profile("area.yaml")
    rec = engine.recommend(profile)          # a Recommendation (pydantic; .model_dump_json())

Everything not named in ``__all__`` may change without notice.
"""

from __future__ import annotations

__version__ = "0.1.0"

from .catalogue import Catalogue, load_catalogue
from .engine import Engine
from .errors import Diagnostic, KvoError, Location
from .model import Budget, Measure, ProblemType, Profile, ProfileArea, ProfileProblem, Text
from .profile import load_profile, parse_profile
from .results import (
    CandidateMeasure,
    Evaluation,
    Package,
    PackageMeasure,
    Recommendation,
)
from .rules.base import RuleBase, load_rulebase
from .validate import ValidationReport, validate_paths

__all__ = [
    "Budget",
    "CandidateMeasure",
    "Catalogue",
    "Diagnostic",
    "Engine",
    "Evaluation",
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
    "Text",
    "ValidationReport",
    "__version__",
    "load_catalogue",
    "load_profile",
    "load_rulebase",
    "parse_profile",
    "validate_paths",
]
