"""What the plan of action and the evaluation share as documents: formats and templates."""

from __future__ import annotations

import re
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from ..core.errors import KvoError, Location
from ..core.i18n import msg

__all__ = ["DocFormat", "format_for_path", "md_cell", "template_environment"]


class DocFormat(StrEnum):
    """The formats a document (plan, evaluation) is written in."""

    md = "md"
    html = "html"
    json = "json"


_EXTENSIONS = {
    ".md": DocFormat.md,
    ".html": DocFormat.html,
    ".htm": DocFormat.html,
    ".json": DocFormat.json,
}


def format_for_path(path: str | Path, document: str) -> DocFormat:
    """The format a file name asks for (.md, .html/.htm, .json); anything else is an error.

    ``document`` names it in the message ("plan", "evaluation").
    """
    suffix = Path(path).suffix.lower()
    found = _EXTENSIONS.get(suffix)
    if found is None:
        name = msg("plan") if document == "plan" else msg("evaluation")
        if suffix:
            message = msg(
                "cannot tell the {document}'s format from '{suffix}': use .md, .html, .htm or "
                ".json, or give --format md|html|json",
                document=name,
                suffix=suffix,
            )
        else:
            message = msg(
                "cannot tell the {document}'s format from no extension: use .md, .html, .htm "
                "or .json, or give --format md|html|json",
                document=name,
            )
        raise KvoError.at(Location(str(path)), message)
    return found


@cache
def template_environment(package: str) -> Environment:
    """The Jinja2 environment for ``package``'s ``templates/`` (HTML autoescaped, strict)."""
    return Environment(
        loader=PackageLoader(package, "templates"),
        autoescape=lambda name: name is not None and name.endswith(".html.j2"),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=no_controls,
    )


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""Control characters HTML does not allow and terminals obey (ESC, BEL, NUL, CSI ...)."""

_MD_ACTIVE = re.compile(r"([\\`<\[|])")
"""What turns text into Markdown code, links, HTML tags or table cells: backslash-escaped
(emphasis is left alone: it changes no structure)."""


def no_controls(value: Any) -> Any:
    """Jinja's ``finalize``: control characters in any text become U+FFFD (kept well-formed)."""
    if isinstance(value, str):
        replaced = _CONTROL.sub("\ufffd", value)
        return Markup(replaced) if isinstance(value, Markup) else replaced
    return value


def md_cell(value: object) -> str:
    """Text as plain text in Markdown, on one line: safe in a heading, a paragraph or a table
    cell (no line breaks, pipes, links, code or HTML tags from the text itself)."""
    text = _CONTROL.sub("\ufffd", str(value))
    text = " ".join(text.splitlines())
    return _MD_ACTIVE.sub(r"\\\1", text).strip()
