"""Where the bundled catalogue and rule base live (source checkout or installed package)."""

from __future__ import annotations

from pathlib import Path

__all__ = ["bundled_dir"]

_MARKERS = {
    "measures": "problems.yaml",
    "rulesets": None,
    "examples": None,
    "schemas": "profile.schema.json",
}


def bundled_dir(name: str) -> Path:
    """The bundled ``measures``, ``rulesets``, ``examples`` or ``schemas`` directory."""
    here = Path(__file__).resolve().parent.parent  # the kvo_rules package
    for candidate in (here / "data" / name, here.parent / name):
        marker = _MARKERS.get(name)
        if candidate.is_dir() and (marker is None or (candidate / marker).is_file()):
            return candidate
    raise FileNotFoundError(f"bundled '{name}' directory not found next to {here}")
