"""Table widths that never break a phone number, and titles that break between words."""

from __future__ import annotations

from wenming_submit import gongwen
from wenming_submit.gongwen.chinese import title_lines
from wenming_submit.gongwen.tables import add_table, fit_widths


def test_widths_follow_the_source_grid_and_keep_numbers_whole() -> None:
    assert fit_widths([["a", "b", "c"]], preferred=[20, 90, 46]) == [
        int(gongwen.TEXT_WIDTH * 20 / 156), int(gongwen.TEXT_WIDTH * 90 / 156),
        gongwen.TEXT_WIDTH - int(gongwen.TEXT_WIDTH * 20 / 156) - int(gongwen.TEXT_WIDTH * 90 / 156),
    ]  # fmt: skip
    rows = [["日期", "姓名", "情况说明", "联系电话", "身份证号"],
            ["2026年3月1日", "张三", "很长的说明文字" * 10, "13812345678", "110105199003071239"]]  # fmt: skip
    widths = fit_widths(rows)
    assert sum(widths) == gongwen.TEXT_WIDTH
    twelve_pt = 12 * 12700
    assert widths[3] >= 11 * 0.6 * twelve_pt and widths[4] >= 18 * 0.6 * twelve_pt  # the digits fit on one line
    assert widths[2] > widths[1]  # the long text takes the spare room and wraps
    assert widths[0] >= (3 + 6 * 0.6 + 5 * 0.25) * twelve_pt  # a written-out date stays on one line


def test_table_rows_never_split() -> None:
    document = gongwen.new_document()
    table = add_table(document, [["表头", "列"], ["1", "2"], ["3", "4"]])
    assert all(tr.trPr is not None and tr.trPr.xpath("./w:cantSplit") for tr in table._tbl.tr_lst)
    assert table._tbl.tr_lst[0].trPr.xpath("./w:tblHeader")


def test_titles_break_between_words() -> None:
    for title in ("关于补报和整改创建全国文明城市网上申报材料的通知", "关于整改创建全国文明城市网上申报材料的通知"):
        lines = title_lines(title, 20)
        assert "".join(lines) == title and len(lines) == 2
        assert not lines[0].endswith(("申报材", "文明城", "全国文")) and not lines[1].startswith("料")
    assert title_lines("短标题", 20) == ["短标题"]
