"""`codehealth report`: the scorecard (gates, before/after, compat, hotspots, trend, tools).

May import compat, report, engine, rules, config and core; the ways in (cli) import it.
"""
