"""LibreOffice, run so that nothing of it outlives the build: no profile, no temp file, no process.

Every conversion runs `soffice --headless --convert-to` with a private profile inside a work folder the
caller gives (the build's staging folder), under a small watchdog:

- the watchdog starts a new session (its own process group) and starts soffice in it;
- it reads a pipe whose other end only the build holds: when the build ends in any way — normally, by
  an exception, Ctrl-C, SIGTERM or even SIGKILL — the pipe closes and the watchdog kills the whole group
  (soffice forks oosplash and soffice.bin, which a plain `Popen.kill` would leave behind) and removes the
  profile;
- on a timeout the build kills the group itself.
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
import os, shutil, signal, subprocess, sys, threading
profile, command = sys.argv[1], sys.argv[2:]
child = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
def watch():
    try:
        while sys.stdin.buffer.read(1):
            pass
    except OSError:
        pass
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    shutil.rmtree(profile, ignore_errors=True)
    os.killpg(0, signal.SIGKILL)
threading.Thread(target=watch, daemon=True).start()
code = child.wait()
shutil.rmtree(profile, ignore_errors=True)
os._exit(code)
"""


GROUP_EXIT_WAIT = 5.0
"""Seconds to wait for killed LibreOffice processes to be gone before removing their profile."""


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except (ProcessLookupError, PermissionError):
        return False
    return True


def _kill_group(proc: subprocess.Popen[bytes], profile: Path) -> None:
    """Kill the watchdog's whole group, wait until it is gone (a few seconds at most), remove the profile."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=10)
    deadline = time.monotonic() + GROUP_EXIT_WAIT
    while _alive(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
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
    try:
        proc = subprocess.Popen(
            [sys.executable, "-c", WATCHDOG, str(profile), *command],
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
        if proc.stdin is not None:
            proc.stdin.close()
        _kill_group(proc, profile)
    if error:
        return error
    stem_ext = target.split(":", 1)[0]
    missing = [p.name for p in paths if not (outdir / f"{p.stem}.{stem_ext}").exists()]
    return f"LibreOffice 未能转换 {'、'.join(missing)}" if missing else None
