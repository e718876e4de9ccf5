"""The realistic pile: each file assigned or left with the right reason; --apply copies only what is
sure, only adds to evidence/, logs each copy and is idempotent; the plan workbook by content."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
from pathlib import Path

from click.testing import CliRunner, Result
from openpyxl import load_workbook

from testkit.core import tree_digest
from wenming_submit.cli import main
from wenming_submit.errors import EXIT_OK, EXIT_PROBLEMS
from wenming_submit.intake import Proposal, Status, run_intake
from wenming_submit.project import open_project

from .conftest import Pile


def run(*args: str | Path) -> Result:
    return CliRunner(env={"COLUMNS": "250"}).invoke(main, [str(a) for a in args])


def propose(pile: Pile, **kwargs: object) -> dict[str, Proposal]:
    result = run_intake(open_project(pile.proj.root), pile.root, **kwargs)  # type: ignore[arg-type]
    return {p.item.source: p for p in result.proposals}


def placed(p: Proposal) -> tuple[str | None, str | None, str | None]:
    return p.unit.value, p.indicator.value, p.material.value


def test_each_file_of_the_pile_is_assigned_or_left_with_the_right_reason(pile: Pile) -> None:
    got = propose(pile)
    s = pile.source

    wechat = got[s("微信图片_20260305093012.jpg")]
    assert wechat.status is Status.undecided and wechat.confidence == 0
    assert "无法判断单位：请用 --unit 指定，或在文件名中写明单位" in wechat.missing
    assert any(m.startswith("无法判断指标") for m in wechat.missing)

    for name in ("IMG_20260305_093012.jpg", "DSC_0001.JPG"):
        camera = got[s(f"教育局/Ⅱ-3-2 我们的节日/{name}")]
        assert camera.status is Status.ready, camera.missing
        assert placed(camera) == ("区教育局", "Ⅱ-3-2", "实景图片")
        assert "文件夹名「教育局」→ 单位 区教育局" in camera.reason
        assert "文件类型（JPEG 图片）→ 材料 实景图片" in camera.reason
        assert camera.destination == f"evidence/区教育局/Ⅱ-3-2 我们的节日/实景图片/{name}"

    word = got[s("新建文件夹 (3)/新建文件夹/关于活动的文件.docx")]
    assert word.status is Status.ready, word.missing
    assert placed(word) == ("区文明办", "Ⅱ-3-2", "活动方案")
    assert "文档标题「区文明办开展“我们的节日”主题活动方案」" in word.reason
    assert "新建文件夹" not in word.reason  # no information in that name
    assert 0 < word.confidence < 90  # read from content: less sure than a name

    ledger = got[s("新建文件夹 (3)/工作表.xlsx")]
    assert placed(ledger) == ("区城管局", "Ⅲ—12", "巡查台账") and ledger.status is Status.ready
    assert "表格标题行「区城管局Ⅲ-12网格化创建巡查台账」" in ledger.reason

    both = got[s("区文明办 Ⅱ-3-2与Ⅲ-12共用 活动方案.docx")]
    assert both.status is Status.undecided and both.indicator.value is None
    assert both.indicator.candidates == ("Ⅱ-3-2", "Ⅲ—12")
    assert "同时符合多个指标（Ⅱ-3-2、Ⅲ—12）：请在计划表中选定一个指标" in both.missing

    dup = got[s("转发：活动方案.docx")]
    assert dup.status is Status.filed
    assert dup.existing == "evidence/区文明办/Ⅱ-3-2 我们的节日/活动方案.docx"
    assert "已归档：与 evidence/区文明办/Ⅱ-3-2 我们的节日/活动方案.docx 内容相同" in dup.reason

    newer = got[s("区教育局材料/Ⅱ-3-2 我们的节日/活动方案.docx")]
    assert newer.status is Status.replacement and placed(newer) == ("区教育局", "Ⅱ-3-2", "活动方案")
    assert newer.existing == "evidence/区教育局/Ⅱ-3-2 我们的节日/活动方案.docx"
    assert "此文件较新" in newer.reason and "不会自动替换" in newer.reason

    temp = got[s("区教育局材料/~$活动方案.docx")]
    assert temp.status is Status.skipped and "临时文件" in temp.reason

    # The GBK zip: names decoded, members filed as single files, archive name and folders read.
    member = "区城管局.zip/网格化巡查/Ⅲ-12 网格化创建巡查"
    table = got[s(f"{member}/巡查台账（3月）.xlsx")]
    assert placed(table) == ("区城管局", "Ⅲ—12", "巡查台账") and table.status is Status.ready
    assert "压缩包名「区城管局」→ 单位 区城管局" in table.reason
    photo = got[s(f"{member}/整改照片/IMG_0007.jpg")]
    assert placed(photo) == ("区城管局", "Ⅲ—12", "整改照片")
    captioned = got[s("区城管局.zip/网格化巡查/新建文件夹/P1000123.JPG")]
    assert placed(captioned) == ("区城管局", "Ⅲ—12", "整改照片"), captioned.missing
    assert "照片说明「2026年3月6日 解放路 Ⅲ-12网格化创建巡查 整改照片」" in captioned.reason
    assert got[s("区城管局.zip/网格化巡查/新建文件夹/图片说明.txt")].status is Status.skipped
    assert not any("�" in source or "╔" in source for source in got)  # no cp437 mojibake


def test_unit_and_indicator_options_decide_for_a_wechat_pile(pile: Pile) -> None:
    got = propose(pile, unit="区教育局", indicator="Ⅱ-3-2")
    wechat = got[pile.source("微信图片_20260305093012.jpg")]
    assert wechat.status is Status.ready and placed(wechat) == ("区教育局", "Ⅱ-3-2", "实景图片")
    assert "--unit 指定单位 区教育局" in wechat.reason and wechat.confidence == 60


def files_of(digest: dict[str, tuple[str, int, float]]) -> dict[str, tuple[str, int, float]]:
    return {k: v for k, v in digest.items() if v[0] != "dir"}


def test_apply_copies_only_sure_files_only_adds_and_is_idempotent(pile: Pile) -> None:
    proj = pile.proj
    evidence = proj.root / "evidence"
    inbox_before = tree_digest(pile.root)
    before = tree_digest(evidence)

    first = run("intake", pile.root, "-C", proj.root, "--apply")
    assert first.exit_code == EXIT_PROBLEMS, first.output  # the WeChat photo and the conflict are left
    after = tree_digest(evidence)
    # evidence/ gained only new files: every file before is still there, byte for byte, same mode and time.
    assert all(after.get(k) == v for k, v in files_of(before).items())
    assert set(before) <= set(after)
    new = {bytes.fromhex(k).decode() for k in set(files_of(after)) - set(files_of(before))}
    assert new == {
        "区教育局/Ⅱ-3-2 我们的节日/实景图片/IMG_20260305_093012.jpg",
        "区教育局/Ⅱ-3-2 我们的节日/实景图片/DSC_0001.JPG",
        "区文明办/Ⅱ-3-2 我们的节日/活动方案/关于活动的文件.docx",
        "区城管局/Ⅲ—12 网格化创建巡查/巡查台账/工作表.xlsx",
        "区城管局/Ⅲ—12 网格化创建巡查/巡查台账/巡查台账（3月）.xlsx",
        "区城管局/Ⅲ—12 网格化创建巡查/整改照片/IMG_0007.jpg",
        "区城管局/Ⅲ—12 网格化创建巡查/整改照片/P1000123.JPG",
    }
    assert tree_digest(pile.root) == inbox_before  # the pile is copied, never moved or changed
    assert "已复制 7 个文件" in first.output and "还有" in first.output

    log = proj.root / "output" / "收件记录.csv"
    log_text = log.read_bytes()
    second = run("intake", pile.root, "-C", proj.root, "--apply")
    assert second.exit_code == EXIT_PROBLEMS
    assert tree_digest(evidence) == after  # nothing copied, nothing touched
    assert log.read_bytes() == log_text
    assert "已复制 0 个文件" in second.output
    assert "已归档" in second.output


def test_the_log_names_source_sha256_destination_reason_and_time(pile: Pile) -> None:
    proj = pile.proj
    run("intake", pile.root, "-C", proj.root, "--apply")
    log = proj.root / "output" / "收件记录.csv"
    assert log.read_bytes().startswith("\ufeff时间,来源,sha256,归档位置,理由".encode())
    with log.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 7
    by_dest = {r["归档位置"]: r for r in rows}
    row = by_dest["evidence/区城管局/Ⅲ—12 网格化创建巡查/巡查台账/巡查台账（3月）.xlsx"]
    assert row["来源"] == str(pile.root.resolve() / "区城管局.zip/网格化巡查/Ⅲ-12 网格化创建巡查/巡查台账（3月）.xlsx")
    assert "压缩包名「区城管局」" in row["理由"]
    for r in rows:
        dest = proj.root / r["归档位置"]
        assert hashlib.sha256(dest.read_bytes()).hexdigest() == r["sha256"]
        assert dt.datetime.fromisoformat(r["时间"]).tzinfo is not None
        assert r["理由"]
    word = by_dest["evidence/区文明办/Ⅱ-3-2 我们的节日/活动方案/关于活动的文件.docx"]
    source = Path(word["来源"])
    assert source.read_bytes() == (proj.root / word["归档位置"]).read_bytes()


def test_the_filed_files_are_what_the_check_counts(pile: Pile) -> None:
    run("intake", pile.root, "-C", pile.proj.root, "--apply")
    result = pile.proj.check()
    by_rel = {f.rel: f for f in result.files} if hasattr(result, "files") else {}
    for req in result.requirements:
        if (req.indicator, req.unit, req.material) == ("Ⅲ—12", "区城管局", "整改照片"):
            assert any("P1000123.JPG" in f for f in req.files), req.files
            assert any("IMG_0007.jpg" in f for f in req.files)
        if (req.indicator, req.unit, req.material) == ("Ⅱ-3-2", "区文明办", "活动方案"):
            assert any("关于活动的文件.docx" in f for f in req.files)
    del by_rel


def test_the_plan_workbook_by_content(pile: Pile) -> None:
    proj = pile.proj
    result = run("intake", pile.root, "-C", proj.root)
    assert result.exit_code == EXIT_PROBLEMS
    assert "确认无误后运行" in result.output
    assert not (proj.root / "output" / "收件记录.csv").exists()  # a preview copies and logs nothing
    wb = load_workbook(proj.root / "output" / "归档计划.xlsx")
    ws = wb["归档计划"]
    rows = [[c if c is not None else "" for c in row] for row in ws.iter_rows(values_only=True)]
    header = rows[0]
    assert header[:8] == ["序号", "状态", "可信度", "来源", "单位", "指标编号", "材料", "处理"]
    col = {name: i for i, name in enumerate(header)}
    body = rows[1:]
    assert len(body) == 13
    statuses = [r[col["状态"]] for r in body]
    # Unsure first: undecided ones (confidence 0), then replacement candidates, then the sure ones by confidence.
    assert statuses[:2] == ["待定", "待定"] and statuses[2] == "替换候选"
    ready = [r[col["可信度"]] for r in body if r[col["状态"]] == "可归档"]
    assert ready == sorted(ready) and len(ready) == 7
    assert statuses[-3:] == ["已归档", "跳过", "跳过"]
    by_source = {r[col["来源"]]: r for r in body}
    wechat = by_source["收件箱/微信图片_20260305093012.jpg"]
    assert wechat[col["处理"]] == "待定" and wechat[col["单位"]] == "" and wechat[col["可信度"]] == 0
    assert "无法判断单位：请用 --unit 指定" in wechat[col["缺少什么"]]
    word = by_source["收件箱/新建文件夹 (3)/新建文件夹/关于活动的文件.docx"]
    assert word[col["单位"]:col["处理"] + 1] == ["区文明办", "Ⅱ-3-2", "活动方案", "归档"]
    assert word[col["归档位置"]] == "evidence/区文明办/Ⅱ-3-2 我们的节日/活动方案/关于活动的文件.docx"
    assert len(word[col["sha256"]]) == 64
    assert "文档标题" in word[col["理由"]]
    # Drop-down lists from the 选项 sheet on the cells the coordinator edits.
    refs = {str(dv.sqref).split(":")[0][0]: dv.formula1 for dv in ws.data_validations.dataValidation}
    assert refs["E"].startswith("选项!") and refs["H"].startswith("选项!")
    units = [r[0] for r in wb["选项"].iter_rows(min_row=2, values_only=True) if r[0]]
    assert units == ["区文明办", "区教育局", "区城管局"]


def test_a_corrected_plan_is_applied(pile: Pile) -> None:
    proj = pile.proj
    run("intake", pile.root, "-C", proj.root)
    plan = proj.root / "output" / "归档计划.xlsx"
    corrected = proj.root.parent / "改过的计划.xlsx"
    wb = load_workbook(plan)
    ws = wb["归档计划"]
    header = [c.value for c in ws[1]]
    col = {name: i + 1 for i, name in enumerate(header)}
    for row in range(2, ws.max_row + 1):
        source = ws.cell(row, col["来源"]).value
        if source == "收件箱/微信图片_20260305093012.jpg":
            ws.cell(row, col["单位"]).value = "文明办"  # an alias is fine
            ws.cell(row, col["指标编号"]).value = "II—3—2"  # any spelling of the code
        elif source == "收件箱/区文明办 Ⅱ-3-2与Ⅲ-12共用 活动方案.docx":
            ws.cell(row, col["处理"]).value = "跳过"
        elif source == "收件箱/区教育局材料/Ⅱ-3-2 我们的节日/活动方案.docx":
            ws.cell(row, col["处理"]).value = "归档"  # keep the new version beside the old one
        elif source == "收件箱/教育局/Ⅱ-3-2 我们的节日/DSC_0001.JPG":
            ws.cell(row, col["处理"]).value = "跳过"
    wb.save(corrected)

    old_version = proj.root / "evidence/区教育局/Ⅱ-3-2 我们的节日/活动方案.docx"
    old_bytes = old_version.read_bytes()
    result = run("intake", pile.root, "-C", proj.root, "--plan", corrected, "--apply")
    assert result.exit_code == EXIT_OK, result.output
    evidence = proj.root / "evidence"
    assert (evidence / "区文明办/Ⅱ-3-2 我们的节日/实景图片/微信图片_20260305093012.jpg").is_file()
    assert (evidence / "区教育局/Ⅱ-3-2 我们的节日/活动方案/活动方案.docx").is_file()
    assert old_version.read_bytes() == old_bytes  # never replaced
    assert not (evidence / "区教育局/Ⅱ-3-2 我们的节日/实景图片/DSC_0001.JPG").exists()
    assert not list(evidence.rglob("*共用*"))
    with (proj.root / "output/收件记录.csv").open(encoding="utf-8-sig") as fh:
        reasons = {r["归档位置"]: r["理由"] for r in csv.DictReader(fh)}
    assert "计划表 指定单位 区文明办" in reasons[
        "evidence/区文明办/Ⅱ-3-2 我们的节日/实景图片/微信图片_20260305093012.jpg"]
    again = run("intake", pile.root, "-C", proj.root, "--plan", corrected, "--apply")
    assert again.exit_code == EXIT_OK and "已复制 0 个文件" in again.output
