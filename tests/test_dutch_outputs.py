"""Done when: every output, rendered in Dutch, has no English word of the vocabulary tables and
no number written with a decimal point (issue 14).

Every output is made through the CLI, as a user makes it: recommend (table, Markdown, CSV),
explain, the plan (HTML, Markdown, the matrix), evaluate, sweep, frontier, batch, measures
(list and show), problems, and the warnings (in recommend). Ids and field paths
(``street_lighting``, ``area.dark_spots``) are code, not words, and are left out of the check;
so are section numbers (5.1), the catalogue's English-only notes on effects and the working
group's own notes in the follow-up (free text the user wrote).
"""

from __future__ import annotations

import html
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from kvo_rules.advice.texts import LABELS, VOCABULARY
from kvo_rules.cli import main
from kvo_rules.core.bundled import bundled_dir
from kvo_rules.core.catalogue import load_catalogue
from kvo_rules.documents.plan.texts import WORDS as PLAN_WORDS

from .conftest import ROOT

EXAMPLES = ROOT / "examples"
CYCLE = EXAMPLES / "cycle"
DARK = str(EXAMPLES / "business_park_dark.yaml")
NIGHTLIFE = str(EXAMPLES / "shopping_area_nightlife.yaml")


def _vocabulary() -> dict[str, str]:
    """English word -> the key it came from: the enums' words, the parties, owners, area
    kinds, reaches and statuses, where English and Dutch differ."""
    tables = [
        VOCABULARY,
        {k: v for k, v in LABELS.items() if k.split(".")[0] in ("party", "kind", "reach")},
        {k: v for k, v in PLAN_WORDS.items() if k.split(".")[0] in ("owner", "status")},
    ]
    return {
        en.lower(): key
        for table in tables
        for key, (nl, en) in table.items()
        if en.lower() != nl.lower() and len(en) >= 3
    }


ENGLISH = _vocabulary()
ENGLISH_WORD = re.compile(
    r"(?<![\w.])("
    + "|".join(sorted(map(re.escape, ENGLISH), key=len, reverse=True))
    + r")(?![\w])",
    re.I,
)
CODE = re.compile(r"[\w-]*[._/:][\w./:-]*|<[^>]*>|&\w+;|\{[^}]*\}")
"""Ids, field paths, file names, HTML tags and entities: not words."""
NUMBER = re.compile(r"(?<![\w.])\d[\d.,]*\d(?![\w])")
DUTCH_GROUPED = re.compile(r"\d{1,3}(\.\d{3})+(,\d+)?")


def _catalogue_notes() -> list[str]:
    """The catalogue's notes on effects and costs: free text kept in English only (a data
    job, docs/i18n.md), so it is taken out of what is checked."""
    catalogue = load_catalogue(bundled_dir("measures"))
    notes = {e.note for m in catalogue.measures.values() for e in m.effects if e.note}
    # the reference list gives each source's own title, in the source's language
    notes |= {s.title for s in catalogue.sources.values()}
    notes |= {s.url for s in catalogue.sources.values() if s.url}
    return sorted(notes, key=len, reverse=True)


NOTES = _catalogue_notes()
SECTION = re.compile(r"(^#{1,6} |<h\d[^>]*>)\d+(\.\d+)+", re.M)
"""Section numbers (5.1, 5.10) are not decimal numbers."""


STYLE = re.compile(r"<style.*?</style>", re.S)
"""The HTML's style sheet (``line-height: 1.2``) is not text."""


def _checked(text: str) -> str:
    text = SECTION.sub(r"\1", html.unescape(STYLE.sub(" ", text)))
    for note in NOTES:
        text = text.replace(note, " ")
    return text


def _words(text: str) -> str:
    return CODE.sub(" ", _checked(text))


def english_words(text: str) -> list[str]:
    return sorted({m.group(1) for m in ENGLISH_WORD.finditer(_words(text))})


def decimal_points(text: str) -> list[str]:
    """Numbers with a '.' that is not a Dutch thousands separator (1.234 is, 10.09 is not)."""
    found = []
    for m in NUMBER.finditer(CODE_KEEP_NUMBERS.sub(" ", _checked(text))):
        token = m.group().rstrip(".,")
        if "." in token and not DUTCH_GROUPED.fullmatch(token):
            found.append(token)
    return sorted(set(found))


CODE_KEEP_NUMBERS = re.compile(r"[A-Za-z_][\w-]*[._/:][\w./:-]*|<[^>]*>|&\w+;")
"""Like ``CODE`` but a bare number is kept (``10.09`` is a number, ``area.x`` an id)."""


def _cli(*args: str) -> str:
    result = CliRunner().invoke(main, [*args], env={"KVO_LANG": ""})
    assert result.exit_code in (0, 1), result.output
    return result.output


def _file(tmp_path: Path, name: str, *args: str) -> str:
    out = tmp_path / name
    _cli(*[a.replace("{out}", str(out)) for a in args])
    return out.read_text(encoding="utf-8-sig")


def _plan_and_matrix(tmp_path: Path, fmt: str) -> str:
    out, matrix = tmp_path / f"plan.{fmt}", tmp_path / "matrix.csv"
    _cli("plan", NIGHTLIFE, "-o", str(out), "--matrix", str(matrix), "--start", "2025-03-01")
    return out.read_text(encoding="utf-8") + matrix.read_text(encoding="utf-8-sig")


def _without_notes(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_notes(v) for k, v in value.items() if k != "note"}
    if isinstance(value, list):
        return [_without_notes(v) for v in value]
    return value


def _evaluation(tmp_path: Path, fmt: str) -> str:
    """The worked example's evaluation, without the working group's own (English) notes."""
    followup = tmp_path / "followup.yaml"
    data = yaml.safe_load((CYCLE / "followup.yaml").read_text(encoding="utf-8"))
    followup.write_text(yaml.safe_dump(_without_notes(data)), encoding="utf-8")
    out = tmp_path / f"evaluation.{fmt}"
    shutil.copy(CYCLE / "plan.json", tmp_path / "plan.json")
    _cli("evaluate", str(tmp_path / "plan.json"), str(followup), "-o", str(out), "--force")
    return out.read_text(encoding="utf-8")


OUTPUTS: dict[str, Callable[[Path], str]] = {
    "recommend-table": lambda t: _cli("recommend", DARK) + _cli("recommend", NIGHTLIFE),
    "recommend-markdown": lambda t: _cli("recommend", NIGHTLIFE, "--format", "markdown"),
    "recommend-csv": lambda t: _cli("recommend", NIGHTLIFE, "--format", "csv"),
    "recommend-samples": lambda t: _cli("recommend", DARK, "--samples", "50"),
    "explain": lambda t: _cli("explain", DARK),
    "explain-csv": lambda t: _cli("explain", DARK, "--format", "csv"),
    "plan-html": lambda t: _plan_and_matrix(t, "html"),
    "plan-md": lambda t: _plan_and_matrix(t, "md"),
    "evaluate": lambda t: _evaluation(t, "md") + _evaluation(t, "html"),
    "sweep": lambda t: _cli("sweep", DARK, "--budget-one-off", "0:100000:25000"),
    "sweep-csv": lambda t: _cli(
        "sweep", DARK, "--budget-one-off", "0:100000:25000", "--format", "csv"
    ),
    "frontier": lambda t: _cli("frontier", NIGHTLIFE) + _cli("frontier", DARK, "--format", "csv"),
    "batch-csv": lambda t: _file(t, "batch.csv", "batch", str(EXAMPLES), "-o", "{out}"),
    "measures-list": lambda t: _cli("measures") + _cli("measures", "--format", "csv"),
    "measures-show": lambda t: "".join(
        _cli("measures", "show", m)
        for m in ("street_lighting", "fencing", "cctv_public_monitored", "collective_patrol")
    ),
    "problems": lambda t: _cli("problems"),
}


def test_the_checks_find_what_they_look_for() -> None:
    """The checks themselves: an English word and a decimal point are found, ids are not."""
    assert english_words("trekker: municipality, bewijs: Strong (3y)") == ["Strong", "municipality"]
    assert english_words("pakket basic") == ["basic"]
    assert english_words("geef area.dark_spots op; street_lighting; business_park") == []
    assert decimal_points("incidenten/jaar na 10.09 en 1.9 ha") == ["1.9", "10.09"]
    assert decimal_points("€ 55.000 en 1.234,5 en 10,1 op 2025-03-01") == []


@pytest.mark.parametrize("output", sorted(OUTPUTS))
def test_every_dutch_output_is_dutch(output: str, tmp_path: Path) -> None:
    text = OUTPUTS[output](tmp_path)
    assert text.strip()
    assert english_words(text) == [], f"{output}: English words in Dutch output"
    assert decimal_points(text) == [], f"{output}: decimal points in Dutch output"
