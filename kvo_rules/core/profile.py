"""Loading and checking problem profiles (the public input format)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .catalogue import Catalogue
from .errors import KvoError
from .i18n import msg
from .parse import parse_model
from .profile_model import Profile
from .yamlio import Document, load_document, parse_document

__all__ = ["load_profile", "parse_profile", "profile_from_document"]


def profile_from_document(doc: Document, catalogue: Catalogue) -> Profile:
    """Validate a parsed document as a profile and resolve its ids against ``catalogue``.

    Every problem is reported at once: format errors and unknown ids together.
    """
    try:
        profile = parse_model(doc, Profile, what=msg("the profile"))
    except KvoError as exc:
        raise KvoError.merge([exc, *_unknown_ids(doc, catalogue)]) from None
    errors: list[KvoError] = []
    problems = []
    seen: dict[str, int] = {}
    for i, prob in enumerate(profile.problems):
        pid = catalogue.problem_id(prob.type)
        if pid is None:
            errors.append(doc.error(("problems", i, "type"), catalogue.unknown_problem(prob.type)))
            continue
        if pid in seen:
            errors.append(
                doc.error(
                    ("problems", i, "type"),
                    msg(
                        "problem type '{problem}' is listed twice (also as problem {n})",
                        problem=pid,
                        n=seen[pid] + 1,
                    ),
                )
            )
            continue
        seen[pid] = i
        problems.append(prob if pid == prob.type else prob.model_copy(update={"type": pid}))
    for i, prob in enumerate(profile.problems):
        at_risk = prob.businesses_at_risk
        if at_risk is not None and at_risk > profile.area.businesses:
            errors.append(
                doc.error(
                    ("problems", i, "businesses_at_risk"),
                    msg(
                        "'businesses_at_risk' ({n}) is more than the area's 'businesses' "
                        "({businesses})",
                        n=at_risk,
                        businesses=profile.area.businesses,
                    ),
                )
            )
    existing: list[str] = []
    for i, name in enumerate(profile.existing_measures):
        mid = catalogue.measure_id(name)
        if mid is None:
            errors.append(doc.error(("existing_measures", i), catalogue.unknown_measure(name)))
        elif mid not in existing:
            existing.append(mid)
    update: dict[str, Any] = {"problems": tuple(problems), "existing_measures": tuple(existing)}
    if profile.participation is not None and profile.participation.measures:
        shares: dict[str, float] = {}
        for name, share in profile.participation.measures.items():
            mid = catalogue.measure_id(name)
            if mid is None:
                errors.append(doc.error(("participation", name), catalogue.unknown_measure(name)))
            else:
                shares[mid] = share
        update["participation"] = profile.participation.model_copy(update={"measures": shares})
    if errors:
        raise KvoError.merge(errors)
    return profile.model_copy(update=update)


def _unknown_ids(doc: Document, catalogue: Catalogue) -> list[KvoError]:
    """Unknown problem and measure ids in raw profile data (when the model did not load)."""
    errors = []
    for i, item in doc.items_at(("problems",)):
        name = item.get("type") if isinstance(item, dict) else None
        if isinstance(name, str) and catalogue.problem_id(name) is None:
            errors.append(doc.error(("problems", i, "type"), catalogue.unknown_problem(name)))
    for i, name in doc.items_at(("existing_measures",)):
        if isinstance(name, str) and catalogue.measure_id(name) is None:
            errors.append(doc.error(("existing_measures", i), catalogue.unknown_measure(name)))
    return errors


def load_profile(path: str | Path, catalogue: Catalogue) -> Profile:
    """Read a profile from a YAML or JSON file."""
    return profile_from_document(load_document(path), catalogue)


def parse_profile(
    data: str | Mapping[str, Any] | Profile, catalogue: Catalogue, *, source: str = "<profile>"
) -> Profile:
    """A profile from YAML/JSON text, a plain mapping, or an unchecked :class:`Profile`."""
    if isinstance(data, Profile):
        data = data.model_dump(mode="json", exclude_none=True, warnings=False)
    if isinstance(data, str):
        doc = parse_document(data, source)
    else:
        doc = Document(source=source, data=json.loads(json.dumps(data)))
    return profile_from_document(doc, catalogue)
