"""Generate a synthetic project for benchmarks: wenming.toml, indicators/*.yaml, evidence/ with N files.

    python bench/make_tree.py --indicators 200 --units 20 --files 10000 --out bench/out/tree

Files are of mixed kinds with realistic sizes: photos as units send them (most compressed by WeChat,
~0.3 MB; a share of camera originals, ~2-3 MB), Word/Excel/PDF files, a few legacy .doc, videos, text,
and a sprinkle of problem files (temp files, empty files, unknown unit folders, stray files). To keep
generation fast, a handful of base files are encoded once and every copy is made distinct cheaply:
bytes after a JPEG's end marker, a zip comment for docx/xlsx, a PDF comment after %%EOF. Every file has
different bytes, so hashes and duplicate checks see 10,000 different files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import random
import shutil
import struct
import sys
import time
from pathlib import Path

from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

import samplefiles
from make_demo import ole2_file

ROMAN = "ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ"
UNIT_NAMES = [
    "区委宣传部", "区文明办", "区教育局", "区城管局", "区民政局", "团区委", "区妇联", "区总工会", "区卫健委",
    "区文旅局", "区市场监管局", "区商务局", "区交通局", "区公安分局", "区住建局", "区生态环境分局", "区司法局",
    "区人社局", "区农业农村局", "区融媒体中心", "区科协", "区残联", "区应急管理局", "区财政局",
]  # fmt: skip
TOPICS = ["我们的节日", "学雷锋志愿服务", "公益广告宣传", "垃圾分类", "文明交通", "诚信建设", "移风易俗",
          "网格化巡查", "未成年人思想道德建设", "新时代文明实践", "背街小巷整治", "文明餐桌"]  # fmt: skip
# (kind, share of files); the rest of the shares are problem files.
MIX = [("photo", 0.55), ("png", 0.04), ("docx", 0.13), ("pdf", 0.13), ("xlsx", 0.09), ("doc", 0.01),
       ("video", 0.005), ("text", 0.01)]  # fmt: skip


def unique_jpeg(base: bytes, n: int) -> bytes:
    return base + b"WM-BENCH-%08d" % n  # after the EOI marker: ignored by decoders


def unique_zip(base: bytes, n: int) -> bytes:
    """The end-of-central-directory record is the last 22 bytes of a zip without comment: give it one."""
    comment = b"wenming bench copy %08d" % n
    return base[:-2] + struct.pack("<H", len(comment)) + comment


def unique_pdf(base: bytes, n: int) -> bytes:
    return base + b"\n%% wenming bench copy %08d\n" % n


def noisy_photo(size: tuple[int, int], seed: int, quality: int, taken: dt.datetime) -> bytes:
    """A photo-sized JPEG that compresses like a real photo (noise keeps the encoder honest)."""
    picture = samplefiles._picture(size, seed)
    noise = Image.effect_noise(size, 40).convert("RGB")
    img = Image.blend(picture, noise, 0.25)
    exif = Image.Exif()
    exif[0x0132] = taken.strftime("%Y:%m:%d %H:%M:%S")
    exif.get_ifd(0x8769)[0x9003] = taken.strftime("%Y:%m:%d %H:%M:%S")
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality, exif=exif.tobytes())
    return buf.getvalue()


def bases(tmp: Path) -> dict[str, list[bytes]]:
    taken = dt.datetime(2026, 5, 1, 10)
    out: dict[str, list[bytes]] = {
        "photo": [noisy_photo((1600, 1200), s, 75, taken) for s in range(4)],
        "original": [noisy_photo((4000, 3000), s + 10, 85, taken) for s in range(2)],
        "png": [],
        "docx": [],
        "pdf": [],
        "xlsx": [],
    }
    for s in range(2):
        buf = io.BytesIO()
        samplefiles._picture((1280, 720), s + 20).save(buf, "PNG")  # a screenshot
        out["png"].append(buf.getvalue())
    text = "为深入推进全国文明城市创建工作，本单位结合实际，认真组织开展各项活动，取得了良好成效。" * 12
    for s in range(3):
        photo = samplefiles.jpeg(tmp / f"p{s}.jpg", size=(800, 600), seed=s + 30)
        samplefiles.docx(tmp / f"d{s}.docx", [text] * (s + 2), title=f"{TOPICS[s]}工作情况报告", image=photo)
        out["docx"].append((tmp / f"d{s}.docx").read_bytes())
        samplefiles.pdf(tmp / f"t{s}.pdf", [text] * (s + 1), title=f"关于开展{TOPICS[s]}的通知")
        out["pdf"].append((tmp / f"t{s}.pdf").read_bytes())
        rows = [[dt.date(2026, 1 + k % 12, 1 + k % 28), f"点位{k}", "已整改"] for k in range(200 * (s + 1))]
        samplefiles.xlsx(tmp / f"x{s}.xlsx", ["巡查时间", "巡查点位", "整改情况"], rows, title="巡查台账")
        out["xlsx"].append((tmp / f"x{s}.xlsx").read_bytes())
    scanned = samplefiles.scanned_pdf(tmp / "scan.pdf", pages=3)
    out["pdf"].append(scanned.read_bytes())
    return out


CATALOGUE_ITEM = """\
- code: "{code}"
  title: {title}
  lead: {lead}
  units: [{units}]
  materials:
    - name: 工作方案
      kinds: [document, pdf]
    - name: 实景图片
      kinds: [image]
      min: 5
      caption: [时间, 地点, 主题]
    - name: 工作台账
      kinds: [spreadsheet]
      match: [台账, 统计]
"""


def write_catalogue(
    root: Path, indicators: int, units: list[str], rnd: random.Random
) -> list[tuple[str, str, list[str]]]:
    items = []
    per_file = 25
    (root / "indicators").mkdir(parents=True)
    for i in range(indicators):
        major, rest = divmod(i, per_file)
        code = f"{ROMAN[major % len(ROMAN)]}{'' if major < len(ROMAN) else major // len(ROMAN)}-{rest // 5 + 1}-{rest % 5 + 1}"
        title = f"{TOPICS[i % len(TOPICS)]}（{i + 1}）"
        chosen = rnd.sample(units, rnd.randint(2, 4))
        items.append((code, title, chosen))
    for start in range(0, indicators, per_file):
        text = "".join(
            CATALOGUE_ITEM.format(code=code, title=title, lead=chosen[0], units=", ".join(chosen))
            for code, title, chosen in items[start : start + per_file]
        )
        (root / "indicators" / f"{start // per_file + 1:02d}-测评项目.yaml").write_text(
            text, encoding="utf-8"
        )
    (root / "wenming.toml").write_text(
        '[project]\ntitle = "基准测试区创文网上申报材料"\n[period]\nstart = 2025-11-01\nend = 2026-10-31\n',
        encoding="utf-8",
    )
    return items


def pick_kind(rnd: random.Random) -> str:
    x = rnd.random()
    for kind, share in MIX:
        if x < share:
            return kind
        x -= share
    return "problem"


def make(out: Path, indicators: int, unit_count: int, files: int, original_share: float, seed: int) -> None:
    rnd = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    units = UNIT_NAMES[:unit_count] + [
        f"区直属单位{k:02d}" for k in range(max(0, unit_count - len(UNIT_NAMES)))
    ]
    folder_of = {u: (f"{n + 1:02d}{u}" if n % 3 == 0 else u) for n, u in enumerate(units)}  # some numbered
    items = write_catalogue(out, indicators, units, rnd)
    pairs = [(code, title, unit) for code, title, chosen in items for unit in chosen]
    tmp = out / ".bases"
    tmp.mkdir()
    base = bases(tmp)
    shutil.rmtree(tmp)
    evidence = out / "evidence"
    for n in range(files):
        code, title, unit = pairs[n % len(pairs)]
        folder = evidence / folder_of[unit] / f"{code} {title}"
        kind = pick_kind(rnd)
        month = 1 + n % 10
        place = rnd.choice(["人民广场", "滨河社区", "区实验小学", "解放路", "区文化馆"])
        if kind == "photo":
            original = rnd.random() < original_share
            data = unique_jpeg(rnd.choice(base["original" if original else "photo"]), n)
            path = (
                folder / "实景图片" / f"2026年{month}月{n % 28 + 1}日 {place} {TOPICS[n % 12]}活动（{n}）.jpg"
            )
        elif kind == "png":
            data = base["png"][n % 2] + b"WM%08d" % n  # after IEND: ignored by decoders
            path = folder / "实景图片" / f"截图{n}.png"
        elif kind == "docx":
            data = unique_zip(rnd.choice(base["docx"]), n)
            path = folder / f"{TOPICS[n % 12]}工作方案{n}.docx"
        elif kind == "pdf":
            data = unique_pdf(rnd.choice(base["pdf"]), n)
            path = folder / f"关于{TOPICS[n % 12]}的通知{n}.pdf"
        elif kind == "xlsx":
            data = unique_zip(rnd.choice(base["xlsx"]), n)
            path = folder / f"工作台账{n}.xlsx"
        elif kind == "doc":
            path = ole2_file(folder / f"旧版方案{n}.doc", {"WordDocument": b"bench %08d" % n * 200})
            continue
        elif kind == "video":
            data = b"\0\0\0\x18ftypmp42\0\0\0\0mp42isom" + b"\0\0\0\x08mdat" + rnd.randbytes(10 * 1024 * 1024)
            path = folder / f"活动视频{n}.mp4"
        elif kind == "text":
            data = f"图片说明\n{n} 2026年{month}月 {place} {TOPICS[n % 12]}\n".encode()
            path = folder / "实景图片" / f"图片说明{n}.txt"
        else:
            data, path = problem_file(evidence, folder, n)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def problem_file(evidence: Path, folder: Path, n: int) -> tuple[bytes, Path]:
    k = n % 5
    if k == 0:
        return b"\x0bAdministrator" + b"\0" * 149, folder / f"~$方案{n}.docx"
    if k == 1:
        return b"", folder / f"空文件{n}.pdf"
    if k == 2:
        return b"%PDF-1.4 stray\n", evidence / "区外单位" / f"{folder.name}" / f"材料{n}.pdf"
    if k == 3:
        return b"%PDF-1.4 summary\n", folder.parent / f"工作总结{n}.pdf"
    return b"\x89PNG\r\n\x1a\n" + b"\0" * 64, folder / "实景图片" / f"改名的图片{n}.jpg"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--indicators", type=int, default=200)
    parser.add_argument("--units", type=int, default=20)
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument(
        "--original-share", type=float, default=0.05, help="share of photos that are camera originals"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "out" / "tree")
    args = parser.parse_args()
    started = time.perf_counter()
    make(args.out, args.indicators, args.units, args.files, args.original_share, args.seed)
    written = [p for p in (args.out / "evidence").rglob("*") if p.is_file()]
    size = sum(p.stat().st_size for p in written)
    print(
        f"{args.out}: {args.indicators} indicators, {args.units} units, {len(written)} files, "
        f"{size / 1e9:.2f} GB in {time.perf_counter() - started:.1f} s"
    )


if __name__ == "__main__":
    main()
