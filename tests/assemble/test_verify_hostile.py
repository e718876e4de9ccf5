"""`wenming verify` on hostile packages: encrypted zip members, manifests with wrong types, JSON nested
deep, unsafe package paths, symlinked folders. Chinese messages, exit 1 or 2, never a crash."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from wenming_submit.assemble.options import BuildOptions
from wenming_submit.assemble.pipeline import build_output
from wenming_submit.cli import main


def run(*args: str | Path) -> Result:
    return CliRunner(env={"COLUMNS": "200"}).invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def built(shared_project: Any) -> Path:
    _, project, result = shared_project
    return build_output(project, result, BuildOptions(word=False)).folder


@pytest.fixture
def package(built: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(built, tmp_path / built.name, symlinks=True))


def _manifest(folder: Path) -> dict[str, Any]:
    return dict(json.loads((folder / "manifest.json").read_text(encoding="utf-8")))


def _write_manifest(folder: Path, document: object) -> None:
    (folder / "manifest.json").write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")


def _no_crash(res: Result) -> None:
    assert "程序内部错误" not in res.output and "Traceback" not in res.output, res.output
    assert res.exception is None or isinstance(res.exception, SystemExit), res.output


@pytest.mark.skipif(shutil.which("7z") is None, reason="7z")
def test_an_encrypted_zip_is_a_problem_not_a_crash(package: Path) -> None:
    zip_path = next(package.glob("*.zip"))
    with zipfile.ZipFile(zip_path) as zf:
        zf.extractall(package.parent / "unpacked")
    zip_path.unlink()
    subprocess.run(["7z", "a", "-tzip", "-pgeheim", "-mem=ZipCrypto", str(zip_path), "."],
                   cwd=package.parent / "unpacked", check=True, capture_output=True)  # fmt: skip
    res = run("verify", package)
    _no_crash(res)
    assert res.exit_code == 1 and "已加密" in res.output


def test_an_encrypted_flag_on_one_member(package: Path) -> None:
    zip_path = next(package.glob("*.zip"))
    data = bytearray(zip_path.read_bytes())
    central = data.find(b"PK\x01\x02")
    data[central + 8] |= 0x1  # general purpose flag: encrypted
    zip_path.write_bytes(bytes(data))
    res = run("verify", package)
    _no_crash(res)
    assert res.exit_code == 1 and "无法读取" in res.output


@pytest.mark.parametrize(
    "change",
    [
        {"zip": 5},
        {"package": 7},
        {"files": [{"path": 3}]},
        {"files": "上报材料"},
        {"files": [{"path": "a.txt", "size": "大"}]},
    ],
)
def test_wrong_types_in_the_manifest(package: Path, change: dict[str, Any]) -> None:
    _write_manifest(package, {**_manifest(package), **change})
    res = run("verify", package)
    _no_crash(res)
    assert res.exit_code == 2 and "manifest.json 已损坏" in res.output


@pytest.mark.parametrize("document", ["[" * 100_000 + "]" * 100_000, "[1, 2]", "null", '"files"'])
def test_not_a_manifest_at_all(package: Path, document: str) -> None:
    (package / "manifest.json").write_text(document, encoding="utf-8")
    res = run("verify", package)
    _no_crash(res)
    assert res.exit_code == 2 and "manifest.json 已损坏" in res.output


@pytest.mark.parametrize("value", ["/", "../..", "/etc", "C:/Windows"])
def test_an_unsafe_package_path_is_not_walked(package: Path, value: str) -> None:
    _write_manifest(package, {**_manifest(package), "package": value})
    res = run("verify", package)
    _no_crash(res)
    assert res.exit_code == 1 and "不安全" in res.output and "/etc/" not in res.output


@pytest.mark.parametrize("value", ["/etc/passwd", "../../x.zip"])
def test_an_unsafe_zip_path_is_not_read(package: Path, value: str) -> None:
    _write_manifest(package, {**_manifest(package), "zip": value})
    res = run("verify", package)
    _no_crash(res)
    assert res.exit_code == 1 and "不安全" in res.output


@pytest.mark.skipif(os.name != "posix", reason="symlinks")
def test_a_symlinked_package_folder_is_not_followed(package: Path) -> None:
    shutil.rmtree(package / "上报材料")
    (package / "上报材料").symlink_to("/etc")
    res = run("verify", package)
    _no_crash(res)
    assert res.exit_code == 1 and "符号链接" in res.output
    assert "passwd" not in res.output and "多出 0 个" in res.output


@pytest.mark.skipif(os.name != "posix", reason="symlinks")
def test_a_symlinked_file_or_subfolder_is_not_read(package: Path) -> None:
    listed = [f["path"] for f in _manifest(package)["files"]]
    first = package / listed[0]
    first.unlink()
    first.symlink_to("/etc/passwd")
    (package / "上报材料" / "链接").symlink_to("/etc")
    res = run("verify", package)
    _no_crash(res)
    assert res.exit_code == 1 and "符号链接" in res.output
    assert "多出 1 个" in res.output  # the link itself, not what is under /etc
