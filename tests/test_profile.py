"""The profile format: a public contract with errors at the exact line and column."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from kvo_rules import KvoError, load_catalogue, load_profile, parse_profile
from kvo_rules.core.catalogue import Catalogue

MINI = Path(__file__).parent / "data" / "mini"

GOOD = """
area:
  name: De Hoek
  kind: business_park
  businesses: 120
problems:
  - type: burglary_business
    severity: 4
"""


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue(MINI / "measures")


def errors(path: Path, catalogue: Catalogue) -> list[tuple[int, int, str]]:
    with pytest.raises(KvoError) as info:
        load_profile(path, catalogue)
    return [(d.location.line, d.location.column, d.message) for d in info.value.diagnostics]


def test_a_minimal_profile_loads_with_defaults(
    write: Callable[[str, str], Path], catalogue: Catalogue
) -> None:
    profile = load_profile(write("p.yaml", GOOD), catalogue)
    assert profile.horizon_years == 3
    assert profile.budget is None
    assert profile.problems[0].severity == 4


@pytest.mark.parametrize(
    ("change", "line", "col", "needle"),
    [
        (("severity: 4", "severity: 7"), 7, 15, "less than or equal to 5"),
        (("severity: 4", "severity: high"), 7, 15, "a whole number"),
        (("severity: 4", "severity: yes"), 7, 15, "a whole number"),
        (
            ("burglary_business", "burglary_busines"),
            6,
            11,
            "unknown problem type 'burglary_busines' (did you mean 'burglary_business'?)",
        ),
        (("kind: business_park", "kind: business_parc"), 3, 9, "did you mean 'business_park'?"),
        (
            ("businesses: 120", "businesses: 120\n  entrance: 3"),
            5,
            3,
            "unknown key 'entrance' (did you mean 'entrances'?)",
        ),
        (("name: De Hoek", "name: no"), 2, 9, "write it in quotes ('no')"),
        (("businesses: 120", "businesses: -5"), 4, 15, "greater than or equal to 1"),
    ],
    ids=[
        "severity-7",
        "severity-text",
        "severity-bool",
        "unknown-problem",
        "unknown-kind",
        "unknown-key",
        "no-as-name",
        "negative-businesses",
    ],
)
def test_profile_errors_point_at_the_value(
    write: Callable[[str, str], Path],
    catalogue: Catalogue,
    change: tuple[str, str],
    line: int,
    col: int,
    needle: str,
) -> None:
    path = write("p.yaml", GOOD.replace(*change))
    found = errors(path, catalogue)
    assert any(needle in msg for _, _, msg in found), found
    assert (line, col) in [(ln, c) for ln, c, msg in found if needle in msg], found


def test_negative_budget_is_refused(
    write: Callable[[str, str], Path], catalogue: Catalogue
) -> None:
    path = write("p.yaml", GOOD + "budget:\n  one_off: -100\n")
    assert errors(path, catalogue) == [
        (9, 12, "'one_off': input should be greater than or equal to 0 (got -100)")
    ]


def test_missing_key_is_reported_on_its_parent(
    write: Callable[[str, str], Path], catalogue: Catalogue
) -> None:
    path = write("p.yaml", GOOD.replace("  businesses: 120\n", ""))
    assert errors(path, catalogue) == [(2, 3, "missing key 'businesses'")]


def test_a_problem_type_listed_twice_is_refused(
    write: Callable[[str, str], Path], catalogue: Catalogue
) -> None:
    path = write("p.yaml", GOOD + "  - type: burglary_business\n    severity: 2\n")
    ((line, _, msg),) = errors(path, catalogue)
    assert line == 8 and "listed twice" in msg


def test_unknown_existing_measure_gets_a_suggestion(
    write: Callable[[str, str], Path], catalogue: Catalogue
) -> None:
    path = write("p.yaml", GOOD + "existing_measures: [street_lightning]\n")
    assert errors(path, catalogue) == [
        (8, 21, "unknown measure 'street_lightning' (did you mean 'street_lighting'?)")
    ]


def test_every_problem_is_reported_not_just_the_first(
    write: Callable[[str, str], Path], catalogue: Catalogue
) -> None:
    text = GOOD.replace("severity: 4", "severity: 9").replace("kind: business_park", "kind: x")
    assert len(errors(write("p.yaml", text), catalogue)) == 2


def test_nan_and_infinity_are_refused(
    write: Callable[[str, str], Path], catalogue: Catalogue
) -> None:
    for bad in (".nan", ".inf"):
        path = write("p.yaml", GOOD + f"budget:\n  yearly: {bad}\n")
        ((_, _, msg),) = errors(path, catalogue)
        assert "finite number" in msg


def test_profiles_from_plain_data_name_the_path(catalogue: Catalogue) -> None:
    data = {
        "area": {"name": "X", "kind": "shopping_area", "businesses": 10},
        "problems": [{"type": "burglary_business", "severity": 0}],
    }
    with pytest.raises(KvoError) as info:
        parse_profile(data, catalogue, source="api")
    assert str(info.value).startswith("api:problems.0.severity: ")


def test_json_profiles_are_accepted(
    write: Callable[[str, str], Path], catalogue: Catalogue
) -> None:
    path = write(
        "p.json",
        '{"area": {"name": "X", "kind": "shopping_area", "businesses": 10},'
        ' "problems": [{"type": "burglary_business", "severity": 2}]}',
    )
    assert load_profile(path, catalogue).area.kind == "shopping_area"


def test_format_errors_and_unknown_ids_are_reported_together(
    write: Callable[[str, str], Path], catalogue: Catalogue
) -> None:
    text = GOOD.replace("burglary_business", "burglary_busines") + "budget:\n  one_off: -5\n"
    found = errors(write("p.yaml", text), catalogue)
    assert [(line, msg.split(":")[0]) for line, _, msg in found] == [
        (6, "unknown problem type 'burglary_busines' (did you mean 'burglary_business'?)"),
        (9, "'one_off'"),
    ]
