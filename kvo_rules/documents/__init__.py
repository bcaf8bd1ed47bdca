"""Layer 3, documents and outputs: the CLI's formats, the plan of action, the follow-up
evaluation. Imports advice and below (see docs/architecture.md).
"""
