"""CH010-CH012: radon complexity and maintainability, through the `_radon` adapter.

Imports `core`, `config` and radon only.
"""
