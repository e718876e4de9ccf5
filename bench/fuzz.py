"""Fuzz `wenming check` and `wenming build` with mutated real files of every format (issue 18).

Real files (made with python-docx, openpyxl, Pillow, reportlab, msoffcrypto-tool, and LibreOffice for
.doc/.xls with --soffice) are mutated: byte flips, truncations, inserted bytes, zip member compression
methods and flag bits, garbage member data, OLE header fields, deeply nested XML, plus the hostile files
of scripts/hostile.py. Each round puts a batch of them into a fresh project's evidence/ and runs check
and build as child processes. A round fails when a command

- exits with anything but 0/1 (2 is "could not run", never right for a bad evidence file),
- prints "程序内部错误" or a Python traceback,
- runs past the time bound (a hang), or
- changes anything under evidence/.

    python bench/fuzz.py --seconds 600              # the long run
    python bench/fuzz.py --seconds 60 --soffice     # also .doc/.xls seeds made with LibreOffice
    python bench/fuzz.py --seed 7 --keep /tmp/fuzz  # keep the failing projects to reproduce

The CI test (tests/test_fuzz.py) runs the same rounds with a fixed seed and a ~25 s budget.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import io
import json
import random
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import hostile  # noqa: E402
import samplefiles  # noqa: E402

INTERNAL_ERROR = "程序内部错误"
TOML = """\
[project]
title = "模糊测试区网上申报材料"
organization = "模糊测试区创文办"
[period]
start = 2025-01-01
end = 2026-12-31
"""
CATALOG = """\
- code: "F-1"
  title: 模糊测试
  units: [区测试局]
  materials:
    - name: 文件
      kinds: [document, pdf]
    - name: 图片
      kinds: [image]
    - name: 台账
      kinds: [spreadsheet]
    - name: 其他
      kinds: [any]
"""
FOLDER = "区测试局/F-1 模糊测试"
CLI = [sys.executable, "-c", "from wenming_submit.cli import main; main()"]


# -- seeds: real files of every format


def _odt() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        zf.writestr("content.xml", '<?xml version="1.0"?><office:document-content xmlns:office='
                    '"urn:oasis:names:tc:opendocument:xmlns:office:1.0"><office:body/></office:document-content>')
        zf.writestr("META-INF/manifest.xml", "<manifest/>")
    return buf.getvalue()


def _encrypted_docx(docx: Path) -> bytes:
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    with docx.open("rb") as fh:
        OOXMLFile(fh).encrypt("123456", out)
    return out.getvalue()


def make_seeds(folder: Path, *, soffice: bool = False) -> dict[str, bytes]:
    """name -> bytes of one real file per format."""
    folder.mkdir(parents=True, exist_ok=True)
    taken = dt.datetime(2026, 3, 5, 9)
    files = {
        "说明报告.docx": samplefiles.docx(folder / "a.docx", ["活动情况说明。" * 20, "第二段。"], title="说明",
                                      table=[["时间", "地点"], ["2026年3月5日", "广场"]]),
        "巡查台账.xlsx": samplefiles.xlsx(folder / "b.xlsx", ["巡查时间", "巡查人员", "发现问题"],
                                      [[dt.date(2026, 1, n), "张伟", "无"] for n in range(1, 20)], title="巡查台账"),
        "2026年3月5日 广场 活动.jpg": samplefiles.jpeg(folder / "c.jpg", size=(800, 600), taken=taken),
        "现场.png": samplefiles.png(folder / "d.png", size=(400, 300)),
        "通知.pdf": samplefiles.pdf(folder / "e.pdf", ["关于开展活动的通知", "第二页"]),
        "扫描件.pdf": samplefiles.scanned_pdf(folder / "f.pdf"),
    }
    seeds = {name: path.read_bytes() for name, path in files.items()}
    seeds["台账.csv"] = "巡查时间,巡查人员\n2026-01-05,张伟\n2026-01-20,李娜\n".encode("gb18030")
    seeds["情况说明.txt"] = ("活动情况说明，联系电话 13800138000。\n" * 30).encode("utf-8")
    seeds["方案.odt"] = _odt()
    seeds["加密方案.docx"] = _encrypted_docx(files["说明报告.docx"])
    if soffice and shutil.which("soffice"):
        for src, ext in ((files["说明报告.docx"], "doc"), (files["巡查台账.xlsx"], "xls")):
            subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{folder}/lo", "--convert-to",
                            ext, "--outdir", str(folder), str(src)], capture_output=True, timeout=180)  # fmt: skip
            made = src.with_suffix(f".{ext}")
            if made.exists():
                seeds[f"旧版.{ext}"] = made.read_bytes()
    return seeds


# -- mutations


def flip_bytes(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.choice((1, 2, 8, 64))):
        i = rng.randrange(len(out))
        out[i] = rng.randrange(256) if rng.random() < 0.5 else out[i] ^ (1 << rng.randrange(8))
    return bytes(out)


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(max(1, len(data)))]


def insert_bytes(data: bytes, rng: random.Random) -> bytes:
    i = rng.randrange(len(data) + 1)
    junk = rng.choice((b"\x00" * 64, b"\xff" * 16, rng.randbytes(rng.randrange(1, 512)), b"<<" * 100))
    return data[:i] + junk + data[i:]


def _zip_headers(data: bytes) -> list[int]:
    """Offsets of local (PK\\3\\4) and central (PK\\1\\2) headers."""
    found = []
    for sig in (b"PK\x03\x04", b"PK\x01\x02"):
        at = data.find(sig)
        while at != -1:
            found.append(at)
            at = data.find(sig, at + 4)
    return found


def zip_method(data: bytes, rng: random.Random) -> bytes:
    """A member's compression method becomes deflate64, bzip2, LZMA, AES or nonsense."""
    headers = _zip_headers(data)
    if not headers:
        return flip_bytes(data, rng)
    out = bytearray(data)
    for at in rng.sample(headers, k=min(len(headers), rng.choice((1, 2, len(headers))))):
        field_at = at + (8 if out[at + 2] == 3 else 10)
        struct.pack_into("<H", out, field_at, rng.choice((9, 12, 14, 99, 0, 8, 1, 65535)))
    return bytes(out)


def zip_flags(data: bytes, rng: random.Random) -> bytes:
    """General-purpose flag bits: encrypted, data descriptor, strong encryption, UTF-8."""
    headers = _zip_headers(data)
    if not headers:
        return flip_bytes(data, rng)
    out = bytearray(data)
    for at in rng.sample(headers, k=min(len(headers), rng.choice((1, 3, len(headers))))):
        field_at = at + (6 if out[at + 2] == 3 else 8)
        struct.pack_into("<H", out, field_at, rng.choice((0x0001, 0x0008, 0x0041, 0x0800, 0xFFFF)))
    return bytes(out)


def zip_member_garbage(data: bytes, rng: random.Random) -> bytes:
    """Rewrite the zip with one member's bytes garbled (valid directory, broken deflate stream)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as src:
            infos = src.infolist()
            victim = rng.choice(infos).filename
            buf = io.BytesIO()
            with zipfile.ZipFile(buf, "w") as dst:
                for info in infos:
                    raw = src.read(info.filename)
                    dst.writestr(info, raw, compress_type=info.compress_type)
        out = bytearray(buf.getvalue())
        at = out.find(victim.encode("utf-8"))
        for i in range(at + len(victim) + 20, min(len(out), at + len(victim) + 60)):
            out[i] = rng.randrange(256)
        return bytes(out)
    except Exception:
        return flip_bytes(data, rng)


def xml_nesting(data: bytes, rng: random.Random) -> bytes:
    """A zip member's XML replaced by deeply nested elements, a huge attribute, or an entity declaration."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as src:
            infos = src.infolist()
            xml = [i for i in infos if i.filename.endswith(".xml")] or infos
            victim = rng.choice(xml).filename
            depth = rng.choice((1000, 50_000, 200_000))
            payload = rng.choice((
                ("<a>" * depth + "</a>" * depth).encode(),
                b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "' + b"lol" * 1000 + b'">]><x>&e;&e;</x>',
                b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/'
                b'main"><w:body>' + b'<w:p><w:r><w:t>' + b"x" * 2_000_000 + b"</w:t></w:r></w:p></w:body></w:document>",
            ))  # fmt: skip
            buf = io.BytesIO()
            with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
                for info in infos:
                    dst.writestr(info.filename, payload if info.filename == victim else src.read(info.filename))
        return buf.getvalue()
    except Exception:
        return flip_bytes(data, rng)


OLE_FIELDS = ((24, "<H"), (26, "<H"), (28, "<H"), (30, "<H"), (32, "<H"), (44, "<I"), (48, "<I"), (56, "<I"),
              (60, "<I"), (64, "<I"), (68, "<I"), (72, "<I"), (76, "<I"))  # fmt: skip


def ole_header(data: bytes, rng: random.Random) -> bytes:
    """OLE2 header fields (sector shifts, FAT/directory/mini-FAT/DIFAT locations and counts) set to extremes."""
    if not data.startswith(b"\xd0\xcf\x11\xe0"):
        return flip_bytes(data, rng)
    out = bytearray(data)
    for offset, fmt in rng.sample(OLE_FIELDS, k=rng.choice((1, 2, 4))):
        limit = 0xFFFF if fmt == "<H" else 0xFFFFFFFF
        struct.pack_into(fmt, out, offset, rng.choice((0, 1, 7, 12, 30, 255, limit, limit - 1, rng.randrange(limit))))
    return bytes(out)


Mutator = Callable[[bytes, random.Random], bytes]
MUTATORS: dict[str, Mutator] = {
    "flip": flip_bytes, "trunc": truncate, "insert": insert_bytes, "zipmethod": zip_method, "zipflags": zip_flags,
    "zipdata": zip_member_garbage, "xmlnest": xml_nesting, "oleheader": ole_header,
}  # fmt: skip
ZIP_MUTATORS = ("zipmethod", "zipflags", "zipdata", "xmlnest")


def hostile_specials(folder: Path) -> dict[str, bytes]:
    """The one-file reproductions of issue 18 (kept small enough for a CI round)."""
    folder.mkdir(parents=True, exist_ok=True)
    made = {
        "嵌套.pdf": hostile.nested_xobject_pdf(folder / "n.pdf", depth=10),
        "缩略图.jpg": hostile.exif_thumbnail_bomb_jpeg(folder / "t.jpg"),
        "渐进.jpg": hostile.progressive_header_bomb_jpeg(folder / "p.jpg"),
        "远单元格台账.xlsx": hostile.far_cell_xlsx(folder / "x.xlsx", [["巡查时间", "巡查人员"], ["2026-01-05", "张伟"]]),
        "长文档.docx": hostile.many_paragraphs_docx(folder / "m.docx", 5000),
    }
    return {name: path.read_bytes() for name, path in made.items()}


# -- rounds


@dataclass
class Outcome:
    tried: int = 0
    rounds: int = 0
    crashes: list[str] = field(default_factory=list)
    hangs: list[str] = field(default_factory=list)
    evidence_writes: list[str] = field(default_factory=list)
    exit_codes: dict[str, int] = field(default_factory=dict)

    @property
    def clean(self) -> bool:
        return not (self.crashes or self.hangs or self.evidence_writes)

    def as_dict(self) -> dict[str, object]:
        return {"tried": self.tried, "rounds": self.rounds, "crashes": self.crashes, "hangs": self.hangs,
                "evidence_writes": self.evidence_writes, "exit_codes": self.exit_codes}  # fmt: skip


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
        for p in sorted(folder.rglob("*"))
    }


def _project(root: Path, batch: list[tuple[str, bytes]]) -> None:
    (root / "indicators").mkdir(parents=True)
    (root / "wenming.toml").write_text(TOML, encoding="utf-8")
    (root / "indicators" / "目录.yaml").write_text(CATALOG, encoding="utf-8")
    folder = root / "evidence" / FOLDER
    folder.mkdir(parents=True)
    for name, data in batch:
        (folder / name).write_bytes(data)


def _run(args: list[str], root: Path, timeout: float) -> tuple[int | None, str, str]:
    try:
        done = subprocess.run([*CLI, *args, "-C", str(root)], capture_output=True, timeout=timeout,
                              text=True, errors="replace")  # fmt: skip
    except subprocess.TimeoutExpired:
        return None, "", ""
    return done.returncode, done.stdout, done.stderr


def run_round(rng: random.Random, seeds: dict[str, bytes], workdir: Path, *, files: int, timeout: float,
              outcome: Outcome, specials: dict[str, bytes] | None = None, keep: Path | None = None,
              say: Callable[[str], None] = lambda _: None) -> None:  # fmt: skip
    """One project with `files` mutated files (and the specials): check, then build."""
    batch: list[tuple[str, bytes]] = []
    for n in range(files):
        name, data = rng.choice(sorted(seeds.items()))
        is_zip = data.startswith(b"PK")
        kinds = list(MUTATORS)
        if is_zip:
            kinds += list(ZIP_MUTATORS) * 2
        if data.startswith(b"\xd0\xcf\x11\xe0"):
            kinds += ["oleheader"] * 3
        kind = rng.choice(kinds)
        mutated = MUTATORS[kind](data, rng)
        stem, _, ext = name.rpartition(".")
        batch.append((f"{n:03d}_{kind}_{stem}.{ext}", mutated))
    batch += sorted((specials or {}).items())
    root = workdir / f"round{outcome.rounds:04d}"
    _project(root, batch)
    before = _digest(root / "evidence")
    outcome.rounds += 1
    outcome.tried += len(batch)
    failed = False
    for command in (["check", "--format", "json", "--no-history"], ["build", "--allow-incomplete", "--no-toc",
                                                                     "--no-history"]):  # fmt: skip
        code, stdout, stderr = _run(command, root, timeout)
        output = stdout + stderr
        label = f"{root.name} {command[0]}"
        if code is None:
            outcome.hangs.append(f"{label}: 超过 {timeout:g} 秒")
            failed = True
            continue
        outcome.exit_codes[str(code)] = outcome.exit_codes.get(str(code), 0) + 1
        if code not in (0, 1) or INTERNAL_ERROR in output or "Traceback" in output or "Warning" in output:
            # A library's English warning on the console counts too: users never see library text.
            outcome.crashes.append(f"{label}: exit {code}: {output.strip()[-600:]}")
            say(outcome.crashes[-1])
            failed = True
        elif command[0] == "check":
            try:
                json.loads(stdout)
            except ValueError:
                outcome.crashes.append(f"{label}: 输出不是 JSON：{stdout[:300]}")
                say(outcome.crashes[-1])
                failed = True
    if _digest(root / "evidence") != before:
        outcome.evidence_writes.append(root.name)
        failed = True
    if failed and keep is not None:
        shutil.copytree(root, keep / root.name, dirs_exist_ok=True)
    shutil.rmtree(root, ignore_errors=True)


def fuzz(seconds: float, *, seed: int = 18, files: int = 24, timeout: float = 240.0, soffice: bool = False,
         specials_every: int = 5, keep: Path | None = None, say: Callable[[str], None] = lambda _: None) -> Outcome:  # fmt: skip
    """Rounds until `seconds` have passed (at least one round); the specials every `specials_every` rounds
    (0: never)."""
    rng = random.Random(seed)
    outcome = Outcome()
    deadline = time.monotonic() + seconds
    with tempfile.TemporaryDirectory(prefix="wenming-fuzz-") as tmp:
        work = Path(tmp)
        seeds = make_seeds(work / "seeds", soffice=soffice)
        specials = hostile_specials(work / "specials")
        while True:
            with_specials = specials if specials_every and outcome.rounds % specials_every == 0 else None
            run_round(rng, seeds, work, files=files, timeout=timeout, outcome=outcome, specials=with_specials,
                      keep=keep, say=say)  # fmt: skip
            say(f"第 {outcome.rounds} 轮：累计 {outcome.tried} 个文件，崩溃 {len(outcome.crashes)}，"
                f"挂起 {len(outcome.hangs)}，改动 evidence {len(outcome.evidence_writes)}")  # fmt: skip
            if time.monotonic() >= deadline:
                return outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=600.0, help="time budget (a round always finishes)")
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--files", type=int, default=40, help="mutated files per round")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds one command may take")
    parser.add_argument("--soffice", action="store_true", help="also .doc/.xls seeds made with LibreOffice")
    parser.add_argument("--keep", type=Path, help="copy failing projects here")
    args = parser.parse_args()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
    print(f"seed {args.seed}", flush=True)
    started = time.monotonic()
    outcome = fuzz(args.seconds, seed=args.seed, files=args.files, timeout=args.timeout, soffice=args.soffice,
                   keep=args.keep, say=lambda text: print(text, flush=True))  # fmt: skip
    result = outcome.as_dict() | {"seed": args.seed, "seconds": round(time.monotonic() - started, 1)}
    print(json.dumps(result, ensure_ascii=False, indent=2))
    sys.exit(0 if outcome.clean else 1)


if __name__ == "__main__":
    main()
