"""Options shared by several commands."""

from __future__ import annotations

from pathlib import Path

import click

project_option = click.option(
    "--project",
    "-C",
    "project_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("."),
    show_default=True,
    help="项目文件夹（包含 wenming.toml、indicators/、evidence/）",
)
unit_option = click.option("--unit", "-u", help="只看某个单位（全称或别名）")
indicator_option = click.option("--indicator", "-i", help="只看某个指标（编号，如 Ⅱ-3-2）")

date_type = click.DateTime(formats=["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d"])
"""Dates as coordinators type them: 2026-06-30, 2026/6/30 or 2026.6.30."""
