"""The engine: files -> SourceFile -> selected rules -> findings, and no printing.

Discovery, batches, the content-hash cache, identity, baseline, fixes and the whole-project
pass. Imports `rules`, `config` and `core`; never the ways in (cli, plugin) or the reports.
"""
