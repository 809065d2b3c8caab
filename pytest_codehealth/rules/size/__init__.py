"""CH001: module size. Imports `core` and `config` only."""
