"""The scorecard of `codehealth report`: before/after, hotspots, trend; as JSON, Markdown, HTML.

Imports `compat`, `report`, `engine`, `rules`, `config` and `core`; never the ways in. The HTML
page and its plots (`html*`, `plots*`) read only the scorecard document (schema 1) and import
the `report` extra's libraries only when a page is asked for.
"""
