"""Where outputs go: never into evidence/; an evidence/ outside the project only when asked for."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from testkit.core import Proj, tree_digest
from wenming_submit.cli import main
from wenming_submit.errors import EXIT_CANNOT_RUN


def run(*args: str | Path) -> Result:
    return CliRunner(env={"COLUMNS": "200"}).invoke(main, [str(a) for a in args])


def _with_output(proj: Proj, value: str) -> None:
    toml = proj.root / "wenming.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + f'\n[output]\ndir = "{value}"\n', encoding="utf-8")


@pytest.mark.parametrize("value", ["evidence", "evidence/输出", "./evidence/../evidence/区文明办"])
@pytest.mark.parametrize("command", ["check", "build", "notify", "dashboard"])
def test_output_inside_evidence_is_refused_before_anything_is_written(proj: Proj, value: str, command: str) -> None:
    proj.complete()
    _with_output(proj, value)
    before = tree_digest(proj.root / "evidence")
    res = run(command, "-C", proj.root)
    assert res.exit_code == EXIT_CANNOT_RUN, res.output
    assert "[output] dir" in res.output and "evidence/ 之内" in res.output and "Traceback" not in res.output
    assert tree_digest(proj.root / "evidence") == before


@pytest.mark.skipif(os.name != "posix", reason="symlinks")
def test_an_output_folder_that_links_into_evidence_is_refused(proj: Proj) -> None:
    proj.complete()
    (proj.root / "evidence" / "区文明办" / "out").mkdir()
    (proj.root / "output").symlink_to(proj.root / "evidence" / "区文明办" / "out")
    before = tree_digest(proj.root / "evidence")
    res = run("build", "-C", proj.root)
    assert res.exit_code == EXIT_CANNOT_RUN and "[output] dir" in res.output, res.output
    assert tree_digest(proj.root / "evidence") == before


@pytest.mark.skipif(os.name != "posix", reason="symlinks")
def test_evidence_outside_the_project_needs_the_global_option(proj: Proj, tmp_path: Path) -> None:
    proj.complete()
    elsewhere = tmp_path / "别处"
    (proj.root / "evidence").rename(elsewhere)
    (proj.root / "evidence").symlink_to(elsewhere)
    res = run("check", "-C", proj.root)
    assert res.exit_code == EXIT_CANNOT_RUN, res.output
    assert "evidence/ 指向项目文件夹之外" in res.output and "--allow-external-evidence" in res.output
    assert not (proj.root / "output").exists()  # refused before the cache or history was written

    res = run("--allow-external-evidence", "check", "-C", proj.root, "--no-history")
    assert res.exit_code == 0, res.output


@pytest.mark.skipif(os.name != "posix", reason="symlinks")
def test_evidence_linked_to_the_root_of_the_file_system_is_refused(proj: Proj) -> None:
    proj.complete()
    os.rename(proj.root / "evidence", proj.root / "材料")
    (proj.root / "evidence").symlink_to("/")
    res = run("check", "-C", proj.root, "--format", "json")
    assert res.exit_code == EXIT_CANNOT_RUN and "指向项目文件夹之外：/" in res.output


def test_reports_named_inside_evidence_are_refused(proj: Proj) -> None:
    proj.complete()
    before = tree_digest(proj.root / "evidence")
    res = run("check", "-C", proj.root, "--xlsx", proj.root / "evidence" / "检查报告.xlsx")
    assert res.exit_code == EXIT_CANNOT_RUN and "--xlsx" in res.output and "evidence/ 之内" in res.output
    res = run("dashboard", "-C", proj.root, "--output", proj.root / "evidence" / "看板.html")
    assert res.exit_code == EXIT_CANNOT_RUN and "--output" in res.output
    assert tree_digest(proj.root / "evidence") == before
