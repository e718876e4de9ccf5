"""LibreOffice, run so that nothing of it outlives the build: no profile, no temp file, no process.

Every conversion runs `soffice --headless --convert-to` with a private profile inside a work folder the
caller gives (the build's staging folder), under a small watchdog:

- the watchdog runs in a session of its own and starts soffice in another new session, so LibreOffice and
  everything it forks (oosplash, soffice.bin) form one process group;
- it reads a pipe whose other end only the build holds: when the build ends in any way — normally, by
  an exception, Ctrl-C, SIGTERM or even SIGKILL — the pipe closes and the watchdog kills LibreOffice's
  whole group (a plain `Popen.kill` would leave soffice.bin behind), waits until no process of it is
  left, removes the profile and exits; when soffice ends by itself the watchdog does the same;
- on a timeout the build closes the pipe, and kills the watchdog if it does not finish in time.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

WATCHDOG = r"""
import os, shutil, signal, subprocess, sys, threading, time
profile, wait, command = sys.argv[1], float(sys.argv[2]), sys.argv[3:]
child = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True)
lock = threading.Lock()
def alive(pgid):
    try:
        names = os.listdir("/proc")
    except OSError:
        try:
            os.killpg(pgid, 0)
            return True
        except OSError:
            return False
    for name in names:
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as fh:
                fields = fh.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != b"Z":
            return True
    return False
def cleanup(code):
    with lock:
        try:
            os.killpg(child.pid, signal.SIGKILL)
        except OSError:
            pass
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            child.poll()
            if not alive(child.pid):
                break
            time.sleep(0.05)
        shutil.rmtree(profile, ignore_errors=True)
        os._exit(code)
def watch():
    try:
        while sys.stdin.buffer.read(1):
            pass
    except OSError:
        pass
    cleanup(137)
threading.Thread(target=watch, daemon=True).start()
cleanup(child.wait())
"""


SETTINGS = (
    # LibreOffice keeps up to 300 MB of decoded pictures (GraphicMemoryLimit) and 400 MB of cached graphic
    # objects by default, and swaps a picture out only after 10 idle seconds: on a 汇编 of thousands of
    # photos that is most of its peak. These keep the pictures it has already written to the PDF small.
    ("GraphicMemoryLimit", "xs:int", "20000000"),
    ("TotalCacheSize", "xs:int", "20000000"),
    ("GraphicAllowedIdleTime", "xs:int", "1"),
)
"""org.openoffice.Office.Common/Cache/GraphicManager settings of the private profile."""

GROUP_EXIT_WAIT = 5.0
"""Seconds to wait for killed LibreOffice processes to be gone before removing their profile."""


def write_settings(profile: Path) -> None:
    """The private profile's registrymodifications.xcu: SETTINGS over LibreOffice's defaults."""
    items = "".join(
        '<item oor:path="/org.openoffice.Office.Common/Cache/GraphicManager">'
        f'<prop oor:name="{name}" oor:op="fuse" oor:type="{kind}"><value>{value}</value></prop></item>'
        for name, kind, value in SETTINGS
    )
    user = profile / "user"
    user.mkdir(parents=True, exist_ok=True)
    (user / "registrymodifications.xcu").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"'
        f' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">{items}</oor:items>\n',
        encoding="utf-8",
    )


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _stop(proc: subprocess.Popen[bytes], profile: Path) -> None:
    """Close the watchdog's pipe (it kills LibreOffice's group and removes the profile, then exits); kill
    the watchdog's own group if it does not finish in time."""
    if proc.stdin is not None:
        with contextlib.suppress(OSError):
            proc.stdin.close()
    try:
        proc.wait(timeout=GROUP_EXIT_WAIT + 5)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=5)
    shutil.rmtree(profile, ignore_errors=True)


def convert(paths: Sequence[Path], target: str, outdir: Path, workdir: Path, timeout: float) -> str | None:
    """Convert every path to `target` ("pdf", "docx") into `outdir` with one LibreOffice process.

    The profile lives in `workdir` (created if needed) and is gone when this returns. Returns a Chinese
    error text, or None when every file was converted.
    """
    soffice = find_soffice()
    if soffice is None:
        return "未安装 LibreOffice"
    if not paths:
        return None
    workdir.mkdir(parents=True, exist_ok=True)
    outdir.mkdir(parents=True, exist_ok=True)
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-", dir=workdir)).resolve()
    with contextlib.suppress(OSError):  # without them: LibreOffice's defaults, more memory, same result
        write_settings(profile)
    command = [
        soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore", "--nolockcheck",
        "--nodefault", "--nologo", "--convert-to", target, "--outdir", str(outdir.resolve()), *(str(p.resolve()) for p in paths),
    ]  # fmt: skip
    env = {
        **os.environ,
        "HOME": str(profile),
        "TMPDIR": str(profile),
        "TMP": str(profile),
        "TEMP": str(profile),
    }
    if os.name != "posix":  # no process groups to kill: run it directly, kill the tree on a timeout
        try:
            return _convert_plain(command, env, profile, timeout) or _missing(paths, target, outdir)
        finally:
            shutil.rmtree(profile, ignore_errors=True)
    try:
        proc = subprocess.Popen(
            [sys.executable, "-c", WATCHDOG, str(profile), str(GROUP_EXIT_WAIT), *command],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
            start_new_session=True,
        )
    except OSError as exc:
        shutil.rmtree(profile, ignore_errors=True)
        return f"LibreOffice 无法启动（{exc.strerror or exc}）"
    error = None
    try:
        deadline = time.monotonic() + timeout
        while proc.poll() is None:
            if time.monotonic() > deadline:
                error = f"LibreOffice 超过 {int(timeout)} 秒未完成"
                break
            time.sleep(0.1)
    finally:  # normal end, timeout, exception or KeyboardInterrupt: the group goes, with its profile
        _stop(proc, profile)
    return error or _missing(paths, target, outdir)


def _missing(paths: Sequence[Path], target: str, outdir: Path) -> str | None:
    ext = target.split(":", 1)[0]
    missing = [p.name for p in paths if not (outdir / f"{p.stem}.{ext}").exists()]
    return f"LibreOffice 未能转换 {'、'.join(missing)}" if missing else None


def _convert_plain(command: list[str], env: dict[str, str], profile: Path, timeout: float) -> str | None:
    """Windows: soffice.exe directly; on a timeout its whole process tree is ended (taskkill /T)."""
    try:
        proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, env=env)  # fmt: skip
    except OSError as exc:
        return f"LibreOffice 无法启动（{exc.strerror or exc}）"
    try:
        proc.wait(timeout=timeout)
        return None
    except subprocess.TimeoutExpired:
        return f"LibreOffice 超过 {int(timeout)} 秒未完成"
    finally:
        if proc.poll() is None:
            subprocess.run(["taskkill", "/F", "/T", "/PID", str(proc.pid)], capture_output=True, check=False)
            proc.kill()
