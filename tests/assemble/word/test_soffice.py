"""No LibreOffice profile, temp file or process outlives a conversion: normal end, timeout or SIGKILL."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import docx
import pytest

from wenming_submit.assemble.word import soffice

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"),
]


def _running(marker: str) -> list[int]:
    """Live (not zombie) processes whose command line mentions `marker`."""
    found = []
    for name in os.listdir("/proc"):
        if not name.isdigit() or int(name) == os.getpid():
            continue
        try:
            cmdline = Path(f"/proc/{name}/cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
            state = Path(f"/proc/{name}/stat").read_bytes().rsplit(b")", 1)[1].split()[0]
        except OSError:
            continue
        if marker in cmdline and state != b"Z":
            found.append(int(name))
    return found


def _wait_until(condition: object, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.1)
    return False


def _document(path: Path, paragraphs: int = 30) -> Path:
    document = docx.Document()
    for n in range(paragraphs):
        document.add_paragraph(f"第{n}段：创建全国文明城市网上申报材料。" * 5)
    document.save(str(path))
    return path


def test_normal_conversion_leaves_nothing(tmp_path: Path) -> None:
    source = _document(tmp_path / "a.docx")
    work = tmp_path / "work"
    assert soffice.convert([source], "pdf", tmp_path / "out", work, 120) is None
    assert (tmp_path / "out" / "a.pdf").is_file()
    assert list(work.iterdir()) == [] and _running(str(work)) == []


def test_timeout_kills_the_group_and_removes_the_profile(tmp_path: Path) -> None:
    source = _document(tmp_path / "a.docx")
    work = tmp_path / "work"
    error = soffice.convert([source], "pdf", tmp_path / "out", work, 0.5)
    assert error is not None and "超过" in error
    assert _wait_until(lambda: not _running(str(work)), 5)
    assert list(work.iterdir()) == []


def test_sigkilled_build_leaves_no_profile_temp_file_or_process(tmp_path: Path) -> None:
    sources = [_document(tmp_path / f"doc{n}.docx", 200) for n in range(6)]
    work, temp = tmp_path / "work", tmp_path / "tmp"
    temp.mkdir()
    script = (
        "import sys; from pathlib import Path; from wenming_submit.assemble.word import soffice; "
        "soffice.convert([Path(p) for p in sys.argv[3:]], 'pdf', Path(sys.argv[1]), Path(sys.argv[2]), 600)"
    )
    build = subprocess.Popen(
        [sys.executable, "-c", script, str(tmp_path / "out"), str(work), *map(str, sources)],
        env={**os.environ, "TMPDIR": str(temp)},
    )
    try:
        # LibreOffice is running with its profile in the work folder
        assert _wait_until(lambda: any("UserInstallation" in _cmd(p) for p in _running(str(work))), 60)
        time.sleep(1)  # let it start its child processes
        os.kill(build.pid, signal.SIGKILL)
        build.wait(timeout=10)
        assert _wait_until(lambda: not _running(str(work)), 20), _running(str(work))
        assert _wait_until(lambda: not any(work.iterdir()), 10), list(work.iterdir())
        assert list(temp.iterdir()) == []
    finally:
        if build.poll() is None:
            build.kill()


def _cmd(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
    except OSError:
        return ""


def test_private_profile_bounds_libreoffice_picture_memory(tmp_path: Path) -> None:
    """The profile's registrymodifications.xcu caps LibreOffice's decoded-picture memory (300 MB by default:
    on a district 汇编 most of its peak)."""
    from xml.etree import ElementTree

    soffice.write_settings(tmp_path)
    root = ElementTree.parse(tmp_path / "user" / "registrymodifications.xcu").getroot()
    oor = "{http://openoffice.org/2001/registry}"
    props = {
        (item.get(f"{oor}path"), prop.get(f"{oor}name")): int(prop.findtext("value") or 0)
        for item in root for prop in item
    }
    group = "/org.openoffice.Office.Common/Cache/GraphicManager"
    assert props[(group, "GraphicMemoryLimit")] <= 50_000_000
    assert props[(group, "TotalCacheSize")] <= 50_000_000
