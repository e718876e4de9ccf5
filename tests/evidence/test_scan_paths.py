"""The walk: a folder nested past the OS's path limit is a finding, not a crash; names the upload package
must rename (direction controls, Windows device names) are flagged."""

from __future__ import annotations

import os

from testkit.core import Proj, findings

BASE = "区文明办/Ⅱ-3-2 我们的节日"


def _deep_folder(top: str, depth_bytes: int) -> None:
    """Folders below `top` whose path is longer than `depth_bytes`, made through directory descriptors
    (no single path given to the OS is too long), with a photo at the bottom."""
    name = "很深的文件夹" * 10  # 180 bytes
    fd = os.open(top, os.O_RDONLY)
    made = len(os.fsencode(top))
    try:
        while made < depth_bytes:
            os.mkdir(name, dir_fd=fd)
            inner = os.open(name, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd, made = inner, made + len(name.encode()) + 1
        out = os.open("2026年3月5日 广场 活动.jpg", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(out, b"\xff\xd8\xff\xd9")
        os.close(out)
    finally:
        os.close(fd)


def test_a_path_over_the_os_limit_is_a_finding_not_a_crash(proj: Proj) -> None:
    proj.complete()
    top = proj.path(f"{BASE}/实景图片/x").parent
    _deep_folder(str(top), 5000)
    result = proj.check()
    (long,) = findings(result, "WM159")
    assert long.kind == "unreadable" and long.severity.value == "error"
    assert long.path and long.path.startswith(f"evidence/{BASE}/实景图片/很深的文件夹")
    assert "路径太长" in long.message and long.unit == "区文明办" and long.indicator == "Ⅱ-3-2"
    # The first folder past the limit is named (its parent could still be opened), not the file below it.
    reported = proj.root / long.path
    assert len(os.fsencode(reported)) >= 4096 > len(os.fsencode(reported.parent))


def test_direction_controls_and_windows_device_names_are_flagged(proj: Proj) -> None:
    proj.complete()
    proj.photo(f"{BASE}/实景图片/2026年3月7日 广场 活动\u202egpj.exe.jpg", seed=7)
    proj.docx(f"{BASE}/活动方案/CON.docx")
    proj.docx(f"{BASE}/aux/说明报告.docx")
    proj.docx(f"{BASE}/活动方案/com1.txt.docx")
    result = proj.check()
    odd = {f.path.rsplit("/", 1)[-1]: f.message for f in findings(result, "WM152") if f.path}
    assert "文字方向控制字符" in odd["2026年3月7日 广场 活动\u202egpj.exe.jpg"]
    assert "Windows 的保留名称" in odd["CON.docx"] and "com1" in odd["com1.txt.docx"]
    assert "文件夹" in odd["说明报告.docx"]
    assert all(f.kind == "naming" for f in findings(result, "WM152"))
