"""Input traps of hand-written YAML: Dutch thousands dots, numbers in quotes, YAML 1.1 booleans
and pydantic's type names. Each is an error at the value's ``file:line:col`` in plain words."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from kvo_rules import KvoError, load_catalogue, load_profile, load_rulebase
from kvo_rules.cli import main
from kvo_rules.core.catalogue import Catalogue
from kvo_rules.core.input_traps import is_amount_field, quoted_number_advice

MINI = Path(__file__).parent / "data" / "mini"

PROFILE = """
area:
  name: De Hoek
  kind: business_park
  businesses: 120
  hectares: 4.5
problems:
  - type: burglary_business
    severity: 4
    incidents_per_year: 12
    times: [night]
existing_measures: [street_lighting]
budget:
  one_off: 25000
  yearly: 5000
"""

PYDANTIC_WORDS = re.compile(
    r"valid (tuple|list|integer|dict|dictionary|string|boolean)|_parsing|_type\b|Input should"
)


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue(MINI / "measures")


def profile_errors(
    write: Callable[[str, str], Path], catalogue: Catalogue, old: str, new: str
) -> list[tuple[int, int, str]]:
    text = PROFILE.replace(old, new)
    assert text != PROFILE, old
    with pytest.raises(KvoError) as info:
        load_profile(write("p.yaml", text), catalogue)
    found = [(d.location.line, d.location.column, d.message) for d in info.value.diagnostics]
    for _, _, message in found:
        assert not PYDANTIC_WORDS.search(message), message
    return found


@pytest.mark.parametrize(
    ("old", "new", "line", "col", "needle"),
    [
        ("one_off: 25000", "one_off: 25.000", 13, 12, "write 25000 without the thousands dot"),
        ("yearly: 5000", "yearly: 5.000", 14, 11, "'yearly': 5.000 is read as 5"),
        ("businesses: 120", "businesses: 1.200", 4, 15, "write 1200"),
        ("hectares: 4.5", "hectares: 4.500", 5, 13, "write 4500"),
        ("incidents_per_year: 12", "incidents_per_year: 1.200", 9, 25, "write 1200"),
        (
            "budget:\n  one_off: 25000\n  yearly: 5000",
            "budget:\n  businesses: {one_off: 1.500, yearly: 250}",
            13,
            25,
            "'one_off': 1.500 is read as 1.5",
        ),
        (
            "budget:\n  one_off: 25000\n  yearly: 5000",
            "budget:\n  police: {hours_per_year: 1.000}",
            13,
            28,
            "write 1000",
        ),
    ],
    ids=["one-off", "yearly", "businesses", "hectares", "incidents", "per-payer", "hours"],
)
def test_a_thousands_dot_in_an_amount_is_an_error_that_says_how_to_write_it(
    write: Callable[[str, str], Path],
    catalogue: Catalogue,
    old: str,
    new: str,
    line: int,
    col: int,
    needle: str,
) -> None:
    found = profile_errors(write, catalogue, old, new)
    assert len(found) == 1, found
    assert found[0][:2] == (line, col)
    assert needle in found[0][2]


def test_an_area_with_three_real_decimals_is_written_with_a_fourth(
    write: Callable[[str, str], Path], catalogue: Catalogue
) -> None:
    (found,) = profile_errors(write, catalogue, "hectares: 4.5", "hectares: 1.125")
    assert "write 1125 without the thousands dot, or 1.1250 if 1.125 is meant" in found[2]
    text = PROFILE.replace("hectares: 4.5", "hectares: 1.1250")
    assert load_profile(write("p.yaml", text), catalogue).area.hectares == 1.125


def test_three_decimals_in_a_share_or_with_a_leading_zero_are_just_numbers(
    write: Callable[[str, str], Path], catalogue: Catalogue
) -> None:
    text = PROFILE.replace("hectares: 4.5", "hectares: 0.125") + "participation: 0.125\n"
    profile = load_profile(write("p.yaml", text), catalogue)
    assert profile.area.hectares == 0.125


@pytest.mark.parametrize(
    ("new", "needle"),
    [
        ('one_off: "25.000"', "write 25000 (no quotes"),
        ("one_off: '25.000,50'", "write 25000.5 (no quotes"),
        ('one_off: "€ 25.000"', "'€ 25.000' is text with a euro sign and separators"),
        ('one_off: "25 000"', "write 25000 (no quotes"),
        ('one_off: "€25000"', "write 25000 (no quotes)"),
        ('one_off: "25000"', "'25000' is in quotes, so it is text: write it without quotes"),
    ],
    ids=["dots", "dutch-decimals", "euro-sign", "spaces", "euro-only", "plain-quoted"],
)
def test_a_quoted_number_gets_advice_not_the_exponent_hint(
    write: Callable[[str, str], Path], catalogue: Catalogue, new: str, needle: str
) -> None:
    found = profile_errors(write, catalogue, "one_off: 25000", new)
    assert [(line, col) for line, col, _ in found] == [(13, 12)]
    assert needle in found[0][2]
    assert "1.5e+4" not in found[0][2]


def test_the_exponent_hint_stays_for_an_exponent(
    write: Callable[[str, str], Path], catalogue: Catalogue
) -> None:
    (found,) = profile_errors(write, catalogue, "one_off: 25000", "one_off: 2.5e4")
    assert "YAML wants '1.5e+4'" in found[2]


@pytest.mark.parametrize(
    ("old", "new", "line", "col", "needle"),
    [
        ("times: [night]", "times: [night, on]", 10, 20, "'times': 'on' is read as a yes/no value"),
        ("times: [night]", "times: [no]", 10, 13, "expected 'day', 'evening', 'night' or"),
        ("times: [night]", "trend: off", 10, 12, "'trend': 'off' is read as a yes/no value"),
    ],
    ids=["in-list", "only-item", "scalar"],
)
def test_yaml_booleans_in_lists_are_explained_as_for_scalars(
    write: Callable[[str, str], Path],
    catalogue: Catalogue,
    old: str,
    new: str,
    line: int,
    col: int,
    needle: str,
) -> None:
    (found,) = profile_errors(write, catalogue, old, new)
    assert found[:2] == (line, col)
    assert needle in found[2]
    assert "got yes" not in found[2]
    assert "got no" not in found[2]


@pytest.mark.parametrize(
    ("old", "new", "needle"),
    [
        (
            "existing_measures: [street_lighting]",
            "existing_measures: no",
            "'existing_measures': should be a list of measure ids: 'no' is read as a yes/no",
        ),
        (
            "existing_measures: [street_lighting]",
            "existing_measures: {a: b}",
            "should be a list of measure ids (got a mapping)",
        ),
        ("times: [night]", "times: night", "should be a list of times of day"),
        ("businesses: 120", "businesses: lots", "'businesses': should be a whole number"),
        ("hectares: 4.5", "hectares: [4]", "'hectares': should be a number (got a list)"),
        (
            "budget:\n  one_off: 25000\n  yearly: 5000",
            "budget: 5",
            "'budget': should be a mapping (key: value) (got 5)",
        ),
        (
            "kind: business_park",
            "kind: [business_park]",
            "'kind': should be 'business_park', 'shopping_area' or 'rural_area' (got a list)",
        ),
        ("name: De Hoek", "name: 2024-01-01", "'2024-01-01' is read as a date, not as text"),
    ],
    ids=[
        "no-as-list",
        "mapping-as-list",
        "word-as-list",
        "int",
        "float",
        "mapping",
        "choice-as-list",
        "date-as-text",
    ],
)
def test_validation_speaks_plain_words(
    write: Callable[[str, str], Path], catalogue: Catalogue, old: str, new: str, needle: str
) -> None:
    found = profile_errors(write, catalogue, old, new)
    assert any(needle in message for _, _, message in found), found


CATALOGUE_COST = "cost: {per: hectare, one_off: {amount: 750, source: E1}}"


@pytest.mark.parametrize(
    ("new", "needle"),
    [
        ("cost: {per: hectare, one_off: {amount: 1.500, source: E1}}", "write 1500"),
        ("cost: {per: hectare, one_off: {amount: '1.500', source: E1}}", "write 1500 (no"),
        (
            "cost: {per: hectare, quantity: {amount: 1.000, estimate: true}, "
            "one_off: {amount: 750, source: E1}}",
            "'amount': 1.000 is read as 1",
        ),
    ],
    ids=["amount", "quoted-amount", "quantity"],
)
def test_catalogue_cost_figures_have_the_same_traps(tmp_path: Path, new: str, needle: str) -> None:
    folder = tmp_path / "measures"
    folder.mkdir()
    for name in ("problems.yaml", "sources.yaml"):
        (folder / name).write_text((MINI / "measures" / name).read_text("utf-8"), "utf-8")
    text = (MINI / "measures" / "measures.yaml").read_text("utf-8")
    assert CATALOGUE_COST in text
    (folder / "measures.yaml").write_text(text.replace(CATALOGUE_COST, new), "utf-8")
    with pytest.raises(KvoError) as info:
        load_catalogue(folder)
    (found,) = info.value.diagnostics
    assert (found.location.line, found.location.column) > (8, 0)
    assert found.location.line == 8
    assert needle in found.message


def test_a_rule_condition_range_has_the_same_trap(
    write: Callable[[str, str], Path], catalogue: Catalogue
) -> None:
    path = write(
        "r.yaml",
        """
        rules:
          - id: big_park
            description: {nl: Groot, en: Big}
            when:
              - area:
                  businesses: {min: 1.000}
            then:
              - propose: street_lighting
        """,
    )
    with pytest.raises(KvoError) as info:
        load_rulebase(path, catalogue, collect_errors=True)
    (found,) = info.value.diagnostics
    assert (found.location.line, found.location.column) == (6, 29)
    assert "'min': 1.000 is read as 1" in found.message
    assert "write 1000" in found.message


def test_the_cli_reports_a_trap_at_its_place_with_exit_2(write: Callable[[str, str], Path]) -> None:
    source = (Path(__file__).parents[1] / "examples" / "shopping_area_village.yaml").read_text(
        "utf-8"
    )
    path = write("village.yaml", source.replace("one_off: 35000", "one_off: 35.000"))
    result = CliRunner(env={"KVO_LANG": "en"}).invoke(main, ["recommend", str(path)])
    assert result.exit_code == 2, result.output
    assert f"{path}:43:12: 'one_off': 35.000 is read as 35" in result.output
    assert "Traceback" not in result.output
    dutch = CliRunner(env={"KVO_LANG": ""}).invoke(main, ["recommend", str(path)])
    assert dutch.exit_code == 2
    assert f"{path}:43:12: 'one_off': 35.000 wordt gelezen als 35" in dutch.output
    assert "schrijf 35000 zonder duizendtalpunt" in dutch.output


def test_a_quoted_amount_is_explained_in_dutch_too(write: Callable[[str, str], Path]) -> None:
    source = (Path(__file__).parents[1] / "examples" / "shopping_area_village.yaml").read_text(
        "utf-8"
    )
    path = write("village.yaml", source.replace("one_off: 35000", 'one_off: "€ 35.000"'))
    english = CliRunner(env={"KVO_LANG": "en"}).invoke(main, ["recommend", str(path)])
    dutch = CliRunner(env={"KVO_LANG": "nl"}).invoke(main, ["recommend", str(path)])
    assert english.exit_code == dutch.exit_code == 2
    assert "is text with a euro sign and separators, not a number: write 35000" in english.output
    assert "is tekst met een euroteken en scheidingstekens, geen getal: schrijf 35000" in (
        dutch.output
    )


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (("budget", "one_off"), True),
        (("budget", "businesses", "yearly"), True),
        (("area", "hectares"), True),
        (("rules", 0, "when", 0, "area", "businesses", "max"), True),
        (("measures", 3, "cost", "one_off", "low"), True),
        (("measures", 3, "effects", 0, "low"), False),
        (("participation",), False),
        (("problems", 0, "severity"), False),
    ],
)
def test_which_fields_are_amounts(path: tuple[str | int, ...], expected: bool) -> None:
    assert is_amount_field(path) is expected


def test_quoted_number_advice_leaves_words_alone() -> None:
    assert quoted_number_advice("many") is None
    assert quoted_number_advice("1.5e4") is None
    assert quoted_number_advice("2,5") is not None


ROOT = Path(__file__).parents[1]


def test_the_follow_up_costs_have_the_same_trap(tmp_path: Path) -> None:
    cycle = ROOT / "examples" / "cycle"
    text = (cycle / "followup.yaml").read_text("utf-8")
    assert "    one_off_cost: 52900\n" in text
    followup = tmp_path / "followup.yaml"
    followup.write_text(text.replace("one_off_cost: 52900", "one_off_cost: 52.900"), "utf-8")
    (tmp_path / "plan.json").write_text((cycle / "plan.json").read_text("utf-8"), "utf-8")
    result = CliRunner(env={"KVO_LANG": "en"}).invoke(
        main, ["evaluate", str(tmp_path / "plan.json"), str(followup)]
    )
    assert result.exit_code == 2, result.output
    line = 1 + text.splitlines().index("    one_off_cost: 52900")
    assert f"{followup}:{line}:19: 'one_off_cost': 52.900 is read as 52.9" in result.output
    assert "write 52900" in result.output


def test_the_analysis_area_file_has_the_same_trap(tmp_path: Path) -> None:
    text = (ROOT / "examples" / "analysis" / "area.yaml").read_text("utf-8")
    assert "  businesses: 120\n" in text
    area = tmp_path / "area.yaml"
    area.write_text(text.replace("  businesses: 120\n", "  businesses: 1.200\n"), "utf-8")
    police = ROOT / "examples" / "analysis" / "police.csv"
    result = CliRunner(env={"KVO_LANG": "en"}).invoke(
        main, ["analyse", "--area", str(area), "--police", str(police)]
    )
    assert result.exit_code == 2, result.output
    assert f"{area}:11:15: 'businesses': 1.200 is read as 1.2" in result.output
