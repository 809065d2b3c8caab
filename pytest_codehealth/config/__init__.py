"""`[tool.codehealth]` -> frozen settings: loading, validation, selection, globs, rule options.

Imports only `core` and the standard library: never rule code (rules import their option
schemas from here), never the engine or the ways in.
"""
