"""Data-driven check cases: every folder under tests/cases/ is a small project and what a check must say.

`case.yaml` describes the project (wenming.toml, catalogue, evidence files, made with real libraries at
test time); `expected.json` lists every finding as (code, path) with its exact message where given, and
the requirements to look at. See tests/cases/README.md. `UPDATE_CASES=1` rewrites expected.json from
the actual result (then read every line of the diff before committing it).
"""

from __future__ import annotations

import io
import json
import os
import shutil
import struct
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import samplefiles
import yaml
from PIL import Image

from wenming_submit.check.result import CheckResult
from wenming_submit.check.run import run_check
from wenming_submit.project import open_project

CASES = Path(__file__).resolve().parents[1] / "cases"
TOML = """\
[project]
title = "测试区2025年度创文网上申报材料"
organization = "测试区创文办"

[period]
start = 2025-01-01
end = 2025-12-31
"""
MTIME = 1_750_000_000
"""Files get increasing mtimes in the order listed, so "the older file is the original" is stable."""


# ---------------------------------------------------------------- makers samplefiles lacks
def ledger(path: Path, header: list[str], rows: list[list[Any]], *, title: str | None = None,
           fill: list[Any] | None = None, sheet: str = "Sheet1") -> None:  # fmt: skip
    """A ledger as units make them: merged title row, a 填报单位/填报日期 line, then the header."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    for row in ([[title]] if title else []) + ([fill] if fill else []) + [header, *rows]:
        ws.append(row)
    if title:
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    wb.save(path)


def truncated_jpeg(path: Path, fraction: float = 0.5, **jpeg: Any) -> None:
    data = samplefiles.jpeg(path, **jpeg).read_bytes()
    path.write_bytes(data[: int(len(data) * fraction)])


def zip_bomb_docx(path: Path, inflated_mb: int = 8) -> None:
    """A real docx with an extra member of `inflated_mb` MB of zeros (about 1000:1)."""
    base = samplefiles.docx(path.with_suffix(".base"), ["活动方案正文。"])
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        dst.writestr("word/media/image1.bin", b"\0" * (inflated_mb << 20))
    base.unlink()


def docx_member(path: Path, member: str, xml: str, paragraphs: tuple[str, ...] = ("正文。",)) -> None:
    """A real docx with one part replaced (e.g. a document.xml declaring entities)."""
    base = samplefiles.docx(path.with_suffix(".base"), list(paragraphs))
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, xml if info.filename == member else src.read(info))
    base.unlink()


def encrypted_docx(path: Path, password: str, paragraphs: list[str]) -> None:
    from msoffcrypto.format.ooxml import OOXMLFile  # type: ignore[import-untyped]

    plain = samplefiles.docx(path.with_suffix(".plain"), paragraphs)
    with plain.open("rb") as src, path.open("wb") as out:
        OOXMLFile(src).encrypt(password, out)
    plain.unlink()


def bomb_png(path: Path, width: int, height: int) -> None:
    """A tiny PNG whose header declares width×height (the IHDR CRC fixed, so it looks valid)."""
    data = bytearray(samplefiles.png(path, size=(8, 8)).read_bytes())
    struct.pack_into(">II", data, 16, width, height)
    struct.pack_into(">I", data, 29, zlib.crc32(bytes(data[12:29])))
    path.write_bytes(bytes(data))


def legacy_doc(path: Path) -> None:
    """A real Word 97-2003 .doc, saved by LibreOffice (tests/evidence/data, see bench/make_corpus.py)."""
    shutil.copyfile(Path(__file__).resolve().parents[1] / "evidence" / "data" / "libreoffice.doc", path)


def resized(path: Path, of: Path, size: list[int], quality: int = 75) -> None:
    """The same photo re-encoded smaller, EXIF kept (as a phone's "compress" share does)."""
    with Image.open(of) as img:
        exif = img.info.get("exif", b"")
        img.convert("RGB").resize((size[0], size[1])).save(path, "JPEG", quality=quality, exif=exif)


MAKERS: dict[str, Callable[..., Any]] = {
    "docx": samplefiles.docx, "xlsx": samplefiles.xlsx, "jpeg": samplefiles.jpeg, "png": samplefiles.png,
    "image": samplefiles.image, "pdf": samplefiles.pdf, "scanned_pdf": samplefiles.scanned_pdf,
    "ledger": ledger, "truncated_jpeg": truncated_jpeg, "zip_bomb_docx": zip_bomb_docx,
    "docx_member": docx_member, "encrypted_docx": encrypted_docx, "bomb_png": bomb_png,
    "legacy_doc": legacy_doc, "resized": resized, "copy": lambda path, of: shutil.copyfile(of, path),
    "symlink": lambda path, target: path.symlink_to(target),
}  # fmt: skip


# ---------------------------------------------------------------- project, result, comparison
def _write(evidence: Path, entry: dict[str, Any]) -> None:
    path = evidence / entry["path"]
    path.parent.mkdir(parents=True, exist_ok=True)
    if "text" in entry:
        text = entry["text"].replace("\n", "\r\n") if entry.get("crlf") else entry["text"]
        data = text.encode(entry.get("encoding", "utf-8"))
        path.write_bytes((b"\xef\xbb\xbf" if entry.get("bom") else b"") + data)
    elif "bytes_hex" in entry:
        path.write_bytes(bytes.fromhex(entry["bytes_hex"]))
    else:
        args = dict(entry.get("args") or {})
        if "of" in args:
            args["of"] = evidence / args["of"]
        if "size" in args:
            args["size"] = tuple(args["size"])
        MAKERS[entry["make"]](path, **args)


def build(root: Path, case: dict[str, Any]) -> None:
    root.mkdir()
    (root / "wenming.toml").write_text(case.get("toml", TOML), encoding="utf-8")
    (root / "indicators").mkdir()
    catalog = yaml.safe_dump(case["catalog"], allow_unicode=True)
    (root / "indicators" / "cases.yaml").write_text(catalog, encoding="utf-8")
    evidence = root / "evidence"
    evidence.mkdir()
    for n, entry in enumerate(case["files"]):
        _write(evidence, entry)
        path = evidence / entry["path"]
        if not path.is_symlink():
            os.utime(path, (MTIME + n, MTIME + n))


REQUIREMENT_KEYS = ("indicator", "unit", "material", "status", "found")


def actual(result: CheckResult) -> dict[str, Any]:
    """The result in the shape of expected.json: every finding with its message, every requirement."""
    requirements = [r.model_dump(mode="json", include=set(REQUIREMENT_KEYS)) for r in result.requirements]
    return {
        "findings": [{"code": f.code, "path": f.path, "message": f.message} for f in result.findings],
        "requirements": [{key: r[key] for key in REQUIREMENT_KEYS} for r in requirements],
    }


def differences(expected: dict[str, Any], got: dict[str, Any]) -> list[str]:
    """Readable lines for every way `got` differs from `expected` (none when the case holds)."""
    lines: list[str] = []
    want = Counter((f["code"], f["path"]) for f in expected["findings"])
    have = Counter((f["code"], f["path"]) for f in got["findings"])
    lines += [f"  missing finding     {code} {path}" for code, path in sorted(want - have, key=str)]
    for f in got["findings"]:
        if (have - want)[(f["code"], f["path"])]:
            lines.append(f"  unexpected finding  {f['code']} {f['path']}: {f['message']}")
    for f in expected["findings"]:
        messages = [g["message"] for g in got["findings"] if (g["code"], g["path"]) == (f["code"], f["path"])]
        if "message" in f and messages and f["message"] not in messages:
            lines.append(f"  message of {f['code']} {f['path']}\n    expected: {f['message']}\n    actual:   "
                         + "\n              ".join(messages))  # fmt: skip
    reqs = {(r["indicator"], r["unit"], r["material"]): r for r in got["requirements"]}
    for r in expected.get("requirements", []):
        found = reqs.get((r["indicator"], r["unit"], r["material"]))
        if found != r:
            lines.append(f"  requirement expected {r}\n              actual   {found}")
    return lines


def dumps(data: dict[str, Any]) -> str:
    """expected.json with one finding or requirement per line, as the hand-written files are."""
    parts = []
    for key in ("findings", "requirements"):
        rows = [json.dumps(item, ensure_ascii=False) for item in data[key]]
        parts.append(f'  "{key}": [' + ("\n    " + ",\n    ".join(rows) + "\n  " if rows else "") + "]")
    return "{\n" + ",\n".join(parts) + "\n}\n"


def _params() -> list[Any]:
    params = []
    for folder in sorted(p for p in CASES.iterdir() if (p / "case.yaml").is_file()):
        case = yaml.safe_load((folder / "case.yaml").read_text(encoding="utf-8"))
        marks = [pytest.mark.xfail(strict=True, reason=case["xfail"])] if case.get("xfail") else []
        params.append(pytest.param(folder, case, marks=marks, id=folder.name))
    return params


@pytest.mark.parametrize(("folder", "case"), _params())
def test_case(folder: Path, case: dict[str, Any], tmp_path: Path) -> None:
    root = tmp_path / "项目"
    build(root, case)
    got = actual(run_check(open_project(root)))
    target = folder / "expected.json"
    if os.environ.get("UPDATE_CASES") and not case.get("xfail"):
        target.write_text(dumps(got), encoding="utf-8")
        return
    if not target.exists():
        pytest.fail(f"{target} is missing: write it by hand, or run with UPDATE_CASES=1 and check it")
    expected = json.loads(target.read_text(encoding="utf-8"))
    if problems := differences(expected, got):
        shown = io.StringIO()
        json.dump(got["findings"], shown, ensure_ascii=False, indent=1)
        pytest.fail(f"{folder.name}: {case['description']}\n" + "\n".join(problems)
                    + f"\nall actual findings:\n{shown.getvalue()}", pytrace=False)  # fmt: skip
