"""Compose one 汇编 document: cover, TOC, then per indicator its 提交表 and its materials."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docx.document import Document
from docx.text.paragraph import Paragraph

from wenming_submit import gongwen
from wenming_submit.assemble.photo_order import PhotoRow, is_wide, photo_rows
from wenming_submit.assemble.word import texts
from wenming_submit.assemble.word.narrative import (
    Blocks,
    masked,
    write_blocks,
)
from wenming_submit.assemble.word.pdfpages import MAX_PAGES, PAGE_BOX, render_pdf
from wenming_submit.assemble.word.pictures import (
    Counter,
    Photo,
    PictureSink,
    Prepared,
    add_photo_grid,
    placed_size,
    prepare_job,
)
from wenming_submit.assemble.word.readers import (
    Job,
    ReadAhead,
    Readers,
    read_album,
    read_ledger_job,
    read_narrative_capped,
)
from wenming_submit.assemble.word.report import Placeholder, WordReport
from wenming_submit.assemble.word.spool import BodySpool
from wenming_submit.assemble.word.submission_table import add_submission_table, default_conclusion
from wenming_submit.catalog.model import Indicator
from wenming_submit.check.result import CheckResult, Requirement, Status
from wenming_submit.config import ProjectConfig
from wenming_submit.evidence.formats import FORMATS
from wenming_submit.evidence.model import EvidenceFile
from wenming_submit.evidence.pii import mask_pii
from wenming_submit.findings import codes_build
from wenming_submit.findings.finding import make_finding
from wenming_submit.gongwen.chinese import chinese_date
from wenming_submit.gongwen.chinese import chinese_number as cn
from wenming_submit.gongwen.front_matter import add_cover, add_toc
from wenming_submit.gongwen.tables import add_table
from wenming_submit.guard import Failure, protect

CONCLUSION_NAME = "结论性说明"
LEDGER_FORMATS = frozenset({"xlsx", "xls", "csv"})
TEXT_FORMATS = frozenset({"docx", "text"})
CONVERTIBLE = frozenset({"doc", "wps", "rtf", "odt"})
STEP = "汇编"


@dataclass
class Composed:
    document: Document
    toc: Paragraph
    headings: list[tuple[int, str]] = field(default_factory=list)
    """Headings the TOC lists (levels 1–TOC_DEPTH) in order, to find their pages."""
    pictures: int = 0


class Composer:
    """Writes one document; holds what every part needs (files, prepared photos, the report)."""

    def __init__(self, config: ProjectConfig, result: CheckResult, report: WordReport,
                 reference: Path | None, *, record: bool, converted: dict[Path, Path] | None = None,
                 readers: Readers | None = None) -> None:  # fmt: skip
        self.config = config
        self.converted = converted or {}
        """Legacy documents (.doc/.wps/.rtf/.odt) -> their .docx made by LibreOffice in the work folder."""
        self.result = result
        self.files = {f.rel: f for f in result.files}
        self.report = report
        self.record = record
        """Count pictures/placeholders in the report (the whole 汇编 only, not again for 分册)."""
        self.document = gongwen.new_document(reference, page_numbers=False)
        self.sink = PictureSink(self.document)
        self.counter = Counter()
        self.headings: list[tuple[int, str]] = []
        self.attachments: list[str] = []
        self.pdf_pages = 0
        self.readers = readers
        """Read the unit files (shared by the 汇编 and its 分册 when the caller passes them)."""
        self.worker: ReadAhead | Readers | None = None
        """Reads for this document, in the order it is written."""
        self.unplanned = 0
        """Reads the plan did not foresee (each costs a wait); 0 when plan() and the writing agree."""

    # -- structure

    def heading(self, text: str, level: int, *, new_page: bool = False) -> None:
        gongwen.heading(self.document, text, level, new_page=new_page)
        if level <= gongwen.TOC_DEPTH:
            self.headings.append((level, text))

    def placeholder(self, file: EvidenceFile | None, text: str, reason: str | None = None) -> None:
        gongwen.paragraph(self.document, text, gongwen.PLACEHOLDER)
        if self.record and file is not None:
            self.report.placeholders.append(Placeholder(file.rel, reason or text))

    def compose(self, title: str, indicators: Sequence[Indicator], today: dt.date) -> Composed:
        period = self.config.period
        lines = [x for x in (self.config.project.district, self.config.project.organization) if x]
        lines.append(texts.COVER_PERIOD.format(start=chinese_date(period.start),
                                               end=chinese_date(period.end)))  # fmt: skip
        gongwen.set_properties(self.document, title=title, author=self.config.project.organization)
        add_cover(self.document, title, lines, today)
        gongwen.page_break(self.document)
        toc = add_toc(self.document, texts.TOC_PENDING)
        gongwen.start_numbered_section(self.document)
        self.spool = BodySpool(self.document)
        if self.readers is None:
            with Readers() as readers:
                self._body(readers, indicators)
        else:
            self._body(self.readers, indicators)
        if self.record:
            self.report.pictures += self.sink.placed - self.pdf_pages
        return Composed(self.document, toc, self.headings, self.sink.placed)

    def _body(self, readers: Readers, indicators: Sequence[Indicator]) -> None:
        self.readers = readers
        stream = self.worker = readers.stream(self.plan(indicators))
        try:
            for number, indicator in enumerate(indicators, 1):
                self.indicator(number, indicator)
                self.spool.flush()
        finally:
            stream.drain()
            self.unplanned = stream.unplanned
            self.worker = readers

    # -- the reads, planned in the order the document is written (see ReadAhead)

    def plan(self, indicators: Sequence[Indicator]) -> Iterator[Job]:
        """Every read `indicator()` will ask for, in the same order, so workers read ahead."""
        assert self.readers is not None
        prepared, planned = self.readers.photos, set()
        for ind in indicators:
            reqs = [r for r in self.result.requirements if r.indicator == ind.code]
            for file in self.conclusion_files(ind):
                yield Job(read_narrative_capped, self.narrative_source(file), (ValueError, OSError))
            for material in ind.materials:
                image_material = material.accepts_kind("image") and not material.accepts_kind("document")
                for req in (r for r in reqs if r.material == material.name):
                    others, rows, albums = self.split(req, image_material=image_material)
                    for file in others:
                        job = self.material_job(file)
                        if job is not None:
                            yield job
                    for photo in (f for row in rows for f in row.files):
                        if photo.path not in prepared and photo.path not in planned:
                            planned.add(photo.path)
                            yield Job(prepare_job, (photo.path, is_wide(photo)), photo=True)
                    for album in albums:
                        yield Job(read_album, (album.path,), (ValueError,))

    def narrative_source(self, file: EvidenceFile) -> tuple[Path, str]:
        if file.path in self.converted:
            return self.converted[file.path], "docx"
        return file.path, file.facts.format

    def material_job(self, file: EvidenceFile) -> Job | None:
        fmt = FORMATS[file.facts.format]
        if fmt.id in TEXT_FORMATS or file.path in self.converted:
            return Job(read_narrative_capped, self.narrative_source(file), (ValueError, OSError))
        if fmt.kind == "pdf":
            return Job(render_pdf, (file.path,), (ValueError,))
        if fmt.id in LEDGER_FORMATS:
            return Job(read_ledger_job, (file.path, file.facts.format, tuple(file.facts.sheets)), (ValueError,))
        return None

    def read(self, fn: Callable[..., Any], *args: Any, expected: tuple[type[Exception], ...] = ()) -> Any:
        if self.worker is None:  # outside compose(): a read of its own
            with Readers(1) as readers:
                return readers.call(fn, *args, expected=expected)
        return self.worker.call(fn, *args, expected=expected)

    def photo(self, file: EvidenceFile) -> Prepared:
        assert self.readers is not None
        prepared = self.readers.photos.get(file.path)
        if prepared is None:
            outcome = self.read(prepare_job, file.path, is_wide(file))
            prepared = outcome if isinstance(outcome, Prepared) else Prepared(error=f"图片{outcome.reason}")
            self.readers.photos[file.path] = prepared
        return prepared

    def conclusion_files(self, ind: Indicator) -> list[EvidenceFile]:
        return [f for f in self.result.files if f.indicator == ind.code and CONCLUSION_NAME in Path(f.name).stem]

    def split(self, req: Requirement, *, image_material: bool) -> tuple[list[EvidenceFile], list[PhotoRow],
                                                                         list[EvidenceFile]]:  # fmt: skip
        """A requirement's files: (documents, photo grid rows, 照片汇总 albums), in the order written."""
        files = [self.files[rel] for rel in req.accepted if rel in self.files]
        if req.status is Status.waived and req.waiver in self.files:
            files.insert(0, self.files[req.waiver or ""])
        photos = [f for f in files if FORMATS[f.facts.format].kind == "image"]
        # A 照片汇总.docx in a photo material: its pictures join the grid (with the text next to them).
        albums = [f for f in files if image_material and f.facts.format == "docx"]
        others = [f for f in files if f not in photos and f not in albums]
        return others, photo_rows(photos) if photos else [], albums

    # -- structure

    def indicator(self, number: int, ind: Indicator) -> None:
        reqs = [r for r in self.result.requirements if r.indicator == ind.code]
        self.attachments = []
        self.heading(f"{cn(number)}、{ind.code} {ind.title}", 1, new_page=number > 1)
        self.heading(f"（一）{texts.SUBMISSION_TABLE}", 2)
        gaps = add_submission_table(self.document, ind, reqs, self.conclusion(ind, reqs))
        if self.record:
            self.report.gaps += gaps
        section = 2
        for material in ind.materials:
            mreqs = [r for r in reqs if r.material == material.name]
            if not mreqs:
                continue
            self.heading(f"（{cn(section)}）{material.name}", 2)
            section += 1
            for k, req in enumerate(mreqs, 1):
                self.heading(f"{k}.{req.unit}", 3)
                self.requirement(req, image_material=material.accepts_kind("image")
                                 and not material.accepts_kind("document"))  # fmt: skip
        self.attachment_list()

    def conclusion(self, ind: Indicator, reqs: list[Requirement]) -> str:
        """The units' own 结论性说明 files when present, else the template text."""
        parts = []
        for file in self.conclusion_files(ind):
            blocks = self.read_narrative(file, quiet=True)
            text = "".join(str(v) for k, v in blocks.items if k == "p") if blocks else ""
            text = mask_pii(text) if self.config.privacy.mask else text
            if text:
                parts.append(f"{file.unit}：{text}" if len(ind.units) > 1 and file.unit else text)
        return "\n".join(parts) or default_conclusion(ind, reqs)

    # -- materials

    def requirement(self, req: Requirement, *, image_material: bool = False) -> None:
        if req.status is Status.missing:
            gongwen.paragraph(self.document, texts.GAP_MISSING.format(unit=req.unit, material=req.material,
                                                                      required=req.required), gongwen.PLACEHOLDER)  # fmt: skip
        elif req.status is Status.partial:
            gongwen.paragraph(self.document, texts.GAP_PARTIAL.format(unit=req.unit, material=req.material,
                              found=req.counted, required=req.required), gongwen.PLACEHOLDER)  # fmt: skip
        if req.status is Status.waived and req.waiver in self.files:
            gongwen.paragraph(self.document, texts.WAIVED.format(unit=req.unit))
        others, rows, albums = self.split(req, image_material=image_material)
        for n, file in enumerate(others, 1):
            gongwen.heading(self.document, f"（{n}）{Path(file.name).stem}", 4)
            outcome = protect(self.material_file, file)
            if isinstance(outcome, Failure):
                self.failed(file, outcome)
        if rows:
            photos = [f for row in rows for f in row.files]
            grid = [Photo(self.photo(f), self.caption(f), f.name) for f in photos]
            add_photo_grid(self.document, self.sink, grid, self.counter, [(len(r.files), r.wide) for r in rows])
            if self.record:
                for photo, f in zip(grid, photos, strict=True):
                    if photo.prepared.error:
                        self.report.placeholders.append(Placeholder(f.rel, photo.prepared.error))
        for album in albums:
            self.album(album)

    def album(self, file: EvidenceFile) -> None:
        """The pictures of a Word file sent as a photo material, two to a row, captioned with the text
        beside each picture (else "<file> 第n张")."""
        try:
            pictures = self.read(read_album, file.path, expected=(ValueError,))
        except ValueError as exc:
            self.placeholder(file, texts.FILE_FAILED.format(name=file.name, reason=str(exc)), str(exc))
            return
        if isinstance(pictures, Failure):
            self.failed(file, pictures)
            return
        if not pictures:
            self.placeholder(file, texts.FILE_FAILED.format(name=file.name, reason=texts.ALBUM_EMPTY))
            return
        stem = Path(file.name).stem
        grid = [
            Photo(Prepared(p.blob, p.size), texts.ALBUM_CAPTION.format(caption=p.caption or f"{stem} 第{n}张", name=file.name),
                  f"{stem}-{n}.jpg")
            for n, p in enumerate(pictures, 1)
        ]  # fmt: skip
        add_photo_grid(self.document, self.sink, grid, self.counter)
        if self.record:
            self.report.album_pictures += len(grid)

    @staticmethod
    def caption(file: EvidenceFile) -> str:
        """The caption the check resolved (file name or 图片说明); a bare name only when it found none."""
        return file.caption or Path(file.name).stem

    def material_file(self, file: EvidenceFile) -> None:
        fmt = FORMATS[file.facts.format]
        if fmt.id in TEXT_FORMATS or file.path in self.converted:
            blocks = self.read_narrative(file)
            if blocks is not None:
                if self.config.privacy.mask:
                    blocks, count = masked(blocks)
                    self.note_masked(file, count)
                if blocks.notes:
                    text = texts.NARRATIVE_NOTES.format(name=file.name, notes="；".join(blocks.notes))
                    lost = [n for n in blocks.notes if not n.endswith(texts.CONVERTED_SUFFIX)]
                    if lost:  # something of the original is not shown: a placeholder the report counts
                        self.placeholder(file, text, "；".join(lost))
                    else:  # converted and merged in full: only say so
                        gongwen.paragraph(self.document, text, gongwen.PLACEHOLDER)
                _pictures, tables = write_blocks(self.document, self.sink, blocks)
                if self.record:
                    self.report.tables += tables
                if any("附件" in note for note in blocks.notes):
                    self.attachments.append(file.name)
        elif fmt.kind == "pdf":
            self.pdf(file)
        elif fmt.id in LEDGER_FORMATS:
            self.ledger(file)
        else:
            if fmt.id in CONVERTIBLE:
                why = self.report.convert_note or "转换失败"
                reason = texts.LEGACY_NOT_CONVERTED.format(label=fmt.label, reason=why)
            else:
                template = texts.LEGACY_FORMAT if fmt.legacy else texts.NOT_INLINE
                reason = template.format(label=fmt.label)
            self.placeholder(file, texts.FILE_FAILED.format(name=file.name, reason=reason), reason)
            self.attachments.append(file.name)

    def failed(self, file: EvidenceFile, failure: Failure, *, quiet: bool = False) -> None:
        """A unit file the guard stopped: a build finding, a placeholder, and the file in the 附件 list."""
        if self.record:
            spec, params = codes_build.failure_spec(failure)
            self.report.findings.append(make_finding(spec, path=file.rel, indicator=file.indicator,
                                                     unit=file.unit, material=file.material, step=STEP,
                                                     **params))  # fmt: skip
        if not quiet:
            self.placeholder(file, texts.FILE_FAILED.format(name=file.name, reason=failure.reason), failure.reason)
            self.attachments.append(file.name)

    def read_narrative(self, file: EvidenceFile, *, quiet: bool = False) -> Blocks | None:
        try:
            blocks: Blocks | Failure = self.read(read_narrative_capped, *self.narrative_source(file),
                                                 expected=(ValueError, OSError))  # fmt: skip
            if file.path in self.converted and not isinstance(blocks, Failure):
                label = FORMATS[file.facts.format].label
                blocks.notes.insert(0, texts.CONVERTED_NOTE.format(label=label))
                if self.record and not quiet:
                    self.report.converted += 1
        except (ValueError, OSError) as exc:
            if not quiet:
                reason = str(exc) if isinstance(exc, ValueError) else texts.DOC_UNREADABLE.format(reason=exc)
                self.placeholder(file, texts.FILE_FAILED.format(name=file.name, reason=reason), reason)
            return None
        if isinstance(blocks, Failure):
            self.failed(file, blocks, quiet=quiet)
            return None
        return blocks

    def pdf(self, file: EvidenceFile) -> None:
        try:
            rendered = self.read(render_pdf, file.path, expected=(ValueError,))
        except ValueError as exc:
            self.placeholder(file, texts.FILE_FAILED.format(name=file.name, reason=str(exc)), str(exc))
            self.attachments.append(file.name)
            return
        if isinstance(rendered, Failure):
            self.failed(file, rendered)
            return
        for page, (blob, size) in enumerate(rendered.images, 1):
            para = gongwen.paragraph(self.document, "", gongwen.PICTURE)
            width, height = placed_size(size, PAGE_BOX)
            self.sink.add(para.add_run(), blob, width, height, f"{file.name}-{page}.jpg", border=True)
            label = texts.PDF_PAGE.format(name=Path(file.name).stem, page=page, pages=rendered.pages)
            gongwen.paragraph(self.document, label, gongwen.CAPTION)
        self.pdf_pages += len(rendered.images)
        if self.record:
            self.report.pdf_pages += len(rendered.images)
        if rendered.pages > MAX_PAGES:
            gongwen.paragraph(self.document, texts.PDF_MORE.format(start=MAX_PAGES + 1, pages=rendered.pages))
            self.attachments.append(texts.ATTACHMENT_REASON_PDF.format(name=file.name, pages=rendered.pages))

    def ledger(self, file: EvidenceFile) -> None:
        try:
            ledger = self.read(read_ledger_job, file.path, file.facts.format, tuple(file.facts.sheets),
                               expected=(ValueError,))  # fmt: skip
        except ValueError as exc:
            self.placeholder(file, texts.FILE_FAILED.format(name=file.name, reason=str(exc)), str(exc))
            self.attachments.append(file.name)
            return
        if isinstance(ledger, Failure):
            self.failed(file, ledger)
            return
        if not ledger.header:
            self.placeholder(file, texts.FILE_FAILED.format(name=file.name, reason=texts.LEDGER_EMPTY))
            return
        title = ledger.title or Path(file.name).stem
        rows = [ledger.header, *ledger.rows]
        if self.config.privacy.mask:
            masked_rows = [[mask_pii(cell) for cell in row] for row in rows]
            self.note_masked(file, sum(a != b for r, m in zip(rows, masked_rows, strict=True)
                                       for a, b in zip(r, m, strict=True)))  # fmt: skip
            rows = masked_rows
        caption = gongwen.caption(self.document, "表", self.counter.next("表"), title)
        caption.paragraph_format.keep_with_next = True
        add_table(self.document, rows)
        if self.record:
            self.report.tables += 1
        notes = []
        if ledger.total_rows > len(ledger.rows):
            notes.append(texts.LEDGER_MORE.format(rows=ledger.total_rows, shown=len(ledger.rows)))
            self.attachments.append(
                texts.ATTACHMENT_REASON_LEDGER.format(name=file.name, rows=ledger.total_rows)
            )
        if ledger.other_sheets:
            notes.append(texts.LEDGER_SHEETS.format(n=ledger.other_sheets))
        gongwen.paragraph(self.document, "".join(notes), gongwen.NORMAL)

    def note_masked(self, file: EvidenceFile, count: int) -> None:
        if count and self.record:
            self.report.masked[file.rel] = self.report.masked.get(file.rel, 0) + count

    def attachment_list(self) -> None:
        """附件：1.XXX — what this indicator could not show inline (no trailing punctuation)."""
        names = list(dict.fromkeys(self.attachments))
        if names:
            gongwen.paragraph(self.document, "", gongwen.NORMAL)
        for n, name in enumerate(names, 1):
            template = texts.ATTACHMENT_FIRST if n == 1 else texts.ATTACHMENT_NEXT
            gongwen.paragraph(self.document, template.format(n=n, name=name))
        if self.record:
            self.report.attachments += len(names)
