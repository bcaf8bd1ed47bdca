"""explain with samples: how often a measure is best, and what drives the robust package."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from kvo_rules import Engine
from kvo_rules.advice.explain import uncertainty_notes
from kvo_rules.advice.outputs import ExplainOutput
from kvo_rules.cli import main

from .conftest import EXAMPLES

DARK = EXAMPLES / "business_park_dark.yaml"
"""With a one-off budget of 320,000 the robust package differs from the recommended one
(100 samples, seed 1; it moves with the model: search the budgets again when it changes)."""
BUDGET = 320000.0


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine()


@pytest.fixture(scope="module")
def differing(engine: Engine):  # type: ignore[no-untyped-def]
    rec = engine.recommend(engine.load_profile(DARK), budget_one_off=BUDGET, samples=100)
    assert rec.uncertainty is not None and not rec.uncertainty.robust_is_recommended
    return rec


def test_a_measure_only_the_robust_package_takes_names_the_driving_effect(differing) -> None:  # type: ignore[no-untyped-def]
    u = differing.uncertainty
    chosen = {m.id for m in differing.recommended.measures}
    robust = {m.id for m in u.robust.measures}
    assert u.driver is not None
    for mid in sorted(chosen ^ robust):
        notes = uncertainty_notes(mid, differing)
        en = [n.en for n in notes]
        nl = [n.nl for n in notes]
        assert en[0].startswith("Under uncertainty: in ") and "samples" in en[0]
        assert ("includes this measure" in en[1]) == (mid in robust)
        assert ("leaves this measure out" in en[1]) == (mid in chosen)
        assert en[2] == u.driver.text.en and nl[2] == u.driver.text.nl
        assert "effect of" in en[2] and "valt dat" in nl[2]
    same = sorted(chosen & robust)[0]
    assert len(uncertainty_notes(same, differing)) == 1  # only its share


def test_without_samples_there_are_no_notes(engine: Engine) -> None:
    rec = engine.recommend(engine.load_profile(DARK), budget_one_off=BUDGET)
    assert all(uncertainty_notes(c.id, rec) == () for c in rec.candidates)
    items = engine.explain(engine.load_profile(DARK), lang="en")
    assert all(i.uncertainty == () for i in items)


def test_no_single_driver_is_said_in_words(differing) -> None:  # type: ignore[no-untyped-def]
    u = differing.uncertainty.model_copy(update={"driver": None})
    rec = differing.model_copy(update={"uncertainty": u})
    robust = {m.id for m in u.robust.measures}
    mid = sorted(robust - {m.id for m in rec.recommended.measures})[0]
    assert "No single uncertain effect" in uncertainty_notes(mid, rec)[-1].en


def test_explain_command_shows_the_driver_in_both_languages(differing) -> None:  # type: ignore[no-untyped-def]
    robust = {m.id for m in differing.uncertainty.robust.measures}
    mid = sorted(robust - {m.id for m in differing.recommended.measures})[0]
    args = ["explain", str(DARK), mid, "--budget-one-off", str(int(BUDGET)), "--samples", "100"]
    en = CliRunner().invoke(main, [*args, "--lang", "en"])
    assert en.exit_code == 0, en.output
    assert "≈ The robust package" in en.output and "comes mostly from the effect" in en.output
    js = CliRunner().invoke(main, [*args, "--lang", "nl", "--format", "json"])  # Dutch here
    item = ExplainOutput.model_validate_json(js.output).root[0]
    assert item.uncertainty is not None and len(item.uncertainty) == 3
    assert "komt vooral van het effect" in item.uncertainty[2]
    plain = CliRunner().invoke(main, ["explain", str(DARK), mid, "--format", "json"])
    assert '"uncertainty"' not in plain.output
