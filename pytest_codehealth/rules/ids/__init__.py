"""CH003-CH004: identifiers made from a clock reading, uuid1; the uuid4 fix.

Imports `core` and `config` only; the `_` modules are this family's private helpers.
"""
