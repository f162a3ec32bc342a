"""Throughput benchmark of the translate stage (see README.md)."""
