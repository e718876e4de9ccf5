"""Where a project's files are: wenming.toml, evidence/ and the output folder, and the checks that keep
them apart (no output inside evidence/, no evidence/ that leads outside the project unless allowed).

Sits below config (config.load_config runs the output check), so it reads a ProjectConfig only through
the `ProjectFolders` protocol.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Protocol

from wenming_submit.errors import ConfigError

CONFIG_FILE = "wenming.toml"


class _OutputSetting(Protocol):
    @property
    def dir(self) -> str: ...


class ProjectFolders(Protocol):
    """What the location checks read of a config.ProjectConfig."""

    @property
    def root(self) -> Path: ...
    @property
    def output(self) -> _OutputSetting: ...
    @property
    def output_dir(self) -> Path: ...
    @property
    def evidence_dir(self) -> Path: ...


def real_path(path: Path) -> Path:
    """`path` with every symlink of its existing part resolved (the rest kept as written)."""
    return Path(os.path.realpath(path))


def inside_evidence(config: ProjectFolders, path: Path) -> bool:
    """Whether writing `path` would write into evidence/ (directly, or through a symlink)."""
    evidence = real_path(config.evidence_dir)
    return real_path(path).is_relative_to(evidence)


def check_output_location(config: ProjectFolders) -> None:
    """Refuse an output folder inside evidence/: the cache, history, package and notices would land there."""
    if inside_evidence(config, config.output_dir):
        raise ConfigError(
            f"[output] dir = \"{config.output.dir}\" 指向材料文件夹 evidence/ 之内"
            f"（{real_path(config.output_dir)}），生成的文件会混进各单位的材料",
            path=config.root / CONFIG_FILE,
            field="output.dir",
            hint='请把 [output] dir 改为 evidence/ 以外的文件夹，如 "output"；'
            "若 output 是指向 evidence/ 的快捷方式（符号链接），请删除它",
        )


def evidence_in_project(config: ProjectFolders) -> bool:
    return real_path(config.evidence_dir).is_relative_to(real_path(config.root))


def check_evidence_location(config: ProjectFolders, *, allow_external: bool = False) -> None:
    """Refuse an evidence/ that leads outside the project folder (e.g. a symlink to /), which would scan
    whatever it points at, unless `allow_external` (`wenming --allow-external-evidence`); an allowed
    external evidence/ still must not hold the output folder."""
    if evidence_in_project(config):
        return
    if allow_external:
        check_output_location(config)
    else:
        raise ConfigError(
            f"材料文件夹 evidence/ 指向项目文件夹之外：{real_path(config.evidence_dir)}",
            path=config.evidence_dir,
            hint="请把各单位的材料放在项目文件夹的 evidence/ 中；确需检查项目外的文件夹时，"
            "请加全局选项，如 wenming --allow-external-evidence check",
        )
