"""Tests for HIPAA Guide."""
