"""CH002: except blocks that swallow the error. Imports `core` and `config` only."""
