"""CH020-CH030: whole-project rules (import cycles, fan-out, duplicated code).

Facts are collected per file in the one pass; `_symilar` compares as pylint's similarity
engine does, without importing pylint.
Imports `core`, `config` and `rules.base` only.
"""
