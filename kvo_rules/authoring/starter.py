"""Starting without the repository: a commented starter profile and the bundled examples.

After ``pip install kvo-rules`` there is no checkout to copy from, so the package carries its
example profiles and JSON Schemas (``kvo_rules/data``; in a checkout the top-level folders).
:func:`starter_profile` writes a profile to fill in, commented in Dutch or English;
:func:`example_profile` gives a bundled example. Both start with a ``yaml-language-server``
modeline that points at the profile schema shipped with the installed package (a ``file:``
URI), so an editor completes and checks the profile wherever it is saved.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..core.bundled import bundled_dir
from ..core.errors import KvoError, Location, did_you_mean
from ..core.i18n import msg
from ..core.model import AreaKind, Lang

__all__ = [
    "Example",
    "bundled_examples",
    "example_profile",
    "profile_schema_uri",
    "starter_profile",
]

_MODELINE = "# yaml-language-server: $schema="


def profile_schema_uri() -> str:
    """The ``file:`` URI of the profile schema that ships with the installed package."""
    return (bundled_dir("schemas") / "profile.schema.json").resolve().as_uri()


@dataclass(frozen=True)
class _Problem:
    type: str
    severity: int
    incidents: int | None
    times: str | None
    note: tuple[str, str]


@dataclass(frozen=True)
class _Kind:
    name: tuple[str, str]
    businesses: int
    farms: int | None
    hectares: float
    problems: tuple[_Problem, ...]
    budget: tuple[int, int]


_KINDS: dict[AreaKind, _Kind] = {
    AreaKind.business_park: _Kind(
        ("Bedrijventerrein (naam)", "Business park (name)"),
        120,
        None,
        40,
        (
            _Problem("burglary_business", 3, 12, "night", ("inbraak in bedrijfspanden", "")),
            _Problem("vehicle_crime", 2, 6, None, ("diefstal uit bestelbussen", "")),
            _Problem("poor_lighting", 3, None, None, ("donkere plekken uit de schouw", "")),
        ),
        (25000, 10000),
    ),
    AreaKind.shopping_area: _Kind(
        ("Winkelgebied (naam)", "Shopping area (name)"),
        80,
        None,
        5,
        (
            _Problem("shoplifting", 3, 40, "day", ("vooral op zaterdag", "")),
            _Problem("burglary_business", 3, 4, "night", ("inbraak via de achterkant", "")),
            _Problem("vandalism", 2, None, None, ("bankjes en plantenbakken", "")),
        ),
        (20000, 8000),
    ),
    AreaKind.rural_area: _Kind(
        ("Buitengebied (naam)", "Rural area (name)"),
        140,
        90,
        5000,
        (
            _Problem("agricultural_theft", 4, 20, "night", ("GPS-kastjes en diesel", "")),
            _Problem("drug_waste_dumping", 3, 4, None, ("vaten op veldwegen", "")),
            _Problem("illegal_dumping", 2, None, None, ("", "")),
        ),
        (15000, 6000),
    ),
}

_NOTE_EN = {
    "inbraak in bedrijfspanden": "burglary of business premises",
    "diefstal uit bestelbussen": "theft from vans",
    "donkere plekken uit de schouw": "dark spots found in the walk-through",
    "vooral op zaterdag": "mostly on Saturdays",
    "inbraak via de achterkant": "break-ins at the back",
    "bankjes en plantenbakken": "benches and planters",
    "GPS-kastjes en diesel": "GPS units and diesel",
    "vaten op veldwegen": "drums on field tracks",
}

_WORDS: dict[str, tuple[str, str]] = {
    "head": (
        "Startprofiel voor kvo-rules: vervang de voorbeeldwaarden door de uitkomst van de\n"
        "# veiligheidsanalyse (KVO stap 1). Controleren: kvo-rules validate {file}\n"
        "# Advies: kvo-rules recommend {file}   Plan: kvo-rules plan {file} -o plan.html",
        "Starter profile for kvo-rules: replace the example values with the outcome of the\n"
        "# safety analysis (KVO step 1). Check: kvo-rules validate {file}\n"
        "# Advice: kvo-rules recommend {file}   Plan: kvo-rules plan {file} -o plan.html",
    ),
    "numbers": (
        "Getallen zonder duizendtallenpunt (25000, niet 25.000) en met een decimale punt (2.5).",
        "Numbers without a thousands separator (25000, not 25.000), decimals with a point (2.5).",
    ),
    "area": ("Het gebied", "The area"),
    "kind": (
        "business_park (KVO-B), shopping_area (KVO-W) of rural_area (buitengebied)",
        "business_park (KVO-B), shopping_area (KVO-W) or rural_area (rural area)",
    ),
    "businesses": ("aantal bedrijven in het gebied", "number of businesses in the area"),
    "farms": ("waarvan agrarische bedrijven", "of which farms"),
    "hectares": ("oppervlakte in hectare", "area in hectares"),
    "problems": (
        "De problemen uit de analyse. Alle ids: kvo-rules problems --kind {kind}",
        "The problems from the analysis. All ids: kvo-rules problems --kind {kind}",
    ),
    "severity": ("ernst: 1 (licht) tot 5 (zeer ernstig)", "severity: 1 (mild) to 5 (severe)"),
    "incidents": (
        "incidenten per jaar (politiecijfers, enquête); weglaten als onbekend",
        "incidents a year (police figures, survey); leave out when unknown",
    ),
    "times": (
        "wanneer vooral: day, evening, night, weekend",
        "mostly when: day, evening, night, weekend",
    ),
    "trend": ("trend: falling, stable of rising", "trend: falling, stable or rising"),
    "existing": (
        "Maatregelen die er al zijn, bijvoorbeeld [kvo_partnership]. Alle ids:\n"
        "# kvo-rules measures --kind {kind}",
        "Measures already in place, for example [kvo_partnership]. All ids:\n"
        "# kvo-rules measures --kind {kind}",
    ),
    "budget": (
        "Wat nieuwe maatregelen mogen kosten, in euro's; weglaten voor advies zonder\n"
        "# budgetgrens. Per betaler kan ook: municipality: {{one_off: 20000, yearly: 5000}}",
        "What new measures may cost, in euros; leave out for advice without a budget\n"
        "# limit. Per payer works too: municipality: {{one_off: 20000, yearly: 5000}}",
    ),
    "one_off": ("eenmalig", "one-off"),
    "yearly": ("per jaar", "a year"),
    "horizon": (
        "jaren waarover de kosten tellen (1 tot 10; een KVO-certificaat loopt 3 jaar)",
        "years over which costs count (1 to 10; a KVO certificate runs 3 years)",
    ),
}


def _w(key: str, lang: Lang, **values: str) -> str:
    return _WORDS[key][0 if lang == "nl" else 1].format(**values)


def _number(value: float) -> str:
    return f"{value:g}" if value != int(value) else str(int(value))


def starter_profile(
    kind: AreaKind | str = AreaKind.business_park, lang: Lang = "nl", *, file: str = "FILE"
) -> str:
    """A commented profile of ``kind`` to fill in (comments in ``lang``) that loads as it is.

    ``file`` is the name the comments use in their example commands.
    """
    try:
        area_kind = AreaKind(kind)
    except ValueError:
        choices = [k.value for k in AreaKind]
        raise KvoError.at(
            Location("--kind"),
            msg(
                "unknown area kind '{kind}'{hint}; expected one of: {choices}",
                kind=kind,
                hint=did_you_mean(str(kind), choices),
                choices=", ".join(choices),
            ),
        ) from None
    spec = _KINDS[area_kind]
    nl = lang == "nl"
    lines = [
        f"{_MODELINE}{profile_schema_uri()}",
        f"# {_w('head', lang, file=file)}",
        f"# {_w('numbers', lang)}",
        f"area:  # {_w('area', lang)}",
        f"  name: {spec.name[0 if nl else 1]}",
        f"  kind: {area_kind.value}  # {_w('kind', lang)}",
        f"  municipality: {'Gemeente (naam)' if nl else 'Municipality (name)'}",
        f"  businesses: {spec.businesses}  # {_w('businesses', lang)}",
    ]
    if spec.farms is not None:
        lines.append(f"  farms: {spec.farms}  # {_w('farms', lang)}")
    lines += [
        f"  hectares: {_number(spec.hectares)}  # {_w('hectares', lang)}",
        f"# {_w('problems', lang, kind=area_kind.value)}",
        "problems:",
    ]
    for i, problem in enumerate(spec.problems):
        first = i == 0
        lines.append(f"  - type: {problem.type}")
        lines.append(f"    severity: {problem.severity}" + (f"  # {_w('severity', lang)}" * first))
        if problem.incidents is not None:
            comment = f"  # {_w('incidents', lang)}" * first
            lines.append(f"    incidents_per_year: {problem.incidents}{comment}")
        if first:
            lines.append(f"    trend: stable  # {_w('trend', lang)}")
        if problem.times is not None:
            comment = f"  # {_w('times', lang)}" * first
            lines.append(f"    times: [{problem.times}]{comment}")
        note = problem.note[0] if nl else _NOTE_EN.get(problem.note[0], "")
        if note:
            lines.append(f"    note: {note}")
    one_off, yearly = spec.budget
    lines += [
        f"# {_w('existing', lang, kind=area_kind.value)}",
        "existing_measures: []",
        f"# {_w('budget', lang)}",
        "budget:",
        f"  one_off: {one_off}  # {_w('one_off', lang)}",
        f"  yearly: {yearly}  # {_w('yearly', lang)}",
        f"horizon_years: 3  # {_w('horizon', lang)}",
    ]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Example:
    """A bundled example profile: its name, what it shows (its first comment) and its file."""

    name: str
    summary: str
    path: Path


def bundled_examples() -> list[Example]:
    """The example profiles that ship with the package, by name."""
    found = []
    for path in sorted(bundled_dir("examples").glob("*.yaml")):
        comments = []
        for line in path.read_text("utf-8").splitlines()[1:]:
            if not line.startswith("#"):
                break
            comments.append(line.lstrip("# ").strip())
        text = " ".join(comments)
        summary = text.split(". ")[0].rstrip(".") if text else ""
        found.append(Example(path.stem, summary, path))
    return found


def example_profile(name: str) -> str:
    """The text of the bundled example ``name``, its modeline pointing at the shipped schema."""
    examples = {e.name: e for e in bundled_examples()}
    stem = name[:-5] if name.endswith(".yaml") else name
    if stem not in examples:
        close = [e for e in examples if stem and stem in e]
        hint = (
            msg(" (did you mean '{match}'?)", match=close[0])
            if len(close) == 1
            else did_you_mean(stem, examples)
        )
        raise KvoError.at(
            Location("<NAME>"),
            msg(
                "no example '{name}'{hint}; list them with: kvo-rules examples",
                name=name,
                hint=hint,
            ),
        )
    text = examples[stem].path.read_text("utf-8")
    first, _, rest = text.partition("\n")
    if first.startswith(_MODELINE):
        text = f"{_MODELINE}{profile_schema_uri()}\n{rest}"
    return text
