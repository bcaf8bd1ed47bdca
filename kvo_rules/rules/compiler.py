"""Compile the rule language into durable_rules rule definitions, and profiles into facts.

Fact shape: ONE fact per profile, a flat mapping holding only the fields some rule reads, each
always present (absent problems have severity 0, unknown numbers are -1). Because every field is
present, ``not`` compiles exactly by pushing the negation down to the comparisons (durable_rules
has no general negation), and every rule is a single-fact pattern: no joins, and exactly one
fired action per matching rule, which is what durable_rules' cost follows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..core.errors import KvoError, Location
from ..core.i18n import msg
from ..core.profile_model import Profile
from .base import RuleBase
from .language import (
    OPTIONAL_AREA_FIELDS,
    AllOf,
    AnyOf,
    AreaCondition,
    BudgetCondition,
    Condition,
    InPlace,
    IntRange,
    NotOf,
    NumRange,
    ProblemCondition,
)

__all__ = [
    "MAX_FIELDS_PER_RULE",
    "MAX_GROUPS_PER_EXPRESSION",
    "MAX_PIECES",
    "CompiledRules",
    "compile_rulebase",
    "engine_pieces",
    "too_big",
]

# A boolean tree: ("and", [trees]) | ("or", [trees]) | ("leaf", field, op, value)
Tree = tuple[Any, ...]

_NEGATE = {"eq": "neq", "neq": "eq", "gte": "lt", "lt": "gte", "lte": "gt", "gt": "lte"}
UNKNOWN = -1
TRUE_FIELD = "_"


def _leaf(field: str, op: str, value: Any) -> Tree:
    return ("leaf", field, op, value)


def _join(op: str, parts: list[Tree]) -> Tree:
    flat: list[Tree] = []
    for part in parts:
        flat.extend(part[1] if part[0] == op else [part])
    return flat[0] if len(flat) == 1 else (op, flat)


def _and(parts: list[Tree]) -> Tree:
    return _join("and", parts)


def _or(parts: list[Tree]) -> Tree:
    return _join("or", parts)


def _bounds(field: str, r: IntRange | NumRange | None) -> list[Tree]:
    if r is None:
        return []
    out = []
    if r.min is not None:
        out.append(_leaf(field, "gte", r.min))
    if r.max is not None:
        out.append(_leaf(field, "lte", r.max))
    return out


def _known(field: str, r: IntRange | NumRange | bool | None) -> list[Tree]:
    """A bound on an optional number: the number must be known (not -1) and within it."""
    if r is None or r is False:
        return []
    out = [_leaf(field, "gte", 0)]
    if isinstance(r, IntRange | NumRange):
        out += _bounds(field, r)
    return out


def to_tree(c: Condition) -> Tree:
    """The condition as an and/or tree of field comparisons (negation pushed down)."""
    if isinstance(c, ProblemCondition):
        p = c.problem
        parts = [_leaf(f"s__{p}", "gte", 1), *_bounds(f"s__{p}", c.severity)]
        parts += _known(f"i__{p}", c.incidents)
        if c.trend:
            parts.append(_or([_leaf(f"r__{p}", "eq", str(t)) for t in c.trend]))
        if c.times:
            parts.append(_or([_leaf(f"t__{p}__{t}", "eq", 1) for t in c.times]))
        return _and(parts)
    if isinstance(c, AreaCondition):
        a = c.area
        parts = [_leaf("kind", "eq", str(a.kind))] if a.kind is not None else []
        parts += _bounds("businesses", a.businesses)
        for name in OPTIONAL_AREA_FIELDS:
            parts += _known(name, getattr(a, name))
        return _and(parts)
    if isinstance(c, InPlace):
        return _leaf(f"m__{c.in_place}", "eq", 1)
    if isinstance(c, BudgetCondition):
        return _and(_known("b__one_off", c.budget.one_off) + _known("b__yearly", c.budget.yearly))
    if isinstance(c, AllOf):
        return _and([to_tree(x) for x in c.all])
    if isinstance(c, AnyOf):
        return _or([to_tree(x) for x in c.any])
    assert isinstance(c, NotOf)
    return negate(to_tree(c.not_))


def negate(t: Tree) -> Tree:
    """The negation of a tree, in negation normal form (exact because fields always exist)."""
    if t[0] == "leaf":
        return _leaf(t[1], _NEGATE[t[2]], t[3])
    parts = [negate(x) for x in t[1]]
    return _or(parts) if t[0] == "and" else _and(parts)


def rule_tree(conditions: tuple[Condition, ...]) -> Tree:
    """The tree of a rule's ``when`` list (always true when empty)."""
    if not conditions:
        return _leaf(TRUE_FIELD, "eq", 1)
    return _and([to_tree(c) for c in conditions])


def to_durable(t: Tree) -> dict[str, Any]:
    """The tree in durable_rules' JSON expression syntax."""
    if t[0] == "and":
        return {"$and": [to_durable(x) for x in t[1]]}
    if t[0] == "or":
        return {"$or": [to_durable(x) for x in t[1]]}
    _, field, op, value = t
    if op == "eq":
        return {field: value}
    return {f"${op}": {field: value}}


def _fields(t: Tree, out: set[str]) -> None:
    if t[0] == "leaf":
        out.add(t[1])
    else:
        for x in t[1]:
            _fields(x, out)


MAX_GROUPS_PER_EXPRESSION = 14
"""Most nested ``$and``/``$or`` groups (below the top one) in one durable_rules expression.
The C core keeps an expression in a fixed sequence (MAX_SEQUENCE_EXPRESSIONS = 32 slots, two
per nested group) and refuses more with error 113; leaves take no slot (measured)."""
MAX_FIELDS_PER_RULE = 200
"""Most fact fields one durable rule may read (a fact of more properties is refused, 302)."""
MAX_PIECES = 64
"""Most durable rules one rule may be compiled into (see :func:`engine_pieces`)."""


def _groups(t: Tree) -> int:
    """Nested and/or groups below the top of ``t`` (what the C core's limit counts)."""
    if t[0] == "leaf":
        return 0
    return sum(_nodes(x) for x in t[1])


def _nodes(t: Tree) -> int:
    return 0 if t[0] == "leaf" else 1 + sum(_nodes(x) for x in t[1])


def _tree_fields(t: Tree) -> set[str]:
    out: set[str] = set()
    _fields(t, out)
    return out


def _fits(t: Tree) -> bool:
    return _groups(t) <= MAX_GROUPS_PER_EXPRESSION and len(_tree_fields(t)) <= MAX_FIELDS_PER_RULE


def engine_pieces(t: Tree, limit: int = MAX_PIECES) -> list[Tree] | None:
    """``t`` as a disjunction of trees that each fit durable_rules' limits, or None when that
    takes more than ``limit`` pieces (or one conjunction alone is too wide).

    A rule that is too deep or too wide for one durable expression is registered as several
    durable rules, one per piece; the rule fires when any piece matches (pieces are
    de-duplicated like the branches of an ``$or``). Pieces come from splitting a top-level
    ``or`` into groups, and from distributing an ``and`` over one of its ``or`` parts.
    """
    if _fits(t):
        return [t]
    if t[0] == "leaf":
        return None
    if t[0] == "or":
        pieces: list[Tree] = []
        group: list[Tree] = []
        for child in t[1]:
            candidate = _or([*group, child])
            if group and not _fits(candidate):
                pieces.append(_or(group))
                group = []
            group.append(child)
        if group:
            pieces.append(_or(group))
        out: list[Tree] = []
        for piece in pieces:
            if _fits(piece):
                out.append(piece)
                continue
            parts = engine_pieces(piece, limit - len(out)) if piece[0] != "or" else None
            if parts is None and piece[0] == "or":  # a single child too big: split it alone
                parts = []
                for child in piece[1]:
                    sub = engine_pieces(child, limit - len(out) - len(parts))
                    if sub is None:
                        return None
                    parts.extend(sub)
            if parts is None:
                return None
            out.extend(parts)
            if len(out) > limit:
                return None
        return out
    # an "and": distribute it over its widest "or" part
    ors = [i for i, x in enumerate(t[1]) if x[0] == "or"]
    if not ors:
        return None  # a plain conjunction that is still too wide (too many fields)
    pick = max(ors, key=lambda i: (_nodes(t[1][i]), -i))
    rest = [x for i, x in enumerate(t[1]) if i != pick]
    out = []
    for branch in t[1][pick][1]:
        sub = engine_pieces(_and([*rest, branch]), limit - len(out))
        if sub is None:
            return None
        out.extend(sub)
        if len(out) > limit:
            return None
    return out


def _extractor(field: str) -> Callable[[Profile, dict[str, Any]], Any]:
    """A function reading one fact field from a profile (``probs`` maps type -> problem)."""
    kind, _, rest = field.partition("__")
    if field == TRUE_FIELD:
        return lambda prof, probs: 1
    if kind == "s":
        return lambda prof, probs: probs[rest].severity if rest in probs else 0
    if kind == "i":

        def incidents(prof: Profile, probs: dict[str, Any]) -> Any:
            p = probs.get(rest)
            return UNKNOWN if p is None or p.incidents_per_year is None else p.incidents_per_year

        return incidents
    if kind == "r":
        return lambda prof, probs: str(probs[rest].trend or "") if rest in probs else ""
    if kind == "t":
        pid, _, time = rest.partition("__")
        return lambda prof, probs: int(pid in probs and time in probs[pid].times)
    if kind == "m":
        return lambda prof, probs: int(rest in prof.existing_measures)
    if kind == "b":

        def budget(prof: Profile, probs: dict[str, Any]) -> Any:
            value = (
                prof.budget.total("one_off" if rest == "one_off" else "yearly")
                if prof.budget
                else None
            )
            return UNKNOWN if value is None else value

        return budget
    if field == "kind":
        return lambda prof, probs: str(prof.area.kind)
    if field == "businesses":
        return lambda prof, probs: prof.area.businesses
    if field in OPTIONAL_AREA_FIELDS:

        def area(prof: Profile, probs: dict[str, Any]) -> Any:
            value = getattr(prof.area, field)
            return UNKNOWN if value is None else value

        return area
    raise ValueError(f"unknown fact field {field!r}")  # a compiler bug, not user input


@dataclass(frozen=True)
class CompiledRules:
    """Durable rule definitions for a rule base, and the fact builder they expect."""

    rule_ids: tuple[str, ...]
    priorities: tuple[int, ...]
    expressions: tuple[dict[str, Any], ...]
    fields: tuple[str, ...]
    rule_fields: tuple[frozenset[str], ...]
    """The fact fields each rule reads."""
    digest: str
    pieces: tuple[tuple[int, str, dict[str, Any], frozenset[str]], ...]
    """What is registered in durable_rules: (rule index, durable rule name, expression, fields
    it reads); one piece per rule unless the rule is too big for one durable expression."""
    _extractors: tuple[Callable[[Profile, dict[str, Any]], Any], ...]

    def fact(self, profile: Profile) -> dict[str, Any]:
        """The one fact that represents ``profile`` (only the fields the rules read)."""
        probs = {p.type: p for p in profile.problems}
        return {f: x(profile, probs) for f, x in zip(self.fields, self._extractors, strict=True)}


def too_big(rule_when: tuple[Condition, ...]) -> str | None:
    """Why durable_rules cannot run a rule with these conditions even when split, or None."""
    tree = rule_tree(rule_when)
    if engine_pieces(tree) is not None:
        return None
    return msg(
        "the rule engine cannot run these conditions: they need more than {pieces} durable "
        "rules (at most {groups} nested all/any groups and {fields} profile fields in each); "
        "split the rule into several rules or simplify its any/all nesting",
        pieces=MAX_PIECES,
        groups=MAX_GROUPS_PER_EXPRESSION,
        fields=MAX_FIELDS_PER_RULE,
    )


def compile_rulebase(rulebase: RuleBase) -> CompiledRules:
    """Compile every rule into single-fact durable_rules expressions (usually one per rule).

    A rule that durable_rules cannot hold in one expression is split (:func:`engine_pieces`);
    one that cannot be split within the limits is a :class:`KvoError` at the rule.
    """
    trees = [rule_tree(r.when) for r in rulebase.rules]
    per_rule = []
    for t in trees:
        own: set[str] = set()
        _fields(t, own)
        per_rule.append(frozenset(own))
    fields = tuple(sorted({TRUE_FIELD}.union(*per_rule)))
    pieces: list[tuple[int, str, dict[str, Any], frozenset[str]]] = []
    errors: list[KvoError] = []
    for index, (rule, tree) in enumerate(zip(rulebase.rules, trees, strict=True)):
        parts = engine_pieces(tree)
        if parts is None:
            problem = too_big(rule.when)
            assert problem is not None
            where = rulebase.origins.get(rule.id, Location("<rules>"))
            errors.append(
                KvoError.at(where, msg("rule '{rule}': {problem}", rule=rule.id, problem=problem))
            )
            continue
        for k, part in enumerate(parts):
            name = rule.id if len(parts) == 1 else f"{rule.id}#{k}"
            pieces.append((index, name, to_durable(part), frozenset(_tree_fields(part))))
    if errors:
        raise KvoError.merge(errors)
    return CompiledRules(
        rule_ids=tuple(r.id for r in rulebase.rules),
        priorities=tuple(r.priority for r in rulebase.rules),
        expressions=tuple(to_durable(t) for t in trees),
        fields=fields,
        rule_fields=tuple(per_rule),
        digest=rulebase.digest,
        pieces=tuple(pieces),
        _extractors=tuple(_extractor(f) for f in fields),
    )
