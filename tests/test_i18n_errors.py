"""Error messages in both languages, family by family, through the command line.

Dutch is the default (``KVO_LANG`` unset), English with ``--lang en`` or ``KVO_LANG=en``. Each
family's representative error keeps ``file:line:col: message`` and exit code 2 in both; the
last test runs a set of bad inputs in Dutch and fails on a tell-tale English word.
"""

from __future__ import annotations

import ast
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kvo_rules.cli import main

from .conftest import ROOT

RULES = """\
rules:
  - id: dark_burglary
    description: {nl: Inbraak in het donker, en: Burglary in the dark}
    when:
      - problem: burglary_business
        severity: {min: 3}
    then:
      - propose: street_lighting
"""

PROFILE = """\
area: {name: X, kind: shopping_area, businesses: 5}
problems:
  - {type: robbery, severity: 2}
"""


def run(args: list[str], lang: str) -> Result:
    """The CLI with ``KVO_LANG`` set to ``lang`` ("" for the default, Dutch)."""
    return CliRunner().invoke(main, args, env={"KVO_LANG": lang})


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


Case = Callable[[Path], tuple[list[str], str, str]]
"""A bad input: (arguments, the Dutch message as a regex, the English one)."""


def profile_validation(tmp: Path) -> tuple[list[str], str, str]:
    p = write(tmp, "p.yaml", PROFILE.replace("severity: 2", "severity: 7"))
    return (
        ["validate", str(p)],
        rf"{re.escape(str(p))}:3:31: 'severity': mag hoogstens 5 zijn \(ingevuld: 7\)",
        rf"{re.escape(str(p))}:3:31: 'severity': input should be less than or equal to 5",
    )


def yaml_syntax(tmp: Path) -> tuple[list[str], str, str]:
    p = write(tmp, "p.yaml", "area:\n  name: a: b\n")
    return (
        ["validate", str(p)],
        rf"{re.escape(str(p))}:2:10: YAML-syntaxfout: een ':' op een plek waar geen sleutel",
        rf"{re.escape(str(p))}:2:10: YAML syntax error: mapping values are not allowed",
    )


def duplicate_key(tmp: Path) -> tuple[list[str], str, str]:
    p = write(tmp, "p.yaml", PROFILE + "area: {name: Y}\n")
    return (
        ["validate", str(p)],
        rf"{re.escape(str(p))}:4:1: sleutel 'area' staat er twee keer \(eerst op regel 1\)",
        rf"{re.escape(str(p))}:4:1: duplicate key 'area' \(first given on line 1\)",
    )


def unknown_measure(tmp: Path) -> tuple[list[str], str, str]:
    p = write(tmp, "p.yaml", PROFILE + "existing_measures: [cctv_pro]\n")
    return (
        ["recommend", str(p)],
        rf"{re.escape(str(p))}:4:21: onbekende maatregel 'cctv_pro' \(bedoelt u '\w+'\?\)",
        rf"{re.escape(str(p))}:4:21: unknown measure 'cctv_pro' \(did you mean '\w+'\?\)",
    )


def rule_language(tmp: Path) -> tuple[list[str], str, str]:
    p = write(tmp, "rules.yaml", RULES.replace("- problem: burglary", "- problm: burglary"))
    return (
        ["validate", str(p)],
        rf"{re.escape(str(p))}:5:9: onbekende voorwaarde 'problm' \(bedoelt u 'problem'\?\); "
        "mogelijk zijn: ",
        rf"{re.escape(str(p))}:5:9: unknown condition 'problm' \(did you mean 'problem'\?\); "
        "expected one of: ",
    )


def profile_number(tmp: Path) -> tuple[list[str], str, str]:
    p = write(tmp, "p.yaml", PROFILE.replace("businesses: 5", "businesses: lots"))
    return (
        ["validate", str(p)],
        rf"{re.escape(str(p))}:1:50: 'businesses': hoort een geheel getal te zijn "
        r"\(ingevuld: 'lots'\)",
        rf"{re.escape(str(p))}:1:50: 'businesses': should be a whole number \(got 'lots'\)",
    )


def analysis_check(tmp: Path) -> tuple[list[str], str, str]:
    d = tmp / "analysis"
    shutil.copytree(ROOT / "examples" / "analysis", d)
    police = d / "police.csv"
    text = police.read_text(encoding="utf-8")
    police.write_text(re.sub(r'"2023MM01";\d+', '"2023MM01";vier', text, count=1))
    where = rf"{re.escape(str(police))}:\d+:\d+: "
    return (
        ["analyse", "--area", str(d / "area.yaml"), "--police", str(police)],
        where + r"'vier' is geen aantal misdrijven \(een geheel getal, zonder scheidingstekens\)",
        where + r"'vier' is not a number of crimes \(a whole number, no separators\)",
    )


def cli_refusal(tmp: Path) -> tuple[list[str], str, str]:
    p = write(tmp, "p.yaml", PROFILE)
    return (
        ["plan", str(p), "-o", str(tmp / "plan.md"), "--matrix", "-"],
        r"--matrix: geef een bestandsnaam \('-' kan alleen bij --output\)",
        r"--matrix: give a file name \('-' is only for --output\)",
    )


def click_usage(tmp: Path) -> tuple[list[str], str, str]:
    return (
        ["recommend"],
        r"Gebruik: main recommend \[OPTIONS\] PROFILE\n.*\n+Fout: Argument ontbreekt: 'PROFILE'\.",
        r"Usage: main recommend \[OPTIONS\] PROFILE\n.*\n+Error: Missing argument 'PROFILE'\.",
    )


FAMILIES: dict[str, Case] = {
    "profile-validation": profile_validation,
    "profile-number": profile_number,
    "yaml-syntax": yaml_syntax,
    "duplicate-key": duplicate_key,
    "unknown-measure": unknown_measure,
    "rule-language": rule_language,
    "analysis-check": analysis_check,
    "cli-refusal": cli_refusal,
    "click-usage": click_usage,
}


@pytest.mark.parametrize("family", list(FAMILIES))
def test_each_family_speaks_dutch_by_default_and_english_on_request(
    tmp_path: Path, family: str
) -> None:
    args, dutch, english = FAMILIES[family](tmp_path)
    nl = run(args, "")
    assert nl.exit_code == 2, nl.output
    assert re.search(dutch, nl.output), nl.output
    en = run(args, "en")
    assert en.exit_code == 2, en.output
    assert re.search(english, en.output), en.output
    flag = run([*args, "--lang", "en"] if family != "click-usage" else [*args, "--lang=en"], "nl")
    assert flag.exit_code == 2, flag.output
    assert re.search(english, flag.output), flag.output
    assert "Traceback" not in nl.output + en.output


def test_a_lint_finding_keeps_its_code_and_speaks_the_language(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    write(rules, "a.yaml", RULES + RULES.split("rules:\n", 1)[1].replace("id: dark", "id: late"))
    nl = run(["lint", "--rules", str(rules), "--select", "duplicate-rule"], "")
    en = run(["lint", "--rules", str(rules), "--select", "duplicate-rule", "--lang", "en"], "")
    assert nl.exit_code == en.exit_code == 1
    where = rf"{re.escape(str(rules / 'a.yaml'))}:\d+:\d+: KVO\d{{3}} "
    assert re.search(
        where + r"regel 'late_burglary' herhaalt regel 'dark_burglary' \(.*\): dezelfde "
        "voorwaarden, dezelfde acties",
        nl.output,
    ), nl.output
    assert re.search(
        where + r"rule 'late_burglary' duplicates rule 'dark_burglary' \(.*\): same conditions",
        en.output,
    ), en.output
    assert "1 bevinding (" in nl.output and "1 finding (" in en.output


TELL_TALE = ("unknown", "expected", "must", "should", "invalid", "missing", "did you mean", "got")
"""Words that give an English message away."""


def _bad_inputs(tmp: Path) -> list[list[str]]:
    inputs = [case(tmp / f"case{i}")[0] for i, case in enumerate(FAMILIES.values())]
    p = write(tmp, "more.yaml", PROFILE)
    more = [
        PROFILE.replace("kind: shopping_area", "kind: park"),
        PROFILE.replace("{type: robbery, severity: 2}", "{type: robbery}"),
        PROFILE + "times: [day, on]\n",
        PROFILE + "existing_measures: no\n",
        PROFILE + "budget: {one_off: 25.000}\n",
        PROFILE + "budget: {one_off: '25.000'}\n",
        PROFILE + "colour: red\n",
        PROFILE.replace("robbery", "robery"),
        "- a\n- b\n",
        "a: [1, 2\n",
    ]
    for i, text in enumerate(more):
        path = write(tmp, f"bad{i}.yaml", text)
        inputs.append(["validate", str(path)])
    return [
        *inputs,
        ["recommend", str(p), "--bogus"],
        ["recomend", str(p)],
        ["recommend", str(p), "--format", "xml"],
        ["recommend", str(p), "--horizon", "12"],
        ["recommend", str(tmp / "gone.yaml")],
        ["examples", "nosuch"],
        ["init", "--kind", "parking"],
        ["batch", str(p), "-o", str(tmp / "out.txt")],
        ["measures", "show", "cctv_pro"],
    ]


def test_bad_inputs_in_dutch_show_no_english_words(tmp_path: Path) -> None:
    for i in range(len(FAMILIES)):
        (tmp_path / f"case{i}").mkdir()
    pattern = re.compile(r"\b(" + "|".join(TELL_TALE) + r")\b", re.IGNORECASE)
    for args in _bad_inputs(tmp_path):
        result = run(args, "")
        assert result.exit_code == 2, (args, result.output)
        text = result.output.replace(str(tmp_path), "")
        found = pattern.findall(text)
        assert found == [], (args, text)


ERROR_CALLS = {"at", "Diagnostic", "error", "_fail", "KvoError", "model_error", "BadParameter"}
"""The calls that carry a user-facing error message."""


def test_no_error_message_is_a_plain_string() -> None:
    """An error message written as a literal or an f-string escapes the catalogue: it would
    stay English in Dutch mode. Every one must be a ``msg(...)`` (or a value holding one)."""
    package = ROOT / "kvo_rules"
    bad = []
    for path in sorted(package.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(source)):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if name not in ERROR_CALLS:
                continue
            for arg in [*node.args, *(k.value for k in node.keywords)]:
                text = arg.value if isinstance(arg, ast.Constant) else None
                if isinstance(arg, ast.JoinedStr) or (isinstance(text, str) and " " in text):
                    bad.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert bad == []


def test_click_gets_its_own_gettext_back_after_a_command(tmp_path: Path) -> None:
    import gettext

    import click.exceptions

    run(["recommend"], "")
    assert click.exceptions._ is gettext.gettext  # type: ignore[attr-defined]
    assert click.exceptions.ngettext is gettext.ngettext  # type: ignore[attr-defined]
