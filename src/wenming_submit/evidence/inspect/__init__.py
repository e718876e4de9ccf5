"""Deep inspection: read each file's content with the real library for its format.

One module per format family returns `Inspected` (fact updates + issues). `inspect_one` is what a
worker process runs; it never raises, so one hostile file ends as a finding, not a crash. Codes used
here are registered, with their Chinese texts, in check/codes_content.py:

WM201 corrupt · WM202 encrypted · WM203 empty · WM204 zip bomb · WM205 decompression bomb · WM206 XML
with DTD/entities · WM207 time limit (set by the pool) · WM208 inspector crashed (set by the pool) · WM209 memory ceiling ·
WM260-262 personal data.
"""

from __future__ import annotations

from pathlib import Path

from wenming_submit.evidence.inspect.common import Inspected
from wenming_submit.findings.codes_content import CORRUPT, failure_issue
from wenming_submit.findings.codes_core import UNREADABLE
from wenming_submit.guard import failure_of

IMAGE_FORMATS = frozenset({"jpeg", "png", "gif", "webp", "heic", "avif", "tiff", "bmp"})
WORD_FORMATS = frozenset({"docx", "docm", "dotx", "dotm"})
OLE_INSPECTED = frozenset({"doc", "wps", "xls", "et", "ppt"})
ODF_FORMATS = frozenset({"odt", "ods"})
INSPECTED_FORMATS = IMAGE_FORMATS | WORD_FORMATS | OLE_INSPECTED | ODF_FORMATS | {"xlsx", "pdf", "text", "csv"}
INSPECTOR_VERSION = 7
"""Bump when an inspector changes what it finds: cached facts of older versions are ignored."""


def inspect_one(path: Path, fmt: str) -> Inspected:
    """Inspect one file of format `fmt` (the sniffed format id)."""
    try:
        if fmt in IMAGE_FORMATS:
            from wenming_submit.evidence.inspect.images import inspect_image

            return inspect_image(path, fmt)
        if fmt in WORD_FORMATS:
            from wenming_submit.evidence.inspect.docx import inspect_docx

            return inspect_docx(path, opc=fmt == "docx")
        if fmt == "xlsx":
            from wenming_submit.evidence.inspect.xlsx import inspect_xlsx

            return inspect_xlsx(path)
        if fmt in ODF_FORMATS:
            from wenming_submit.evidence.inspect.odf import inspect_odf

            return inspect_odf(path, fmt)
        if fmt in OLE_INSPECTED:
            from wenming_submit.evidence.inspect.ole import inspect_ole

            return inspect_ole(path, fmt)
        if fmt == "pdf":
            from wenming_submit.evidence.inspect.pdf import inspect_pdf

            return inspect_pdf(path)
        if fmt in ("text", "csv"):
            from wenming_submit.evidence.inspect.text import inspect_text

            return inspect_text(path)
    except MemoryError as exc:  # the worker's memory ceiling (wenming_submit.guard)
        return Inspected(issues=[failure_issue(failure_of(exc))])
    except RecursionError:
        return Inspected(issues=[CORRUPT.issue(reason="结构嵌套过深")])
    except OSError as exc:
        return Inspected(issues=[UNREADABLE.issue(reason=exc.strerror or str(exc))])
    except Exception as exc:  # the last line of defence: a library bug on a hostile file is a finding
        return Inspected(issues=[CORRUPT.issue(reason=f"读取出错（{type(exc).__name__}）")])
    return Inspected()


__all__ = ["INSPECTED_FORMATS", "INSPECTOR_VERSION", "Inspected", "inspect_one"]
