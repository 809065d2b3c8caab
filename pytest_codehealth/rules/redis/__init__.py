"""CH005-CH008: Redis calls not awaited, blocking the loop, awaited when sync, pipelines.

Imports `core` and `config` only; the `_` modules are this family's client inference.
"""
