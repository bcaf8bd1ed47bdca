"""The one YAML loader: safe, strict, bounded, and every error at its line and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from kvo_rules.core.errors import KvoError
from kvo_rules.core.yamlio import MAX_NODES, load_document, parse_document


def error_at(text: str) -> tuple[int, int, str]:
    """Parse ``text`` and return (line, column, message) of the single error it must raise."""
    with pytest.raises(KvoError) as info:
        parse_document(text, "f.yaml")
    (diag,) = info.value.diagnostics
    return diag.location.line, diag.location.column, diag.message


def test_positions_of_values_and_keys_are_recorded() -> None:
    doc = parse_document("a:\n  b: [1, 2]\n  c: x\n", "f.yaml")
    assert doc.data == {"a": {"b": [1, 2], "c": "x"}}
    assert str(doc.location(("a", "b", 1))) == "f.yaml:2:10"
    assert str(doc.location(("a", "c"), key=True)) == "f.yaml:3:3"
    assert str(doc.location(("a", "c"))) == "f.yaml:3:6"


def test_duplicate_key_is_an_error_at_the_second_key() -> None:
    line, col, msg = error_at("a: 1\nb: 2\na: 3\n")
    assert (line, col) == (3, 1)
    assert "duplicate key 'a'" in msg and "line 1" in msg


def test_syntax_error_has_its_position() -> None:
    line, _, msg = error_at("a: [1, 2\nb: 3\n")
    assert line == 2 and "YAML syntax error" in msg


def test_python_object_tags_are_refused() -> None:
    line, col, msg = error_at("a: !!python/object/apply:os.system ['echo hi']\n")
    assert (line, col) == (1, 4)
    assert "not allowed" in msg


def test_custom_tags_are_refused() -> None:
    _, _, msg = error_at("a: !secret x\n")
    assert "tag '!secret' is not allowed" in msg


def test_alias_bomb_is_refused_quickly() -> None:
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 9):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [{', '.join(['*' + prev] * 10)}]")
    _, _, msg = error_at("\n".join(lines) + "\n")
    assert f"more than {MAX_NODES:,} values" in msg


def test_deep_nesting_is_refused() -> None:
    _, _, msg = error_at("a: " + "[" * 200 + "]" * 200 + "\n")
    assert "nesting deeper" in msg


def test_recursive_alias_is_refused() -> None:
    _, _, msg = error_at("a: &x [*x]\n")
    assert "nesting deeper" in msg or "alias" in msg


def test_merge_keys_are_refused() -> None:
    line, _, msg = error_at("base: &b {x: 1}\nother:\n  <<: *b\n")
    assert line == 3 and "merge keys" in msg


def test_second_document_is_refused() -> None:
    _, _, msg = error_at("a: 1\n---\nb: 2\n")
    assert "only one YAML document" in msg


def test_non_text_key_says_quote_it() -> None:
    line, col, msg = error_at("yes: 1\n")
    assert (line, col) == (1, 1) and "quote it" in msg


def test_unquoted_timestamp_says_quote_it() -> None:
    _, _, msg = error_at("when: 2024-03-01 10:00:00\n")
    assert "quote it" in msg


def test_empty_and_comment_only_files_give_no_data() -> None:
    assert parse_document("", "f.yaml").data is None
    assert parse_document("# only a comment\n", "f.yaml").data is None


def test_binary_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "b.yaml"
    path.write_bytes(b"\x00\x01\x02binary")
    with pytest.raises(KvoError, match="binary file"):
        load_document(path)


def test_non_utf8_file_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("a: 1\nname: caf\xe9\n".encode("latin-1"))
    with pytest.raises(KvoError) as info:
        load_document(path)
    assert str(info.value).startswith(f"{path}:2:")
    assert "UTF-8" in str(info.value)


def test_missing_file_is_a_clean_error(tmp_path: Path) -> None:
    with pytest.raises(KvoError, match="no such file"):
        load_document(tmp_path / "nope.yaml")


def test_json_is_read_with_positions() -> None:
    doc = parse_document('{\n  "a": {"b": 2}\n}\n', "p.json")
    assert doc.data == {"a": {"b": 2}}
    assert doc.location(("a", "b")).line == 2


def test_fuzz_found_nul_character_inside_a_file_is_a_located_error() -> None:
    """Found by the fuzz session: a NUL byte past the binary-file sniff raised ReaderError."""
    line, col, msg = error_at("a: 1\nb: x\x00y\n")
    assert (line, col) == (2, 5)
    assert "not allowed" in msg
