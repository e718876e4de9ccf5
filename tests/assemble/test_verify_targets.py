"""`wenming verify` takes the package folder, an unzipped package, the .zip or the output folder (issue 13)."""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from wenming_submit.assemble.options import BuildOptions
from wenming_submit.assemble.pipeline import build_output
from wenming_submit.cli import main
from wenming_submit.project import Project


def run(*args: str | Path) -> Result:
    return CliRunner(env={"COLUMNS": "200"}).invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def package(shared_project: tuple[Path, Project, Any]) -> Path:
    _, project, result = shared_project
    return build_output(project, result, BuildOptions(word=False)).folder


@pytest.fixture
def copy(package: Path, tmp_path: Path) -> Callable[[], Path]:
    return lambda: Path(shutil.copytree(package, tmp_path / "output" / package.name))


def test_package_folder(package: Path) -> None:
    res = run("verify", package)
    assert res.exit_code == 0, res.output
    assert "核对材料包文件夹" in res.output and "完全一致" in res.output


def test_the_zip_on_its_own(package: Path) -> None:
    (zip_path,) = package.glob("*.zip")
    res = run("verify", zip_path)
    assert res.exit_code == 0, res.output
    assert "核对压缩包" in res.output and "完全一致" in res.output
    assert "is a file" not in res.output


def test_a_tampered_zip_on_its_own(package: Path, tmp_path: Path) -> None:
    (zip_path,) = package.glob("*.zip")
    bad = tmp_path / zip_path.name
    with zipfile.ZipFile(zip_path) as source, zipfile.ZipFile(bad, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            target.writestr(info, data if info.filename.endswith("manifest.json") else data + b"x")
    res = run("verify", bad)
    assert res.exit_code == 1 and "内容与清单不符" in res.output


def test_an_unzipped_package(package: Path, tmp_path: Path) -> None:
    (zip_path,) = package.glob("*.zip")
    unzipped = tmp_path / "解压"
    with zipfile.ZipFile(zip_path) as zf:
        zf.extractall(unzipped)
    res = run("verify", unzipped)
    assert res.exit_code == 0, res.output
    assert "找不到压缩包" not in res.output and "解压后的材料包" in res.output


def test_the_output_folder(copy: Callable[[], Path]) -> None:
    folder = copy()
    res = run("verify", folder.parent)
    assert res.exit_code == 0, res.output
    assert "核对输出文件夹" in res.output and "1 个材料包" in res.output
    next((folder / "上报材料").rglob("*.jpg")).unlink()
    res = run("verify", folder.parent)
    assert res.exit_code == 1 and "缺少" in res.output


def test_the_build_folder_without_its_zip_is_a_problem(copy: Callable[[], Path]) -> None:
    folder = copy()
    next(folder.glob("*.zip")).unlink()
    res = run("verify", folder)
    assert res.exit_code == 1 and "找不到压缩包" in res.output


def test_neither_folder_nor_zip(tmp_path: Path) -> None:
    text = tmp_path / "a.txt"
    text.write_text("x", encoding="utf-8")
    res = run("verify", text)
    assert res.exit_code == 2 and "不是压缩包" in res.output
    res = run("verify", tmp_path / "nowhere")
    assert res.exit_code == 2 and "找不到" in res.output
