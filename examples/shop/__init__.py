"""A tiny example service package: run `codehealth check examples` to see the gates."""
