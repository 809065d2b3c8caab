"""The rules: one folder per family, each holding its rules and their private helpers.

`registry` lists every rule in code order; `base` is the rule record. Rules import `config`
and `core` only: never the engine, compat, reports or the ways in.
"""
