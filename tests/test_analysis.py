"""kvo-rules analyse: from police figures, the survey and the walk-through to a profile.

Every parser is run on the samples in examples/analysis/ and on malformed variants; bad input
is a located error (``file:line:col``), codes and answers the mappings do not know are warned
about and never silently dropped, and the written profile validates, explains every value,
feeds ``recommend`` and comes out byte for byte the same from the same input.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kvo_rules import Engine
from kvo_rules.analysis import Sources, analyse, explain_text, profile_text
from kvo_rules.analysis.model import Trace
from kvo_rules.analysis.police import (
    DEFAULT_CRIME_MAP,
    analyse_police,
    load_crime_map,
    read_police,
)
from kvo_rules.analysis.severity import band, combine, police_score, survey_score, trend
from kvo_rules.analysis.survey import analyse_survey, load_survey_map, read_survey
from kvo_rules.analysis.walkthrough import analyse_walkthrough, read_walkthrough
from kvo_rules.cli import main
from kvo_rules.core.bundled import bundled_dir
from kvo_rules.core.catalogue import Catalogue, load_catalogue
from kvo_rules.core.errors import KvoError
from kvo_rules.core.model import Trend
from kvo_rules.core.profile import load_profile

from .conftest import ROOT

SAMPLES = ROOT / "examples" / "analysis"
AREA_CODES = ("BU09990101", "BU09990102")
LOCATED = re.compile(r"^\S+:\d+:\d+: ", re.M)


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue(bundled_dir("measures"))


@pytest.fixture
def samples(tmp_path: Path) -> Path:
    """A copy of examples/analysis to work in."""
    target = tmp_path / "analysis"
    shutil.copytree(SAMPLES, target)
    return target


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def done_when(d: Path, *extra: str) -> Result:
    """The command of issue 20's Done-when, on the samples in ``d``."""
    return run(
        "analyse",
        "--area", str(d / "area.yaml"),
        "--police", str(d / "police.csv"),
        "--survey", str(d / "survey.csv"),
        "--survey-map", str(d / "survey-map.yaml"),
        "--walkthrough", str(d / "findings.csv"),
        "-o", str(d / "profile.yaml"),
        *extra,
    )  # fmt: skip


def error_of(func: Callable[[], object]) -> str:
    with pytest.raises(KvoError) as info:
        func()
    return str(info.value)


# --- the whole command --------------------------------------------------------------------


def test_the_done_when_command_writes_a_profile_that_validates_and_recommends(
    samples: Path, catalogue: Catalogue, engine: Engine
) -> None:
    result = done_when(samples)
    assert result.exit_code == 0, result.output
    profile = load_profile(samples / "profile.yaml", catalogue)
    kinds = {p.type: p for p in profile.problems}
    assert kinds["burglary_business"].incidents_per_year == 31
    assert kinds["burglary_business"].trend is Trend.rising
    assert kinds["burglary_business"].severity == 5  # police 4, rising +1
    assert kinds["vandalism"].trend is Trend.falling
    assert profile.area.dark_spots == 9
    assert profile.participation is not None and profile.participation.default == 0.52
    assert profile.budget is not None and profile.budget.per_payer
    rec = engine.recommend(engine.load_profile(samples / "profile.yaml"))
    assert "street_lighting" in [m.id for m in rec.recommended.measures]
    cli = run("recommend", str(samples / "profile.yaml"))
    assert cli.exit_code == 0, cli.output


def test_every_value_of_the_written_profile_is_explained(samples: Path) -> None:
    assert done_when(samples).exit_code == 0
    text = (samples / "profile.yaml").read_text(encoding="utf-8")
    for line in text.split("\nbudget:")[0].splitlines():  # the budget's parent line says it
        if re.match(r"^\s*(- )?\w+: \S", line) and "type:" not in line:
            assert "#" in line, f"a value without a comment saying where it came from: {line}"
    explained = run(
        "analyse", "--area", str(samples / "area.yaml"),
        "--police", str(samples / "police.csv"), "--explain",
    )  # fmt: skip
    assert explained.exit_code == 0, explained.output
    for wanted in ("problems.burglary_business.severity = ", "rule 'trend'", "area.businesses"):
        assert wanted in explained.output


def test_same_input_same_bytes(samples: Path, tmp_path: Path) -> None:
    assert done_when(samples).exit_code == 0
    first = (samples / "profile.yaml").read_bytes()
    assert done_when(samples, "--force").exit_code == 0
    assert (samples / "profile.yaml").read_bytes() == first


def test_an_existing_profile_is_never_replaced_without_force(samples: Path) -> None:
    target = samples / "profile.yaml"
    target.write_text("# edited by hand\n", encoding="utf-8")
    result = done_when(samples)
    assert result.exit_code == 2
    assert "gebruik --force" in result.output  # Dutch by default
    assert target.read_text(encoding="utf-8") == "# edited by hand\n"
    assert done_when(samples, "--force").exit_code == 0


def test_without_output_the_profile_goes_to_stdout(samples: Path) -> None:
    result = run("analyse", "--area", str(samples / "area.yaml"), "--walkthrough",
                 str(samples / "findings.csv"))  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "- type: poor_lighting" in result.output


def test_bad_input_is_file_line_col_and_exit_2(samples: Path) -> None:
    police = samples / "police.csv"
    text = police.read_text(encoding="utf-8")
    police.write_text(re.sub(r'"2024MM03";\d+', '"2024MM03";vier', text, count=1))
    result = done_when(samples, "--lang", "en")
    assert result.exit_code == 2
    assert re.search(r"police\.csv:\d+:\d+: 'vier' is not a number", result.output)
    result = done_when(samples)  # Dutch by default
    assert re.search(r"police\.csv:\d+:\d+: 'vier' is geen aantal misdrijven", result.output)
    assert "Traceback" not in result.output


def test_the_library_does_the_work(samples: Path, catalogue: Catalogue) -> None:
    sources = Sources(samples / "area.yaml", (samples / "police-odata.json",))
    area = samples / "area.yaml"
    area.write_text(
        area.read_text().replace("[BU09990101, BU09990102]", "[BU09990301]"), encoding="utf-8"
    )
    result = analyse(sources, catalogue)
    text = profile_text(result, catalogue)
    assert "type: shoplifting" in text and "incidents_per_year: 36" in text
    assert "pickpocketing" in explain_text(result)
    other = result.trace.get("police.rows")  # the neighbourhood outside the area, said so
    assert other is not None and other.value == 1


# --- police ---------------------------------------------------------------------------------


def police(path: Path, catalogue: Catalogue, **kw: float) -> tuple[dict[str, int], Trace]:
    trace = Trace()
    figures = analyse_police(
        read_police(path), load_crime_map(DEFAULT_CRIME_MAP, catalogue), AREA_CODES, trace,
        sources=str(path), **kw,
    )  # fmt: skip
    return {p: f.incidents for p, f in figures.items()}, trace


def test_police_csv_sample(catalogue: Catalogue) -> None:
    counts, trace = police(SAMPLES / "police.csv", catalogue)
    assert counts == {
        "aggression": 2, "bicycle_theft": 4, "burglary_business": 31,
        "vandalism": 5, "vehicle_crime": 11,
    }  # fmt: skip
    assert trace.get("police.codes.1.1.1") is not None  # mapped to 'ignore', said so
    assert trace.get("police.rows") is not None  # the other neighbourhood, said so
    assert not trace.warnings


def test_police_odata_json_sample() -> None:
    records = read_police(SAMPLES / "police-odata.json")
    assert records[0].code == "0.0.0" and records[0].region == "BU09990301"
    assert records[-1].count is None  # null: not published
    assert str(records[1].location).startswith(f"{SAMPLES / 'police-odata.json'}:")


def test_police_comma_separated_with_bom_and_labels(tmp_path: Path, catalogue: Catalogue) -> None:
    text = (SAMPLES / "police.csv").read_text(encoding="utf-8").replace(";", ",")
    text = text.replace('"SoortMisdrijf"', '"Soort misdrijf"')
    text = text.replace('"2.5.1   "', '"2.5.1 Diefstal/inbraak bedrijven en instellingen"')
    path = tmp_path / "p.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    counts, _ = police(path, catalogue)
    assert counts["burglary_business"] == 31


def test_unknown_codes_are_warned_not_dropped(tmp_path: Path, catalogue: Catalogue) -> None:
    path = tmp_path / "p.csv"
    text = (SAMPLES / "police.csv").read_text(encoding="utf-8")
    path.write_text(text.replace('"1.2.3   "', '"9.9.9   "'), encoding="utf-8")
    counts, trace = police(path, catalogue)
    assert "bicycle_theft" not in counts
    [warning] = [w for w in trace.warnings if "9.9.9" in w.message]
    assert "not in the crime map (4 in 2024MM01-2024MM12" in warning.message
    assert warning.location.line > 1 and warning.location.column > 1
    assert trace.get("police.codes.9.9.9") is not None


@pytest.mark.parametrize(
    ("change", "message", "where"),
    [
        (('"GeregistreerdeMisdrijven_1"', '"Aantal"'),
         "missing column 'GeregistreerdeMisdrijven_1'", (1, 1)),
        ((";", "|"), "separated by ';' or ','", (1, 1)),
        (('"2024MM05";3', '"2024MM05";3,5'), "'3,5' is not a number of crimes", None),
        (('"2024MM05"', '"2024-05"'), "'2024-05' is not a period", None),
        (('"BU09990101  "', '"De Hoek"'), "not a CBS area code", (2, 14)),
        (('"2024MM05";3', '"2024MM05";3;9'), "this row has 6 values", None),
    ],
    ids=["missing-column", "wrong-separator", "not-a-number", "bad-period", "area-name",
         "extra-value"],
)  # fmt: skip
def test_police_malformed(
    tmp_path: Path, change: tuple[str, str], message: str, where: tuple[int, int] | None
) -> None:
    path = tmp_path / "p.csv"
    text = (SAMPLES / "police.csv").read_text(encoding="utf-8")
    assert change[0] in text
    path.write_text(text.replace(change[0], change[1], 1 if change[0] != ";" else -1))
    error = error_of(lambda: read_police(path))
    assert message in error
    assert LOCATED.match(error), error
    if where is not None:
        assert error.startswith(f"{path}:{where[0]}:{where[1]}: ")


def test_police_other_encodings_are_located(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    text = (SAMPLES / "police.csv").read_text(encoding="utf-8")
    path.write_bytes(text.replace('"BU09990101  "', '"Café"', 1).encode("cp1252"))
    error = error_of(lambda: read_police(path))
    assert error.startswith(f"{path}:2:")
    assert "not UTF-8" in error and "Windows-1252" in error
    path.write_bytes(text.encode("utf-16"))
    assert "UTF-16" in error_of(lambda: read_police(path))


def test_police_not_published_and_duplicates(tmp_path: Path, catalogue: Catalogue) -> None:
    path = tmp_path / "p.csv"
    text = (SAMPLES / "police.csv").read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if '"2.5.1   ";"BU09990101  ";"2024MM05"' in x)
    path.write_text(text.replace(line, line.rsplit(";", 1)[0] + ";"), encoding="utf-8")
    _, trace = police(path, catalogue)
    assert any("not published" in w.message for w in trace.warnings)
    path.write_text(text + line + "\n", encoding="utf-8")
    assert "given twice" in error_of(lambda: police(path, catalogue))


def test_trend_threshold_is_configurable(catalogue: Catalogue) -> None:
    _, trace = police(SAMPLES / "police.csv", catalogue, trend_threshold=0.5)
    d = trace.get("problems.burglary_business.trend")
    assert d is not None and d.value == "stable"  # +41% is below 50%


def test_police_yearly_figures(tmp_path: Path, catalogue: Catalogue) -> None:
    path = tmp_path / "p.csv"
    path.write_text(
        "ID;SoortMisdrijf;WijkenEnBuurten;Perioden;GeregistreerdeMisdrijven_1\n"
        "1;2.5.1 ;BU09990101;2023JJ00;20\n1;2.5.1 ;BU09990101;2024JJ00;12\n",
        encoding="utf-8",
    )
    counts, trace = police(path, catalogue)
    assert counts == {"burglary_business": 12}
    d = trace.get("problems.burglary_business.trend")
    assert d is not None and d.value == "falling"


# --- the crime map and the other mappings ---------------------------------------------------


def test_crime_map_typo_is_located_with_a_suggestion(tmp_path: Path, catalogue: Catalogue) -> None:
    path = tmp_path / "map.yaml"
    text = DEFAULT_CRIME_MAP.read_text(encoding="utf-8")
    path.write_text(text.replace("    problem: burglary_business", "    problm: burglary_business"))
    error = error_of(lambda: load_crime_map(path, catalogue))
    assert re.search(r"map\.yaml:\d+:5: unknown key 'problm' \(did you mean 'problem'\?\)", error)
    path.write_text(text.replace("problem: shoplifting", "problem: shopliftng"))
    assert "did you mean 'shoplifting'?" in error_of(lambda: load_crime_map(path, catalogue))
    path.write_text(text.replace('code: "1.1.2"', 'code: "1.1.1"'))
    assert "mapped twice" in error_of(lambda: load_crime_map(path, catalogue))


def test_the_bundled_crime_map_cites_a_source_for_every_code(catalogue: Catalogue) -> None:
    crime_map = load_crime_map(DEFAULT_CRIME_MAP, catalogue)
    assert crime_map.table == "47022NED"
    assert {"2.5.1", "2.5.2", "1.1.1", "0.0.0"} <= set(crime_map.codes)
    assert all(c.source and c.label for c in crime_map.codes.values())


def test_survey_sample_and_its_warnings(tmp_path: Path, catalogue: Catalogue) -> None:
    smap = load_survey_map(SAMPLES / "survey-map.yaml", catalogue)
    trace = Trace()
    result = analyse_survey(read_survey(SAMPLES / "survey.csv", smap), smap, 120, trace)
    assert result.respondents == 42 and round(result.response_rate, 2) == 0.35
    [burglary_victims, _] = result.shares["burglary_business"]
    assert burglary_victims.answers == 40 and round(burglary_victims.share, 3) == 0.275
    assert result.participation is not None
    assert not trace.warnings
    path = tmp_path / "s.csv"
    lines = (SAMPLES / "survey.csv").read_text(encoding="utf-8").splitlines()[:11]
    lines[3] = lines[3].replace(",ja,", ",jawel,", 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    trace = Trace()
    analyse_survey(read_survey(path, smap), smap, 120, trace)
    messages = [str(w) for w in trace.warnings]
    assert any(re.match(rf"{path}:4:\d+: warning: answer 'jawel'", m) for m in messages)
    assert any("small sample" in m for m in messages)
    assert any("response rate 8%" in m for m in messages)


def test_survey_malformed(tmp_path: Path, catalogue: Catalogue) -> None:
    smap = load_survey_map(SAMPLES / "survey-map.yaml", catalogue)
    path = tmp_path / "s.csv"
    text = (SAMPLES / "survey.csv").read_text(encoding="utf-8")
    path.write_text(text.replace("deelname", "deel_name"), encoding="utf-8")
    assert "missing column 'deelname'" in error_of(lambda: read_survey(path, smap))
    path.write_text(text.replace("R002,", "R001,"), encoding="utf-8")
    error = error_of(lambda: analyse_survey(read_survey(path, smap), smap, 120, Trace()))
    assert error.startswith(f"{path}:3:1: respondent 'R001' appears twice")
    bad_map = tmp_path / "m.yaml"
    bad_map.write_text(
        (SAMPLES / "survey-map.yaml").read_text().replace("kind: unsafe", "kind: unsave")
    )
    assert "did you mean 'unsafe'?" in error_of(lambda: load_survey_map(bad_map, catalogue))


def test_walkthrough_csv_and_yaml(tmp_path: Path) -> None:
    trace = Trace()
    walk = analyse_walkthrough(read_walkthrough(SAMPLES / "findings.csv"), "f", trace)
    assert walk.dark_spots == 9 and walk.points["poor_lighting"] == 20
    assert walk.findings["fire_safety"][0].finding.location == "Industrieweg 12"
    path = tmp_path / "f.yaml"
    path.write_text(
        "findings:\n  - {location: Kade 1, category: dark_spot}\n"
        "  - {location: Kade 2, category: litter, severity: high, round: day}\n"
    )
    assert analyse_walkthrough(read_walkthrough(path), "f", Trace()).dark_spots == 1
    path.write_text("findings:\n  - {location: Kade 1, category: dark_spt}\n")
    assert error_of(lambda: read_walkthrough(path)).startswith(f"{path}:2:")
    csv_path = tmp_path / "f.csv"
    csv_path.write_text("location,category\nKade 1,grafitti\n", encoding="utf-8")
    error = error_of(lambda: read_walkthrough(csv_path))
    assert error.startswith(f"{csv_path}:2:8: 'grafitti' is not a category")
    assert "did you mean 'graffiti'?" in error


def test_area_codes_may_not_overlap(samples: Path, catalogue: Catalogue) -> None:
    area = samples / "area.yaml"
    area.write_text(area.read_text().replace("BU09990102]", "WK099901]"))
    error = error_of(lambda: analyse(Sources(area, (samples / "police.csv",)), catalogue))
    assert re.search(r"area\.yaml:\d+:\d+: WK099901 and BU09990101 .* counted twice", error)


# --- the rules ------------------------------------------------------------------------------


def test_severity_rules() -> None:
    assert [band(x, (1, 5, 15, 30)) for x in (0, 1, 4.9, 15, 30, 99)] == [1, 2, 2, 4, 5, 5]
    assert police_score(35, 120).value == 4  # 29 per 100 businesses
    assert survey_score(0.6, 12, "victim").value == 3  # capped: small sample
    assert survey_score(0.6, 40, "victim").value == 5
    value, reason = combine([police_score(35, 120), survey_score(0.6, 40, "victim")], True)
    assert value == 5 and "the highest: 5 (survey)" in reason
    assert trend(12, 10)[0] is Trend.stable  # +2: fewer than 3 incidents
    assert trend(31, 22)[0] is Trend.rising
    assert trend(5, 0)[0] is Trend.rising
    assert trend(5, 9)[0] is Trend.falling


def test_vacancy_findings_count_the_empty_units(samples: Path, catalogue: Catalogue) -> None:
    findings = samples / "findings.csv"
    with findings.open("a", encoding="utf-8") as f:
        f.write("Havenweg 3,vacancy,medium,day,hal staat leeg\n")
        f.write("Havenweg 5,vacancy,high,day,hal staat twee jaar leeg\n")
    assert done_when(samples).exit_code == 0
    assert load_profile(samples / "profile.yaml", catalogue).area.vacant_units == 2
    assert "2 vacancy findings" in (samples / "profile.yaml").read_text(encoding="utf-8")
    area = samples / "area.yaml"
    area.write_text(
        area.read_text(encoding="utf-8").replace(
            "  businesses: 120\n", "  businesses: 120\n  vacant_units: 5\n"
        ),
        encoding="utf-8",
    )
    assert done_when(samples, "--force").exit_code == 0
    assert load_profile(samples / "profile.yaml", catalogue).area.vacant_units == 5  # given wins


def test_no_vacancy_findings_leave_the_count_out(samples: Path, catalogue: Catalogue) -> None:
    assert done_when(samples).exit_code == 0
    assert load_profile(samples / "profile.yaml", catalogue).area.vacant_units is None


def test_rear_alley_findings_count_the_rear_alleys(samples: Path, catalogue: Catalogue) -> None:
    findings = samples / "findings.csv"
    with findings.open("a", encoding="utf-8") as f:
        f.write("achter Marktstraat 2-20,rear_alley,medium,dark,achterpad zonder poort\n")
    assert done_when(samples).exit_code == 0
    assert load_profile(samples / "profile.yaml", catalogue).area.rear_alleys == 1
    assert "1 rear_alley findings" in (samples / "profile.yaml").read_text(encoding="utf-8")


def test_no_rear_alley_findings_leave_the_count_out(samples: Path, catalogue: Catalogue) -> None:
    assert done_when(samples).exit_code == 0
    assert load_profile(samples / "profile.yaml", catalogue).area.rear_alleys is None


def test_the_unmonitored_alarms_are_copied_as_given(samples: Path, catalogue: Catalogue) -> None:
    area = samples / "area.yaml"
    area.write_text(
        area.read_text(encoding="utf-8").replace(
            "  businesses: 120\n", "  businesses: 120\n  unmonitored_alarms: 30\n"
        ),
        encoding="utf-8",
    )
    assert done_when(samples).exit_code == 0
    assert load_profile(samples / "profile.yaml", catalogue).area.unmonitored_alarms == 30
