"""Checks of the code's own shape, run by ``make lint``."""
