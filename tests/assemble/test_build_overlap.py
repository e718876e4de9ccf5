"""The upload package is written on a thread while the Word 汇编 is built (assemble/pipeline.py).

Same outputs and the same failure handling as one after the other: an OSError in either gives the one
Chinese message and leaves the previous output as it was, and nothing keeps writing afterwards.
"""

from __future__ import annotations

import errno
import threading
from pathlib import Path
from typing import Any

import pytest

import wenming_submit.assemble.package as package_module
import wenming_submit.assemble.pipeline as pipeline
from wenming_submit.assemble.options import BuildOptions
from wenming_submit.assemble.pipeline import build_output
from wenming_submit.errors import ProjectError


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(root: Path) -> list[Path]:
    return [p for p in (root / "output").iterdir() if ".tmp-" in p.name or ".old-" in p.name]


def _package_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("package")]


def test_package_is_written_while_the_word_build_runs(shared_project: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    _root, project, result = shared_project
    copying = threading.Event()
    real_copy, real_word = package_module.clone_or_copy, pipeline.build_word
    seen: list[bool] = []

    def copy(src: Path, dest: Path) -> None:
        copying.set()
        real_copy(src, dest)

    def word(*args: Any, **kwargs: Any) -> Any:
        seen.append(copying.wait(timeout=60))  # the package started without waiting for the 汇编
        return real_word(*args, **kwargs)

    monkeypatch.setattr(package_module, "clone_or_copy", copy)
    monkeypatch.setattr(pipeline, "build_word", word)
    outcome = build_output(project, result, BuildOptions(update_toc=False))
    assert seen == [True]
    assert (outcome.folder / "网报材料汇编.docx").is_file() and outcome.zip_path.is_file()
    assert not _package_threads()


def test_word_failure_stops_the_package_and_keeps_the_old_output(
    shared_project: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, project, result = shared_project
    first = build_output(project, result, BuildOptions(word=False))
    before = snapshot(first.folder)
    copying = threading.Event()
    release = threading.Event()
    real_copy = package_module.clone_or_copy
    copied: list[Path] = []

    def copy(src: Path, dest: Path) -> None:
        copying.set()
        release.wait(timeout=60)  # hold the package until the 汇编 has failed
        copied.append(dest)
        real_copy(src, dest)

    def word(*_args: Any, **_kwargs: Any) -> Any:
        assert copying.wait(timeout=60)
        threading.Timer(0.2, release.set).start()
        raise OSError(errno.ENOSPC, "No space left on device", "网报材料汇编.docx")

    monkeypatch.setattr(package_module, "clone_or_copy", copy)
    monkeypatch.setattr(pipeline, "build_word", word)
    with pytest.raises(ProjectError) as info:
        build_output(project, result, BuildOptions(update_toc=False))
    assert "磁盘空间不足" in str(info.value) and "未被改动" in str(info.value)
    assert not _package_threads()  # stopped before the staging folder went
    assert copied and all(not p.exists() for p in copied)
    assert snapshot(first.folder) == before
    assert leftovers(root) == []


def test_package_failure_gives_the_same_message(shared_project: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    root, project, result = shared_project
    first = build_output(project, result, BuildOptions(word=False))
    before = snapshot(first.folder)

    def copy(_src: Path, dest: Path) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(dest))

    monkeypatch.setattr(package_module, "clone_or_copy", copy)
    with pytest.raises(ProjectError) as info:
        build_output(project, result, BuildOptions(update_toc=False))
    assert "磁盘空间不足" in str(info.value) and "未被改动" in str(info.value) and "No space" not in str(info.value)
    assert snapshot(first.folder) == before
    assert leftovers(root) == []
