"""The check pipeline as one call: config + catalogue -> scan -> inspect -> assess."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from wenming_submit.catalog.load import load_catalog
from wenming_submit.catalog.model import Catalog
from wenming_submit.check.assess import assess
from wenming_submit.check.result import CheckResult
from wenming_submit.config import ProjectConfig, load_config
from wenming_submit.evidence.scan import Progress, scan


@dataclass(frozen=True)
class Project:
    config: ProjectConfig
    catalog: Catalog
    warnings: tuple[str, ...] = ()


def open_project(root: Path) -> Project:
    """Load wenming.toml and the catalogue; raises ConfigError/CatalogError before any work."""
    config, warnings = load_config(root)
    catalog = load_catalog(config.indicators_dir, config.units)
    return Project(config, catalog, tuple(warnings))


def run_check(project: Project, progress: Progress | None = None) -> CheckResult:
    inventory = scan(project.config, project.catalog, progress)
    return assess(project.config, project.catalog, inventory)
