"""Renderers of a CheckResult: console and JSON here; Excel/HTML/Word live in build/."""
