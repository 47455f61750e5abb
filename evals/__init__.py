"""Evaluation suite and benchmarks for HIPAA Guide."""
