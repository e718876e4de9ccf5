"""Legacy Office files in an OLE2 compound file (.doc/.wps, .xls/.et, .ppt): password and structure.

Encryption is asked of msoffcrypto-tool (`OfficeFile(...).is_encrypted()`: the FIB fEncrypted flag of a
Word document, the FILEPASS record of a workbook, the CryptSession container of a presentation), with
our own reading of the FIB and FILEPASS flags when msoffcrypto cannot parse the file. Structure: the
main stream must be readable and start as its format says (Word's FIB magic and its table stream, a
BIFF BOF record); a .xls is then read through the one spreadsheet reader (xlrd), like the 汇编 does.
"""

from __future__ import annotations

import struct
from pathlib import Path
from typing import Any

import olefile

from wenming_submit.evidence.inspect.common import Inspected
from wenming_submit.findings.codes_content import CORRUPT, ENCRYPTED

MAX_STREAM = 64 * 1024 * 1024
"""Most bytes of a main stream read to check its structure."""
_WORD_MAGIC = (0xA5EC, 0xA5DC)
"""FIB wIdent of Word 97-2019 and of Word 6/95 documents."""
_BIFF_BOF = (0x0809, 0x0409, 0x0209, 0x0009)
_FILEPASS = 0x002F
_EOF = 0x000A
_MAIN_STREAM = {"doc": "WordDocument", "wps": "WordDocument", "ppt": "PowerPoint Document"}


def _msoffcrypto_encrypted(path: Path) -> bool | None:
    """What msoffcrypto-tool says, or None when it cannot parse the file."""
    try:
        import msoffcrypto

        with path.open("rb") as fh:
            return bool(msoffcrypto.OfficeFile(fh).is_encrypted())
    except Exception:  # its parsers raise anything on files they do not expect; our own reading decides then
        return None


def _read_stream(ole: Any, name: str) -> bytes:
    if not ole.exists(name):
        raise LookupError(name)
    if ole.get_size(name) > MAX_STREAM:
        with ole.openstream(name) as fh:
            return bytes(fh.read(MAX_STREAM))
    with ole.openstream(name) as fh:
        return bytes(fh.read())


def _word(ole: Any) -> tuple[bool, str | None]:
    """(encrypted, problem) of a Word document's FIB."""
    data = _read_stream(ole, "WordDocument")
    if len(data) < 0x20:
        return False, "Word 正文流过短"
    ident, _version = struct.unpack_from("<HH", data, 0)
    if ident not in _WORD_MAGIC:
        return False, "Word 文件头标识错误"
    flags = struct.unpack_from("<H", data, 0x0A)[0]
    encrypted = bool(flags & 0x0100)
    if ident == 0xA5EC and not encrypted:
        table = "1Table" if flags & 0x0200 else "0Table"
        if not ole.exists(table):
            return False, f"缺少 Word 表格流 {table}"
    return encrypted, None


def _biff_records(data: bytes) -> tuple[bool, str | None]:
    """(encrypted, problem) of a workbook stream: BOF first, FILEPASS before the globals' EOF."""
    if len(data) < 8:
        return False, "工作簿流过短"
    kind = struct.unpack_from("<H", data, 0)[0]
    if kind not in _BIFF_BOF:
        return False, "工作簿缺少 BOF 记录"
    pos = 0
    while pos + 4 <= len(data):
        kind, length = struct.unpack_from("<HH", data, pos)
        if kind == _FILEPASS:
            return True, None
        if kind == _EOF:
            return False, None
        pos += 4 + length
    return False, "工作簿全局记录没有结束标记（文件被截断）"


def _structure(path: Path, fmt: str) -> tuple[bool, str | None]:
    try:
        with olefile.OleFileIO(str(path)) as ole:
            if fmt in ("doc", "wps"):
                return _word(ole)
            if fmt in ("xls", "et"):
                stream = "Workbook" if ole.exists("Workbook") else "Book"
                return _biff_records(_read_stream(ole, stream))
            if fmt == "ppt":
                _read_stream(ole, _MAIN_STREAM[fmt])
                if not ole.exists("Current User"):
                    return False, "缺少 Current User 流"
            return False, None
    except LookupError as exc:
        return False, f"缺少 {exc.args[0]} 流"
    except (
        Exception
    ) as exc:  # olefile on a broken sector chain: OSError, ValueError, IndexError, struct.error…
        return False, f"OLE 结构损坏（{type(exc).__name__}）"


def inspect_ole(path: Path, fmt: str) -> Inspected:
    """Encrypted or broken legacy Office file; a readable .xls is read on for its ledger facts."""
    if olefile.isOleFile(str(path)):
        encrypted, problem = _structure(path, fmt)
        if problem is None and not encrypted:
            encrypted = bool(_msoffcrypto_encrypted(path))
        if encrypted:
            return Inspected(facts={"encrypted": True}, issues=[ENCRYPTED.issue()])
        if problem:
            return Inspected(issues=[CORRUPT.issue(reason=problem)])
    if fmt == "xls" and path.suffix.lower() in (".xls", ".xlt"):
        from wenming_submit.evidence.inspect.xlsx import inspect_sheets

        return inspect_sheets(path, "xls")  # raw BIFF2-4 workbooks too: xlrd reads BIFF2-8
    return Inspected()
