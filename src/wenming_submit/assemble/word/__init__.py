"""The Word 汇编: `build_word(project, result, dest)` writes 网报材料汇编.docx (and 分册) into `dest`.

`dest` is a staging folder the caller created and later moves into place; nothing is written elsewhere.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import time
from collections.abc import Sequence
from pathlib import Path

from wenming_submit.assemble.options import DEFAULT_OPTIONS, BuildOptions
from wenming_submit.assemble.word import layout, pieces, soffice, texts, toc, toclinks
from wenming_submit.assemble.word.document import CONVERTIBLE, Composed, Composer
from wenming_submit.assemble.word.readers import Readers
from wenming_submit.assemble.word.report import Placeholder, TocUpdate, WordReport
from wenming_submit.catalog.model import Indicator
from wenming_submit.check.result import CheckResult
from wenming_submit.config import reference_docx_path
from wenming_submit.errors import UsageError
from wenming_submit.gongwen.front_matter import fill_toc, set_toc_pages, unfill_toc
from wenming_submit.guard import Failure, Isolated
from wenming_submit.project import Project

__all__ = ["Placeholder", "TocUpdate", "WordReport", "build_word"]

TOC_TIMEOUT_BASE = 300.0
TOC_TIMEOUT_PER_PICTURE = 1.0
"""Seconds LibreOffice may take to lay the 汇编 out: a base plus this per placed picture (photos, pictures
from documents and PDF pages alike). A quiet 2-core machine needs ~0.04 s per page; a loaded one four
times that, and a 1,000-photo 汇编 (8,400 pages) took 17–21 min there: the old 180 s + 0.3 s per photo
(not counting PDF pages) ran out on it, and the build quietly left the TOC to Word and made no PDF."""


def _safe_name(text: str) -> str:
    return re.sub(r'[\\/:*?"<>|\s]+', " ", text).strip()[:80] or "未命名"


def _indicators(project: Project, result: CheckResult) -> list[Indicator]:
    codes = {r.indicator for r in result.requirements}
    return [ind for ind in project.catalog.indicators if ind.code in codes]


def _reference(project: Project) -> Path | None:
    return reference_docx_path(project.config)  # ConfigError (exit 2) when missing, outside, not a .docx


WORK_DIR = ".work"
"""Inside the staging folder: LibreOffice profiles, converted documents, the layout PDFs. Removed at the end."""
CONVERT_TIMEOUT_BASE = 60.0
CONVERT_TIMEOUT_PER_FILE = 20.0


def _convert_legacy(result: CheckResult, work: Path, report: WordReport) -> dict[Path, Path]:
    """.doc/.wps/.rtf/.odt files of the result converted to .docx in `work` (one LibreOffice run).

    Each source is copied under a numbered name first, so two units' `方案.doc` never collide and nothing
    is written beside the evidence. Returns source path -> converted .docx (only those converted).
    """
    sources = list(dict.fromkeys(f.path for f in result.files if f.facts.format in CONVERTIBLE))
    if not sources:
        return {}
    if toc.find_soffice() is None:
        report.convert_note = texts.NO_LIBREOFFICE
        return {}
    inbox, outbox = work / "legacy-in", work / "legacy-out"
    inbox.mkdir(parents=True, exist_ok=True)
    copies = []
    for n, source in enumerate(sources, 1):
        copy = inbox / f"{n:04d}{source.suffix.lower() or '.doc'}"
        try:
            shutil.copyfile(source, copy)
        except OSError:
            continue
        copies.append((source, copy))
    timeout = CONVERT_TIMEOUT_BASE + CONVERT_TIMEOUT_PER_FILE * len(copies)
    error = soffice.convert([c for _, c in copies], "docx:MS Word 2007 XML", outbox, work, timeout)
    converted = {src: outbox / f"{copy.stem}.docx" for src, copy in copies if (outbox / f"{copy.stem}.docx").is_file()}
    if error and len(converted) < len(copies):
        report.convert_note = error
    return converted


TOC_PLACEHOLDER_PAGE = "888"
"""Page number the TOC lines show during the layout (about as wide as the real ones)."""


def _update_toc(documents: list[tuple[Path, Composed]], report: WordReport, pictures: int, work: Path,
                pdf: Path | None) -> None:  # fmt: skip
    """Real TOC page numbers and the 汇编 PDF from one LibreOffice layout (see layout.py and pieces.py).

    The TOC lines are written with placeholder numbers and every document (and its front matter alone)
    is laid out by LibreOffice once; a long 汇编 piece by piece (pieces.py), the rest in one run. The
    pages of the headings are written into each TOC and the documents saved again. The 汇编 PDF is the
    layout's pages with the front matter laid out anew; only when a whole-document layout's front matter
    comes out with another page count is the whole 汇编 exported again.
    """
    if toc.find_soffice() is None:
        for path, composed in documents:
            composed.document.save(str(path))
        report.toc, report.toc_note = TocUpdate.word_on_open, "未安装 LibreOffice，目录将在 Word 打开时更新"
        return
    timeout = TOC_TIMEOUT_BASE + TOC_TIMEOUT_PER_PICTURE * pictures
    started = time.perf_counter()
    lines = [
        fill_toc(c.document, c.toc, [(level, text, TOC_PLACEHOLDER_PAGE) for level, text in c.headings])
        for _, c in documents
    ]
    fronts = layout.save_with_fronts(documents, work / "front")
    pdf_dir = work / "pdf"
    body = pieces.spooled_body(documents[0][1].document) if pdf is not None else None
    cut = body is not None and len(pieces.cut(body)) > 1
    whole = [n for n in range(len(documents)) if n > 0 or not cut]
    front_pages: list[int | None] = [None] * len(documents)
    first_numbers: list[int] | None = None
    updated = 0
    with Isolated(time_limit=timeout) as reader:  # pdfium reads the (long) layout PDFs in a worker
        piece_layout = None
        if body is not None and cut:
            path, composed = documents[0]
            piece_layout = pieces.lay_out(
                body, composed.headings, path, work, timeout,
                convert=lambda docx, outdir, limit: toc.convert_to_pdf([docx], outdir, limit, work),
                read=lambda piece: reader.call(toc.page_texts, piece),
            )  # fmt: skip
            if piece_layout is None:  # a piece failed or did not start where expected: lay it out whole
                whole.insert(0, 0)
        if whole:
            paths = [documents[n][0] for n in whole] + [f for n in whole if (f := fronts[n]) is not None]
            toc.convert_to_pdf(paths, pdf_dir, timeout, work)
        for n, ((path, composed), numbers_runs) in enumerate(zip(documents, lines, strict=True)):
            if n == 0 and piece_layout is not None:
                numbers: list[int] | None = piece_layout.pages
            else:
                front = fronts[n]
                found = reader.call(layout.locate_in_pdf, pdf_dir / f"{path.stem}.pdf",
                                    front and pdf_dir / f"{front.stem}.pdf", composed.headings)  # fmt: skip
                front_pages[n], numbers = (None, None) if isinstance(found, Failure) or found is None else found
            if n == 0:
                first_numbers = numbers
            if numbers is None:
                unfill_toc(composed.document, composed.toc, numbers_runs)
            else:
                set_toc_pages(numbers_runs, numbers)
                updated += 1
            composed.document.save(str(path))
    report.layout_seconds = time.perf_counter() - started
    report.toc = TocUpdate.libreoffice if updated == len(documents) else TocUpdate.word_on_open
    report.toc_note = "" if updated == len(documents) else "部分标题未能在排版结果中找到"
    if pdf is None:
        return
    started = time.perf_counter()
    path, composed = documents[0]
    if piece_layout is not None:
        error = layout.export_pieces(composed, path, piece_layout, work, pdf)
    elif front_pages[0] is not None:
        error = layout.export_pdf(composed.document, path, front_pages[0], pdf_dir, work, timeout, pdf)
    else:
        return
    if error is None and first_numbers is not None and piece_layout is None:  # (pieces.join links them)
        with Isolated(time_limit=layout.SPLICE_TIME_LIMIT) as worker:  # no links is better than no PDF
            worker.call(toclinks.add_links, pdf, composed.headings, first_numbers)
    report.export_seconds = time.perf_counter() - started
    if error is None:
        report.pdf = pdf
    else:
        report.toc_note = "；".join(x for x in (report.toc_note, error) if x)


def build_word(project: Project, view: CheckResult, dest: Path, options: BuildOptions = DEFAULT_OPTIONS,
               today: dt.date | None = None) -> WordReport:  # fmt: skip
    """Write `dest/网报材料汇编.docx` (and `dest/分册/*.docx` with `options.split`), and with LibreOffice
    `dest/网报材料汇编.pdf`. Never aborts on a bad file. Temporary files stay in `dest/.work/`, removed
    before returning.

    `view` is the result as the build's gate passed it (already seen from `options.unit`).
    """
    unit = options.unit
    if unit is not None and unit not in project.catalog.units:
        raise UsageError(f"单位「{unit}」不在指标目录的责任单位中", hint="请使用 wenming check 输出中的单位名称")
    result = view
    reference = _reference(project)
    today = today or dt.date.today()
    title = project.config.project.title + (texts.COVER_UNIT_SUFFIX.format(unit=unit) if unit else "")
    report = WordReport()
    work = dest / WORK_DIR
    try:
        return _build(project, result, dest, work, options, today, title, reference, report)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _build(project: Project, result: CheckResult, dest: Path, work: Path, options: BuildOptions,
           today: dt.date, title: str, reference: Path | None, report: WordReport) -> WordReport:  # fmt: skip
    # Workers read the unit files (and prepare the photos) ahead of the writing, for the 汇编 and every 分册.
    with Readers() as readers:
        return _compose_all(project, result, dest, work, options, today, title, reference, report, readers)


def _compose_all(project: Project, result: CheckResult, dest: Path, work: Path, options: BuildOptions,
                 today: dt.date, title: str, reference: Path | None, report: WordReport,
                 readers: Readers) -> WordReport:  # fmt: skip
    indicators = _indicators(project, result)
    converted = _convert_legacy(result, work, report) if options.update_toc else {}
    if not options.update_toc and any(f.facts.format in CONVERTIBLE for f in result.files):
        report.convert_note = texts.NO_CONVERSION

    def compose(part: CheckResult, inds: Sequence[Indicator], doc_title: str, record: bool) -> Composed:
        composer = Composer(project.config, part, report, reference, record=record, converted=converted,
                            readers=readers)  # fmt: skip
        return composer.compose(doc_title, inds, today)

    whole_path = dest / texts.FILE_NAME
    documents = [(whole_path, compose(result, indicators, title, True))]
    if options.split:
        (dest / texts.SPLIT_DIR).mkdir(exist_ok=True)
        for name, part, inds in _parts(project, result, indicators, options.split):
            doc_title = title + texts.SPLIT_TITLE_SUFFIX.format(name=name)
            path = dest / texts.SPLIT_DIR / f"{_safe_name(name)}.docx"
            documents.append((path, compose(part, inds, doc_title, False)))
    report.documents = [p for p, _ in documents]
    if options.update_toc:
        _update_toc(documents, report, report.pictures + report.pdf_pages, work, dest / texts.PDF_NAME)
    else:
        for path, composed in documents:
            composed.document.save(str(path))
        report.toc_note = "未请求用 LibreOffice 更新目录"
    return report


def _parts(project: Project, result: CheckResult, indicators: list[Indicator],
           split: str) -> list[tuple[str, CheckResult, list[Indicator]]]:  # fmt: skip
    if split == "indicator":
        return [(f"{ind.code} {ind.title}", result.narrowed(indicator=ind.code), [ind]) for ind in indicators]
    parts = []
    for unit_name in project.catalog.units:
        part = result.narrowed(unit=unit_name)
        inds = [ind for ind in indicators if any(r.indicator == ind.code for r in part.requirements)]
        if inds:
            parts.append((unit_name, part, inds))
    return parts
