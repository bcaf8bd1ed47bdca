"""From raw safety-analysis data to a profile: police figures, the survey, the walk-through.

``analyse(Sources(...), catalogue)`` reads the area file and any of the three sources, applies
the documented rules (``severity``, docs/analysis.md) and returns an :class:`Analysis`: the
profile as plain data and a trace of how every value was reached. ``profile_text`` writes it
as commented YAML (validated by the profile loader); ``explain_text`` prints the trace.
"""

from __future__ import annotations

from .build import Analysis, Sources, analyse, load_area
from .model import (
    AreaFile,
    CrimeMapFile,
    Derivation,
    SurveyMapFile,
    Trace,
    WalkthroughFile,
)
from .police import DEFAULT_CRIME_MAP
from .render import explain_text, profile_text

__all__ = [
    "DEFAULT_CRIME_MAP",
    "Analysis",
    "AreaFile",
    "CrimeMapFile",
    "Derivation",
    "Sources",
    "SurveyMapFile",
    "Trace",
    "WalkthroughFile",
    "analyse",
    "explain_text",
    "load_area",
    "profile_text",
]
