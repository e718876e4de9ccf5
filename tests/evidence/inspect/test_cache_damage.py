"""The inspection cache never trusts a damaged row or a swapped file: a bad row is a miss, and a same-size
file with its mtime set back is read again (the key holds the inode and change time)."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from inspect_project import PHOTOS, PLANS, REPORTS

from wenming_submit.evidence.cache import CACHE_FILE
from wenming_submit.findings.codes_content import PII_ID

FILLER = "本单位组织志愿者在幸福社区开展我们的节日主题活动，群众参与热情高涨。" * 8


def _cache(project: Any) -> Path:
    return project.root / "output" / ".cache" / CACHE_FILE


def test_damaged_rows_are_cache_misses(project: Any, files: Any) -> None:
    files.docx(project.path(REPORTS, "报告.docx"), [FILLER])
    files.pdf(project.path(PLANS, "方案.pdf"), [FILLER])
    files.jpeg(project.path(PHOTOS, "2025-05-12 幸福社区 志愿者开展宣传.jpg"))
    files.png(project.path(PHOTOS, "IMG_0002.png"))
    first = project.check()
    with sqlite3.connect(_cache(project)) as db:
        rels = [rel for (rel,) in db.execute("SELECT rel FROM facts2 ORDER BY rel")]
        assert len(rels) == 4
        damage = ['{"facts": {', '{"facts": {"date": "2025-13-45"}, "issues": []}', 5]
        for rel, data in zip(rels, damage, strict=False):
            db.execute("UPDATE facts2 SET data = ? WHERE rel = ?", (data, rel))
        db.execute("UPDATE hashes2 SET sha256 = 'not a hash'")
    second = project.check()
    assert (second.stats.inspected, second.stats.cached) == (3, 1)
    assert second.result.findings == first.result.findings
    assert project.check().stats.inspected == 0  # the damaged rows were replaced


def test_a_same_size_file_with_its_mtime_restored_is_read_again(project: Any, files: Any) -> None:
    report = project.path(REPORTS, "情况说明.txt")
    report.write_text(FILLER + "联系人身份证号 000000000000000000。", encoding="utf-8")
    assert not project.check().codes("情况说明.txt") & {PII_ID.code}
    before = os.stat(report)
    # Swap in a same-size file carrying an ID number, then set its mtime back.
    swapped = report.with_name("swap.tmp")
    swapped.write_text(FILLER + "联系人身份证号 11010519491231002X。", encoding="utf-8")
    os.replace(swapped, report)
    os.utime(report, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = os.stat(report)
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    run = project.check()
    assert run.stats.inspected == 1
    assert PII_ID.code in run.codes("情况说明.txt")


def test_rewritten_in_place_with_the_mtime_restored(project: Any, files: Any) -> None:
    report = project.path(REPORTS, "情况说明.txt")
    report.write_text(FILLER + "联系人身份证号 000000000000000000。", encoding="utf-8")
    project.check()
    before = os.stat(report)
    with report.open("r+b") as fh:  # same inode, same size
        fh.write((FILLER + "联系人身份证号 11010519491231002X。").encode("utf-8"))
    os.utime(report, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert PII_ID.code in project.check().codes("情况说明.txt")


def test_a_cache_held_by_another_check_is_left_alone(project: Any, files: Any, monkeypatch: Any) -> None:
    """A locked cache means another check is using it: this check runs without it and deletes nothing
    (it used to treat "locked" as damage and unlink the file under the other check)."""
    files.docx(project.path(REPORTS, "报告.docx"), [FILLER])
    project.check()
    cache = _cache(project)
    with sqlite3.connect(cache) as db:
        rows_before = db.execute("SELECT count(*) FROM facts2").fetchone()[0]
    inode = cache.stat().st_ino

    def locked(conn: sqlite3.Connection, timeout: float) -> None:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr("wenming_submit.evidence.cache.use_wal", locked)
    run = project.check()
    assert run.stats.cached == 0 and run.stats.inspected == 1
    assert cache.stat().st_ino == inode
    with sqlite3.connect(cache) as db:
        assert db.execute("SELECT count(*) FROM facts2").fetchone()[0] == rows_before
