"""`wenming scaffold`: evidence folders with 材料要求.txt, idempotent, never overwriting, Windows-safe."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from wenming_submit.catalog.codes import code_at_start, normalize_code
from wenming_submit.check.run import run_check
from wenming_submit.cli import main
from wenming_submit.project import open_project
from wenming_submit.project.scaffold import REQUIREMENT_FILE, safe_name

TOML = """
[project]
title = "某某区2026年度创建全国文明城市网上申报材料"
organization = "某某区创文办"
[period]
start = 2026-01-01
end = 2026-12-31
[units]
"区文明办" = ["文明办"]
"""

CATALOG = """
- code: "Ⅱ-3-2"
  title: 开展“我们的节日”主题活动
  standard: 围绕传统节日开展主题活动。
  lead: 区委宣传部
  units: [区文明办, 区教育局]
  materials:
    - name: 活动方案
      kinds: [document, pdf]
    - name: 实景图片
      kinds: [image]
      min: 5
      caption: [时间, 地点, 主题]
    - name: 说明报告
      kinds: [document]
      min_chars: 500
- code: "Ⅱ-4-1"
  title: '评选"文明家庭"/好家风: 星级*示范?<户>|活动，覆盖全区所有镇街和社区并持续开展宣传展示和回访工作...  '
  units: [区妇联]
  deadline: 2026-05-15
  per_unit: false
  materials:
    - name: 台账
      kinds: [spreadsheet]
"""

NEW_ITEM = """
- code: "Ⅲ-1"
  title: 志愿服务
  units: [区文明办]
  materials:
    - name: 志愿服务记录
      kinds: [spreadsheet]
      min: 3
"""

UNSAFE = re.compile(r'[\\/:*?"<>|]')


def make_project(root: Path) -> Path:
    (root / "indicators").mkdir(parents=True)
    (root / "evidence").mkdir()
    (root / "wenming.toml").write_text(TOML, encoding="utf-8")
    (root / "indicators" / "目录.yaml").write_text(CATALOG, encoding="utf-8")
    return root


def _run(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["scaffold", "-C", str(root), *args])
    return result.exit_code, result.output


def _read(path: Path) -> str:
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data  # Notepad-friendly: BOM and CRLF
    return data.decode("utf-8-sig").replace("\r\n", "\n")


def test_folders_and_requirement_text(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    code, output = _run(root, "--deadline", "2026-06-30")
    assert code == 0, output
    item = root / "evidence" / "区文明办" / "Ⅱ-3-2 开展“我们的节日”主题活动"
    assert (item / REQUIREMENT_FILE).is_file()
    assert (item / "实景图片" / REQUIREMENT_FILE).is_file()
    assert not (item / "活动方案").exists()  # one document: no sub-folder
    assert (root / "evidence" / "区教育局" / item.name / "实景图片").is_dir()
    text = _read(item / REQUIREMENT_FILE)
    assert "【Ⅱ-3-2 开展“我们的节日”主题活动】" in text
    assert "责任单位：区文明办（牵头单位：区委宣传部）" in text
    assert "提交截止：2026-06-30" in text
    assert "2026-01-01 至 2026-12-31" in text
    assert "至少 5 张" in text and "写明时间、地点、主题" in text and "子文件夹「实景图片」" in text
    assert "不少于 500 字" in text and "jpg" in text and "docx" in text
    assert "文件名里写上「活动方案」" in text
    assert "某某区创文办" in text
    photo_text = _read(item / "实景图片" / REQUIREMENT_FILE)
    assert "本文件夹只放「实景图片」" in photo_text and "说明报告" not in photo_text
    other = next((root / "evidence" / "区妇联").iterdir())
    other_text = _read(other / REQUIREMENT_FILE)
    assert "提交截止：2026-05-15" in other_text  # the item's own deadline wins over --deadline
    assert "只需一家单位提交一份" in other_text
    assert "新建 5 个文件夹、5 份材料要求.txt" in output


def test_check_does_not_count_the_requirement_files(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    _run(root)
    result = run_check(open_project(root))
    assert result.summary.files == 0
    assert all(not (f.path or "").endswith(REQUIREMENT_FILE) for f in result.findings)
    # The check points units at exactly the folders scaffold made.
    assert any("evidence/区文明办/Ⅱ-3-2 开展“我们的节日”主题活动" in f.hint for f in result.findings)


def test_rerun_adds_only_what_is_new_and_never_overwrites(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    mine = root / "evidence" / "区文明办" / "Ⅱ-3-2 节日活动（本单位改过名）"
    mine.mkdir(parents=True)
    own_text = "我们自己写的要求，不要覆盖\n".encode()
    (mine / REQUIREMENT_FILE).write_bytes(own_text)
    _run(root)
    assert (mine / REQUIREMENT_FILE).read_bytes() == own_text
    assert not (root / "evidence" / "区文明办" / "Ⅱ-3-2 开展“我们的节日”主题活动").exists()  # reused by code
    before = {p: p.read_bytes() for p in (root / "evidence").rglob("*") if p.is_file()}

    code, output = _run(root)
    assert code == 0
    assert "新建 0 个文件夹、0 份材料要求.txt；5 份材料要求.txt 已存在，未改动" in output
    assert {p: p.read_bytes() for p in (root / "evidence").rglob("*") if p.is_file()} == before

    with (root / "indicators" / "目录.yaml").open("a", encoding="utf-8") as handle:
        handle.write(NEW_ITEM)
    code, output = _run(root)
    assert "新建 2 个文件夹、2 份材料要求.txt；5 份" in output
    assert (root / "evidence" / "区文明办" / "Ⅲ-1 志愿服务" / "志愿服务记录" / REQUIREMENT_FILE).is_file()
    assert {p: p.read_bytes() for p in before} == before


def test_unit_option_and_alias_folder(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    (root / "evidence" / "文明办").mkdir()  # the unit already uses its short name
    code, output = _run(root, "--unit", "文明办")
    assert code == 0, output
    assert sorted(p.name for p in (root / "evidence").iterdir()) == ["文明办"]
    assert (root / "evidence" / "文明办" / "Ⅱ-3-2 开展“我们的节日”主题活动" / REQUIREMENT_FILE).is_file()
    code, output = _run(root, "--unit", "区财政局")
    assert code == 2 and "没有名为「区财政局」的责任单位" in output


def test_windows_unsafe_titles_become_safe_folder_names(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    _run(root)
    folder = next((root / "evidence" / "区妇联").iterdir())
    name = folder.name
    assert not UNSAFE.search(name)
    assert name == name.rstrip(". ") and len(name) <= 40
    assert name.startswith("Ⅱ-4-1 评选“文明家庭”／好家风： 星级＊示范？《户》｜活动")
    assert code_at_start(name, [normalize_code("Ⅱ-4-1")]) == normalize_code("Ⅱ-4-1")


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        ("a/b\\c:d", "a／b＼c：d"),
        ("名称。。..  ", "名称。。"),
        ("CON", "CON_"),
        ("lpt1.txt", "lpt1.txt_"),
        ("  多个   空格\t和\n换行 ", "多个 空格 和 换行"),
        ("...", "_"),
        ("一" * 50, "一" * 29 + "…"),
    ],
)
def test_safe_name(raw: str, safe: str) -> None:
    assert safe_name(raw, 30) == safe
