"""What every check sees: the loaded catalogue and rule base, where things are, the analysis."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...core.catalogue import Catalogue
from ...core.errors import Diagnostic, KvoError, Location
from ...core.model import Measure
from ...core.yamlio import Document, YamlPath, load_document
from ...rules.base import RuleBase
from ...rules.compiler import negate
from ...rules.language import Condition, Rule
from ._logic import KINDS, Space, Term, condition_tree
from ._profiles import confirms, describe_profile, example_profile, mentioned, required

__all__ = ["Finding", "LintContext"]

Finding = tuple[Location, str]
"""Where, and what is wrong (the check's code is added when it becomes a Diagnostic)."""


@dataclass
class LintContext:
    """The input of the checks.

    ``catalogue`` is None when it could not be loaded; ``rulebase`` then is None too, and it
    holds only the rule files that loaded when some did not (``complete`` is False). Checks
    that need the whole rule base (gaps) look at ``complete``.
    """

    catalogue: Catalogue | None
    rulebase: RuleBase | None
    complete: bool = True
    load_errors: Sequence[Diagnostic] = ()
    """What the loaders refused, not yet given a check code."""
    _space: Space | None = field(default=None, repr=False)
    _terms: dict[str, list[Term] | None] = field(default_factory=dict, repr=False)
    _negated: dict[str, list[Term] | None] = field(default_factory=dict, repr=False)
    shared: dict[str, Any] = field(default_factory=dict, repr=False)
    """Results one check computes and another reuses (e.g. the duplicate pairs)."""
    _docs: dict[str, Document | None] = field(default_factory=dict, repr=False)

    # --- the analysis ------------------------------------------------------------------------

    @property
    def space(self) -> Space:
        """The space of profiles the catalogue allows (problem vocabulary on)."""
        if self._space is None:
            self._space = Space.of(self.catalogue) if self.catalogue else Space()
        return self._space

    @property
    def rules(self) -> tuple[Rule, ...]:
        """The loaded rules, in rule-base order."""
        return self.rulebase.rules if self.rulebase else ()

    @property
    def measures(self) -> Mapping[str, Measure]:
        """The catalogue's measures (none when it did not load)."""
        return self.catalogue.measures if self.catalogue else {}

    def terms(self, rule: Rule) -> list[Term] | None:
        """The satisfiable conjunctions of a rule's conditions ([]: never; None: too complex)."""
        if rule.id not in self._terms:
            self._terms[rule.id] = self.space.terms(condition_tree(rule.when))
        return self._terms[rule.id]

    def implies(self, terms: Sequence[Term], rule: Rule) -> bool | None:
        """Whether every profile meeting ``terms`` fires ``rule`` (None: cannot tell)."""
        if rule.id not in self._negated:
            self._negated[rule.id] = self.space.terms(negate(condition_tree(rule.when)))
        not_rule = self._negated[rule.id]
        if not_rule is None:
            return None
        both = self.space.conjunction(terms, not_rule)
        return None if both is None else not both

    def may_imply(self, rule: Rule, other: Rule) -> bool:
        """False when ``rule`` surely does not imply ``other`` (a cheap test before
        :meth:`implies`): ``other`` requires some problem, measure or figure to be present
        that a conjunction of ``rule`` does not even mention, so a profile meeting that
        conjunction with the subject absent meets ``rule`` and not ``other``."""
        needs = self._needs(other)
        if not needs:
            return True
        mentions = self._mentions(rule)
        return mentions is None or needs <= mentions

    def _mentions(self, rule: Rule) -> frozenset[str] | None:
        """Subjects every conjunction of ``rule`` reads (None: cannot tell)."""
        key = "mentions:" + rule.id
        if key not in self.shared:
            terms = self.terms(rule)
            sets = [mentioned(t) for t in terms] if terms else []
            self.shared[key] = frozenset.intersection(*sets) if sets else None
        found: frozenset[str] | None = self.shared[key]
        return found

    def _needs(self, rule: Rule) -> frozenset[str]:
        """Subjects every conjunction of ``rule`` requires present (none when unknown)."""
        key = "needs:" + rule.id
        if key not in self.shared:
            terms = self.terms(rule)
            sets = [required(t) for t in terms] if terms else []
            self.shared[key] = frozenset.intersection(*sets) if sets else frozenset()
        found: frozenset[str] = self.shared[key]
        return found

    def kinds(self, rule: Rule) -> list[str]:
        """The area kinds the rule can fire in (every kind when the analysis cannot tell)."""
        terms = self.terms(rule)
        if terms is None:
            return list(KINDS)
        return [k for k in KINDS if self.space.conjunction(terms, [_kind_is(k)])]

    def example(self, terms: Sequence[Term], *whens: Sequence[Condition]) -> str | None:
        """A profile meeting the first of ``terms`` that the reference evaluator confirms."""
        for term in terms[:8]:
            solution = self.space.solve(term)
            if solution.assignment is None:
                continue
            profile = example_profile(solution.assignment, self.space.problem_areas)
            if profile is not None and confirms(profile, *whens):
                return describe_profile(profile)
        return None

    # --- where things are --------------------------------------------------------------------

    def rule_location(self, rule: Rule, *path: str | int) -> Location:
        """Where ``rule`` (or a part of it, e.g. ``("then", 0)``) is defined."""
        origin = self.rulebase.origins.get(rule.id) if self.rulebase else None
        if origin is None:
            return Location(f"<rule {rule.id}>")
        if not path:
            return origin
        doc = self._document(origin.path)
        where = self._rule_path(rule.id, doc)
        if doc is None or where is None:
            return origin
        return doc.location((*where, *path))

    def measure_location(self, measure_id: str, *path: str | int) -> Location:
        """Where a measure (or a part of it, e.g. ``("requires", 0)``) is defined."""
        origin = self.catalogue.origins.get(f"measure:{measure_id}") if self.catalogue else None
        if origin is None:
            return Location(f"<measure {measure_id}>")
        if not path:
            return origin
        doc = self._document(origin.path)
        if doc is None:
            return origin
        for i, item in doc.items_at(("measures",)):
            if isinstance(item, dict) and item.get("id") == measure_id:
                return doc.location(("measures", i, *path))
        return origin

    def problem_location(self, problem_id: str) -> Location:
        """Where a problem type is defined."""
        origin = self.catalogue.origins.get(f"problem:{problem_id}") if self.catalogue else None
        return origin if origin is not None else Location(f"<problem {problem_id}>")

    def _document(self, source: str) -> Document | None:
        """The file again, with positions (read only when a finding needs a precise place)."""
        if source not in self._docs:
            try:
                self._docs[source] = load_document(Path(source))
            except KvoError:
                self._docs[source] = None
        return self._docs[source]

    def _rule_path(self, rule_id: str, doc: Document | None) -> YamlPath | None:
        if doc is None:
            return None
        for i, item in doc.items_at(("rules",)):
            if isinstance(item, dict) and item.get("id") == rule_id:
                return ("rules", i)
        return None


def _kind_is(kind: str) -> Term:
    return (("leaf", "kind", "eq", kind),)
