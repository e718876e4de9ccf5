"""The inspection cache and the worker pool: a second check re-reads nothing, a catalogue change needs
no re-inspection, a broken cache is rebuilt, a slow file is stopped at the time limit."""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner
from inspect_project import PHOTOS, PLANS, REPORTS
from PIL import Image

from wenming_submit.cli import main
from wenming_submit.evidence.cache import CACHE_FILE
from wenming_submit.evidence.inspect.common import Inspected
from wenming_submit.evidence.inspect.pool import run_jobs

TEXT = "本单位组织志愿者在幸福社区开展我们的节日主题活动，群众参与热情高涨。" * 8


def _fill(project: Any, files: Any) -> int:
    files.docx(project.path(REPORTS, "报告.docx"), [TEXT])
    files.pdf(project.path(PLANS, "方案.pdf"), [TEXT])
    files.jpeg(project.path(PHOTOS, "2025-05-12 幸福社区 志愿者开展宣传.jpg"))
    files.png(project.path(PHOTOS, "IMG_0002.png"))
    return 4


def _cache(project: Any) -> Path:
    return project.root / "output" / ".cache" / CACHE_FILE


def test_second_check_reads_nothing(project: Any, files: Any) -> None:
    n = _fill(project, files)
    first = project.check()
    assert (first.stats.files, first.stats.inspected, first.stats.cached) == (n, n, 0)
    second = project.check()
    assert (second.stats.inspected, second.stats.cached) == (0, n)
    assert second.result.findings == first.result.findings
    assert second.result.requirements == first.result.requirements


def test_a_changed_file_is_read_again(project: Any, files: Any) -> None:
    n = _fill(project, files)
    project.check()
    report = project.root / REPORTS / "报告.docx"
    files.docx(report, ["短"])
    os.utime(report, (time.time() + 5, time.time() + 5))
    run = project.check()
    assert (run.stats.inspected, run.stats.cached) == (1, n - 1)
    assert "WM245" in run.codes("报告.docx")


def test_catalogue_change_needs_no_reinspection(project: Any, files: Any) -> None:
    _fill(project, files)
    assert "WM245" not in project.check().codes("报告.docx")
    catalog = project.root / "indicators" / "目录.yaml"
    catalog.write_text(
        catalog.read_text(encoding="utf-8").replace("min_chars: 200", "min_chars: 900"), encoding="utf-8"
    )
    run = project.check()
    assert run.stats.inspected == 0
    assert "WM245" in run.codes("报告.docx")


def test_corrupt_cache_is_ignored_and_rebuilt(project: Any, files: Any) -> None:
    n = _fill(project, files)
    first = project.check()
    _cache(project).write_bytes(b"this is not a database" * 100)
    rebuilt = project.check()
    assert rebuilt.stats.inspected == n
    assert rebuilt.result.findings == first.result.findings
    assert project.check().stats.inspected == 0


def test_no_cache_reads_everything_and_writes_nothing(project: Any, files: Any) -> None:
    n = _fill(project, files)
    assert project.check(use_cache=False).stats.inspected == n
    assert not _cache(project).exists()
    assert project.check(use_cache=False).stats.inspected == n


def test_overlapping_checks_share_the_cache(project: Any, files: Any) -> None:
    n = _fill(project, files)
    results: list[Any] = []
    threads = [threading.Thread(target=lambda: results.append(project.check())) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 2 and results[0].result.findings == results[1].result.findings
    assert project.check().stats.inspected == 0 and n


def test_cli_no_cache_option(project: Any, files: Any) -> None:
    _fill(project, files)
    runner = CliRunner()
    result = runner.invoke(main, ["check", "--project", str(project.root), "--format", "json", "--no-cache"])
    assert result.exit_code in (0, 1), result.output
    assert not _cache(project).exists()
    runner.invoke(main, ["check", "--project", str(project.root), "--format", "json"])
    assert _cache(project).exists()


@pytest.fixture(scope="module")
def slow_png(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """12 MP of noise: decoding it takes far longer than the 0.15 s limit of these tests."""
    path = tmp_path_factory.mktemp("slow") / "slow.png"
    noise = np.random.default_rng(0).integers(0, 255, (3000, 4000, 3), dtype=np.uint8)
    Image.fromarray(noise).save(path, "PNG", compress_level=1)
    return path


def test_pool_stops_a_file_at_the_time_limit_and_goes_on(files: Any, tmp_path: Path, slow_png: Path) -> None:
    slow = slow_png
    quick = [files.docx(tmp_path / f"{i}.docx", [TEXT]) for i in range(4)]
    jobs = [(0, str(slow), "png")] + [(i + 1, str(p), "docx") for i, p in enumerate(quick)]
    results: dict[int, Inspected] = {}
    start = time.monotonic()
    run_jobs(jobs, results.__setitem__, workers=2, time_limit=0.15)
    assert time.monotonic() - start < 20
    assert [i.code for i in results[0].issues] == ["WM207"]
    assert all(not results[i].issues and results[i].facts["chars"] > 0 for i in range(1, 5))


def test_time_limit_in_a_check(project: Any, files: Any, slow_png: Path) -> None:
    shutil.copyfile(slow_png, project.path(PHOTOS, "2025-05-12 幸福社区 志愿者开展宣传.png"))
    files.docx(project.path(REPORTS, "报告.docx"), [TEXT])
    run = project.check(time_limit=0.15)
    (stopped,) = [f for f in run.at("志愿者开展宣传.png") if f.code == "WM207"]
    assert stopped.kind == "unsafe" and "0.15 秒" in stopped.message
    assert run.requirement("区文明办", "说明报告").found == 1


LOOPING_PDF = b"""%PDF-1.4
1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
2 0 obj << /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >> endobj
3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] /Contents 4 0 R >> endobj
4 0 obj << /Length 5 0 R >> stream
BT ET
endstream endobj
5 0 obj 5 0 R endobj
trailer << /Root 1 0 R /Size 6 >>
%%EOF
"""


def test_loop_prone_pdf_ends_as_a_finding_in_time(tmp_path: Path) -> None:
    """A page tree that contains itself and a length that points at itself, with no xref at all."""
    path = tmp_path / "loop.pdf"
    path.write_bytes(LOOPING_PDF)
    results: dict[int, Inspected] = {}
    start = time.monotonic()
    run_jobs([(0, str(path), "pdf")], results.__setitem__, workers=1, time_limit=10)
    assert time.monotonic() - start < 15
    assert {i.code for i in results[0].issues} <= {"WM201", "WM207"} and results[0].issues


def test_pool_inspects_in_process_when_workers_cannot_start(
    files: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Workers that die before they are ready (a broken environment) must not be replaced forever."""
    from wenming_submit.evidence.inspect import pool

    def dying_worker(self: Any, ctx: Any) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=os._exit, args=(3,), daemon=True)
        self.process.start()
        child.close()
        self.ready = False
        self.jobs = pool.deque()
        self.started = 0.0

    monkeypatch.setattr(pool._Worker, "__init__", dying_worker)
    photo = files.jpeg(tmp_path / "a.jpg", size=(320, 240))
    report = files.docx(tmp_path / "b.docx", [TEXT])
    results: dict[int, Inspected] = {}
    start = time.monotonic()
    run_jobs([(0, str(photo), "jpeg"), (1, str(report), "docx")], results.__setitem__, workers=2)
    assert time.monotonic() - start < 20
    assert results[0].facts["width"] == 320 and not results[0].issues
    assert results[1].facts["chars"] > 100
