"""A project folder: its settings and catalogue opened together, creating one (init) and its folders (scaffold)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from wenming_submit.catalog.load import load_catalog
from wenming_submit.catalog.model import Catalog
from wenming_submit.config import ProjectConfig, load_config
from wenming_submit.evidence.inspect.pool import TIME_LIMIT

__all__ = ["Project", "open_project"]


@dataclass(frozen=True)
class Project:
    config: ProjectConfig
    catalog: Catalog
    warnings: tuple[str, ...] = ()
    use_cache: bool = True
    """False (`wenming check --no-cache`): read every file afresh and leave the cache alone."""
    time_limit: float = TIME_LIMIT
    """Seconds one file's inspection may take."""


def open_project(root: Path) -> Project:
    """Load wenming.toml and the catalogue; raises ConfigError/CatalogError before any work."""
    config, warnings = load_config(root)
    catalog = load_catalog(config.indicators_dir, config.units, groups=config.unit_groups)
    return Project(config, catalog, (*warnings, *catalog.notes))
