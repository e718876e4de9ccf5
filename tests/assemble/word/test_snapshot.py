"""The 汇编's content is pinned: a fresh build's document.xml, dumped block by block (snapshot.py), equals
the stored snapshot (snapshots/汇编.json), for the whole 汇编 and each 分册.

After a change that is *meant* to change the content, regenerate with
`WENMING_UPDATE_SNAPSHOT=1 .venv/bin/pytest -q tests/assemble/word/test_snapshot.py` and review the diff.
"""

from __future__ import annotations

import difflib
import json
import os
from pathlib import Path
from typing import Any

import pytest

from .conftest import Built, build
from .snapshot import dump, lines, make_snapshot_project

SNAPSHOT = Path(__file__).parent / "snapshots" / "汇编.json"


def _documents(built: Built) -> dict[str, list[str]]:
    out = {}
    for path in built.report.documents:
        out[path.relative_to(path.parents[1] if path.parent.name == "分册" else path.parent).as_posix()] = (
            lines(dump(path))
        )
    return out


def _serialize(documents: dict[str, list[str]]) -> str:
    parts = []
    for name, blocks in documents.items():
        parts.append(json.dumps(name, ensure_ascii=False) + ": [\n" + ",\n".join(blocks) + "\n]")
    return "{\n" + ",\n".join(parts) + "\n}\n"


@pytest.fixture(scope="module")
def snapshot_build(tmp_path_factory: pytest.TempPathFactory) -> Built:
    import samplefiles

    root = make_snapshot_project(tmp_path_factory.mktemp("snap") / "proj", samplefiles)
    return build(root, tmp_path_factory.mktemp("snap-out"), update_toc=False, split="unit")


def test_snapshot_covers_every_kind_of_content(snapshot_build: Built) -> None:
    """The fixture exercises what the 汇编 writes (else the snapshot would pin little)."""
    report = snapshot_build.report
    assert report.pictures >= 6 and report.album_pictures == 2 and report.pdf_pages >= 10
    assert report.tables >= 3 and report.gaps and report.masked and report.attachments
    assert len(report.documents) == 3  # the 汇编 and two 分册


def test_fresh_build_matches_the_snapshot(snapshot_build: Built) -> None:
    fresh = _documents(snapshot_build)
    if os.environ.get("WENMING_UPDATE_SNAPSHOT"):
        SNAPSHOT.parent.mkdir(exist_ok=True)
        SNAPSHOT.write_text(_serialize(fresh), encoding="utf-8")
    stored: dict[str, Any] = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    expected = {name: lines(blocks) for name, blocks in stored.items()}
    assert list(fresh) == list(expected)
    for name in expected:
        if fresh[name] != expected[name]:
            diff = "\n".join(
                difflib.unified_diff(expected[name], fresh[name], "snapshot", "fresh build", lineterm="", n=1)
            )
            pytest.fail(f"{name} differs from {SNAPSHOT.name}:\n{diff}")
