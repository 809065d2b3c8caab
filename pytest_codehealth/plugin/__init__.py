"""The pytest plugin: the pytest11 entry point (`hooks`, kept tiny), items, cache, project items.

A way in: may import every layer below it; `hooks` imports nothing of ours until `--codehealth`.
"""
