"""Test helpers and fixtures shared across the test folders (loaded as pytest plugins by tests/conftest.py)."""
