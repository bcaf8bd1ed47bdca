"""Messages in both languages: gettext catalogues managed with Babel (docs/i18n.md).

Every message the code marks with ``msg(...)`` must be in the Dutch catalogue, translated,
with the same ``{fields}``; the shipped ``.mo`` is the compiled ``.po``; the CLI writes errors
in ``--lang``, else in ``KVO_LANG``'s language, else Dutch.
"""

from __future__ import annotations

import ast
import functools
import pickle
import string
import tomllib
from fnmatch import fnmatch
from io import BytesIO
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from click.testing import CliRunner

from kvo_rules.cli import main
from kvo_rules.core.errors import Diagnostic, KvoError, Location, did_you_mean
from kvo_rules.core.i18n import LOCALE_DIR, Message, default_lang, msg, translate

from .conftest import ROOT

PACKAGE = ROOT / "kvo_rules"
PO = LOCALE_DIR / "nl" / "LC_MESSAGES" / "kvo_rules.po"
MO = PO.with_suffix(".mo")
POT = LOCALE_DIR / "kvo_rules.pot"


@functools.cache
def _extracted() -> dict[str, list[str]]:
    """msgid -> the files that use it, as ``pybabel extract -k msg`` finds them."""
    found: dict[str, list[str]] = {}
    for filename, _line, message, _comments, _context in extract_from_dir(
        PACKAGE, method_map=[("**.py", "python")], keywords={"msg": None}
    ):
        assert isinstance(message, str), f"{filename}: msg() needs one literal message id"
        found.setdefault(message, []).append(filename)
    return found


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_message_in_the_code_is_translated_in_the_dutch_catalogue() -> None:
    with PO.open("rb") as f:
        catalogue = read_po(f)
    used = _extracted()
    assert len(used) >= 20  # the extraction really reads the code
    missing = sorted(m for m in used if m not in catalogue or not catalogue[m].string)
    assert missing == [], f"add these to {PO.relative_to(ROOT)}: {missing}"
    fuzzy = sorted(m.id for m in catalogue if m.id and m.fuzzy)
    assert fuzzy == []
    for message in used:
        translation = catalogue[message].string
        assert isinstance(translation, str)
        assert _fields(translation) == _fields(message), message


def test_the_catalogue_holds_no_message_the_code_no_longer_uses() -> None:
    with PO.open("rb") as f:
        catalogue = read_po(f)
    unused = sorted(m.id for m in catalogue if m.id and m.id not in _extracted())
    assert unused == []


def test_every_msg_call_names_a_literal_message_id() -> None:
    """An f-string or a variable would escape the extraction (and the test above)."""
    bad = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "msg":
                first = node.args[0] if node.args else None
                if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
                    bad.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert bad == []


def test_the_shipped_mo_is_the_compiled_po_and_the_pot_lists_every_message() -> None:
    with PO.open("rb") as f:
        catalogue = read_po(f)
    compiled = BytesIO()
    write_mo(compiled, catalogue)
    assert MO.read_bytes() == compiled.getvalue(), (
        "run: pybabel compile -D kvo_rules -d kvo_rules/core/locale"
    )
    with POT.open("rb") as f:
        template = read_po(f)
    assert {m.id for m in template if m.id} == set(_extracted())


def test_the_catalogues_are_package_data() -> None:
    """A clean ``pip install .`` carries the compiled catalogue (setuptools package-data)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["kvo_rules"]
    for path in LOCALE_DIR.rglob("*"):
        if path.is_file():
            relative = path.relative_to(PACKAGE).as_posix()
            assert any(fnmatch(relative, p) for p in patterns), relative


def test_a_message_is_its_english_text_and_translates_with_its_values() -> None:
    hint = did_you_mean("street_lightin", ["street_lighting"])
    message = msg("unknown measure '{name}'{hint}", name="x", hint=hint)
    assert message == "unknown measure 'x' (did you mean 'street_lighting'?)"
    assert translate(message, "nl") == "onbekende maatregel 'x' (bedoelt u 'street_lighting'?)"
    assert translate(message, "en") == message
    assert translate("not a message", "nl") == "not a message"
    again = pickle.loads(pickle.dumps(message))  # batch workers send errors back pickled
    assert isinstance(again, Message) and translate(again, "nl") == translate(message, "nl")
    diagnostic = Diagnostic(Location("p.yaml", 3, 5), message)
    assert str(diagnostic) == f"p.yaml:3:5: {message}"
    assert diagnostic.text("nl").startswith("p.yaml:3:5: onbekende maatregel")
    assert str(KvoError([diagnostic])) == str(diagnostic)


@pytest.mark.parametrize(
    ("value", "lang"), [("en", "en"), ("EN", "en"), ("nl", "nl"), ("", "nl"), ("fr", "nl")]
)
def test_kvo_lang_sets_the_default_language(
    monkeypatch: pytest.MonkeyPatch, value: str, lang: str
) -> None:
    monkeypatch.setenv("KVO_LANG", value)
    assert default_lang() == lang


def _recommend(path: Path, *extra: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["recommend", str(path), *extra], env=env)
    return result.exit_code, result.output


def test_cli_errors_are_dutch_by_default_english_with_lang_en_or_kvo_lang(tmp_path: Path) -> None:
    missing = tmp_path / "missing.yaml"
    code, out = _recommend(missing, env={"KVO_LANG": ""})
    assert code == 2 and out.strip() == f"{missing}: bestand bestaat niet"
    code, out = _recommend(missing, "--lang", "en", env={"KVO_LANG": ""})
    assert code == 2 and out.strip() == f"{missing}: no such file"
    code, out = _recommend(missing, env={"KVO_LANG": "en"})
    assert code == 2 and out.strip() == f"{missing}: no such file"


def test_a_located_error_keeps_file_line_col_in_both_languages(tmp_path: Path) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text(
        "area: {name: X, kind: shopping_area, businesses: 5}\n"
        "problems:\n  - {type: robbery, severity: 2}\n"
        "existing_measures: [street_lightin]\n",
        encoding="utf-8",
    )
    code, out = _recommend(profile, env={"KVO_LANG": "nl"})
    assert code == 2
    assert (
        f"{profile}:4:21: onbekende maatregel 'street_lightin' (bedoelt u 'street_lighting'?)"
        in out
    )
    code, out = _recommend(profile, "--lang", "en", env={"KVO_LANG": "nl"})
    assert code == 2
    assert (
        f"{profile}:4:21: unknown measure 'street_lightin' (did you mean 'street_lighting'?)" in out
    )


def test_validate_writes_its_findings_in_kvo_lang(tmp_path: Path) -> None:
    bad = tmp_path / "dup.yaml"
    bad.write_text("area: {name: X}\narea: {name: Y}\n", encoding="utf-8")
    nl = CliRunner().invoke(main, ["validate", str(bad)], env={"KVO_LANG": "nl"})
    en = CliRunner().invoke(main, ["validate", str(bad)], env={"KVO_LANG": "en"})
    assert nl.exit_code == en.exit_code == 2
    assert f"{bad}:2:1: sleutel 'area' staat er twee keer (eerst op regel 1)" in nl.output
    assert f"{bad}:2:1: duplicate key 'area' (first given on line 1)" in en.output
