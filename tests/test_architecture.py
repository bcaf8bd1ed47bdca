"""The layout is the architecture (docs/architecture.md), checked on the source's syntax trees.

Layers, lowest first: ``core`` < ``rules``, ``packages``, ``analysis`` < ``advice`` < ``documents``
< ``authoring`` < ``cli``. A module imports from its own folder and from lower layers only; the
three folders of layer 1 do not import each other. No module imports another's private
(``_name``) names, and no module outside a folder imports that folder's private modules. The
package's ``__init__`` (the lazy public API) and ``__main__`` stand above every layer.

And the size limits: a module of at most ~500 lines, a function of at most ~80.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

from .conftest import ROOT

PACKAGE = ROOT / "kvo_rules"
LAYERS = {
    "core": 0,
    "rules": 1,
    "packages": 1,
    "analysis": 1,
    "advice": 2,
    "documents": 3,
    "authoring": 4,
    "cli": 5,
}
TOP = 99  # kvo_rules/__init__.py and __main__.py
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 80

# Still too long: the work left from issue 17, listed so that nothing new joins them.
# Remove an entry when its function is split (the test fails on a stale entry too).
LONG_FUNCTIONS_LEFT: set[str] = set()
LONG_MODULES_LEFT: set[str] = set()


@dataclass(frozen=True)
class Import:
    source: str  # the importing module, dotted
    line: int
    target: str  # the imported module, dotted
    names: tuple[str, ...]


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _sources() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _imports(path: Path) -> list[Import]:
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: list[Import] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            names = tuple(a.name for a in node.names)
            if target.startswith("kvo_rules"):
                found.append(Import(module, node.lineno, target, names))
        elif isinstance(node, ast.Import):
            found += [
                Import(module, node.lineno, a.name, ())
                for a in node.names
                if a.name.startswith("kvo_rules")
            ]
    return found


def _folder(module: str) -> str:
    """The layer folder of a dotted module name (``kvo_rules`` itself: the top)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _rank(module: str) -> int:
    folder = _folder(module)
    return LAYERS.get(folder, TOP)


def _is_private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _submodule_targets(imp: Import) -> list[str]:
    """``from . import x`` names modules: check each as its own target."""
    out = []
    for name in imp.names:
        candidate = f"{imp.target}.{name}"
        as_path = PACKAGE.parent / candidate.replace(".", "/")
        if as_path.with_suffix(".py").is_file() or (as_path / "__init__.py").is_file():
            out.append(candidate)
    return out or [imp.target]


def test_every_folder_of_the_package_is_a_known_layer() -> None:
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert folders == set(LAYERS), "a new top-level folder needs a place in LAYERS and the docs"
    loose = {p.name for p in PACKAGE.glob("*.py")}
    assert loose == {"__init__.py", "__main__.py"}, "modules live in the layer folders"


def test_every_package_folder_has_an_init() -> None:
    missing = [
        str(d.relative_to(ROOT))
        for d in PACKAGE.rglob("*")
        if d.is_dir() and any(d.glob("*.py")) and not (d / "__init__.py").is_file()
    ]
    assert missing == []


def test_imports_flow_downwards() -> None:
    wrong = []
    for path in _sources():
        for imp in _imports(path):
            src_folder, src_rank = _folder(imp.source), _rank(imp.source)
            for target in _submodule_targets(imp):
                folder, rank = _folder(target), _rank(target)
                if folder == src_folder or src_rank == TOP:
                    continue
                if rank == TOP and all(n.startswith("__") for n in imp.names):
                    continue  # __version__
                if rank >= src_rank:
                    wrong.append(f"{imp.source}:{imp.line} imports {target} (layer {folder})")
    assert wrong == [], "\n".join(wrong)


def test_no_private_names_cross_modules() -> None:
    wrong = []
    for path in _sources():
        for imp in _imports(path):
            private = [n for n in imp.names if _is_private(n)]
            if private:
                wrong.append(f"{imp.source}:{imp.line} imports {private} from {imp.target}")
            for target in _submodule_targets(imp):
                hidden = [p for p in target.split(".")[:-1] if _is_private(p)]
                last = target.split(".")[-1]
                package = target.rpartition(".")[0]
                outside = not imp.source.startswith(package + ".") and imp.source != package
                if hidden or (_is_private(last) and outside):
                    wrong.append(f"{imp.source}:{imp.line} imports private module {target}")
    assert wrong == [], "\n".join(wrong)


def _long_functions() -> dict[str, int]:
    out = {}
    for path in _sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    out[f"{_module_name(path)}.{node.name}"] = length
    return out


def _long_modules() -> dict[str, int]:
    out = {}
    for path in _sources():
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_MODULE_LINES:
            out[_module_name(path)] = lines
    return out


@pytest.mark.parametrize(
    ("measure", "left", "limit"),
    [
        (_long_functions, LONG_FUNCTIONS_LEFT, MAX_FUNCTION_LINES),
        (_long_modules, LONG_MODULES_LEFT, MAX_MODULE_LINES),
    ],
    ids=["functions", "modules"],
)
def test_sizes(measure: object, left: set[str], limit: int) -> None:
    assert callable(measure)
    found: dict[str, int] = measure()
    new = {k: v for k, v in found.items() if k not in left}
    assert new == {}, f"over {limit} lines: split them"
    stale = left - set(found)
    assert stale == set(), "split already: remove from the list of what is left"
