"""The page is self-contained, escapes hostile unit names, and is written atomically."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import stat
from pathlib import Path

from wenming_submit.check.result import CheckResult
from wenming_submit.history.store import read_snapshots, write_snapshot
from wenming_submit.render.dashboard import render_dashboard, write_dashboard


def _data_block(page: str) -> str:
    match = re.search(r'<script type="application/json" id="wm-data">(.*?)</script>', page, re.S)
    assert match
    return match.group(1)


def test_hostile_names_are_escaped_everywhere(hostile_result: CheckResult, names: tuple[str, str]) -> None:
    hostile, long = names
    page = render_dashboard(hostile_result)
    block = _data_block(page)
    assert "</" not in block and "<" not in block
    outside = page.replace(block, "")
    assert "<b>教育</b>" not in outside and "alert(1)</script>" not in outside
    assert "区&lt;b&gt;教育&lt;/b&gt;局 &amp; &#34;文明&#34; &#39;办&#39; &lt;/script&gt;" in outside
    assert "<title>标题 &lt;i&gt;&amp;&lt;/i&gt; · 进度看板</title>" in page
    # Exactly the page's own scripts: the JSON data and the one inline script.
    assert page.count("<script") == 2
    data = json.loads(block)
    assert hostile in data["strings"] and f"evidence/{long}/</script>.jpg" in data["strings"]


def test_page_needs_no_network(hostile_result: CheckResult) -> None:
    page = render_dashboard(hostile_result)
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "@import" not in page and "url(" not in page


def test_trend_from_history(tmp_path: Path, hostile_result: CheckResult) -> None:
    db = tmp_path / "h.sqlite"
    result = hostile_result
    t0 = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    for n in range(3):
        write_snapshot(db, result, now=t0 + dt.timedelta(days=n))
    page = render_dashboard(result, read_snapshots(db))
    assert page.count("<circle") == 3
    assert "共 3 次检查记录" in page
    assert "还没有历史记录" in render_dashboard(result)


def test_write_is_atomic_and_shareable(tmp_path: Path, hostile_result: CheckResult) -> None:
    target = tmp_path / "output" / "进度看板.html"
    target.parent.mkdir()
    target.write_text("old", encoding="utf-8")
    write_dashboard(render_dashboard(hostile_result), target)
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in target.parent.iterdir()] == ["进度看板.html"]
    mode = stat.S_IMODE(target.stat().st_mode)
    assert mode & stat.S_IRGRP and mode == 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
