"""Issue 12, end to end: a project of realistic unit files built through LibreOffice, the outputs opened
and read as a person would (pdftotext of the 汇编 PDF, the package files, the 清单 printed by LibreOffice,
the notices). One build shared by the module: LibreOffice is slow.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

import docx
import openpyxl
import pytest

from wenming_submit import gongwen
from wenming_submit.assemble.options import BuildOptions
from wenming_submit.assemble.pipeline import BuildOutcome, build_output
from wenming_submit.assemble.word import soffice
from wenming_submit.check.result import CheckResult
from wenming_submit.check.run import run_check
from wenming_submit.findings.registry import KINDS
from wenming_submit.notify.notices import context, docx_parts, environment, notice_document, plan_notices
from wenming_submit.project import Project, open_project

from .realistic import (
    ALBUM,
    BEFORE_AFTER,
    ID_NUMBER,
    LEGACY_TEXT,
    PHONES,
    make_realistic_project,
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"),
]

PERSONAL = re.compile("|".join([*PHONES, ID_NUMBER]))
HEADING_LINE = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+\.|（\d+）)")
FOOTER = re.compile(r"^—\s*\d+\s*—$")


@dataclass
class Built:
    root: Path
    project: Project
    result: CheckResult
    outcome: BuildOutcome
    pdf_pages: list[str]
    ink: list[float]


def _pdftotext(pdf: Path, *args: str) -> str:
    return subprocess.run(["pdftotext", *args, str(pdf), "-"], check=True, capture_output=True, text=True).stdout


def _ink(pdf: Path) -> list[float]:
    """Share of dark pixels per page (a near-blank page has almost none)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    try:
        shares = []
        for page in document:
            image = page.render(scale=0.25).to_pil().convert("L")
            histogram = image.histogram()
            shares.append(sum(histogram[:200]) / (image.width * image.height))
            page.close()
        return shares
    finally:
        document.close()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    import samplefiles

    root = make_realistic_project(tmp_path_factory.mktemp("real") / "proj", samplefiles)
    project = open_project(root)
    result = run_check(project)
    outcome = build_output(project, result, BuildOptions(allow_incomplete=True))
    assert outcome.word is not None and outcome.word.pdf is not None
    pdf = outcome.folder / "网报材料汇编.pdf"
    pages = _pdftotext(pdf).split("\f")[:-1]
    return Built(root, project, result, outcome, pages, _ink(pdf))


def test_pdf_kept_with_toc_numbers_and_no_lonely_headings(built: Built) -> None:
    pdf = built.outcome.folder / "网报材料汇编.pdf"
    assert pdf.is_file() and not (built.outcome.folder / ".work").exists()
    pages = built.pdf_pages
    toc = pages[1]
    line = next(line for line in toc.splitlines() if "二、Ⅱ-2-1" in line)
    shown = int(re.search(r"(\d+)\s*$", line).group(1))  # type: ignore[union-attr]
    actual = next(i for i, text in enumerate(pages) if i > 1 and "二、Ⅱ-2-1" in text) - 1
    assert shown == actual  # the PDF's TOC shows the real body page numbers
    lonely = []
    for number, (text, ink) in enumerate(zip(pages, built.ink, strict=True), 1):
        lines = [x.strip() for x in text.splitlines() if x.strip() and not FOOTER.match(x.strip())]
        if number > 2 and lines and all(HEADING_LINE.match(x) for x in lines) and ink < 0.05:
            lonely.append(number)
    assert lonely == []
    near_blank = [n for n, ink in enumerate(built.ink, 1) if n > 2 and ink < 0.01]
    assert len(near_blank) <= 0.02 * len(pages)


def test_legacy_doc_merged_and_no_personal_number_in_the_pdf(built: Built) -> None:
    text = "".join(built.pdf_pages)
    squashed = "".join(text.split())
    assert "".join(LEGACY_TEXT.split()) in squashed  # the .doc converted by LibreOffice and merged
    assert PERSONAL.search(squashed) is None
    assert "138****5678" in squashed and "110105********" in squashed  # masked, not dropped
    report = built.outcome.word
    assert report is not None and report.converted == 1
    assert not [p for p in report.placeholders if p.path.endswith(".doc")]  # merged in full, nothing missing


def test_photos_in_date_order_pairs_side_by_side_screenshot_full_width(built: Built) -> None:
    document = docx.Document(str(built.outcome.folder / "网报材料汇编.docx"))
    rows = []
    for table in document.tables:
        for row in table.rows:
            texts = [c.text for c in row.cells if "图" in c.text and c._tc.xpath(".//pic:pic")]
            if texts:
                rows.append((texts, table))
    captions = [t for texts, _ in rows for t in texts]
    first = [c for c in captions if "团区委" in c or "青年之家" in c]
    dates = [re.search(r"(\d+)月(\d+)日", c).groups() for c in first]  # type: ignore[union-attr]
    assert [(int(m), int(d)) for m, d in dates] == sorted((int(m), int(d)) for m, d in dates)
    assert "网页截图" in first[-1]  # 4月2日, last
    screenshot = next(table for texts, table in rows if any("网页截图" in t for t in texts))
    assert len(screenshot.columns) == 1
    width = screenshot._tbl.xpath(".//wp:extent/@cx")[0]
    assert int(width) > gongwen.TEXT_WIDTH * 0.9  # full text width, not half
    pairs = [texts for texts, _ in rows if any("整治前" in t for t in texts)]
    assert len(pairs) == 2
    for left, right in pairs:  # 整治前 left, 整治后 right, same street, one row
        assert "整治前" in left and "整治后" in right
        assert re.search(r"日 (\S+) 整治", left).group(1) == re.search(r"日 (\S+) 整治", right).group(1)  # type: ignore[union-attr]
    album = [t for t in captions if ALBUM in t]
    assert len(album) == 3 and "长安巷 清理堆物" in album[0]


def test_package_order_matches_the_汇编_and_album_pictures_are_jpegs(built: Built) -> None:
    manifest = json.loads((built.outcome.folder / "manifest.json").read_text(encoding="utf-8"))
    photos = sorted((f for f in manifest["files"] if "整治图片" in f["path"]), key=lambda f: f["path"])
    sources = [Path(f["source"]).name for f in photos]
    expected = [BEFORE_AFTER[0][0], BEFORE_AFTER[1][0], BEFORE_AFTER[2][0], BEFORE_AFTER[3][0]]
    assert sources[:4] == expected and sources[4:] == [ALBUM] * 3
    assert all(f["path"].endswith(".jpg") for f in photos)
    assert [f.get("converted") for f in photos[4:]] == [f"取自{ALBUM}第{n}张图片" for n in (1, 2, 3)]


def test_package_has_no_broken_file_and_no_full_personal_number(built: Built) -> None:
    folder = built.outcome.folder
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    ledger = next(f for f in manifest["files"] if f["path"].endswith(".xlsx"))
    assert ledger["masked"] > 0
    original = next(f for f in built.result.files if f.name == "学习台账.xlsx")
    assert PERSONAL.search(_xlsx_text(original.path))  # evidence untouched
    for path in (folder / "上报材料").rglob("*"):
        if path.suffix == ".xlsx":
            assert PERSONAL.search(_xlsx_text(path)) is None, path
        elif path.suffix == ".docx":
            assert PERSONAL.search(docx_text(path)) is None, path
        elif path.is_file():
            raw = path.read_bytes()
            assert not any(n.encode(enc) in raw for n in (*PHONES, ID_NUMBER) for enc in ("ascii", "utf-16-le")), path
    # the .doc (which the check cannot read) went in as a masked .docx, converted by LibreOffice
    legacy = next(f for f in manifest["files"] if f["source"].endswith("青年学习通知.doc"))
    assert legacy["path"].endswith(".docx") and legacy["masked"] == 1 and "→" in legacy["converted"]
    packed_sources = {f["source"] for f in manifest["files"]}
    broken = {f.path for f in built.result.findings if f.severity.value == "error" and f.kind == "corrupt"}
    assert broken and not broken & packed_sources
    with zipfile.ZipFile(built.outcome.zip_path) as zf:
        assert all(info.date_time[0] >= 2020 for info in zf.infolist())


def docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as zf:
        return re.sub(r"<[^>]+>", "", zf.read("word/document.xml").decode("utf-8"))


def _xlsx_text(path: Path) -> str:
    workbook = openpyxl.load_workbook(path, read_only=True)
    return " ".join(str(v) for ws in workbook.worksheets for row in ws.iter_rows(values_only=True) for v in row
                    if v is not None)  # fmt: skip


def test_qingdan_is_chinese_and_prints_whole(built: Built, tmp_path: Path) -> None:
    workbook_path = built.outcome.workbook
    workbook = openpyxl.load_workbook(workbook_path)
    findings = workbook["问题清单"]
    header = [c.value for c in findings[1]]
    kind_col = header.index("类型")
    # English words, except file extensions (.docx) and the names of settings a hint tells you to change
    english = re.compile(r"(?<![.\w])[a-z]{3,}(?:-[a-z]+)*\b")
    settings = {"wenming", "toml", "privacy", "mask", "false", "limits", "units", "naming"}
    for row in findings.iter_rows(min_row=2, values_only=True):
        readable = [str(v) for i, v in enumerate(row) if v is not None and header[i] not in ("代码", "文件")]
        words = {w for v in readable for w in english.findall(v)} - settings
        assert not words, row
        assert row[kind_col] and not english.search(str(row[kind_col]))
    assert set(KINDS).isdisjoint(c.value for r in findings.iter_rows(min_row=2) for c in r)
    details = [r[3] for r in workbook["材料明细"].iter_rows(min_row=2, values_only=True)]
    assert "材料要求.txt" not in details
    tall = [findings.row_dimensions[i].height for i in range(2, findings.max_row + 1)]
    assert any(h and h > 20 for h in tall)  # wrapped rows are given their height
    error = soffice.convert([workbook_path], "pdf", tmp_path, tmp_path / "lo", 180)
    assert error is None
    printed = "".join(_pdftotext(tmp_path / f"{workbook_path.stem}.pdf", "-raw").split())  # cell by cell
    for row in findings.iter_rows(min_row=2, values_only=True):
        problem, fix = row[header.index("问题")], row[header.index("处理办法")]
        for text in (problem, fix):
            assert "".join(str(text).split()) in printed, text  # nothing cut off on paper


def test_notice_names_items_ends_with_contact_and_keeps_落款(built: Built, tmp_path: Path) -> None:
    import datetime as dt

    config = built.project.config
    plan = plan_notices(built.result, catalog=built.project.catalog)
    notice = next(n for n in plan.notices if n.unit == "团区委")
    values = context(notice, config, deadline=dt.date(2026, 12, 20), today=dt.date(2026, 12, 6))
    document = notice_document(docx_parts(environment(config.root), values), notice.items)
    path = tmp_path / "notice.docx"
    document.save(str(path))
    texts = [p.text for p in document.paragraphs if p.text.strip()]
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert not any("evidence/" in t for t in [*texts, *cells])
    assert any(c.startswith("Ⅰ-1-1 深入学习宣传贯彻") for c in cells)
    contact = next(t for t in texts if t.startswith("联系人"))
    assert "李明" in contact and "0571-88886666" in contact
    assert texts.index(contact) == len(texts) - 3  # then 落款 and 成文日期
    paragraphs = [p for p in document.paragraphs if p.text.strip()]
    closing = paragraphs[-4]
    assert closing.paragraph_format.keep_with_next and paragraphs[-2].paragraph_format.keep_with_next
    assert soffice.convert([path], "pdf", tmp_path, tmp_path / "lo", 120) is None
    last = _pdftotext(tmp_path / "notice.pdf").split("\f")[-2]
    assert "联系人" in last and config.project.organization in last
