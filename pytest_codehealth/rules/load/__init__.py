"""CH000: a file that could not be read or parsed. Imports `core` only."""
