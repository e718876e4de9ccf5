"""The staged output folder: a killed swap is recovered, one build at a time, space checked up front."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from wenming_submit import staging
from wenming_submit.errors import ProjectError
from wenming_submit.staging import LOCK_NAME, output_lock, staged_folder

SRC = Path(__file__).resolve().parents[1] / "src"

# Builds `target` with new content; the monkeypatched rename kills the process (SIGKILL, no clean-up
# runs) at the swap. `exchange`: whether the atomic RENAME_EXCHANGE path is used.
KILLED_SWAP = """
import os, signal, sys
from pathlib import Path
sys.path.insert(0, {src!r})
from wenming_submit import staging

target, exchange = Path({target!r}), {exchange!r}
if not exchange:
    staging._exchange = lambda a, b: False
real_replace, real_remove = os.replace, staging._remove
calls = []

def replace(a, b):
    calls.append((a, b))
    if len(calls) == 2:  # between "old output renamed away" and "new output renamed in"
        os.kill(os.getpid(), signal.SIGKILL)
    real_replace(a, b)

def remove(path):
    if ".tmp-" in str(path):  # after the exchange, while the old output is being deleted
        os.kill(os.getpid(), signal.SIGKILL)
    real_remove(path)

os.replace, staging._remove = replace, remove
with staging.staged_folder(target) as folder:
    (folder / "new.txt").write_text("new")
"""


def _old_output(target: Path) -> None:
    target.mkdir(parents=True)
    (target / "old.txt").write_text("old")


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
@pytest.mark.parametrize("exchange", [False, True])
def test_a_build_killed_at_the_swap_keeps_or_restores_the_old_output(tmp_path: Path, exchange: bool) -> None:
    target = tmp_path / "output" / "汇编"
    _old_output(target)
    script = KILLED_SWAP.format(src=str(SRC), target=str(target), exchange=exchange)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert proc.returncode == -9, proc.stderr
    names = sorted(p.name for p in target.parent.iterdir() if p.name != LOCK_NAME)
    if exchange:
        # One atomic exchange: the new output is in place, the old one waits in the temp folder.
        assert (target / "new.txt").is_file() and any(".tmp-" in n for n in names)
    else:
        assert not target.exists() and any(".old-" in n for n in names) and any(".tmp-" in n for n in names)

    # The next run restores the old output before anything else: a run that fails leaves it in place.
    with pytest.raises(RuntimeError), staged_folder(target):
        raise RuntimeError("this build fails")
    expected = "new.txt" if exchange else "old.txt"
    assert [p.name for p in target.iterdir()] == [expected]
    assert sorted(p.name for p in target.parent.iterdir()) == sorted([LOCK_NAME, target.name])


def test_without_exchange_the_swap_still_replaces_the_old_output(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setattr(staging, "_exchange", lambda a, b: False)
    target = tmp_path / "out" / "t"
    _old_output(target)
    with staged_folder(target) as folder:
        (folder / "new.txt").write_text("new")
    assert [p.name for p in target.iterdir()] == ["new.txt"]
    assert sorted(p.name for p in target.parent.iterdir()) == [LOCK_NAME, "t"]


def test_exchange_is_used_on_linux(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "1").touch()
    if not staging._exchange(a, b):
        pytest.skip("no renameat2(RENAME_EXCHANGE) here")
    assert (b / "1").exists() and not (a / "1").exists()


HOLD_LOCK = """
import sys, time
from pathlib import Path
sys.path.insert(0, {src!r})
from wenming_submit.staging import staged_folder
with staged_folder(Path({target!r})) as folder:
    (folder / "a.txt").write_text("a")
    print("building", flush=True)
    time.sleep({hold})
"""


def test_a_second_build_waits_then_refuses_and_never_deletes_the_first_ones_folder(
    tmp_path: Path, monkeypatch: Any
) -> None:
    target = tmp_path / "output" / "汇编"
    first = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK.format(src=str(SRC), target=str(target), hold=2)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert first.stdout is not None and first.stdout.readline().strip() == "building"
        staging_folders = [p for p in target.parent.iterdir() if ".tmp-" in p.name]
        monkeypatch.setattr(staging, "LOCK_WAIT", 0.3)
        with pytest.raises(ProjectError, match=r"另一个生成任务正在进行（进程号 \d+）"), staged_folder(target):
            pass
        assert all(p.is_dir() for p in staging_folders)  # the running build's folder is untouched
    finally:
        assert first.wait(timeout=30) == 0
    assert (target / "a.txt").is_file()
    # Once the first build is done the lock is free again.
    with staged_folder(target) as folder:
        (folder / "b.txt").write_text("b")
    assert [p.name for p in target.iterdir()] == ["b.txt"]


def test_the_lock_is_reentrant_within_one_process(tmp_path: Path) -> None:
    with output_lock(tmp_path / "output", wait=0), staged_folder(tmp_path / "output" / "t") as folder:
        (folder / "x").touch()
    assert (tmp_path / "output" / "t" / "x").exists()


def test_too_little_space_is_refused_before_anything_is_written(tmp_path: Path, monkeypatch: Any) -> None:
    target = tmp_path / "output" / "汇编"
    _old_output(target)
    usage = staging.shutil.disk_usage(tmp_path)
    monkeypatch.setattr(staging.shutil, "disk_usage", lambda p: usage._replace(free=30 * 1048576))
    with pytest.raises(ProjectError, match=r"磁盘空间不足：生成材料约需 520\.0 MB，.* 所在磁盘只剩 30\.0 MB"), \
            staged_folder(target, needed=500 * 1048576, what="材料"):  # fmt: skip
        pytest.fail("the body must not run")
    assert [p.name for p in target.iterdir()] == ["old.txt"]
    assert not [p for p in target.parent.iterdir() if ".tmp-" in p.name]


def test_two_real_builds_at_once(project_factory: Any) -> None:
    """Two `wenming build` processes on one project: both end with exit 0, or one with the lock message."""
    root = project_factory()
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    command = [sys.executable, "-m", "wenming_submit", "build", "--no-toc", "-C", str(root)]
    procs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
             for _ in range(2)]  # fmt: skip
    outcomes = [(p.wait(timeout=120), p.stderr.read() if p.stderr else "") for p in procs]
    for code, err in outcomes:
        assert "程序内部错误" not in err and "Traceback" not in err, err
        assert code == 0 or (code == 2 and "另一个生成任务正在进行" in err), err
    assert any(code == 0 for code, _ in outcomes)
    assert not [p for p in (root / "output").iterdir() if ".tmp-" in p.name or ".old-" in p.name]


def test_a_build_estimates_its_space_before_writing(shared_project: Any, monkeypatch: Any) -> None:
    from wenming_submit.assemble.options import BuildOptions
    from wenming_submit.assemble.pipeline import build_output

    root, project, result = shared_project
    usage = staging.shutil.disk_usage(root)
    monkeypatch.setattr(staging.shutil, "disk_usage", lambda p: usage._replace(free=5 * 1048576))
    inputs = sum(f.facts.size for f in result.files if f.role.value == "evidence")
    with pytest.raises(ProjectError, match=r"磁盘空间不足：生成材料约需 .* MB，.* 所在磁盘只剩 5\.0 MB") as caught:
        build_output(project, result, BuildOptions(word=False))
    needed = float(caught.value.message.split("约需 ")[1].split(" MB")[0]) * 1048576
    assert needed >= 2 * inputs  # the package copy and the zip
    assert not (root / "output").exists() or not [p for p in (root / "output").iterdir() if ".tmp-" in p.name]
