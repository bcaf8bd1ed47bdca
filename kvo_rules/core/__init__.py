"""Layer 0, the domain core: errors, the YAML loader, input models, catalogue and profile loading.

Imports nothing else of kvo_rules (see docs/architecture.md).
"""
