"""Personal data: found with its place, shown masked, never whole; lookalikes are not reported."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from inspect_project import PLANS

from wenming_submit.evidence.inspect import inspect_one
from wenming_submit.evidence.pii import find_pii, id_check_digit, luhn_ok

ID17 = "11010519491231002"
ID18 = ID17 + id_check_digit(ID17)  # 11010519491231002X
WRONG_CHECK = ID17 + ("0" if ID18[-1] != "0" else "1")
OLD_ID = "110105491231002"
MOBILE = "13812345678"
CARD = "6222021234567890128"  # UnionPay, passes Luhn
NOT_CARD = "6222021234567890123"


def test_check_digit_and_luhn() -> None:
    assert ID18 == "11010519491231002X"
    assert luhn_ok(CARD) and not luhn_ok(NOT_CARD)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"身份证号{ID18}。", [("id", "110105********002X")]),
        (f"身份证号{ID18.lower()}", [("id", "110105********002X")]),
        (f"旧证{OLD_ID}", [("id", "110105******002")]),
        (f"电话 {MOBILE}", [("mobile", "138****5678")]),
        ("电话 +86 138-1234-5678", [("mobile", "138****5678")]),
        (f"卡号：{CARD}", [("card", "6222***********0128")]),
        ("卡号：6222 0212 3456 7890 128", [("card", "6222***********0128")]),
        (f"号码{WRONG_CHECK}", []),
        ("出生日期不对 110105194913310021", []),
        (f"卡号：{NOT_CARD}", []),
        ("座机 010-12345678，编号 20250512", []),
        ("流水号 123456789012345678901", []),
    ],
)
def test_find_pii(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(h.kind, h.masked) for h in find_pii(text)] == expected


def _all_text(result: Any) -> str:
    return " ".join(str(v) for i in result.issues for v in i.params.values())


def test_docx_paragraphs_and_tables(files: Any, tmp_path: Path) -> None:
    path = files.docx(tmp_path / "名单.docx", ["活动总结", f"负责人电话{MOBILE}"],
                      table=[["姓名", "身份证号"], ["张伟", ID18]])  # fmt: skip
    result = inspect_one(path, "docx")
    by_code = {i.code: i.params for i in result.issues}
    assert by_code["WM260"]["places"] == "表格1第2行第2列 110105********002X"
    assert by_code["WM261"]["places"] == "第2段 138****5678"
    assert ID18 not in _all_text(result) and MOBILE not in _all_text(result)


def test_xlsx_cells(files: Any, tmp_path: Path) -> None:
    rows = [[dt.date(2025, 3, 1), "张伟", ID18], [dt.date(2025, 3, 2), "李娜", int(MOBILE)]]
    path = files.xlsx(
        tmp_path / "名单.xlsx", ["日期", "姓名", "证件"], rows, title="志愿者名单", sheet="三月"
    )
    by_code = {i.code: i.params for i in inspect_one(path, "xlsx").issues}
    assert by_code["WM260"]["places"] == "三月!C3 110105********002X"
    assert by_code["WM261"]["places"] == "三月!C4 138****5678"


def test_pdf_pages_and_txt_lines(files: Any, tmp_path: Path) -> None:
    pdf = files.pdf(tmp_path / "a.pdf", ["第一页没有号码", f"银行卡{CARD}"])
    assert {i.code: i.params["places"] for i in inspect_one(pdf, "pdf").issues} == {
        "WM262": "第2页 6222***********0128"
    }
    txt = tmp_path / "a.txt"
    txt.write_text(f"名单\n张伟 {ID18}\n", encoding="utf-8")
    assert {i.code: i.params["places"] for i in inspect_one(txt, "text").issues} == {
        "WM260": "第2行 110105********002X"
    }


def test_many_hits_are_counted_and_a_few_shown(tmp_path: Path) -> None:
    txt = tmp_path / "a.txt"
    txt.write_text("\n".join(f"13{i}12345678" for i in range(3, 10)), encoding="utf-8")
    (issue,) = inspect_one(txt, "text").issues
    assert issue.params["count"] == 7
    assert issue.params["places"].endswith("等 7 处") and issue.params["places"].count("****") == 3


def test_finding_in_a_check_is_masked(project: Any) -> None:
    project.path(PLANS, "活动方案.txt").write_text(f"联系人身份证 {ID18}\n", encoding="utf-8")
    run = project.check()
    (finding,) = [f for f in run.at("活动方案.txt") if f.kind == "pii"]
    assert finding.code == "WM260" and finding.severity == "warning"  # the build masks a .txt itself
    assert "110105********002X" in finding.message and ID18 not in finding.message
