"""The rule language: what authors may write, and the errors they get when they slip."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from kvo_rules import KvoError, load_catalogue, load_rulebase
from kvo_rules.core.catalogue import Catalogue
from kvo_rules.core.profile_model import Profile
from kvo_rules.rules.reference import fired_rules

MINI = Path(__file__).parent / "data" / "mini"

RULE = """
rules:
  - id: dark_burglary
    description: {nl: Inbraak in het donker, en: Burglary in the dark}
    when:
      - problem: burglary_business
        severity: {min: 3}
      - problem: poor_lighting
    then:
      - propose: street_lighting
        weight: 2
"""


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue(MINI / "measures")


def rule_errors(path: Path, catalogue: Catalogue) -> list[tuple[int, int, str]]:
    with pytest.raises(KvoError) as info:
        load_rulebase(path, catalogue, collect_errors=True)
    return [(d.location.line, d.location.column, d.message) for d in info.value.diagnostics]


def test_the_mini_rule_base_loads(catalogue: Catalogue) -> None:
    rb = load_rulebase(MINI / "rulesets", catalogue)
    assert [r.id for r in rb.rules] == ["dark_burglary", "no_cams_small", "unlit_cams"]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ("propose: street_lighting", "propose: street_lightning"),
            (9, 18, "unknown measure 'street_lightning' (did you mean 'street_lighting'?)"),
        ),
        (
            ("problem: poor_lighting", "problem: poor_lightning"),
            (7, 18, "unknown problem type 'poor_lightning' (did you mean 'poor_lighting'?)"),
        ),
        (
            ("- problem: poor_lighting", "- problme: poor_lighting"),
            (
                7,
                9,
                "unknown condition 'problme' (did you mean 'problem'?); expected one of: "
                "problem, area, in_place, budget, all, any, not",
            ),
        ),
        (
            ("- propose: street_lighting", "- propse: street_lighting"),
            (
                9,
                9,
                "unknown action 'propse' (did you mean 'propose'?); expected one of: "
                "propose, require, exclude, adjust",
            ),
        ),
        (
            ("severity: {min: 3}", "severity: {min: 4, max: 2}"),
            (6, 19, "'severity': 'min' is above 'max': this can never hold"),
        ),
        (
            ("severity: {min: 3}", "severty: {min: 3}"),
            (6, 9, "unknown key 'severty' (did you mean 'severity'?)"),
        ),
        (
            ("weight: 2", "weight: -1"),
            (10, 17, "'weight': input should be greater than 0 (got -1)"),
        ),
        (
            ("id: dark_burglary", "id: Dark Burglary"),
            (
                2,
                9,
                "'id': 'Dark Burglary' is not a valid id: use lower case letters, digits and "
                "single '_' between them, starting with a letter",
            ),
        ),
    ],
    ids=[
        "unknown-measure",
        "unknown-problem",
        "unknown-condition",
        "unknown-action",
        "empty-range",
        "misspelt-key",
        "negative-weight",
        "bad-id",
    ],
)
def test_rule_errors_are_located_with_a_suggestion(
    write: Callable[[str, str], Path],
    catalogue: Catalogue,
    change: tuple[str, str],
    expected: tuple[int, int, str],
) -> None:
    path = write("r.yaml", RULE.replace(*change))
    assert rule_errors(path, catalogue) == [expected]


def test_duplicate_rule_ids_across_files_are_refused(
    write: Callable[[str, str], Path], catalogue: Catalogue
) -> None:
    a = write("rules/a.yaml", RULE)
    write("rules/b.yaml", RULE)
    found = rule_errors(a.parent, catalogue)
    assert len(found) == 1 and "rule id 'dark_burglary' is already used at" in found[0][2]
    assert found[0][:2] == (2, 9)


def test_aliases_resolve_to_canonical_ids(
    write: Callable[[str, str], Path], tmp_path: Path
) -> None:
    measures = tmp_path / "m"
    measures.mkdir()
    for f in (MINI / "measures").iterdir():
        text = f.read_text().replace(
            "  - id: street_lighting\n", "  - id: street_lighting\n    aliases: [lamps]\n"
        )
        (measures / f.name).write_text(text)
    cat = load_catalogue(measures)
    rb = load_rulebase(
        write("r.yaml", RULE.replace("propose: street_lighting", "propose: lamps")), cat
    )
    assert rb.rules[0].then[0].propose == "street_lighting"  # type: ignore[union-attr]


def test_python_is_never_executed(write: Callable[[str, str], Path], catalogue: Catalogue) -> None:
    bad = RULE.replace("severity: {min: 3}", "severity: {min: '__import__(\"os\")'}")
    ((_, _, msg),) = rule_errors(write("r.yaml", bad), catalogue)
    assert "a whole number" in msg


def profile(**kw: object) -> Profile:
    data: dict[str, object] = {
        "area": {"name": "x", "kind": "business_park", "businesses": 50},
        "problems": [{"type": "burglary_business", "severity": 4}],
    }
    data.update(kw)
    return Profile.model_validate(data)


def test_semantics_of_not_and_unknown_values(
    write: Callable[[str, str], Path], catalogue: Catalogue
) -> None:
    text = """
    rules:
      - id: few_entrances
        description: {nl: x, en: x}
        when: [{area: {entrances: {max: 3}}}]
        then: [{propose: cctv}]
      - id: not_few_entrances
        description: {nl: x, en: x}
        when: [{not: {area: {entrances: {max: 3}}}}]
        then: [{propose: cctv}]
      - id: no_lighting_problem
        description: {nl: x, en: x}
        when: [{not: {problem: poor_lighting}}]
        then: [{propose: street_lighting}]
      - id: always
        description: {nl: x, en: x}
        then: [{propose: street_lighting}]
    """
    rb = load_rulebase(write("r.yaml", text), catalogue)
    # entrances unknown: a bound on it is not met, so its negation is
    assert fired_rules(rb, profile()) == ["always", "no_lighting_problem", "not_few_entrances"]
    with_area = profile(
        area={"name": "x", "kind": "business_park", "businesses": 5, "entrances": 2}
    )
    assert fired_rules(rb, with_area) == ["always", "few_entrances", "no_lighting_problem"]


def test_review_found_double_underscore_ids_are_refused(
    write: Callable[[str, str], Path], catalogue: Catalogue
) -> None:
    """Found in review: '__' in an id collided with the compiler's fact-field separator."""
    found = rule_errors(
        write("r.yaml", RULE.replace("id: dark_burglary", "id: dark__burglary")), catalogue
    )
    assert len(found) == 1 and "is not a valid id" in found[0][2]
