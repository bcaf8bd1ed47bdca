"""Copies the bundled measures/, rulesets/, examples/ and schemas/ into the built package
(kvo_rules/data), so that the installed package carries them and the modelines of the bundled
files (``../schemas/...``) resolve there as in the checkout.

With ``KVO_MYPYC=1`` the optimiser's hot modules (the branch and bound, its bounds, the search
helpers, the compiled instance, the cheapest-package searches, the group bounds, the frontier's
Pareto search and walk) are also compiled
with mypyc, which comes with mypy; that needs a C compiler at build time, so it is opt-in:
``KVO_MYPYC=1 pip install .`` (pip first installs mypy into the isolated build environment;
``kvo_rules.packages.compiled_core()`` then says True). Without it (the default) the same
modules run as pure Python, with identical results.
"""

import os
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

BUNDLED = ("measures", "rulesets", "examples", "schemas")

COMPILED_CORE = (
    "_bounds", "_branch", "_search", "_compiled", "_cheapest", "_groups", "_reach",
    "_pareto", "_walk",
)  # fmt: skip
"""Modules of kvo_rules/packages that mypyc compiles with KVO_MYPYC=1 (docs/benchmarks.md)."""

MYPYC_OPTIONS = ["--config-file", os.devnull, "--ignore-missing-imports", "--follow-imports=silent"]
"""mypyc's options (benchmarks/issue18.py and tests/packages/test_compiled_core.py use the same)."""


class BuildWithData(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return  # an editable install reads the files from the checkout
        root = Path(__file__).parent
        for name in BUNDLED:
            target = Path(self.build_lib) / "kvo_rules" / "data" / name
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(root / name, target, ignore=shutil.ignore_patterns("__pycache__"))


def compiled_core() -> tuple[list[object], list[str]]:
    """The mypyc extension modules with KVO_MYPYC=1 (else none: pure Python), and what the
    build needs for them: asked for first, so that the build itself finds mypyc."""
    if os.environ.get("KVO_MYPYC") != "1":
        return [], []
    try:
        from mypyc.build import mypycify
    except ImportError:  # the build environment is asked for mypy first, then built with it
        return [], ["mypy>=1.10"]
    modules = [f"kvo_rules/packages/{name}.py" for name in COMPILED_CORE]
    # Not pyproject's [tool.mypy] (its pydantic plugin is not in the build environment): the
    # compiled modules import only the standard library and kvo_rules.packages, which
    # `mypy kvo_rules` checks strictly anyway. The rest of kvo_rules (imported through the
    # package's __init__) is read for its types only: without the plugin mypy would reject
    # its pydantic code and the build would stop.
    options = MYPYC_OPTIONS
    return list(mypycify([*options, *modules])), ["mypy>=1.10"]


EXTENSIONS, BUILD_NEEDS = compiled_core()
setup(cmdclass={"build_py": BuildWithData}, ext_modules=EXTENSIONS, setup_requires=BUILD_NEEDS)
