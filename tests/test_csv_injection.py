"""No CSV the tool writes carries a live spreadsheet formula (OWASP, CSV injection).

A name such as ``=HYPERLINK("http://…";"klik")`` in a profile or a catalogue became a live
formula in Excel and LibreOffice; every CSV writer now neutralises such cells.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

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


def _cells(text: str, delimiter: str = ",") -> list[str]:
    return [
        c
        for row in csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter)
        for c in row
    ]


def _no_live_formula(cells: list[str]) -> None:
    live = [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r")]
    assert live == [], live


def test_recommend_csv_neutralises_formulas(hostile: tuple[Path, Path, Path]) -> None:
    rules, measures, profile = hostile
    result = CliRunner().invoke(
        main,
        [
            "recommend",
            str(profile),
            "--format",
            "csv",
            "--rules",
            str(rules),
            "--measures",
            str(measures),
            "--lang",
            "nl",
        ],
    )
    assert result.exit_code == 0, result.output
    cells = _cells(result.output)
    assert "'" + FORMULA in cells
    _no_live_formula(cells)


def test_the_plan_matrix_neutralises_formulas(
    hostile: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    rules, measures, profile = hostile
    matrix = tmp_path / "matrix.csv"
    result = CliRunner().invoke(
        main,
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
            "en",
        ],
    )
    assert result.exit_code == 0, result.output
    cells = _cells(matrix.read_text(encoding="utf-8"), delimiter=";")
    assert "'@SUM(1+1)" in cells
    _no_live_formula(cells)


def test_the_batch_csv_neutralises_formulas(
    hostile: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    rules, measures, profile = hostile
    folder = tmp_path / "profiles"
    folder.mkdir()
    shutil.copy(profile, folder / "area.yaml")
    out = tmp_path / "advice.csv"
    result = CliRunner().invoke(
        main,
        ["batch", str(folder), "-o", str(out), "--rules", str(rules), "--measures", str(measures)],
    )
    assert result.exit_code == 0, result.output
    cells = _cells(out.read_text(encoding="utf-8"))
    assert "'=1+1" in cells
    _no_live_formula(cells)
