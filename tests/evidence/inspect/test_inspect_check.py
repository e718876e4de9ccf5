"""The content checks end to end: real files in a project, `run_check`, findings as users see them."""

from __future__ import annotations

import datetime as dt
import shutil
from typing import Any

import inspect_makers as makers
from inspect_project import LEDGERS, PATROL_PHOTOS, PHOTOS, PLANS, REPORTS
from make_demo import ole2_file

CAPTION = "2025年5月12日 幸福社区 志愿者开展垃圾分类宣传"
LONG_TEXT = "本单位组织志愿者在幸福社区开展我们的节日主题活动，群众参与热情高涨，取得良好效果。" * 8
MAY = dt.datetime(2025, 5, 12, 9, 30)


def _photo(project: Any, folder: str, name: str, *, taken: dt.datetime | None = MAY, seed: int = 1,
           size: tuple[int, int] = (1600, 1200)) -> None:  # fmt: skip
    makers.phone_jpeg(project.path(folder, name), makers.photo(size, seed), taken=taken, uid=name)


def test_good_photos_have_no_content_findings(project: Any) -> None:
    _photo(project, PHOTOS, f"{CAPTION}.jpg", seed=1)
    _photo(project, PHOTOS, "2025-06-01 人民广场 党员志愿者开展文明劝导.jpg", seed=2, size=(1200, 1600),
           taken=dt.datetime(2025, 6, 1, 10))  # the caption's day (another day would be WM234)
    run = project.check()
    assert [f.code for f in run.result.findings if f.path and f.code.startswith("WM2")] == []
    assert run.requirement("区文明办", "实景图片").status == "complete"


def test_period_exif_name_and_no_date(project: Any) -> None:
    _photo(project, PHOTOS, f"{CAPTION}.jpg", taken=dt.datetime(2024, 12, 30), seed=1)
    _photo(project, PHOTOS, "幸福社区 志愿者开展垃圾分类宣传.jpg", taken=None, seed=2)
    project.path(PLANS, "2024-11-05 活动方案.txt").write_text("活动方案全文", encoding="utf-8")
    run = project.check()
    (exif,) = [f for f in run.at(f"{CAPTION}.jpg") if f.code == "WM230"]
    assert "2024-12-30" in exif.message and "2025-01-01" in exif.message and exif.severity == "error"
    assert "WM232" in run.codes("幸福社区 志愿者开展垃圾分类宣传.jpg")
    assert {f.severity for f in run.at("幸福社区 志愿者开展垃圾分类宣传.jpg") if f.code == "WM232"} == {
        "info"
    }
    assert "WM231" in run.codes("2024-11-05 活动方案.txt")


def test_material_period_and_resolution_overrides(project: Any) -> None:
    _photo(project, PATROL_PHOTOS, "2025年5月12日 解放路 网格员巡查.jpg", seed=3)
    run = project.check()
    codes = run.codes("网格员巡查.jpg")
    assert {"WM230", "WM220"} <= codes  # June only; 2000×1500 minimum for this material
    (low,) = [f for f in run.at("网格员巡查.jpg") if f.code == "WM220"]
    assert "1600×1200" in low.message and "2000×1500" in low.message


def test_small_picture_is_low_resolution(project: Any) -> None:
    _photo(project, PHOTOS, f"{CAPTION}.jpg", size=(640, 480))
    assert "WM220" in project.check().codes(f"{CAPTION}.jpg")


def test_captions_from_names_and_caption_files(project: Any) -> None:
    _photo(project, PHOTOS, "IMG_1234.jpg", seed=1)
    _photo(project, PHOTOS, "mmexport1699999999.jpg", seed=2)
    _photo(project, PHOTOS, "2025-05-12 幸福社区.jpg", seed=3)
    run = project.check()
    assert "WM240" in run.codes("IMG_1234.jpg") and "WM240" in run.codes("mmexport1699999999.jpg")
    (parts,) = [f for f in run.at("2025-05-12 幸福社区.jpg") if f.code == "WM242"]
    assert "主题" in parts.message and "时间" not in parts.message.split("缺少")[1]
    project.path(PHOTOS, "图片说明.txt").write_text(f"IMG_1234.jpg {CAPTION}\n", encoding="utf-8")
    run = project.check()
    assert "WM240" not in run.codes("IMG_1234.jpg") and "WM240" in run.codes("mmexport1699999999.jpg")
    import samplefiles

    samplefiles.xlsx(
        project.path(PHOTOS, "图片说明.xlsx"), ["文件名", "说明"], [["mmexport1699999999.jpg", CAPTION]]
    )
    assert "WM240" not in project.check().codes("mmexport1699999999.jpg")


def test_min_chars(project: Any, files: Any) -> None:
    files.docx(project.path(REPORTS, "短报告.docx"), ["活动开展情况良好。"])
    run = project.check()
    (short,) = [f for f in run.at("短报告.docx") if f.code == "WM245"]
    assert short.kind == "insufficient" and "8 个汉字" in short.message and "200" in short.message
    assert len(run.requirement("区文明办", "说明报告").accepted) == 0
    files.docx(project.path(REPORTS, "完整报告.docx"), [LONG_TEXT])
    files.scanned_pdf(project.path(REPORTS, "扫描报告.pdf"))
    run = project.check()
    assert run.codes("完整报告.docx") == {"WM301"}  # long enough, but no figure at all (issue 17's data check)
    assert run.codes("扫描报告.pdf") == {"WM246"}
    assert len(run.requirement("区文明办", "说明报告").accepted) == 2


def test_ledger_header_columns_months_and_bad_rows(project: Any, files: Any) -> None:
    rows: list[list[object]] = []
    for month in range(1, 13):
        rows += [[dt.date(2025, month, 3), "张伟", "无", "—"]]
        if month not in (2, 7):
            rows += [[dt.date(2025, month, 17), "李娜", "占道经营", "已整改"]]
    rows += [
        ["五月中旬", "王强", "无", "—"],
        ["2025.13.1", "王强", "无", "—"],
        [dt.date(2024, 12, 28), "王强", "无", "—"],
    ]
    files.xlsx(
        project.path(LEDGERS, "2025年巡查台账.xlsx"),
        ["巡查时间", "巡查人员", "发现问题"],
        rows,
        title="2025年网格化巡查台账",
    )
    run = project.check()
    by_code = {f.code: f for f in run.at("2025年巡查台账.xlsx")}
    assert "第 2 行表头" in by_code["WM271"].message and "整改情况" in by_code["WM271"].message
    assert "2025年2月（1 条）、2025年7月（1 条）" in by_code["WM272"].message
    assert "第 25、26 行" in by_code["WM273"].message  # title row 1, header row 2, data from row 3
    assert "1 行" in by_code["WM233"].message and "（27）" in by_code["WM233"].message


def test_ledger_without_a_header(project: Any, files: Any) -> None:
    files.xlsx(project.path(LEDGERS, "台账.xlsx"), ["只有一列"], [[1], [2]])
    assert "WM270" in project.check().codes("台账.xlsx")


def test_legacy_formats(project: Any, files: Any) -> None:
    ole2_file(project.path(PLANS, "活动方案.doc"), {"WordDocument": b"\xec\xa5" + b"\0" * 100})
    files.image(project.path(PHOTOS, f"{CAPTION}.heic"), "HEIC", size=(1600, 1200))
    files.image(project.path(PHOTOS, "2025-05-12 人民广场 志愿者开展文明劝导.bmp"), "BMP", size=(1600, 1200))
    run = project.check()
    assert "WM210" in run.codes("活动方案.doc")
    assert "WM211" in run.codes(f"{CAPTION}.heic")
    assert "WM212" in run.codes("文明劝导.bmp")


def test_corrupt_and_encrypted_files_do_not_count(project: Any, files: Any) -> None:
    good = files.docx(project.path(PLANS, "方案.docx"), [LONG_TEXT])
    makers.truncated(good, project.path(PLANS, "方案（损坏）.docx"), 0.5)
    good.unlink()
    makers.encrypted_pdf(project.path(PLANS, "方案（加密）.pdf"), LONG_TEXT)
    run = project.check()
    assert "WM201" in run.codes("方案（损坏）.docx") and "WM202" in run.codes("方案（加密）.pdf")
    assert len(run.requirement("区文明办", "活动方案").accepted) == 0


def test_duplicates_in_the_same_material_and_elsewhere(project: Any) -> None:
    _photo(project, PHOTOS, f"{CAPTION}.jpg", seed=1)
    shutil.copyfile(
        project.root / PHOTOS / f"{CAPTION}.jpg",
        project.path(PHOTOS, "2025-05-12 幸福社区 志愿者开展宣传（副本）.jpg"),
    )
    other = "evidence/区教育局/Ⅱ-3-2 我们的节日/实景图片"
    shutil.copyfile(project.root / PHOTOS / f"{CAPTION}.jpg", project.path(other, f"{CAPTION}.jpg"))
    run = project.check()
    (same,) = [f for f in run.at("（副本）.jpg") if f.kind == "duplicate"]
    assert same.code == "WM250" and same.severity == "error" and CAPTION in same.message
    assert len(run.requirement("区文明办", "实景图片").accepted) == 1  # the copy does not count
    (elsewhere,) = [
        f for f in run.at(f"区教育局/Ⅱ-3-2 我们的节日/实景图片/{CAPTION}.jpg") if f.kind == "duplicate"
    ]
    assert elsewhere.code == "WM251" and "区文明办" in elsewhere.message


def test_naming_pattern_when_enabled(project: Any, files: Any) -> None:
    toml = project.root / "wenming.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + '\n[naming]\npattern = "{code}_{unit}_{material}_{n:02d}"\ncheck = true\n',
                    encoding="utf-8")  # fmt: skip
    files.docx(project.path(PLANS, "II－3－2_区文明办_活动方案_01.docx"), [LONG_TEXT])
    files.docx(project.path(PLANS, "活动方案.docx"), [LONG_TEXT])
    run = project.check()
    assert "WM280" not in run.codes("II－3－2_区文明办_活动方案_01.docx")
    (bad,) = [f for f in run.at("/活动方案.docx") if f.code == "WM280"]
    assert "Ⅱ-3-2_区文明办_活动方案_01" in bad.hint
