"""The `codehealth` command: `main` and one module per subcommand.

A way in: may import every layer below it (engine, compat, report, rules, config, core).
"""
