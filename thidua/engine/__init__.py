"""The engine: pure-Python, Decimal-exact computations for targets, scores, ranks and votes."""
