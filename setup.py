"""Copies the bundled measures/, rulesets/, examples/ and schemas/ into the built package
(kvo_rules/data), so that the installed package carries them and the modelines of the bundled
files (``../schemas/...``) resolve there as in the checkout."""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

BUNDLED = ("measures", "rulesets", "examples", "schemas")


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


setup(cmdclass={"build_py": BuildWithData})
