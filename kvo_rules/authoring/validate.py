"""Check any mix of catalogue files, rule files and profiles, collecting every problem."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..core.bundled import bundled_dir
from ..core.catalogue import Catalogue, load_catalogue, yaml_files
from ..core.errors import Diagnostic, KvoError, Location, did_you_mean
from ..core.i18n import msg
from ..core.profile import profile_from_document
from ..core.profile_model import Profile
from ..core.yamlio import Document, load_document
from ..rules.base import RuleBase, load_rulebase

__all__ = ["FILE_KINDS", "ValidationReport", "file_kind", "validate_paths"]

FILE_KINDS = {
    "measures": "catalogue",
    "problems": "catalogue",
    "sources": "catalogue",
    "rules": "rules",
    "cases": "ruletests",
    "area": "profile",
}


@dataclass(frozen=True)
class ValidationReport:
    """What ``validate`` found: every diagnostic, and how many files were read."""

    diagnostics: tuple[Diagnostic, ...]
    files: int
    warnings: tuple[Diagnostic, ...] = ()
    """Accepted but worth a look (a problem outside its area kinds); they do not fail."""

    @property
    def ok(self) -> bool:
        """True when nothing was found."""
        return not self.diagnostics


def file_kind(data: object) -> str | None:
    """``catalogue``, ``rules`` or ``profile`` by a file's top-level keys (None: unknown)."""
    if not isinstance(data, dict):
        return None
    if "goals" in data and "schema_version" in data:
        return "plan"
    if "measured_on" in data:
        return "followup"
    if "area" in data:
        return "profile"
    for key in data:
        if key in FILE_KINDS:
            return FILE_KINDS[key]
    return None


def _top_key(path: Path) -> str | None:
    try:
        data = load_document(path).data
    except KvoError:
        return None
    return str(next(iter(data))) if isinstance(data, dict) and data else None


def _check_cycle_file(
    path: Path, doc: Document, catalogue: Catalogue, followups: list[Path]
) -> None:
    """A plan (JSON written by ``kvo-rules plan``) or a follow-up, checked with its plan."""
    from ..documents.followup import load_followup, load_plan  # only when such files are validated

    if path not in followups:
        load_plan(path, catalogue)
        return
    ref = doc.data.get("plan")
    plan_path = path.parent / ref if isinstance(ref, str) else None
    if plan_path is None or not plan_path.is_file():
        raise doc.error(
            ("plan",),
            msg(
                "to check a follow-up, 'plan' must be the path of the plan's JSON (relative to "
                "this file); with a plan id, use: kvo-rules evaluate PLAN FOLLOWUP"
            ),
        )
    load_followup(path, load_plan(plan_path, catalogue), plan_path=plan_path)


_Groups = dict[str, list[Path]]


def _sort_files(files: list[Path], errors: list[KvoError]) -> tuple[_Groups, dict[Path, Document]]:
    """The files by kind (catalogue, rules, profile, ...) and their documents; a file that is
    not YAML or of no known kind is an error."""
    groups: _Groups = {
        "catalogue": [],
        "rules": [],
        "profile": [],
        "ruletests": [],
        "plan": [],
        "followup": [],
    }
    docs = {}
    for f in files:
        try:
            doc = load_document(f)
        except KvoError as exc:
            errors.append(exc)
            continue
        kind = file_kind(doc.data)
        if kind is None:
            keys = list(doc.data) if isinstance(doc.data, dict) else []
            first = str(keys[0]) if keys else ""
            hint = did_you_mean(first, FILE_KINDS) if first else ""
            errors.append(
                KvoError.at(
                    doc.location((first,), key=True) if first else doc.location(),
                    msg(
                        "not a kvo-rules file{key}{hint}: expected top-level 'measures', "
                        "'problems', 'sources', 'rules', 'cases', 'area' (a profile), 'goals' "
                        "(a plan) or 'measured_on' (a follow-up)",
                        key=f": {first!r}" if first else "",
                        hint=hint,
                    ),
                )
            )
            continue
        groups[kind].append(f)
        docs[f] = doc
    return groups, docs


def _catalogue_for(
    groups: _Groups,
    docs: dict[Path, Document],
    reference_dir: Path,
    errors: list[KvoError],
) -> Catalogue | None:
    """The catalogue the given files are checked against: the one among them (completed with
    the reference's problems and sources), else the reference catalogue."""
    catalogue: Catalogue | None = None
    if groups["catalogue"]:
        given = groups["catalogue"]
        kinds = {next(iter(docs[f].data)) for f in given if isinstance(docs[f].data, dict)}
        given_set = {g.resolve() for g in given}
        extra = [
            f
            for f in yaml_files(reference_dir)
            if f.resolve() not in given_set
            and (key := _top_key(f)) in ("problems", "sources")
            and key not in kinds
        ]
        try:
            catalogue = load_catalogue([*given, *extra], collect_errors=True)
        except KvoError as exc:
            errors.append(exc)
    if catalogue is None and any(groups[k] for k in groups if k != "catalogue"):
        try:
            catalogue = load_catalogue(reference_dir)
        except KvoError as exc:
            errors.append(
                KvoError(
                    [
                        Diagnostic(
                            Location(str(reference_dir)),
                            msg(
                                "the catalogue used to check rules and profiles has errors "
                                "(see above)"
                            ),
                        )
                    ]
                )
                if groups["catalogue"]
                else exc
            )
    return catalogue


def _check_against(
    catalogue: Catalogue,
    groups: _Groups,
    docs: dict[Path, Document],
    errors: list[KvoError],
    warnings: list[Diagnostic],
) -> None:
    """Check rules, rule tests, profiles, plans and follow-ups against ``catalogue``."""
    rulebase: RuleBase | None = None
    if groups["rules"]:
        try:
            rulebase = load_rulebase(groups["rules"], catalogue, collect_errors=True)
        except KvoError as exc:
            errors.append(exc)
        else:  # valid rules the rule engine cannot run even when split (lint: KVO206)
            from ..rules.compiler import too_big

            for rule in rulebase.rules:
                problem = too_big(rule.when)
                if problem is not None:
                    errors.append(KvoError.at(rulebase.origins[rule.id], problem))
    if groups["ruletests"]:
        from .ruletests import check_rule_tests  # only when rule tests are validated

        try:
            if rulebase is None:
                rulebase = load_rulebase(bundled_dir("rulesets"), catalogue)
            errors.append(KvoError(check_rule_tests(groups["ruletests"], rulebase, catalogue)))
        except KvoError as exc:
            errors.append(exc)
    for f in groups["profile"]:
        try:
            profile = profile_from_document(docs[f], catalogue)
        except KvoError as exc:
            errors.append(exc)
        else:
            warnings.extend(_profile_warnings(docs[f], profile, catalogue))
    for f in groups["plan"] + groups["followup"]:
        try:
            _check_cycle_file(f, docs[f], catalogue, groups["followup"])
        except KvoError as exc:
            errors.append(exc)


def validate_paths(
    paths: Sequence[str | Path] = (), *, measures: str | Path | None = None
) -> ValidationReport:
    """Validate files and directories (default: the bundled catalogue, rules and examples).

    Rule files and profiles are checked against the catalogue among ``paths`` if there is one,
    else against ``measures`` (default: the bundled catalogue).
    """
    if not paths:
        rules = bundled_dir("rulesets")
        paths = [bundled_dir("measures"), rules, rules / "tests", bundled_dir("examples")]
    errors: list[KvoError] = []
    warnings: list[Diagnostic] = []
    try:
        files = yaml_files(paths)
    except KvoError as exc:
        return ValidationReport(tuple(exc.diagnostics), 0)
    groups, docs = _sort_files(files, errors)
    reference_dir = Path(measures) if measures is not None else bundled_dir("measures")
    catalogue = _catalogue_for(groups, docs, reference_dir, errors)
    if catalogue is not None:
        _check_against(catalogue, groups, docs, errors, warnings)
    merged = KvoError.merge(errors) if errors else KvoError([])
    return ValidationReport(tuple(merged.diagnostics), len(files), tuple(warnings))


def _profile_warnings(doc: Document, profile: Profile, catalogue: Catalogue) -> list[Diagnostic]:
    """What a valid profile asks the adviser to check: problems outside their area kinds."""
    from ..advice.warnings import outside_area_kind

    index = {p.type: i for i, p in enumerate(profile.problems)}
    return [
        Diagnostic(
            doc.location(("problems", index[w.problem or ""], "type")),
            w.text.en,
            code=w.code,
        )
        for w in outside_area_kind(profile, catalogue)
    ]
