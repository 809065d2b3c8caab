"""Backward compatibility after a split: old APIs (git ref, snapshot, config) and their checks.

`model` (the API record), `static` (read from source with `ast`), `gitref`, `sources`,
`snapshot` (the `codehealth snapshot` command), `signatures`, `checks` and `beyond` (the
run-time assertions), `assertions` (the helper for users' tests), `items` (pytest items).
Imports `engine` (discovery), `config` and `core`; never the ways in. Only the run-time checks
import the user's package, by design.
"""
