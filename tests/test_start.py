"""Starting without the repository: ``init``, ``examples``, the schemas shipped with the package,
and ``schema`` refusing to overwrite."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

import jsonschema
import pytest
from click.testing import CliRunner, Result

from kvo_rules import Engine, KvoError
from kvo_rules.authoring.schemas import schema_texts
from kvo_rules.authoring.starter import bundled_examples, example_profile, starter_profile
from kvo_rules.cli import main
from kvo_rules.core.model import AreaKind
from kvo_rules.core.yamlio import load_document

from .conftest import EXAMPLES, ROOT

MODELINE = re.compile(r"# yaml-language-server: \$schema=(\S+)\n")


def run(*args: str) -> Result:
    return CliRunner(env={"KVO_LANG": "en"}).invoke(main, list(args))  # messages in English


def modeline_schema(text: str) -> Path:
    """The file the first line's modeline points at (a ``file:`` URI)."""
    match = MODELINE.match(text)
    assert match is not None, text[:200]
    uri = urlparse(match.group(1))
    assert uri.scheme == "file"
    return Path(url2pathname(uri.path))


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("kind", [k.value for k in AreaKind])
def test_the_starter_profile_of_every_kind_loads_and_recommends(
    engine: Engine, tmp_path: Path, kind: str, lang: str
) -> None:
    path = tmp_path / "start.yaml"
    result = run("init", "--kind", kind, "--lang", lang, "-o", str(path))
    assert result.exit_code == 0, result.output
    profile = engine.load_profile(path)
    assert profile.area.kind.value == kind
    recommendation = engine.recommend(profile)
    assert recommendation.recommended.measures


@pytest.mark.parametrize("kind", [k.value for k in AreaKind])
def test_the_starter_modeline_resolves_and_the_starter_fits_its_schema(kind: str) -> None:
    text = starter_profile(kind, "en")
    schema_path = modeline_schema(text)
    assert schema_path.is_file()
    schema = json.loads(schema_path.read_text("utf-8"))
    data = load_document_from_text(text)
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(data)) == []


def load_document_from_text(text: str) -> object:
    from kvo_rules.core.yamlio import parse_document

    return parse_document(text, "start.yaml").data


def test_the_starter_comments_speak_the_chosen_language() -> None:
    dutch = starter_profile("shopping_area", "nl", file="centrum.yaml")
    english = starter_profile("shopping_area", "en", file="centre.yaml")
    assert "# Startprofiel voor kvo-rules" in dutch
    assert "kvo-rules validate centrum.yaml" in dutch
    assert "Starter profile" not in dutch
    assert "# Starter profile for kvo-rules" in english
    assert "Startprofiel" not in english
    assert "kvo-rules problems --kind shopping_area" in english


def test_init_writes_to_standard_output_by_default_and_refuses_to_overwrite(
    tmp_path: Path,
) -> None:
    result = run("init", "--lang", "en")
    assert result.exit_code == 0
    assert result.output.startswith("# yaml-language-server: $schema=file:")
    path = tmp_path / "p.yaml"
    path.write_text("mine\n", "utf-8")
    refused = run("init", "--lang", "en", "-o", str(path))
    assert refused.exit_code == 2
    assert f"{path}: file exists (use --force to replace it)" in refused.output
    assert path.read_text("utf-8") == "mine\n"
    assert run("init", "-o", str(path), "--force").exit_code == 0
    assert "area:" in path.read_text("utf-8")


def test_an_unknown_kind_is_refused_in_the_library() -> None:
    with pytest.raises(KvoError, match=r"unknown area kind 'shoping_area'.*did you mean"):
        starter_profile("shoping_area")


def test_examples_lists_every_bundled_example_profile() -> None:
    result = run("examples")
    assert result.exit_code == 0, result.output
    names = sorted(path.stem for path in EXAMPLES.glob("*.yaml"))
    assert [e.name for e in bundled_examples()] == names
    for name in names:
        assert name in result.output
    assert "A small village centre (30 businesses)" in result.output


def test_examples_name_copies_one_with_a_resolving_modeline(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("examples", "shopping_area_village")
    assert result.exit_code == 0, result.output
    copy = tmp_path / "shopping_area_village.yaml"
    text = copy.read_text("utf-8")
    assert modeline_schema(text).is_file()
    original = (EXAMPLES / "shopping_area_village.yaml").read_text("utf-8")
    assert text.split("\n", 1)[1] == original.split("\n", 1)[1]
    assert engine.load_profile(copy) == engine.load_profile(EXAMPLES / "shopping_area_village.yaml")
    again = run("examples", "shopping_area_village")
    assert again.exit_code == 2
    assert "file exists" in again.output
    other = run("examples", "business_park_dark", "-o", str(tmp_path / "mine.yaml"))
    assert other.exit_code == 0
    assert (tmp_path / "mine.yaml").is_file()


def test_an_unknown_example_gets_a_suggestion_and_exit_2() -> None:
    result = run("examples", "village")
    assert result.exit_code == 2
    assert "no example 'village' (did you mean 'shopping_area_village'?)" in result.output
    with pytest.raises(KvoError, match="did you mean 'business_park_dark'"):
        example_profile("business_park_drak")


def test_schema_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    out = tmp_path / "schemas"
    first = run("schema", "-o", str(out))
    assert first.exit_code == 0, first.output
    (out / "profile.schema.json").write_text("{}", "utf-8")
    refused = run("schema", "-o", str(out))
    assert refused.exit_code == 2
    assert f"{out}: already holds schema files" in refused.output
    assert "use --force to replace them" in refused.output
    assert (out / "profile.schema.json").read_text("utf-8") == "{}"
    forced = run("schema", "-o", str(out), "--force")
    assert forced.exit_code == 0
    assert (out / "profile.schema.json").read_text("utf-8") == schema_texts()["profile.schema.json"]


def test_schema_writes_into_an_existing_folder_without_schemas(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x", "utf-8")
    result = run("schema", "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "profile.schema.json").is_file()
    assert (tmp_path / "notes.txt").read_text("utf-8") == "x"


def test_bundled_modelines_resolve_in_the_checkout() -> None:
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        line = path.read_text("utf-8").split("\n", 1)[0]
        target = line.split("$schema=", 1)[1]
        assert (path.parent / target).resolve().is_file(), path


WHEEL_DATA = (
    "kvo_rules/data/schemas/profile.schema.json",
    "kvo_rules/data/schemas/measures.schema.json",
    "kvo_rules/data/examples/shopping_area_village.yaml",
    "kvo_rules/data/measures/problems.yaml",
    "kvo_rules/data/rulesets/retail_crime.yaml",
)


@pytest.mark.slow
def test_the_built_wheel_carries_schemas_and_examples_as_package_data(tmp_path: Path) -> None:
    """Build the wheel, unpack it apart from the checkout, and read the data through
    importlib.resources and the starter's modeline, as an installed package would."""
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("kvo_rules-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        for name in WHEEL_DATA:
            assert name in names, name
        schemas = {n.rsplit("/", 1)[1] for n in names if n.startswith("kvo_rules/data/schemas/")}
        assert schemas == set(schema_texts())
        site = tmp_path / "site"
        archive.extractall(site)
    probe = (
        "import importlib.resources as r, sys\n"
        "from kvo_rules.authoring.starter import starter_profile\n"
        "data = r.files('kvo_rules') / 'data'\n"
        "assert (data / 'schemas' / 'profile.schema.json').is_file()\n"
        "assert (data / 'examples' / 'business_park_dark.yaml').is_file()\n"
        "print(starter_profile().split(chr(10), 1)[0])\n"
    )
    out = subprocess.run(
        [sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(site)!r})\n" + probe],
        check=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    schema_path = modeline_schema(out.stdout)
    assert schema_path.is_file()
    assert str(schema_path).startswith(str(site))
    assert load_document(schema_path).data["title"] == "Profile"


@pytest.mark.parametrize("command", ["init", "examples", "schema"])
def test_the_new_commands_help_has_examples(command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Examples:" in result.output
    assert f"kvo-rules {command}" in result.output
