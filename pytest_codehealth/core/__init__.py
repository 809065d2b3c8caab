"""Shared data every layer uses: a parsed source file, findings, edits, suppressions, AST helpers.

The bottom layer: imports only the standard library, never config, rules, engine or above.
"""
