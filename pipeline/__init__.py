"""Multilingual article normalization pipeline (artnorm)."""

__version__ = "0.1.0"
