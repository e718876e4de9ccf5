"""Personal numbers never leave unmasked, and files with an error finding never leave at all."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import docx
import openpyxl

from wenming_submit.assemble.masking import write_masked
from wenming_submit.assemble.options import BuildOptions
from wenming_submit.assemble.pipeline import build_output
from wenming_submit.evidence.pii import id_check_digit

PHONE = "13812345678"
ID = "11010519900307123" + id_check_digit("11010519900307123")


def test_masked_copies_of_word_excel_and_text(tmp_path: Path) -> None:
    source = tmp_path / "a.docx"
    document = docx.Document()
    para = document.add_paragraph("联系人电话 138")
    para.add_run("1234")  # a number split across runs, as Word writes them
    para.add_run("5678，请联系。")
    document.add_table(rows=1, cols=1).cell(0, 0).text = f"身份证 {ID}"
    document.save(str(source))
    assert write_masked(source, tmp_path / "b.docx", "docx") == 2
    copy = docx.Document(str(tmp_path / "b.docx"))
    text = " ".join([p.text for p in copy.paragraphs] + [copy.tables[0].cell(0, 0).text])
    assert PHONE not in text and ID not in text and "138****5678" in text and "请联系" in text
    assert PHONE in docx.Document(str(source)).paragraphs[0].text  # the original is untouched

    workbook = openpyxl.Workbook()
    workbook.active.append(["姓名", "电话"])
    workbook.active.append(["张三", int(PHONE)])  # a number cell, as Excel stores phone numbers
    workbook.save(tmp_path / "a.xlsx")
    assert write_masked(tmp_path / "a.xlsx", tmp_path / "b.xlsx", "xlsx") == 1
    assert openpyxl.load_workbook(tmp_path / "b.xlsx").active["B2"].value == "138****5678"

    (tmp_path / "a.csv").write_bytes(f"姓名,电话\n李四,{PHONE}\n".encode("gb18030"))
    write_masked(tmp_path / "a.csv", tmp_path / "b.csv", "csv")
    assert (tmp_path / "b.csv").read_bytes().decode("gb18030") == "姓名,电话\n李四,138****5678\n"


def test_flagged_ledger_masked_in_package_and_broken_file_excluded(project_factory: Any, checked: Any,
                                                                   files: Any) -> None:  # fmt: skip
    root = project_factory()
    ledger = root / "evidence" / "区文明办" / "Ⅰ-1-1 中心组学习" / "学习台账.xlsx"
    files.xlsx(ledger, ["学习时间", "联系电话"], [["2025-03-01", PHONE], ["2025-03-02", PHONE]])
    broken = root / "evidence" / "区教育局" / "Ⅱ-3-2 我们的节日" / "实景图片" / "2025年6月9日 学校 活动.jpg"
    broken.write_bytes(b"\xff\xd8\xff\xe0 not a picture" * 20)
    project, result = checked(root)
    assert any(f.kind == "pii" and f.path and f.path.endswith("学习台账.xlsx") for f in result.findings)
    bad = next(f for f in result.files if f.path == broken)
    assert any(f.path == bad.rel and f.kind == "corrupt" for f in result.findings)
    # as if the requirement had counted it (an archive or a kind the check accepts): it must still stay out
    reqs = tuple(r.model_copy(update={"files": (*r.files, bad.rel)}) if r.unit == "区教育局" and r.material ==
                 "实景图片" else r for r in result.requirements)  # fmt: skip
    outcome = build_output(project, result.model_copy(update={"requirements": reqs}),
                           BuildOptions(word=False, allow_incomplete=True))  # fmt: skip
    manifest = json.loads((outcome.folder / "manifest.json").read_text(encoding="utf-8"))
    assert bad.rel not in {f["source"] for f in manifest["files"]}
    assert [x["source"] for x in manifest["excluded"]] == [bad.rel] and "损坏" in manifest["excluded"][0]["reason"]
    assert any(f.code == "WM415" and f.path == bad.rel for f in outcome.findings)
    packed = next(f for f in manifest["files"] if f["source"].endswith("学习台账.xlsx"))
    assert packed["masked"] == 2
    cells = [c.value for row in openpyxl.load_workbook(outcome.folder / packed["path"]).active for c in row]
    assert str(PHONE) not in map(str, cells) and "138****5678" in cells
    assert PHONE in map(str, [c.value for row in openpyxl.load_workbook(ledger).active for c in row])
    with zipfile.ZipFile(outcome.zip_path) as zf:
        assert not any(bad.name in n or n.endswith("活动_04.jpg") for n in zf.namelist())
    listed = openpyxl.load_workbook(outcome.workbook)["问题清单"]
    assert any(row[1] == "WM415" for row in listed.iter_rows(values_only=True))
