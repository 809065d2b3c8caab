"""File names the config and the command line share, in a module that costs nothing to import."""

from __future__ import annotations

DEFAULT_BASELINE = ".codehealth-baseline.json"
