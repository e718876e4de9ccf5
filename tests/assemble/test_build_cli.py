"""`wenming build` and `wenming verify` as a user runs them: refusal, incomplete builds, interruption, tampering."""

from __future__ import annotations

import errno
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import wenming_submit.assemble.package as package_module
from wenming_submit.assemble.options import BuildOptions, IncompleteBuild
from wenming_submit.assemble.pipeline import build_output
from wenming_submit.cli import main

TITLE = "某某区2025年度创建全国文明城市网上申报材料"


def run(*args: str) -> Any:
    return CliRunner().invoke(main, list(args))


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def leftovers(root: Path) -> list[Path]:
    return [p for p in (root / "output").iterdir() if ".tmp-" in p.name or ".old-" in p.name]


def test_build_refuses_on_errors_and_lists_them(project_factory: Any) -> None:
    root = project_factory(complete=False)
    res = run("build", "--no-toc", "-C", str(root))
    assert res.exit_code == 1
    assert "未生成" in res.output and "WM102" in res.output and "--allow-incomplete" in res.output
    assert not (root / "output" / TITLE).exists()


def test_allow_incomplete_builds_and_exits_1(project_factory: Any) -> None:
    root = project_factory(complete=False)
    res = run("build", "--no-toc", "-C", str(root), "--allow-incomplete")
    assert res.exit_code == 1, res.output
    folder = root / "output" / TITLE
    assert (folder / "网报材料清单.xlsx").is_file() and (folder / "manifest.json").is_file()
    assert (folder / f"{TITLE}.zip").is_file()
    assert "已生成" in res.output and "不完整" in res.output and "7 个文件" in res.output
    # The Word 汇编 (issue 4) is built in the same staged folder.
    assert (folder / "网报材料汇编.docx").is_file() and "Word 汇编：网报材料汇编.docx" in res.output


@pytest.fixture(scope="module")
def built_package(shared_project: Any) -> Path:
    """The shared project built once with the CLI (GBK zip names); tests copy the package to tamper with it."""
    root = shared_project[0]
    res = run("build", "--no-toc", "-C", str(root), "--zip-encoding", "gbk")
    assert res.exit_code == 0, res.output
    assert "GBK" in res.output and "9 个文件" in res.output
    return root / "output" / TITLE


@pytest.fixture
def package_copy(built_package: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(built_package, tmp_path / TITLE))


def test_clean_build_exits_0_and_verify_passes(built_package: Path) -> None:
    res = run("verify", str(built_package))
    assert res.exit_code == 0, res.output
    assert "9 个文件与 manifest.json 完全一致" in res.output


def test_verify_reports_changed_missing_and_extra(package_copy: Path) -> None:
    folder = package_copy
    photos = sorted((folder / "上报材料").rglob("*.jpg"))
    photos[0].write_bytes(photos[0].read_bytes()[:-1] + b"\x00")  # same size, other content
    photos[1].unlink()
    (photos[2].parent / "偷偷加的.txt").write_text("x", encoding="utf-8")
    res = run("verify", str(folder))
    assert res.exit_code == 1
    assert "已改动" in res.output and photos[0].name in res.output and "SHA-256" in res.output
    assert "缺少" in res.output and photos[1].name in res.output
    assert "多出" in res.output and "偷偷加的.txt" in res.output
    assert "缺少 1 个，改动 1 个，多出 1 个" in res.output


def test_verify_notices_a_tampered_zip(package_copy: Path) -> None:
    folder = package_copy
    zip_path = folder / f"{TITLE}.zip"
    data = bytearray(zip_path.read_bytes())
    at = data.find(b"\xff\xd8\xff")  # inside the first stored JPEG
    data[at + 200] ^= 0xFF
    zip_path.write_bytes(bytes(data))
    res = run("verify", str(folder))
    assert res.exit_code == 1 and "压缩包" in res.output


def test_verify_on_a_folder_that_is_no_package(tmp_path: Path) -> None:
    res = run("verify", str(tmp_path))
    assert res.exit_code == 2 and "manifest.json" in res.output
    (tmp_path / "manifest.json").write_text("{not json", encoding="utf-8")
    res = run("verify", str(tmp_path))
    assert res.exit_code == 2 and "损坏" in res.output


def test_verify_never_reads_outside_the_package(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("x", encoding="utf-8")
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "manifest.json").write_text(
        '{"version": 1, "files": [{"path": "../secret.txt", "sha256": "0", "size": 1}]}', encoding="utf-8"
    )
    res = run("verify", str(pkg))
    assert res.exit_code == 1 and "路径不安全" in res.output


@pytest.mark.parametrize("failure", ["interrupt", "disk-full"])
def test_interrupted_build_keeps_the_previous_output(
    project_factory: Any, monkeypatch: pytest.MonkeyPatch, failure: str
) -> None:
    root = project_factory()
    assert run("build", "--no-toc", "-C", str(root)).exit_code == 0
    folder = root / "output" / TITLE
    before = snapshot(folder)
    copied: list[Path] = []
    real_copy = package_module.clone_or_copy

    def failing_copy(src: Path, dest: Path) -> None:
        if len(copied) == 2:  # half way through the package
            if failure == "interrupt":
                raise KeyboardInterrupt
            raise OSError(errno.ENOSPC, "No space left on device", str(dest))
        copied.append(dest)
        real_copy(src, dest)

    monkeypatch.setattr(package_module, "clone_or_copy", failing_copy)
    res = run("build", "--no-toc", "-C", str(root))
    assert copied and all(not p.exists() for p in copied)  # the partial files went with the temp folder
    if failure == "interrupt":
        assert res.exit_code == 130 and "中断" in res.output
    else:
        assert res.exit_code == 2 and "磁盘空间不足" in res.output and "只剩" in res.output and "No space" not in res.output and "未被改动" in res.output
    assert snapshot(folder) == before
    assert leftovers(root) == []


def test_swap_replaces_old_output_completely(shared_project: Any) -> None:
    root, project, result = shared_project
    first = build_output(project, result, BuildOptions(word=False))
    stale = first.folder / "上报材料" / "旧文件.txt"
    stale.write_text("old", encoding="utf-8")
    second = build_output(project, result, BuildOptions(word=False))
    assert second.folder == first.folder and not stale.exists()
    assert leftovers(root) == []


def test_word_is_built_into_the_staging_folder_for_the_unit(shared_project: Any) -> None:
    _, project, result = shared_project
    outcome = build_output(project, result, BuildOptions(unit="区文明办", update_toc=False))
    assert outcome.word is not None and [p.name for p in outcome.word.documents] == ["网报材料汇编.docx"]
    assert ".tmp-" in outcome.word.documents[0].parent.name  # written beside the target, swapped in later
    assert (outcome.folder / "网报材料汇编.docx").is_file()
    assert {r.unit for r in outcome.view.requirements} == {"区文明办"}  # narrowed once, by the gate


def test_leftovers_of_a_killed_build_are_cleaned(shared_project: Any) -> None:
    root, project, result = shared_project
    (root / "output" / f".{TITLE}.tmp-dead").mkdir(parents=True)
    shutil.copytree(root / "indicators", root / "output" / f".{TITLE}.old-dead")
    build_output(project, result, BuildOptions(word=False))
    assert leftovers(root) == []


def test_library_build_refuses_gaps_without_allow_incomplete(project_factory: Any, checked: Any) -> None:
    root = project_factory(complete=False)
    project, result = checked(root)
    with pytest.raises(IncompleteBuild, match="部分 1 项"):
        build_output(project, result, BuildOptions(word=False))
    assert not (root / "output" / TITLE).exists() and leftovers(root) == []
