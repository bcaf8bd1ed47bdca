"""Layer 1, the rule language: loading, the durable_rules compiler and adapter, the reference
evaluator. Imports core only (see docs/architecture.md).
"""
