"""An effect from another setting counts one grade lower (``transferred: true``).

Guard patrols at English train stations (E13) read for a business park at night, car-park CCTV
(E6) for streets, domestic-burglary evidence for business premises: the source is sound for its
own setting, but whether the effect carries over is an extra uncertainty, so the calculation
uses the next lower grade's factor and spread (docs/model.md).
"""

from __future__ import annotations

import pytest

from kvo_rules import Engine
from kvo_rules.advice.candidates import GRADE_FACTOR, effect_factor
from kvo_rules.advice.results import RuleEvaluation
from kvo_rules.advice.sampling import spread
from kvo_rules.core.model import Effect, Grade
from kvo_rules.documents.render import Format, describe_measure


@pytest.mark.parametrize(
    ("grade", "counted"),
    [
        (Grade.strong, Grade.moderate),
        (Grade.moderate, Grade.weak),
        (Grade.weak, Grade.practice),
        (Grade.practice, Grade.practice),
    ],
)
def test_one_grade_lower(grade: Grade, counted: Grade) -> None:
    same = Effect(problem="burglary_business", reduction=0.2, grade=grade, estimate=True)
    moved = Effect(
        problem="burglary_business", reduction=0.2, grade=grade, estimate=True, transferred=True
    )
    assert same.counted_grade is grade
    assert moved.counted_grade is counted


def test_the_patrol_counts_as_weak_evidence_on_a_business_park(engine: Engine) -> None:
    patrol = engine.catalogue.measures["collective_patrol"]
    burglary = next(e for e in patrol.effects if e.problem == "burglary_business")
    assert burglary.grade is Grade.moderate and burglary.transferred
    nothing = RuleEvaluation(
        fired_rules=(), proposals=(), requirements=(), exclusions=(), adjustments=()
    )
    assert effect_factor(patrol, burglary, nothing) == GRADE_FACTOR[Grade.weak]
    assert spread(burglary.counted_grade, burglary.estimate) == spread(Grade.weak, False)


def test_every_effect_the_catalogue_calls_transferred_is_marked(engine: Engine) -> None:
    """A note that says the evidence was transferred and a figure that does not count it so
    would contradict each other."""
    unmarked = [
        f"{m.id}/{e.problem}"
        for m in engine.catalogue.measures.values()
        for e in m.effects
        if e.note and "transferred" in e.note and not e.transferred
    ]
    assert unmarked == []


def test_the_measure_sheet_shows_both_grades(engine: Engine) -> None:
    sheet = describe_measure(engine.catalogue.measures["collective_patrol"], "en", Format.table)
    assert "moderate (other setting, counts as weak)" in sheet
    blad = describe_measure(engine.catalogue.measures["collective_patrol"], "nl", Format.table)
    assert "redelijk (andere setting, telt als zwak)" in blad
