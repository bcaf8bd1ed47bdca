"""Frontier and sweep with bands: each point's benefit and incidents as a range."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kvo_rules import Engine
from kvo_rules.advice import sampling as S
from kvo_rules.advice.bands import PackageSampler, frontier_bands, sweep_bands
from kvo_rules.advice.frontier import frontier_points
from kvo_rules.advice.outputs import FrontierOutput, SweepOutput
from kvo_rules.advice.sweep import sweep
from kvo_rules.cli import main
from kvo_rules.documents.charts import frontier_plot, sweep_chart

from .conftest import EXAMPLES

VILLAGE = EXAMPLES / "shopping_area_village.yaml"
DARK = EXAMPLES / "business_park_dark.yaml"


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine()


def _zero_width(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        S,
        "effect_distribution",
        lambda m, p, point, ev, share: (S.Triangular(point, point, point), "grade"),
    )


def test_zero_width_bands_collapse_to_the_frontier_points(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    _zero_width(monkeypatch)
    profile = engine.load_profile(VILLAGE)
    points = frontier_points(engine, profile)
    bands = frontier_bands(engine, profile, points, samples=20, seed=2)
    assert len(bands.points) == len(points) and bands.percentiles == (10, 50, 90)
    for p, b in zip(points, bands.points, strict=True):
        assert b.benefit.low == b.benefit.median == b.benefit.high == pytest.approx(p.benefit)
        for r in b.incidents.values():
            assert r.low == r.median == r.high


def test_zero_width_sweep_bands_collapse_to_the_packages(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    _zero_width(monkeypatch)
    profile = engine.load_profile(DARK)
    points = sweep(engine, profile, one_off=[0.0, 60000.0, 150000.0])
    bands = sweep_bands(engine, profile, points, samples=15, seed=4)
    for p, b in zip(points, bands.points, strict=True):
        assert b.benefit.median == pytest.approx(p.package.benefit)
        assert {k: r.median for k, r in b.incidents.items()} == p.package.expected_incidents


def test_bands_contain_the_point_and_widen_with_the_evidence(engine: Engine) -> None:
    profile = engine.load_profile(DARK)
    points = sweep(engine, profile, one_off=[0.0, 100000.0])
    bands = sweep_bands(engine, profile, points, samples=200, seed=1)
    for p, b in zip(points, bands.points, strict=True):
        r = b.benefit
        assert r.low < r.median < r.high
        assert r.low <= p.package.benefit <= r.high
        for problem, n in p.package.expected_incidents.items():
            ir = b.incidents[problem]
            assert ir.low <= ir.median <= ir.high
            assert ir.low - 0.5 <= n <= ir.high + 0.5
    # a bigger package cannot do worse in any sample: its whole band lies higher
    assert bands.points[1].benefit.low > bands.points[0].benefit.low


def test_a_package_scored_twice_under_the_same_seed_gets_the_same_band(engine: Engine) -> None:
    profile = engine.load_profile(DARK)
    ids = [m.id for m in engine.recommend(profile).recommended.measures]
    a = PackageSampler(engine, profile, 50, 7).band(ids)
    b = PackageSampler(engine, profile, 50, 7).band(ids)
    c = PackageSampler(engine, profile, 50, 8).band(ids)
    assert a == b and a != c


def test_bands_reject_bad_sample_counts(engine: Engine) -> None:
    with pytest.raises(ValueError, match="samples"):
        PackageSampler(engine, engine.load_profile(DARK), 0, 1)


def test_charts_draw_the_band(engine: Engine) -> None:
    profile = engine.load_profile(DARK)
    points = sweep(engine, profile, one_off=[0.0, 100000.0])
    bands = sweep_bands(engine, profile, points, samples=50, seed=1)
    chart = sweep_chart(points, "en", bands=bands)
    assert "░" in chart and f"({bands.points[0].benefit.low:.2f}-" in chart
    assert "░" not in sweep_chart(points, "en")
    fpoints = frontier_points(engine, engine.load_profile(VILLAGE))
    fbands = frontier_bands(engine, engine.load_profile(VILLAGE), fpoints, samples=30)
    assert "┊" in frontier_plot(fpoints, "en", bands=fbands)
    assert "┊" not in frontier_plot(fpoints, "en")


def _run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_frontier_json_and_csv_carry_the_bands() -> None:
    out = _run("frontier", str(VILLAGE), "--samples", "30", "--seed", "3", "--format", "json")
    assert out == _run(
        "frontier", str(VILLAGE), "--samples", "30", "--seed", "3", "--format", "json"
    )
    points = FrontierOutput.model_validate_json(out).root
    assert all(p.benefit_band is not None for p in points)
    first = json.loads(out)[0]
    assert set(first["benefit_band"]) == {"low", "median", "high"}
    plain = json.loads(_run("frontier", str(VILLAGE), "--format", "json"))[0]
    assert "benefit_band" not in plain
    csv = _run("frontier", str(VILLAGE), "--samples", "20", "--format", "csv", "--lang", "en")
    assert "benefit low (p10)" in csv.splitlines()[0]


def test_sweep_json_table_and_chart_carry_the_bands() -> None:
    args = ["sweep", str(DARK), "--budget-one-off", "0:100000:50000", "--samples", "30"]
    data = SweepOutput.model_validate_json(_run(*args, "--format", "json")).root
    assert len(data) == 3 and all(p.incidents_band for p in data)
    table = _run(*args, "--lang", "en")
    assert "incidents/year after (p10-p90)" in table and "░" in table
