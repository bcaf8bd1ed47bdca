"""Layer 4, authoring tools: lint and its checks, rule tests, validate, JSON Schemas.
Imports documents and below (see docs/architecture.md).
"""
