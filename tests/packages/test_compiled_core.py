"""The optimiser's compiled core (mypyc, opt-in with KVO_MYPYC=1) gives the pure-Python answers.

The slow test compiles the modules setup.py names into a copy of the package and runs the
differential generator's instances through both: the same packages, to the last digit and node.
"""

from __future__ import annotations

import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kvo_rules.packages import choice, compiled_core, packages

from .test_basic_differential import tied_instance

ROOT = Path(__file__).resolve().parents[2]
N = 300

_RUN = """
import random, sys
from kvo_rules.packages import compiled_core
from tests.packages.test_compiled_core import answers
print(compiled_core())
print("\\n".join(answers()))
"""


def answers() -> list[str]:
    """Every package set (with the frontier for one instance in ten) of N generated instances,
    as text; node limits and generous time limits make them independent of the machine."""
    rng = random.Random(20261201)
    out = []
    for k in range(N):
        instance = tied_instance(rng, (6, 30))
        result = packages(
            instance,
            time_limit_s=600.0,
            frontier_time_limit_s=600.0,
            with_frontier=k % 10 == 0,
            max_nodes=5_000,
        )
        out.append(repr(result))
    saved = choice._SEARCH_NODES
    choice._SEARCH_NODES = 3  # the search by the optimiser's bounds takes over (_reach)
    try:
        for _ in range(40):
            instance = tied_instance(rng, (10, 18))
            result = packages(instance, time_limit_s=600.0, with_frontier=False, max_nodes=5_000)
            out.append(repr(result))
    finally:
        choice._SEARCH_NODES = saved
    return out


def test_compiled_core_says_whether_the_branch_and_bound_is_a_compiled_module() -> None:
    from kvo_rules.packages import _branch

    assert compiled_core() is (not str(_branch.__file__).endswith(".py"))


@pytest.mark.slow
def test_the_mypyc_core_gives_the_pure_python_answers(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "kvo_rules", tmp_path / "kvo_rules")
    shutil.copytree(ROOT / "tests", tmp_path / "tests")
    setup = (ROOT / "setup.py").read_text(encoding="utf-8")
    names = setup.split("COMPILED_CORE = (", 1)[1].split(")", 1)[0]
    modules = [f"kvo_rules/packages/{name}.py" for name in re.findall(r"\"(_\w+)\"", names)]
    assert len(modules) == 9
    # setup.py's options: the rest of kvo_rules is read for its types only (without the
    # pydantic plugin mypy rejects its models, and the build stops)
    build = [sys.executable, "-m", "mypyc", "--config-file", "/dev/null"]
    options = ["--ignore-missing-imports", "--follow-imports=silent"]
    subprocess.run([*build, *options, *modules], cwd=tmp_path, check=True,
                   capture_output=True)  # fmt: skip
    ran = subprocess.run(
        [sys.executable, "-c", _RUN], cwd=tmp_path, check=True, capture_output=True, text=True
    )
    compiled, *theirs = ran.stdout.splitlines()
    assert compiled == "True"
    assert theirs == answers()
