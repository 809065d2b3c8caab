"""`codehealth report`: the scorecard (gates, before/after, compat, hotspots, trend, tools).

May import compat, report, engine, rules, config and core; the ways in (cli) import it. The HTML
page and its plots (`html*`, `plots*`) read only the scorecard document (schema 1) and import
the `report` extra's libraries only when a page is asked for.
"""
