"""`wenming check` records snapshots; `wenming progress` shows the trend per unit."""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType

from click.testing import CliRunner

from wenming_submit.check.result import Counts
from wenming_submit.cli import main
from wenming_submit.history.store import load_snapshots
from wenming_submit.project import open_project

CATALOG = """
- code: "Ⅰ-1-1"
  title: 开展“我们的节日”主题活动
  units: [区教育局, 区文明办]
  materials:
    - name: 活动方案
      kinds: [document]
    - name: 实景图片
      kinds: [image]
      min: 2
"""


def make_project(root: Path, files: ModuleType) -> Path:
    (root / "indicators").mkdir(parents=True)
    (root / "indicators" / "目录.yaml").write_text(CATALOG, encoding="utf-8")
    (root / "wenming.toml").write_text(
        '[project]\ntitle = "测试项目"\norganization = "某区创文办"\n[period]\nstart = 2026-01-01\nend = 2026-12-31\n',
        encoding="utf-8",
    )
    files.docx(root / "evidence/区文明办/Ⅰ-1-1 我们的节日/活动方案/方案.docx", ["活动方案正文。"])
    (root / "evidence/区教育局").mkdir(parents=True)
    return root


def test_check_records_and_progress_shows_trend(tmp_path: Path, files: ModuleType) -> None:
    root = make_project(tmp_path / "p", files)
    runner = CliRunner()
    first = runner.invoke(main, ["check", "-C", str(root), "--format", "json"])
    assert first.exit_code == 1, first.output
    files.docx(root / "evidence/区教育局/Ⅰ-1-1 我们的节日/活动方案/方案.docx", ["教育局活动方案。"])
    second = runner.invoke(main, ["check", "-C", str(root), "--format", "json"])
    assert second.exit_code == 1
    runner.invoke(main, ["check", "-C", str(root), "--no-history"])

    snaps = load_snapshots(open_project(root).config)
    assert len(snaps) == 2  # --no-history recorded nothing
    summary = json.loads(second.output)["summary"]
    assert snaps[-1].total().missing == summary["missing"]
    assert snaps[0].by_unit()["区教育局"] == Counts(missing=2, errors=2)
    assert snaps[1].by_unit()["区教育局"].missing == 1

    out = runner.invoke(main, ["progress", "-C", str(root)], env={"COLUMNS": "200"})
    assert out.exit_code == 0, out.output
    assert "共 2 次检查" in out.output
    assert "区教育局：缺失 2 → 1，本周 +1 完成，较上次 +1 完成，错误 2 → 1" in out.output
    assert "区文明办：缺失 1 → 1" in out.output
    # worst first: 区教育局 (1/3... ) vs 区文明办 (1/2 done)
    assert out.output.index("区教育局：") < out.output.index("区文明办：")

    only = runner.invoke(main, ["progress", "-C", str(root), "--unit", "区文明办"], env={"COLUMNS": "200"})
    assert "区教育局：" not in only.output and "区文明办：" in only.output
    bad = runner.invoke(main, ["progress", "-C", str(root), "--unit", "不存在的局"])
    assert bad.exit_code == 2 and "没有名为" in bad.output


def test_progress_without_history(tmp_path: Path, files: ModuleType) -> None:
    root = make_project(tmp_path / "p", files)
    out = CliRunner().invoke(main, ["progress", "-C", str(root)])
    assert out.exit_code == 0
    assert "还没有进度记录" in out.output


def test_unwritable_history_does_not_fail_check(tmp_path: Path, files: ModuleType) -> None:
    root = make_project(tmp_path / "p", files)
    (root / "output").mkdir()
    (root / "output" / ".history").write_text("a file where the folder should be", encoding="utf-8")
    out = CliRunner().invoke(main, ["check", "-C", str(root)])
    assert out.exit_code == 1
    assert "未能记录本次进度" in out.output
