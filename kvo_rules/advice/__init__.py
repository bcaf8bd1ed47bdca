"""Layer 2, advice: the rule engine, costed candidates, packages, explanations, many budgets
and many profiles. Imports core, rules and packages (see docs/architecture.md).
"""
