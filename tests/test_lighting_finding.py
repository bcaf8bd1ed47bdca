"""Lighting only where the analysis found a lighting problem, also as a camera's prerequisite.

Cameras need good lighting (S29); the domain's rule is "poor lighting resolved, or lighting in
the same package". Without a lighting finding (no `poor_lighting`, no `area.dark_spots`) there
is nothing to light, and the requirement counts as met: an absent finding is no finding, as for
rear alleys. Before, a camera pulled in street lighting for 0.5 assumed dark spots a hectare.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from kvo_rules import Engine
from kvo_rules.advice.quantities import area_quantity, lighting_finding
from kvo_rules.advice.results import Recommendation
from kvo_rules.core.model import Per
from kvo_rules.core.profile import parse_profile

PARK = """
area: {{name: Bouwpark, kind: business_park, businesses: 45, hectares: 30, entrances: 3{spots}}}
problems:
  - {{type: yard_theft, severity: 4, incidents_per_year: 32, trend: rising, times: [night]}}
  - {{type: burglary_business, severity: 3, incidents_per_year: 10, times: [night]}}
{lighting}budget: {{one_off: 90000, yearly: 40000}}
"""
POOR = "  - {type: poor_lighting, severity: 3, times: [night]}\n"
LIGHTS = {"street_lighting", "smart_lighting"}


@pytest.fixture
def advise(engine: Engine, write: Callable[[str, str], Path]) -> Callable[..., Recommendation]:
    def _advise(spots: str = "", lighting: str = "") -> Recommendation:
        path = write("park.yaml", PARK.format(spots=spots, lighting=lighting))
        return engine.recommend(engine.load_profile(path))

    return _advise


def test_without_a_lighting_finding_no_camera_pulls_in_lamps(
    advise: Callable[..., Recommendation],
) -> None:
    rec = advise()
    ids = {c.id for c in rec.candidates}
    assert "cctv_collective_participants" in ids  # the cameras are still a candidate
    assert not LIGHTS & ids
    assert not LIGHTS & {m.id for m in rec.recommended.measures}
    camera = next(c for c in rec.candidates if c.id == "cctv_collective_participants")
    assert not any(LIGHTS & set(group) for group in camera.requires)  # met: nothing to light


@pytest.mark.parametrize(
    ("spots", "lighting", "quantity"), [("", POOR, 15.0), (", dark_spots: 12", "", 12.0)]
)
def test_a_lighting_finding_brings_the_lamps_back(
    advise: Callable[..., Recommendation], spots: str, lighting: str, quantity: float
) -> None:
    """poor_lighting without a count: 0.5 a hectare assumed (15 on 30 ha); a count: the count."""
    rec = advise(spots, lighting)
    lamp = next(c for c in rec.candidates if c.id == "street_lighting")
    assert lamp.quantity == quantity


def test_the_finding_itself(engine: Engine) -> None:
    area = {"name": "X", "kind": "business_park", "businesses": 10, "hectares": 8}
    burglary = [{"type": "burglary_business", "severity": 3}]
    poor_lighting = [{"type": "poor_lighting", "severity": 3}]
    none = parse_profile({"area": area, "problems": burglary}, engine.catalogue)
    poor = parse_profile({"area": area, "problems": poor_lighting}, engine.catalogue)
    zero = parse_profile(
        {"area": {**area, "dark_spots": 0}, "problems": poor_lighting}, engine.catalogue
    )
    assert [lighting_finding(p) for p in (none, poor, zero)] == [False, True, False]
    assert area_quantity(none, Per.dark_spot) == (0.0, None)
    assert area_quantity(poor, Per.dark_spot)[0] == 4.0
