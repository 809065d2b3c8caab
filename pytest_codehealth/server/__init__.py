"""`codehealth server`: the gates in the editor, as a Language Server Protocol server.

A way in, beside `cli` and `plugin`: it may import `engine`, `report`, `config` and `core`
(and `rules` for the fixes). pygls and lsprotocol (the `server` extra) are imported only by
`app` and `protocol`; `entry` says which extra to install when they are missing.
"""
