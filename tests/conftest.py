"""Shared fixtures: the bundled engine (built once) and helpers that make tests read like specs."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from kvo_rules import Engine
from kvo_rules.core.bundled import bundled_dir

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
MEASURES = ROOT / "measures"
RULESETS = ROOT / "rulesets"


@pytest.fixture(scope="session")
def engine() -> Engine:
    """The bundled catalogue and rule base on the durable_rules path."""
    return Engine()


@pytest.fixture(scope="session")
def reference_engine() -> Engine:
    """The bundled catalogue and rule base on the reference evaluator."""
    return Engine(backend="reference")


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write dedented text to a file under tmp_path and return its path."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return _write


def example_profiles() -> list[Path]:
    """Every bundled example profile."""
    return sorted(bundled_dir("examples").glob("*.yaml"))


def chromium_path() -> Path:
    """Debian's headless Chromium, which the PDF tests print with (.ci/run installs it).

    Missing is a failure, not a skip: a PDF test that skips proves nothing.
    """
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    assert found, (
        "chromium is not installed, so PDF printing cannot be checked: "
        "apt-get install -y chromium (.ci/run does this on CI)"
    )
    return Path(found)
