"""Matching by meaning (kind words, document titles), another unit's files, and photo dates."""

from __future__ import annotations

import datetime as dt

from match_project import ITEM, MatchProject, at, entry, requirement


def test_a_notice_named_as_notices_are_satisfies_the_notice_material(mproj: MatchProject) -> None:
    mproj.pdf(
        f"区文明办/{ITEM}/关于开展2026年基层理论宣讲活动的通知.pdf", "关于开展2026年基层理论宣讲活动的通知"
    )
    mproj.docx(f"区文明办/{ITEM}/2026年我们的节日工作总结.docx", "今年开展了多项活动。")
    result = mproj.check()
    notice = requirement(result, "区文明办", "文件通知")
    assert notice.status.value == "complete"
    assert notice.files == (f"evidence/区文明办/{ITEM}/关于开展2026年基层理论宣讲活动的通知.pdf",)
    assert requirement(result, "区文明办", "说明报告").found == 1  # 总结 is a 说明报告's word
    why = entry(result, "的通知.pdf")
    assert why["assigned_by"] == "kind-word" and why["material"] == "文件通知"
    assert "通知" in str(why["reason"])
    assert not [f for f in result.findings if f.code == "WM113"]


def test_the_rightmost_kind_word_decides(mproj: MatchProject) -> None:
    mproj.pdf(f"区文明办/{ITEM}/关于印发中秋游园实施方案的通知.pdf", "通知")
    result = mproj.check()
    assert entry(result, "方案的通知.pdf")["material"] == "文件通知"
    mproj.pdf(f"区卫健委/{ITEM}/中秋游园实施方案.pdf", "方案")
    assert entry(mproj.check(), "游园实施方案.pdf")["material"] == "活动方案"  # "方案" names the plan first


def test_the_documents_own_title_assigns_it(mproj: MatchProject) -> None:
    mproj.docx(
        f"区文明办/{ITEM}/材料一.docx",
        "区文明办关于开展“我们的节日”主题活动的通知",
        "各单位：现将有关事项通知如下。",
    )
    mproj.docx(f"区文明办/{ITEM}/材料二.docx", "区文明办2026年上半年工作总结", "上半年开展活动十二次。")
    result = mproj.check()
    first, second = entry(result, "材料一.docx"), entry(result, "材料二.docx")
    assert (first["material"], first["assigned_by"]) == ("文件通知", "title")
    assert (second["material"], second["assigned_by"]) == ("说明报告", "title")
    assert "文档标题" in str(first["reason"])
    assert requirement(result, "区文明办", "文件通知").found == 1


def test_a_file_naming_another_unit_warns(mproj: MatchProject) -> None:
    mproj.docx(f"区卫健委/{ITEM}/区文明办中秋游园活动方案.docx", "中秋游园活动方案")
    mproj.docx(f"区卫健委/{ITEM}/卫健委中秋义诊活动方案.docx", "中秋义诊活动方案")
    mproj.docx(f"区卫健委/{ITEM}/活动方案（二）.docx", "区文明办关于端午节活动的安排", "正文")
    result = mproj.check()
    (warning,) = [f for f in at(result, "区文明办中秋游园活动方案.docx") if f.code == "WM114"]
    assert warning.severity.value == "warning" and warning.kind == "unassigned"
    assert "疑似区文明办的材料" in warning.message and warning.unit == "区卫健委"
    assert not [f for f in at(result, "卫健委中秋义诊活动方案.docx") if f.code == "WM114"]
    (by_title,) = [f for f in at(result, "活动方案（二）.docx") if f.code == "WM114"]
    assert "文档标题" in by_title.message


def test_an_upstream_notice_of_the_lead_unit_does_not_warn(mproj: MatchProject) -> None:
    mproj.pdf(f"区卫健委/{ITEM}/区委宣传部关于开展我们的节日活动的通知.pdf", "通知")
    (mproj.root / "indicators" / "目录.yaml").write_text(
        (mproj.root / "indicators" / "目录.yaml").read_text(encoding="utf-8").replace(
            "  - name: 区卫健委\n", "  - name: 区委宣传部\n  - name: 区卫健委\n"), encoding="utf-8")  # fmt: skip
    assert not [f for f in mproj.check().findings if f.code == "WM114"]


def test_caption_date_and_exif_date_disagree(mproj: MatchProject) -> None:
    base = f"区文明办/{ITEM}/实景图片"
    mproj.photo(f"{base}/10月9日 幸福社区 中秋游园活动.jpg", taken=dt.datetime(2026, 3, 26, 10), seed=1)
    mproj.photo(f"{base}/3月26日 幸福社区 植树活动.jpg", taken=dt.datetime(2026, 3, 26, 10), seed=2)
    mproj.photo(f"{base}/2026年3月5日 幸福社区 元宵活动.jpg", taken=dt.datetime(2026, 3, 5, 23, 50), seed=3)
    result = mproj.check()
    (clash,) = [f for f in result.findings if f.code == "WM234"]
    assert clash.path and clash.path.endswith("10月9日 幸福社区 中秋游园活动.jpg")
    assert "10月9日" in clash.message and "2026-03-26" in clash.message and "EXIF" in clash.message
    assert clash.severity.value == "warning"


def test_a_wechat_name_dates_a_photo_without_exif(mproj: MatchProject) -> None:
    base = f"区文明办/{ITEM}/实景图片"
    mproj.photo(f"{base}/微信图片_20260312101500.jpg", taken=None, seed=1)
    mproj.photo(f"{base}/mmexport1710210900000.jpg", taken=None, seed=2)  # 2024-03-12: before the period
    mproj.photo(f"{base}/IMG_1234.jpg", taken=None, seed=3)
    result = mproj.check()
    wechat = entry(result, "微信图片_20260312101500.jpg")
    assert (wechat["date"], wechat["date_source"]) == ("2026-03-12", "name")
    assert not [f for f in at(result, "微信图片_20260312101500.jpg") if f.kind == "out-of-period"]
    (old,) = [f for f in at(result, "mmexport1710210900000.jpg") if f.kind == "out-of-period"]
    assert "2024-03-12" in old.message and "文件名" in old.message
    assert [f.code for f in at(result, "IMG_1234.jpg") if f.kind == "out-of-period"] == [
        "WM232"
    ]  # no date at all
