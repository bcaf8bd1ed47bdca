"""docs/rule-authoring.md is true: every code block in it runs, in order, on a fresh copy of the
bundled data, and the list of lint checks in it is the one generated from the check modules.

The tutorial's conventions: a YAML block preceded by ``<!-- file: PATH -->`` is written to PATH
(relative to the copy); every YAML block is checked against the model its top-level key names
(rules, measures, cases, area); a bash block holds ``kvo-rules`` commands, each expected to
exit 0 unless it ends in ``# exits with N``; a text block right after a bash block holds lines
that must appear in that output, in that order. Set KVO_UPDATE_DOCS=1 to regenerate the list
of checks.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from pydantic import BaseModel

from kvo_rules.authoring.lint import checks_markdown
from kvo_rules.authoring.ruletests import RuleTestFile
from kvo_rules.cli import main
from kvo_rules.core.model import MeasureFile, ProblemFile, SourceFile
from kvo_rules.core.parse import parse_model
from kvo_rules.core.profile_model import Profile
from kvo_rules.core.yamlio import parse_document
from kvo_rules.rules.language import RuleFile

from .conftest import ROOT

DOC = ROOT / "docs" / "rule-authoring.md"
START, END = "<!-- checks:start -->\n", "<!-- checks:end -->"
BLOCK = re.compile(
    r"(?:<!-- file: (?P<file>\S+) -->\n)?^```(?P<lang>\w*)\n(?P<body>.*?)^```$", re.S | re.M
)
EXIT = re.compile(r"#.*\bexits with (\d)")
MODELS: dict[str, type[BaseModel]] = {  # by the key that tells the kind of file, first wins
    "area": Profile,
    "cases": RuleTestFile,
    "rules": RuleFile,
    "measures": MeasureFile,
    "problems": ProblemFile,
    "sources": SourceFile,
}


@dataclass(frozen=True)
class Block:
    lang: str
    body: str
    file: str | None
    line: int
    generated: bool


def blocks(text: str) -> list[Block]:
    start, end = text.index(START), text.index(END)
    return [
        Block(
            m.group("lang"),
            m.group("body"),
            m.group("file"),
            text.count("\n", 0, m.start()) + 1,
            start < m.start() < end,
        )
        for m in BLOCK.finditer(text)
    ]


def check_yaml(block: Block) -> None:
    doc = parse_document(block.body, f"{DOC.name}:{block.line}")
    if block.generated:
        return  # examples of mistakes, some malformed on purpose (tests/test_lint.py runs them)
    data = doc.data
    key = next((k for k in MODELS if isinstance(data, dict) and k in data), None)
    assert key is not None, f"line {block.line}: a YAML block must be a whole file"
    parse_model(doc, MODELS[key])


def test_every_code_block_of_the_tutorial_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("rulesets", "measures", "examples", "schemas"):
        shutil.copytree(ROOT / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner(env={"KVO_LANG": "en"})  # the tutorial shows English output
    last_output: str | None = None
    ran = 0
    for block in blocks(DOC.read_text(encoding="utf-8")):
        where = f"{DOC.name}:{block.line}"
        if block.lang == "yaml":
            check_yaml(block)
            if block.file:
                target = tmp_path / block.file
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(block.body, encoding="utf-8")
            last_output = None
        elif block.lang == "bash":
            outputs = []
            for line in filter(None, (x.strip() for x in block.body.splitlines())):
                command, _, comment = line.partition("#")
                wanted = EXIT.search("#" + comment)
                args = shlex.split(command)
                assert args[0] == "kvo-rules", f"{where}: only kvo-rules commands run"
                result = runner.invoke(main, args[1:])
                assert result.exception is None or isinstance(result.exception, SystemExit), (
                    f"{where}: {line}\n{result.output}"
                )
                code = int(wanted.group(1)) if wanted else 0
                assert result.exit_code == code, f"{where}: {line}\n{result.output}"
                outputs.append(result.output)
                ran += 1
            last_output = "".join(outputs)
        elif block.lang == "text":
            assert last_output is not None, f"{where}: a text block follows a bash block"
            position = 0
            for expected in filter(None, block.body.splitlines()):
                found = last_output.find(expected, position)
                assert found >= 0, f"{where}: not in the output:\n{expected}\n---\n{last_output}"
                position = found + len(expected)
            last_output = None
        elif block.generated:
            continue
        else:
            pytest.fail(f"{where}: code block of unknown kind '{block.lang}'")
    assert ran >= 8


def test_the_yaml_examples_of_the_checks_are_yaml() -> None:
    generated = [b for b in blocks(DOC.read_text(encoding="utf-8")) if b.generated]
    assert len(generated) >= 20
    for block in generated:
        assert block.lang == "yaml"
        yaml.safe_load(block.body)


def test_the_list_of_checks_is_generated_from_the_check_modules() -> None:
    text = DOC.read_text(encoding="utf-8")
    start, end = text.index(START) + len(START), text.index(END)
    wanted = "\n" + checks_markdown() + "\n"
    if os.environ.get("KVO_UPDATE_DOCS"):
        DOC.write_text(text[:start] + wanted + text[end:], encoding="utf-8")
        return
    assert text[start:end] == wanted, (
        "the list of checks in docs/rule-authoring.md is out of date: rerun the tests with "
        "KVO_UPDATE_DOCS=1 (or paste the output of 'kvo-rules lint --list-checks')"
    )


def test_every_command_help_has_an_example() -> None:
    runner = CliRunner()
    for command in ("lint", "test"):
        result = runner.invoke(main, [command, "--help"])
        assert result.exit_code == 0
        assert "Examples:" in result.output and f"kvo-rules {command}" in result.output


def _tour_sections() -> list[list[str]]:
    """The README tour's commands, in sections (a comment line opens a new one); each section
    runs on its own copy of the examples, so later commands may use what earlier ones wrote."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    tour = text[text.index("## A short tour") :]
    block = tour[tour.index("```bash\n") + len("```bash\n") : tour.index("```\n", 10)]
    sections: list[list[str]] = [[]]
    for line in block.splitlines():
        if line.startswith("#") and sections[-1]:
            sections.append([])
        command = line.split("#")[0].strip()
        if command.startswith("kvo-rules "):
            sections[-1].append(command)
    return sections


def test_the_readme_tour_is_a_tour() -> None:
    """The tour shows the commands a new user needs (and the sections below run them all)."""
    sections = _tour_sections()
    assert len(sections) >= 5 and sum(len(s) for s in sections) >= 15
    assert all(sections)


@pytest.mark.parametrize("section", range(len(_tour_sections())))
def test_the_readme_tour_runs(
    section: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every command of the README's tour works as written (on a copy of the examples)."""
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    (tmp_path / "my_area.yaml").write_text(
        (ROOT / "examples" / "business_park_dark.yaml").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    # the follow-up of the worked example, measured against the plan the tour writes
    shutil.copy(ROOT / "examples" / "cycle" / "followup.yaml", tmp_path / "followup.yaml")
    monkeypatch.chdir(tmp_path)
    for command in _tour_sections()[section]:
        result = CliRunner().invoke(main, shlex.split(command)[1:])
        assert result.exit_code == 0, f"{command}\n{result.output}"
