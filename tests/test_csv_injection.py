"""No CSV the tool writes carries a live spreadsheet formula (OWASP, CSV injection).

A name such as ``=HYPERLINK("http://…";"klik")`` in a profile or a catalogue became a live
formula in Excel and LibreOffice; every CSV writer now neutralises such cells.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from kvo_rules.cli import main
from kvo_rules.core.words import spreadsheet_cell

DATA = Path(__file__).parent / "data"
FORMULA = '=HYPERLINK("http://example.invalid";"klik")'


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        (FORMULA, "'" + FORMULA),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\tindented", "'\tindented"),
        ("\rreturn", "'\rreturn"),
        ("Verlichting", "Verlichting"),
        ("-1.250,50", "-1.250,50"),
        ("+15%", "+15%"),
        ("-500", "-500"),
        (-500.0, -500.0),
        (3, 3),
    ],
)
def test_a_cell_that_starts_a_formula_is_written_as_text(cell: object, written: object) -> None:
    assert spreadsheet_cell(cell) == written


@pytest.fixture
def hostile(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A catalogue whose measure name and a profile whose area name are formulas."""
    root = tmp_path / "data"
    shutil.copytree(DATA / "payers", root)
    measures = root / "measures" / "measures.yaml"
    measures.write_text(
        measures.read_text(encoding="utf-8").replace(
            "name: {nl: Verlichting, en: Lighting}",
            "name: {nl: '=HYPERLINK(\"http://example.invalid\";\"klik\")', en: '@SUM(1+1)'}",
        ),
        encoding="utf-8",
    )
    profile = tmp_path / "area.yaml"
    profile.write_text(
        "area: {name: '=1+1', kind: business_park, businesses: 40, hectares: 10, dark_spots: 4}\n"
        "problems:\n  - {type: poor_lighting, severity: 4}\n",
        encoding="utf-8",
    )
    return root / "rulesets", root / "measures", profile


def _cells(text: str, delimiter: str) -> list[str]:
    assert text.startswith("\ufeff"), "every CSV starts with the UTF-8 byte order mark"
    return [c for row in csv.reader(io.StringIO(text[1:]), delimiter=delimiter) for c in row]


def _no_live_formula(cells: list[object]) -> None:
    live = [c for c in cells if isinstance(c, str) and c[:1] in ("=", "+", "@", "\t", "\r")]
    assert live == [], live


DELIMITER = {"nl": ";", "en": ","}

# (name, arguments after the profile, formula cells expected (neutralised, per language))
CSV_COMMANDS = [
    (
        "recommend",
        ["recommend", "{profile}", "--format", "csv"],
        {"nl": [FORMULA], "en": ["@SUM(1+1)"]},
    ),
    ("explain", ["explain", "{profile}", "--format", "csv"], {"nl": [], "en": []}),
    ("frontier", ["frontier", "{profile}", "--format", "csv"], {"nl": [], "en": []}),
    (
        "sweep",
        ["sweep", "{profile}", "--budget-one-off", "0:8000:4000", "--format", "csv"],
        {"nl": [], "en": []},
    ),
    ("measures", ["measures", "--format", "csv"], {"nl": [FORMULA], "en": ["@SUM(1+1)"]}),
]


def _run(args: list[str]) -> str:
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize(
    ("name", "args", "formulas"), CSV_COMMANDS, ids=[c[0] for c in CSV_COMMANDS]
)
def test_every_csv_on_stdout_neutralises_formulas(
    hostile: tuple[Path, Path, Path],
    name: str,
    args: list[str],
    formulas: dict[str, list[str]],
    lang: str,
) -> None:
    rules, measures, profile = hostile
    argv = [a.replace("{profile}", str(profile)) for a in args]
    argv += ["--measures", str(measures), "--lang", lang]
    if name != "measures":
        argv += ["--rules", str(rules)]
    cells = _cells(_run(argv), DELIMITER[lang])
    for formula in formulas[lang]:
        assert "'" + formula in cells
    _no_live_formula(cells)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_plan_matrix_neutralises_formulas(
    hostile: tuple[Path, Path, Path], tmp_path: Path, lang: str
) -> None:
    rules, measures, profile = hostile
    matrix = tmp_path / "matrix.csv"
    _run(
        [
            "plan",
            str(profile),
            "-o",
            str(tmp_path / "plan.md"),
            "--matrix",
            str(matrix),
            "--rules",
            str(rules),
            "--measures",
            str(measures),
            "--lang",
            lang,
        ]
    )
    cells = _cells(matrix.read_text(encoding="utf-8"), DELIMITER[lang])
    assert "'" + {"nl": FORMULA, "en": "@SUM(1+1)"}[lang] in cells
    _no_live_formula(cells)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_batch_csv_neutralises_formulas(
    hostile: tuple[Path, Path, Path], tmp_path: Path, lang: str
) -> None:
    rules, measures, profile = hostile
    folder = tmp_path / "profiles"
    folder.mkdir()
    shutil.copy(profile, folder / "area.yaml")
    out = tmp_path / "advice.csv"
    _run(
        [
            *("batch", str(folder), "-o", str(out), "--lang", lang),
            *("--rules", str(rules), "--measures", str(measures)),
        ]
    )
    cells = _cells(out.read_text(encoding="utf-8"), DELIMITER[lang])
    assert "'=1+1" in cells
    _no_live_formula(cells)


def test_the_sweep_csv_file_neutralises_formulas(
    hostile: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    rules, measures, profile = hostile
    out = tmp_path / "sweep.csv"
    _run(
        [
            *("sweep", str(profile), "--budget-one-off", "0:8000:4000", "-o", str(out)),
            *("--rules", str(rules), "--measures", str(measures)),
        ]
    )
    _no_live_formula(_cells(out.read_text(encoding="utf-8"), ";"))


@pytest.mark.parametrize("what", ["plan", "batch", "sweep"])
def test_every_spreadsheet_neutralises_formulas(
    hostile: tuple[Path, Path, Path], tmp_path: Path, what: str
) -> None:
    rules, measures, profile = hostile
    engine = ["--rules", str(rules), "--measures", str(measures)]
    out = tmp_path / f"{what}.xlsx"
    if what == "plan":
        _run(["plan", str(profile), "-o", str(tmp_path / "p.md"), "--matrix", str(out), *engine])
        expected = "'" + FORMULA
    elif what == "batch":
        folder = tmp_path / "profiles"
        folder.mkdir()
        shutil.copy(profile, folder / "area.yaml")
        _run(["batch", str(folder), "-o", str(out), *engine])
        expected = "'=1+1"
    else:
        _run(["sweep", str(profile), "--budget-one-off", "0:8000:4000", "-o", str(out), *engine])
        expected = None
    sheet = openpyxl.load_workbook(out).active
    assert sheet is not None
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row]
    if expected is not None:
        assert expected in cells
    _no_live_formula(cells)
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)
