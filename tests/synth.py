"""Generators of profiles and rule bases, for differential tests, fuzzing and benchmarks.

Profiles come as hypothesis strategies (they shrink) and from a seeded ``random.Random`` (for
benchmarks); rule bases only from a seed. Everything is built over a given catalogue so that
ids are valid.
"""

from __future__ import annotations

import random
from typing import Any

from hypothesis import strategies as st

from kvo_rules.core.catalogue import Catalogue
from kvo_rules.core.model import Text
from kvo_rules.core.profile_model import Profile
from kvo_rules.rules.base import RuleBase
from kvo_rules.rules.language import Rule

KINDS = ["business_park", "shopping_area"]
TRENDS = ["falling", "stable", "rising"]
TIMES = ["day", "evening", "night", "weekend"]


def profile_data(
    rng: random.Random, catalogue: Catalogue, max_problems: int = 10
) -> dict[str, Any]:
    """A random valid profile as plain data."""
    kind = rng.choice(KINDS)
    problems = rng.sample(
        sorted(catalogue.problems), rng.randint(1, min(max_problems, len(catalogue.problems)))
    )
    area: dict[str, Any] = {"name": "Gen", "kind": kind, "businesses": rng.randint(1, 400)}
    if rng.random() < 0.6:
        area["hectares"] = round(rng.uniform(1, 200), 1)
    if rng.random() < 0.6:
        area["entrances"] = rng.randint(0, 12)
    if rng.random() < 0.4:
        area["dark_spots"] = rng.randint(0, 40)
    data: dict[str, Any] = {"area": area, "problems": []}
    for pid in problems:
        p: dict[str, Any] = {"type": pid, "severity": rng.randint(1, 5)}
        if rng.random() < 0.5:
            p["incidents_per_year"] = rng.randint(0, 120)
        if rng.random() < 0.5:
            p["trend"] = rng.choice(TRENDS)
        if rng.random() < 0.4:
            p["times"] = rng.sample(TIMES, rng.randint(1, 3))
        data["problems"].append(p)
    if rng.random() < 0.4:
        data["existing_measures"] = rng.sample(sorted(catalogue.measures), rng.randint(1, 4))
    if rng.random() < 0.7:
        budget: dict[str, Any] = {}
        if rng.random() < 0.8:
            budget["one_off"] = float(rng.randint(0, 300) * 1000)
        if rng.random() < 0.8:
            budget["yearly"] = float(rng.randint(0, 100) * 1000)
        data["budget"] = budget
    return data


@st.composite
def profiles(draw: st.DrawFn, catalogue: Catalogue) -> Profile:
    """Hypothesis strategy for valid profiles over ``catalogue`` (shrinkable)."""
    pids = sorted(catalogue.problems)
    mids = sorted(catalogue.measures)
    chosen = draw(st.lists(st.sampled_from(pids), min_size=1, max_size=10, unique=True))
    problems = []
    for pid in chosen:
        p: dict[str, Any] = {"type": pid, "severity": draw(st.integers(1, 5))}
        inc = draw(st.none() | st.integers(0, 150))
        if inc is not None:
            p["incidents_per_year"] = inc
        trend = draw(st.none() | st.sampled_from(TRENDS))
        if trend is not None:
            p["trend"] = trend
        p["times"] = draw(st.lists(st.sampled_from(TIMES), max_size=3, unique=True))
        problems.append(p)
    area: dict[str, Any] = {
        "name": "Gen",
        "kind": draw(st.sampled_from(KINDS)),
        "businesses": draw(st.integers(1, 500)),
    }
    hectares = draw(st.none() | st.integers(1, 300))
    if hectares is not None:
        area["hectares"] = float(hectares)
    entrances = draw(st.none() | st.integers(0, 12))
    if entrances is not None:
        area["entrances"] = entrances
    dark_spots = draw(st.none() | st.integers(0, 40))
    if dark_spots is not None:
        area["dark_spots"] = dark_spots
    data: dict[str, Any] = {
        "area": area,
        "problems": problems,
        "existing_measures": draw(st.lists(st.sampled_from(mids), max_size=4, unique=True)),
    }
    one_off = draw(st.none() | st.integers(0, 300_000))
    yearly = draw(st.none() | st.integers(0, 100_000))
    if one_off is not None or yearly is not None:
        data["budget"] = {
            k: float(v) for k, v in (("one_off", one_off), ("yearly", yearly)) if v is not None
        }
    return Profile.model_validate(data)


def _bounds(rng: random.Random, lo: int, hi: int) -> dict[str, int]:
    a, b = sorted((rng.randint(lo, hi), rng.randint(lo, hi)))
    choice = rng.random()
    if choice < 0.4:
        return {"min": a}
    if choice < 0.7:
        return {"max": b}
    return {"min": a, "max": b}


def condition(rng: random.Random, catalogue: Catalogue, depth: int = 0) -> dict[str, Any]:
    """A random condition (as rule-file data) using every condition kind."""
    pids = sorted(catalogue.problems)
    mids = sorted(catalogue.measures)
    r = rng.random()
    if depth < 2 and r < 0.15:
        key = rng.choice(["all", "any"])
        return {key: [condition(rng, catalogue, depth + 1) for _ in range(rng.randint(1, 3))]}
    if depth < 2 and r < 0.25:
        return {"not": condition(rng, catalogue, depth + 1)}
    if r < 0.65:
        c: dict[str, Any] = {"problem": rng.choice(pids)}
        if rng.random() < 0.5:
            c["severity"] = _bounds(rng, 1, 5)
        if rng.random() < 0.2:
            c["incidents"] = _bounds(rng, 0, 100)
        if rng.random() < 0.15:
            c["trend"] = rng.sample(TRENDS, rng.randint(1, 2))
        if rng.random() < 0.15:
            c["times"] = rng.sample(TIMES, rng.randint(1, 2))
        return c
    if r < 0.8:
        spec: dict[str, Any] = {}
        if rng.random() < 0.7:
            spec["kind"] = rng.choice(KINDS)
        if rng.random() < 0.3:
            spec["businesses"] = _bounds(rng, 1, 300)
        if rng.random() < 0.3:
            spec["hectares"] = _bounds(rng, 1, 150)
        if rng.random() < 0.2:
            spec["dark_spots"] = _bounds(rng, 0, 20)
        if rng.random() < 0.3 or not spec:
            spec["entrances"] = _bounds(rng, 0, 10)
        return {"area": spec}
    if r < 0.92:
        return {"in_place": rng.choice(mids)}
    budget = rng.choice(
        [
            {"one_off": True},
            {"yearly": True},
            {"one_off": _bounds(rng, 0, 200_000)},
            {"yearly": _bounds(rng, 0, 50_000)},
        ]
    )
    return {"budget": budget}


def rulebase(rng: random.Random, catalogue: Catalogue, n_rules: int) -> RuleBase:
    """A random rule base of ``n_rules`` rules with every action kind."""
    mids = sorted(catalogue.measures)
    pids = sorted(catalogue.problems)
    text = Text(nl="gegenereerd", en="generated").model_dump()
    rules = []
    for i in range(n_rules):
        when = [condition(rng, catalogue) for _ in range(rng.randint(0, 3))]
        then: list[dict[str, Any]] = [
            {"propose": rng.choice(mids), "weight": rng.choice([0.5, 1, 2])}
        ]
        r = rng.random()
        if r < 0.1:
            a, b = rng.sample(mids, 2)
            then.append({"require": a, "needs": [b]})
        elif r < 0.2:
            then.append({"exclude": rng.choice(mids)})
        elif r < 0.3:
            then.append({"adjust": rng.choice(mids), "problem": rng.choice(pids), "factor": 0.5})
        rules.append(
            Rule.model_validate(
                {
                    "id": f"gen_{i:05d}",
                    "description": text,
                    "priority": rng.randint(0, 200),
                    "when": when,
                    "then": then,
                }
            )
        )
    rules.sort(key=lambda r: (r.priority, r.id))
    return RuleBase(rules=tuple(rules))
