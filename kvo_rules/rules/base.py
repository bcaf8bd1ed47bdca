"""The rule base: rule files loaded, ids checked against the catalogue, ready to compile."""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.catalogue import Catalogue, ErrorSink, yaml_files
from ..core.errors import KvoError, Location, did_you_mean
from ..core.i18n import msg
from ..core.parse import parse_model
from ..core.yamlio import Document, YamlPath, load_document
from .language import (
    Action,
    Adjust,
    AllOf,
    AnyOf,
    AreaCondition,
    BudgetCondition,
    Condition,
    Exclude,
    InPlace,
    NotOf,
    ProblemCondition,
    Propose,
    Require,
    Rule,
    RuleFile,
)

__all__ = ["RuleBase", "load_rulebase", "loadable_rules"]


@dataclass(frozen=True)
class RuleBase:
    """Every rule, ordered by (priority, id), with ids resolved to the catalogue's."""

    rules: tuple[Rule, ...]
    origins: Mapping[str, Location] = field(default_factory=dict)
    """Where each rule is defined."""
    aliases: Mapping[str, str] = field(default_factory=dict)
    files: tuple[str, ...] = ()

    @property
    def digest(self) -> str:
        """A content hash of the rules (same rules, same digest)."""
        payload = json.dumps(
            [r.model_dump(mode="json", by_alias=True) for r in self.rules], sort_keys=True
        )
        return hashlib.sha256(payload.encode()).hexdigest()

    def rule(self, rule_id: str) -> Rule | None:
        """The rule with id (or alias) ``rule_id``."""
        rid = self.aliases.get(rule_id, rule_id)
        return next((r for r in self.rules if r.id == rid), None)


class _Resolver:
    """Checks the ids in one rule file and replaces aliases by canonical ids."""

    def __init__(self, catalogue: Catalogue, doc: Document) -> None:
        self.cat = catalogue
        self.doc = doc
        self.errors: list[KvoError] = []

    def measure(self, name: str, path: YamlPath) -> str:
        mid = self.cat.measure_id(name)
        if mid is None:
            self.errors.append(self.doc.error(path, self.cat.unknown_measure(name)))
            return name
        return mid

    def problem(self, name: str, path: YamlPath) -> str:
        pid = self.cat.problem_id(name)
        if pid is None:
            self.errors.append(self.doc.error(path, self.cat.unknown_problem(name)))
            return name
        return pid

    def condition(self, c: Condition, path: YamlPath) -> Condition:
        if isinstance(c, ProblemCondition):
            return c.model_copy(update={"problem": self.problem(c.problem, (*path, "problem"))})
        if isinstance(c, InPlace):
            return c.model_copy(update={"in_place": self.measure(c.in_place, (*path, "in_place"))})
        if isinstance(c, AllOf):
            return c.model_copy(
                update={
                    "all": tuple(self.condition(x, (*path, "all", i)) for i, x in enumerate(c.all))
                }
            )
        if isinstance(c, AnyOf):
            return c.model_copy(
                update={
                    "any": tuple(self.condition(x, (*path, "any", i)) for i, x in enumerate(c.any))
                }
            )
        if isinstance(c, NotOf):
            return c.model_copy(update={"not_": self.condition(c.not_, (*path, "not"))})
        assert isinstance(c, AreaCondition | BudgetCondition)
        return c

    def action(self, a: Action, path: YamlPath) -> Action:
        if isinstance(a, Propose):
            return a.model_copy(update={"propose": self.measure(a.propose, (*path, "propose"))})
        if isinstance(a, Require):
            needs = tuple(self.measure(n, (*path, "needs", i)) for i, n in enumerate(a.needs))
            req = self.measure(a.require, (*path, "require"))
            if req in needs:
                self.errors.append(
                    self.doc.error(path, msg("'{measure}' cannot require itself", measure=req))
                )
            return a.model_copy(update={"require": req, "needs": needs})
        if isinstance(a, Exclude):
            return a.model_copy(update={"exclude": self.measure(a.exclude, (*path, "exclude"))})
        assert isinstance(a, Adjust)
        update: dict[str, Any] = {"adjust": self.measure(a.adjust, (*path, "adjust"))}
        if a.problem is not None:
            update["problem"] = self.problem(a.problem, (*path, "problem"))
        return a.model_copy(update=update)

    def rule(self, r: Rule, path: YamlPath) -> Rule:
        when = tuple(self.condition(c, (*path, "when", i)) for i, c in enumerate(r.when))
        then = tuple(self.action(a, (*path, "then", i)) for i, a in enumerate(r.then))
        return r.model_copy(update={"when": when, "then": then})


def _load_file(
    path: Path, catalogue: Catalogue
) -> tuple[Document, list[tuple[int, Rule]], list[KvoError]]:
    """A rule file's rules (with their index) whose ids resolve, and the errors of the rest."""
    doc = load_document(path)
    if isinstance(doc.data, dict) and doc.data and "rules" not in doc.data:
        first = next(iter(doc.data))
        if first != "description":
            raise doc.error(
                (first,),
                msg(
                    "unknown top-level key '{key}'{hint}: a rule file holds 'rules'",
                    key=first,
                    hint=did_you_mean(first, ["rules", "description"]),
                ),
                key=True,
            )
    parsed = parse_model(doc, RuleFile, what=msg("the rule file"))
    resolver = _Resolver(catalogue, doc)
    rules: list[tuple[int, Rule]] = []
    for i, r in enumerate(parsed.rules):
        before = len(resolver.errors)
        resolved = resolver.rule(r, ("rules", i))
        if len(resolver.errors) == before:  # a rule naming an unknown id is left out
            rules.append((i, resolved))
    return doc, rules, resolver.errors


def load_rulebase(
    paths: str | Path | Sequence[str | Path],
    catalogue: Catalogue,
    *,
    collect_errors: bool = False,
) -> RuleBase:
    """Load rule files (directories are searched for ``*.yaml``) and check them.

    Fails on the first problem, or with ``collect_errors`` raises one :class:`KvoError`
    holding every problem found.
    """
    sink = ErrorSink(collect_errors)
    origins: dict[str, Location] = {}
    aliases: dict[str, str] = {}
    rules: list[Rule] = []
    files: list[str] = []
    for f in yaml_files(paths):
        loaded = sink.run(functools.partial(_load_file, f, catalogue))
        if loaded is None:
            continue
        doc, file_rules, unresolved = loaded
        for error in unresolved:  # the file's other rules are still checked (duplicate ids)
            sink.add(error)
        files.append(doc.source)
        for i, rule in file_rules:
            names = [(rule.id, ("rules", i, "id"))] + [
                (a, ("rules", i, "aliases", j)) for j, a in enumerate(rule.aliases)
            ]
            clash = False
            for name, where in names:
                if name in origins:
                    sink.add(
                        doc.error(
                            where,
                            msg(
                                "rule id '{name}' is already used at {first}",
                                name=name,
                                first=origins[name],
                            ),
                        )
                    )
                    clash = True
                else:
                    origins[name] = doc.location(("rules", i))
            if clash:
                continue
            aliases.update({a: rule.id for a in rule.aliases})
            rules.append(rule)
    if not files and not sink.errors:
        source = str(paths) if isinstance(paths, str | Path) else ", ".join(map(str, paths))
        sink.add(KvoError.at(Location(source), msg("no rule files (*.yaml) found")))
    sink.raise_if_any()
    rules.sort(key=lambda r: (r.priority, r.id))
    return RuleBase(rules=tuple(rules), origins=origins, aliases=aliases, files=tuple(files))


def loadable_rules(paths: str | Path | Sequence[str | Path], catalogue: Catalogue) -> RuleBase:
    """Every rule that loads on its own, files and rules with errors left out, the first
    definition of an id winning (what lint checks when the rule base as a whole did not load)."""
    rules: dict[str, Rule] = {}
    origins: dict[str, Location] = {}
    aliases: dict[str, str] = {}
    files: list[str] = []
    for f in yaml_files(paths):
        try:
            doc, file_rules, _ = _load_file(f, catalogue)
        except KvoError:
            continue
        files.append(doc.source)
        for i, rule in file_rules:
            if rule.id in rules or rule.id in aliases:
                continue
            rules[rule.id] = rule
            origins[rule.id] = doc.location(("rules", i))
            aliases.update({a: rule.id for a in rule.aliases if a not in aliases})
    ordered = tuple(sorted(rules.values(), key=lambda r: (r.priority, r.id)))
    return RuleBase(rules=ordered, origins=origins, aliases=aliases, files=tuple(files))
