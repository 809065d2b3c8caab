"""Backward compatibility after a split: old APIs (git ref, snapshot, config) and their checks.

`model` (the API record), `static` (read from source with `ast`), `gitref`, `sources`,
`oldtree` and `runtime` (the old module imported from a `git archive` of the ref), `snapshot`
(the `codehealth snapshot` command), `signatures`, `methods`, `constructors`, `checks`,
`patches`/`patch_sites` and `beyond` (the run-time assertions), `isolated`/`child` (the child
process they run in) and `verify` (one module's whole check), `assertions` (the helper for
users' tests), `items` (pytest items). Imports `engine` (discovery), `config` and `core`; never
the ways in. Only the run-time checks import the user's code, by design, in child processes.
"""
