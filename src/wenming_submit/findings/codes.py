"""Every finding code, registered: importing this module completes the registry.

Each helper area registers its codes in its own codes_* module; add the import here.
"""

from wenming_submit.findings import codes_build, codes_content, codes_core, codes_files, codes_review
from wenming_submit.findings.registry import REGISTRY, CheckSpec

__all__ = ["all_specs", "codes_build", "codes_content", "codes_core", "codes_files", "codes_review"]


def all_specs() -> list[CheckSpec]:
    """All registered checks, ordered by code."""
    return sorted(REGISTRY.values(), key=lambda s: s.code)
