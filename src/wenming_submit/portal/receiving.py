"""Receiving an upload: the multipart body streamed (python-multipart's push parser, byte limits counted
here) into staging files in `.wenming/staging/`, inside the project, outside evidence/, on the same file
system, each fsync'ed and hashed as it arrives. portal/uploads.py then places them; whatever an
interrupted upload left in staging is removed at the next start (`clear_staging`).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

from python_multipart.multipart import MultipartParser, parse_options_header

from wenming_submit.portal import STATE_DIR

STAGING = "staging"
MAX_FILES = 100
"""File parts per request."""
MAX_FIELDS = 10
MAX_FIELD_BYTES = 4096
class UploadError(Exception):
    """The request is refused as a whole; `status` is the HTTP status, `message` Chinese."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass
class StagedFile:
    original: str
    """The name the browser sent (decoded), for messages and the audit log."""
    path: Path
    size: int = 0
    sha256: str = ""


@dataclass
class Received:
    fields: dict[str, str] = field(default_factory=dict)
    files: list[StagedFile] = field(default_factory=list)

    def discard(self) -> None:
        for f in self.files:
            f.path.unlink(missing_ok=True)


def staging_dir(root: Path) -> Path:
    return root / STATE_DIR / STAGING


def clear_staging(root: Path) -> int:
    """Remove what an interrupted upload left in staging (run at start); returns how many entries."""
    folder = staging_dir(root)
    folder.mkdir(parents=True, exist_ok=True)
    count = 0
    for entry in folder.iterdir():
        count += 1
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
    return count


def _boundary(content_type: str) -> bytes:
    kind, params = parse_options_header(content_type.encode("latin-1", "replace"))
    boundary = params.get(b"boundary")
    if kind != b"multipart/form-data" or not boundary:
        raise UploadError(400, "请求格式不对：应为 multipart/form-data 上传")
    return boundary


async def receive(
    content_type: str, stream: AsyncIterator[bytes], root: Path, *, max_total: int, max_file: int
) -> Received:
    """Stream a multipart body into staging files; raises UploadError (413 for too much data) and then
    removes everything it staged."""
    boundary = _boundary(content_type)
    received = Received()
    folder = staging_dir(root)
    folder.mkdir(parents=True, exist_ok=True)
    header_field = bytearray()
    header_value = bytearray()
    headers: dict[bytes, bytes] = {}
    events: list[tuple[str, bytes]] = []

    def on_part_begin() -> None:
        headers.clear()

    def on_header_field(data: bytes, start: int, end: int) -> None:
        header_field.extend(data[start:end])

    def on_header_value(data: bytes, start: int, end: int) -> None:
        header_value.extend(data[start:end])

    def on_header_end() -> None:
        headers[bytes(header_field).lower()] = bytes(header_value)
        header_field.clear()
        header_value.clear()

    def on_headers_finished() -> None:
        events.append(("begin", headers.get(b"content-disposition", b"")))

    def on_part_data(data: bytes, start: int, end: int) -> None:
        events.append(("data", bytes(data[start:end])))

    def on_part_end() -> None:
        events.append(("end", b""))

    parser = MultipartParser(boundary, {
        "on_part_begin": on_part_begin, "on_part_data": on_part_data, "on_part_end": on_part_end,
        "on_header_field": on_header_field, "on_header_value": on_header_value,
        "on_header_end": on_header_end, "on_headers_finished": on_headers_finished,
    })  # fmt: skip
    total = 0
    current: StagedFile | None = None
    out = None
    digest = None
    field_name = ""
    field_value = bytearray()
    try:
        async for chunk in stream:
            total += len(chunk)
            if total > max_total:
                raise UploadError(413, f"一次上传的总量超过 {max_total // 2**20} MB，请分几次上传")
            parser.write(chunk)
            for event, data in events:
                if event == "begin":
                    _, params = parse_options_header(data)
                    name = params.get(b"name", b"").decode("utf-8", "replace")
                    if b"filename" in params:
                        if len(received.files) >= MAX_FILES:
                            raise UploadError(413, f"一次最多上传 {MAX_FILES} 个文件")
                        # Browsers escape exactly these three in a multipart file name (WHATWG HTML).
                        sent = (params[b"filename"].decode("utf-8", "replace").replace("%22", '"')
                                .replace("%0D", "\r").replace("%0A", "\n"))
                        fd, temp = tempfile.mkstemp(prefix="upload-", suffix=".part", dir=folder)
                        out = os.fdopen(fd, "wb")
                        current = StagedFile(sent, Path(temp))
                        digest = hashlib.sha256()
                        received.files.append(current)
                    else:
                        if len(received.fields) >= MAX_FIELDS:
                            raise UploadError(413, "表单字段过多")
                        field_name, current = name, None
                        field_value.clear()
                elif event == "data":
                    if current is not None and out is not None and digest is not None:
                        current.size += len(data)
                        if current.size > max_file:
                            raise UploadError(413, f"文件「{current.original}」超过 {max_file // 2**20} MB，不能上传")
                        out.write(data)
                        digest.update(data)
                    else:
                        field_value.extend(data)
                        if len(field_value) > MAX_FIELD_BYTES:
                            raise UploadError(413, "表单字段过长")
                elif event == "end":
                    if current is not None and out is not None and digest is not None:
                        out.flush()
                        os.fsync(out.fileno())
                        out.close()
                        out = None
                        current.sha256 = digest.hexdigest()
                        current = None
                    else:
                        received.fields[field_name] = field_value.decode("utf-8", "replace")
            events.clear()
        parser.finalize()
        if out is not None:
            raise UploadError(400, "上传中断：请求不完整，请重新上传")
    except UploadError:
        if out is not None:
            out.close()
        received.discard()
        raise
    except Exception:
        if out is not None:
            out.close()
        received.discard()
        raise UploadError(400, "上传中断或格式不对，请重新上传") from None
    return received
