"""Static reasoning over rule conditions: can they hold, does one imply another, and an example.

A rule's ``when`` becomes the compiler's and/or tree of comparisons over fact fields
(:func:`kvo_rules.rules.compiler.rule_tree`), then a disjunction of conjunctions (DNF). The
DNF is capped at :data:`MAX_TERMS` terms; past that every question answers "unknown" (None)
and the checks stay silent rather than guess.

A conjunction holds for some profile when every fact field has a value, inside the field's
domain, that meets all of its comparisons. Only a problem's own fields are tied together: a
problem that is absent (severity 0) has no incidents, no trend and no times. With the
vocabulary on, a problem that must be present also ties the area kind to the kinds the
problem occurs in (``areas`` in problems.yaml).

For each field a small finite set of candidate values is enough to decide a conjunction of
comparisons against constants: the constants themselves, their neighbours, the domain's ends
and the midpoints between them. The same search yields the values of an example profile,
which the checks confirm with the reference evaluator before they report anything.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ...core.catalogue import Catalogue
from ...core.model import AreaKind
from ...rules.compiler import Tree, negate, rule_tree
from ...rules.language import OPTIONAL_AREA_FIELDS, Condition

__all__ = [
    "MAX_TERMS",
    "Assignment",
    "Leaf",
    "Satisfiability",
    "Space",
    "Term",
    "describe_leaf",
    "problem_of",
]

MAX_TERMS = 256
"""Most conjunctions a condition may expand to before the analysis answers "unknown"."""

MAX_CACHED_SOLUTIONS = 100_000
"""Most solved conjunctions kept (a few hundred bytes each); the cache is emptied when full."""

Leaf = tuple[str, str, str, Any]
"""``("leaf", field, op, value)`` as made by the compiler."""
Term = tuple[Leaf, ...]
"""A conjunction of leaves (sorted, no repeats)."""
Assignment = dict[str, Any]
"""Fact field -> value."""

KINDS = tuple(k.value for k in AreaKind)
TRENDS = ("", "falling", "stable", "rising")
UNKNOWN = -1

_OPS = {
    "eq": lambda a, b: a == b,
    "neq": lambda a, b: a != b,
    "gte": lambda a, b: a >= b,
    "gt": lambda a, b: a > b,
    "lte": lambda a, b: a <= b,
    "lt": lambda a, b: a < b,
}
_SYMBOL = {"eq": "=", "neq": "!=", "gte": ">=", "gt": ">", "lte": "<=", "lt": "<"}


@dataclass(frozen=True)
class _Dom:
    """The values a fact field can take: an enumeration, or numbers in [lo, hi] (and -1)."""

    values: tuple[Any, ...] = ()
    lo: float = 0
    hi: float = 0
    lo_open: bool = False
    integer: bool = True
    unknown: bool = False
    """-1 (not given) is a value too."""
    typical: tuple[Any, ...] = ()
    """Tried first, so that example profiles read naturally."""

    def contains(self, v: Any) -> bool:
        if self.values:
            return v in self.values
        if not isinstance(v, int | float) or isinstance(v, bool):
            return False
        if self.unknown and v == UNKNOWN:
            return True
        if self.integer and v != int(v):
            return False
        above = v > self.lo if self.lo_open else v >= self.lo
        return above and v <= self.hi

    def candidates(self, constants: Iterable[Any]) -> list[Any]:
        if self.values:
            return [*self.typical, *self.values]
        nums = sorted({float(c) for c in constants if isinstance(c, int | float)})
        points: set[float] = {self.lo, self.hi}
        if self.unknown:
            points.add(UNKNOWN)
        for c in nums:
            points.update({c, c - 1, c + 1, math.floor(c), math.ceil(c)})
            points.update({math.floor(c) - 1, math.ceil(c) + 1})
        if not self.integer:
            edges = sorted({self.lo, self.hi, *nums})
            points.update((a + b) / 2 for a, b in itertools.pairwise(edges))
        out: list[Any] = list(self.typical)
        for p in sorted(points):
            value: Any = int(p) if p == int(p) else p
            if self.contains(value):
                out.append(value)
        return out


_SEVERITY = _Dom(lo=0, hi=5, typical=(3,))
_FLAG = _Dom(lo=0, hi=1, typical=(0,))
_DOMAINS: dict[str, _Dom] = {
    "_": _Dom(lo=1, hi=1),
    "kind": _Dom(values=KINDS),
    "businesses": _Dom(lo=1, hi=100_000, typical=(50,)),
    "hectares": _Dom(lo=0, lo_open=True, hi=100_000, integer=False, unknown=True, typical=(-1,)),
    "entrances": _Dom(lo=0, hi=1_000, unknown=True, typical=(-1,)),
    "dark_spots": _Dom(lo=0, hi=100_000, unknown=True, typical=(-1,)),
    "rear_alleys": _Dom(lo=0, hi=100_000, unknown=True, typical=(-1,)),
}
_PREFIX_DOMAINS: dict[str, _Dom] = {
    "s": _SEVERITY,
    "i": _Dom(lo=0, hi=1_000_000, integer=False, unknown=True, typical=(-1,)),
    "r": _Dom(values=TRENDS, typical=("",)),
    "t": _FLAG,
    "m": _FLAG,
    "b": _Dom(lo=0, hi=1e9, integer=False, unknown=True, typical=(-1,)),
}
_ABSENT = {"s": 0, "i": UNKNOWN, "r": "", "t": 0}
_PRESENT_SEVERITY = _Dom(lo=1, hi=5, typical=(3,))


def _domain(name: str) -> _Dom:
    if name in _DOMAINS:
        return _DOMAINS[name]
    prefix = name.partition("__")[0]
    if prefix in _PREFIX_DOMAINS:
        return _PREFIX_DOMAINS[prefix]
    raise ValueError(f"unknown fact field {name!r}")  # a compiler change lint does not know


def problem_of(name: str) -> str | None:
    """The problem a fact field is about (s__, i__, r__, t__ fields), else None."""
    prefix, _, rest = name.partition("__")
    if prefix in ("s", "i", "r", "t") and rest:
        return rest.partition("__")[0]
    return None


def _meets(value: Any, leaves: Sequence[Leaf]) -> bool:
    for _, _, op, const in leaves:
        if isinstance(value, str) != isinstance(const, str):
            if op == "eq":
                return False
            if op == "neq":
                continue
            return False
        if not _OPS[op](value, const):
            return False
    return True


def _pick(dom: _Dom, leaves: Sequence[Leaf]) -> Any | None:
    """A value of ``dom`` meeting every leaf, or None. (``None`` is never a field value.)"""
    for value in dom.candidates(leaf[3] for leaf in leaves):
        if _meets(value, leaves):
            return value
    return None


def describe_field(name: str) -> str:
    """A fact field in words."""
    prefix, _, rest = name.partition("__")
    words = {
        "s": f"severity of {rest}",
        "i": f"incidents per year of {rest}",
        "r": f"trend of {rest}",
        "m": f"{rest} in place",
        "b": f"budget {rest.replace('_', '-')}",
    }
    if prefix == "t":
        pid, _, time = rest.partition("__")
        return f"{pid} at {time}"
    if prefix in words and rest:
        return words[prefix]
    return {"kind": "area kind", "_": "always"}.get(name, name)


def describe_leaf(leaf: Leaf) -> str:
    """One comparison in words (``severity of burglary_business >= 4``)."""
    _, name, op, value = leaf
    prefix, _, rest = name.partition("__")
    if prefix == "s" and (op, value) in (("gte", 1), ("gt", 0)):
        return f"{rest} present"
    if prefix == "s" and (op, value) in (("lt", 1), ("lte", 0), ("eq", 0)):
        return f"{rest} absent"
    if prefix in ("t", "m") and (op, value) in (("eq", 1), ("neq", 0), ("gte", 1), ("gt", 0)):
        return describe_field(name)
    if prefix in ("t", "m") and (op, value) in (("eq", 0), ("neq", 1), ("lt", 1), ("lte", 0)):
        return f"not {describe_field(name)}"
    optional = prefix in ("i", "b") or name in OPTIONAL_AREA_FIELDS
    if optional and (value == UNKNOWN or (value == 0 and op in ("gte", "lt"))):
        known = "given" if op in ("gte", "gt", "neq") else "not given"
        return f"{describe_field(name)} {known}"
    if prefix == "r" and value == "":
        return f"{describe_field(name)} {'given' if op == 'neq' else 'not given'}"
    shown = f"{value:g}" if isinstance(value, float) else str(value)
    return f"{describe_field(name)} {_SYMBOL[op]} {shown}"


@dataclass(frozen=True)
class Satisfiability:
    """The answer for one conjunction: values that make it hold, or why none exist."""

    assignment: Assignment | None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.assignment is not None


@dataclass
class Space:
    """Everything a profile can be, as the analysis sees it (built from a catalogue).

    With ``vocabulary`` a problem occurs only in the area kinds its vocabulary entry names.
    """

    problem_areas: Mapping[str, frozenset[str]] = field(default_factory=dict)
    vocabulary: bool = True
    _cache: dict[Term, Satisfiability] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, catalogue: Catalogue, *, vocabulary: bool = True) -> Space:
        areas = {pid: frozenset(str(k) for k in p.areas) for pid, p in catalogue.problems.items()}
        return cls(problem_areas=areas, vocabulary=vocabulary)

    # --- conjunctions ------------------------------------------------------------------------

    def solve(self, term: Term) -> Satisfiability:
        """Values for the fields of ``term`` that make every leaf hold, or the reason why not."""
        cached = self._cache.get(term)
        if cached is None:
            cached = self._solve(term)
            if len(self._cache) >= MAX_CACHED_SOLUTIONS:  # bounded: start afresh
                self._cache.clear()
            self._cache[term] = cached
        return cached

    def _solve(self, term: Term) -> Satisfiability:
        fields: dict[str, list[Leaf]] = {}
        for leaf in term:
            fields.setdefault(leaf[1], []).append(leaf)
        problems: dict[str, list[str]] = {}
        values: Assignment = {}
        for name, leaves in fields.items():
            pid = problem_of(name)
            if pid is not None:
                problems.setdefault(pid, []).append(name)
                continue
            if name == "kind":
                continue
            value = _pick(_domain(name), leaves)
            if value is None:
                return Satisfiability(None, _cannot(leaves))
            values[name] = value

        kinds = [k for k in KINDS if _meets(k, fields.get("kind", []))]
        if not kinds:
            wanted = sorted({str(lf[3]) for lf in fields["kind"] if lf[2] == "eq"})
            if len(wanted) > 1:
                return Satisfiability(None, f"the area must be both {' and '.join(wanted)}")
            return Satisfiability(None, _cannot(fields["kind"]))
        forced: list[str] = []
        for pid, names in sorted(problems.items()):
            absent = all(_meets(_ABSENT[n.partition("__")[0]], fields[n]) for n in names)
            if absent:
                values.update({n: _ABSENT[n.partition("__")[0]] for n in names})
                continue
            present: Assignment = {}
            for n in names:
                dom = _PRESENT_SEVERITY if n.startswith("s__") else _domain(n)
                value = _pick(dom, fields[n])
                if value is None:
                    leaves = [lf for m in names for lf in fields[m]]
                    return Satisfiability(None, _cannot_problem(pid, leaves, fields[n]))
                present[n] = value
            present.setdefault(f"s__{pid}", 3)
            values.update(present)
            forced.append(pid)
            if self.vocabulary and pid in self.problem_areas:
                allowed = [k for k in kinds if k in self.problem_areas[pid]]
                if not allowed:
                    occurs = ", ".join(sorted(self.problem_areas[pid]))
                    where = " or ".join(kinds)
                    return Satisfiability(
                        None,
                        f"{pid} occurs only in {occurs} (problem vocabulary), "
                        f"but the area must be {where}",
                    )
                kinds = allowed
        values["kind"] = kinds[0]
        return Satisfiability(values)

    # --- conditions --------------------------------------------------------------------------

    def terms(self, tree: Tree, limit: int = MAX_TERMS) -> list[Term] | None:
        """The satisfiable conjunctions of ``tree`` (None when there would be too many)."""
        out = self._terms(tree, limit)
        return None if out is None else [t for t in out if self.solve(t).ok]

    def _terms(self, tree: Tree, limit: int) -> list[Term] | None:
        if tree[0] == "leaf":
            return [(tree,)]
        parts = []
        for sub in tree[1]:
            terms = self._terms(sub, limit)
            if terms is None:
                return None
            parts.append(terms)
        if tree[0] == "or":
            merged = list(dict.fromkeys(t for part in parts for t in part))
            return merged if len(merged) <= limit else None
        acc: list[Term] = [()]
        for part in parts:
            if len(acc) * len(part) > limit * 8:
                return None
            nxt: dict[Term, None] = {}
            for a, b in itertools.product(acc, part):
                term = _conj(a, b)
                if self.solve(term).ok:
                    nxt[term] = None
            acc = list(nxt)
            if len(acc) > limit:
                return None
        return acc

    def all_terms(self, tree: Tree, limit: int = MAX_TERMS) -> list[Term] | None:
        """Every conjunction of ``tree``, satisfiable or not (for explaining why none holds)."""
        if tree[0] == "leaf":
            return [(tree,)]
        parts = []
        for sub in tree[1]:
            terms = self.all_terms(sub, limit)
            if terms is None:
                return None
            parts.append(terms)
        if tree[0] == "or":
            merged = [t for part in parts for t in part]
            return merged if len(merged) <= limit else None
        size = math.prod(len(p) for p in parts)
        if size > limit:
            return None
        return [_conj_many(combo) for combo in itertools.product(*parts)]

    def conjunction(self, *dnfs: Sequence[Term], limit: int = MAX_TERMS * 8) -> list[Term] | None:
        """The satisfiable conjunctions of several DNFs (None when too many to check)."""
        acc: list[Term] = [()]
        for d in dnfs:
            if len(acc) * len(d) > limit:
                return None
            nxt: dict[Term, None] = {}
            for a, b in itertools.product(acc, d):
                term = _conj(a, b)
                if self.solve(term).ok:
                    nxt[term] = None
            acc = list(nxt)
            if not acc:
                return []
        return acc

    def implies(self, a: Sequence[Term], b_tree: Tree) -> bool | None:
        """Whether every profile meeting DNF ``a`` meets ``b_tree`` (None: cannot tell)."""
        not_b = self.terms(negate(b_tree))
        if not_b is None:
            return None
        both = self.conjunction(a, not_b)
        return None if both is None else not both


def _conj(a: Term, b: Term) -> Term:
    return tuple(sorted(set(a) | set(b), key=repr))


def _conj_many(terms: Iterable[Term]) -> Term:
    out: set[Leaf] = set()
    for t in terms:
        out.update(t)
    return tuple(sorted(out, key=repr))


def _cannot(leaves: Sequence[Leaf]) -> str:
    return " and ".join(describe_leaf(lf) for lf in leaves) + " cannot all hold"


def _cannot_problem(pid: str, leaves: Sequence[Leaf], culprits: Sequence[Leaf]) -> str:
    wants_absent = [lf for lf in leaves if describe_leaf(lf) == f"{pid} absent"]
    wants_present = [lf for lf in leaves if describe_leaf(lf) != f"{pid} absent"]
    if wants_absent and wants_present:
        return f"{pid} must be both present and absent"
    bounds = [lf for lf in culprits if describe_leaf(lf) != f"{pid} present"]
    return _cannot(bounds if len(bounds) > 1 else culprits)


def condition_tree(when: Sequence[Condition]) -> Tree:
    """The compiler's tree of a ``when`` list."""
    return rule_tree(tuple(when))
