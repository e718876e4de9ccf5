"""Generate a district-scale project like the one issue 14 measured: photos without EXIF thumbnails.

    python bench/make_district.py --photos 1000 --out /tmp/wenming-district-1000

For N photos (default 1,000) the tree holds N photos of 4032×3024 as WeChat forwards them (no EXIF
thumbnail; half carry a DateTimeOriginal tag, half no EXIF at all), 1.5·N Word reports of one to three
pages (distinct text, some with a table), 0.3·N Excel ledgers (merged title row, 40–160 dated rows) and
0.3·N scanned notices (PDFs of 1–3 page images with a red header rule), spread over N/10 indicators with
two units each. Every file has different bytes and every photo a different picture (one of 40 noisy
scenes, cropped at its own offset, with its own stamp), so hashes and perceptual hashes see distinct
files. Generation uses every core; the photos of one seed are the same on every run.

`--zipped-units K`: the indicator folders of K units (in the order of UNITS that have files) are sent as
one .zip each instead (Deflate, as Windows' "send to compressed folder" writes it), to measure checks of
a tree where units hand in archives.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

import samplefiles

SIZE = (4032, 3024)
SCENES = 40
UNITS = ["区委宣传部", "区文明办", "区教育局", "区城管局", "区民政局", "团区委", "区妇联", "区总工会", "区卫健委",
         "区文旅局", "区市场监管局", "区商务局", "区交通局", "区公安分局", "区住建局", "区生态环境分局", "区司法局",
         "区人社局", "区农业农村局", "区融媒体中心"]  # fmt: skip
TOPICS = ["我们的节日", "学雷锋志愿服务", "公益广告宣传", "垃圾分类", "文明交通", "诚信建设", "移风易俗",
          "网格化巡查", "未成年人思想道德建设", "新时代文明实践", "背街小巷整治", "文明餐桌"]  # fmt: skip
PLACES = ["人民广场", "滨河社区", "区实验小学", "解放路", "区文化馆", "东湖公园", "城南农贸市场", "新华街道"]
SENTENCES = [
    "{unit}围绕{topic}工作，于2026年{m}月{d}日在{place}组织开展专项活动，参与群众{n}人次。",
    "活动由{unit}分管负责同志带队，街道、社区干部和志愿者{k}名参加，现场发放宣传资料{n}份。",
    "针对上一轮测评发现的问题，{unit}建立问题清单{k}项，已整改{k2}项，整改率{rate}%。",
    "{place}周边设置公益广告{k}处，更新宣传栏{k2}块，做到内容常换常新、无破损、无过期。",
    "数据来源：{unit}{topic}工作台账（2026年{m}月统计），经分管领导审核。",
    "下一步，{unit}将持续巩固{topic}成果，健全长效机制，确保常态长效。",
    "截至2026年{m}月底，累计开展{topic}活动{k}场次，覆盖社区{k2}个，群众满意度{rate}%。",
]


def _scene(seed: int):
    from PIL import Image

    picture = samplefiles._picture((SIZE[0] + 400, SIZE[1] + 300), seed)
    noise = Image.effect_noise(picture.size, 40).convert("RGB")
    return Image.blend(picture, noise, 0.15)


_SCENES: dict[int, object] = {}


def _photo(job: tuple[Path, int, bool]) -> int:
    """One distinct 12 MP JPEG without an EXIF thumbnail (a dated EXIF block or none at all)."""
    from PIL import Image, ImageDraw

    path, i, dated = job
    seed = i % SCENES
    if seed not in _SCENES:
        _SCENES[seed] = _scene(seed)
    scene = _SCENES[seed]
    rnd = random.Random(i)
    x, y = rnd.randrange(0, 400), rnd.randrange(0, 300)
    img = scene.crop((x, y, x + SIZE[0], y + SIZE[1]))  # type: ignore[attr-defined]
    draw = ImageDraw.Draw(img)
    bx, by = rnd.randrange(100, 3400), rnd.randrange(100, 2500)
    draw.rectangle(
        [bx, by, bx + 500, by + 360], fill=(rnd.randrange(256), rnd.randrange(256), rnd.randrange(256))
    )
    draw.text((bx + 20, by + 20), f"No.{i}", fill=(255, 255, 255))
    kwargs = {}
    if dated:
        exif = Image.Exif()
        stamp = dt.datetime(2026, 1 + i % 9, 1 + i % 28, 9 + i % 8).strftime("%Y:%m:%d %H:%M:%S")
        exif.get_ifd(0x8769)[0x9003] = stamp
        kwargs["exif"] = exif.tobytes()
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path, "JPEG", quality=85, **kwargs)
    return path.stat().st_size


def _text(rnd: random.Random, unit: str, topic: str, count: int) -> list[str]:
    out = []
    for _ in range(count):
        parts = [
            rnd.choice(SENTENCES).format(
                unit=unit,
                topic=topic,
                place=rnd.choice(PLACES),
                m=rnd.randint(1, 9),
                d=rnd.randint(1, 28),
                n=rnd.randint(50, 3000),
                k=rnd.randint(3, 60),
                k2=rnd.randint(1, 30),
                rate=rnd.randint(85, 100),
            )
            for _ in range(rnd.randint(3, 6))
        ]
        out.append("".join(parts))
    return out


def _docx(job: tuple[Path, int, str, str]) -> int:
    path, i, unit, topic = job
    rnd = random.Random(10_000 + i)
    table = None
    if i % 3 == 0:
        table = [["序号", "时间", "地点", "参与人数"]] + [
            [str(r + 1), f"2026年{rnd.randint(1, 9)}月{rnd.randint(1, 28)}日", rnd.choice(PLACES), str(rnd.randint(20, 500))]
            for r in range(rnd.randint(4, 12))
        ]  # fmt: skip
    samplefiles.docx(path, _text(rnd, unit, topic, rnd.randint(6, 18)), title=f"{unit}关于{topic}工作情况的报告",
                     table=table)  # fmt: skip
    return path.stat().st_size


def _ledger(job: tuple[Path, int, str]) -> int:
    path, i, topic = job
    rnd = random.Random(20_000 + i)
    rows = [
        [dt.date(2026, rnd.randint(1, 9), rnd.randint(1, 28)), rnd.choice(PLACES), f"{topic}问题{r + 1}", "已整改",
         rnd.randint(1, 40)]
        for r in range(rnd.randint(40, 160))
    ]  # fmt: skip
    samplefiles.xlsx(
        path, ["巡查时间", "巡查点位", "问题描述", "整改情况", "参与人数"], rows, title=f"{topic}工作台账"
    )
    return path.stat().st_size


def _scan(job: tuple[Path, int]) -> int:
    path, i = job
    samplefiles.scanned_pdf(path, pages=1 + i % 3, seed=i)
    return path.stat().st_size


CATALOGUE_ITEM = """\
- code: "{code}"
  title: {title}
  lead: {lead}
  units: [{units}]
  standard: 经常性开展{topic}活动，有方案、有记录、有实效。
  materials:
    - name: 工作报告
      kinds: [document]
      min: 1
    - name: 实景图片
      kinds: [image]
      min: 3
      caption: [时间, 地点]
    - name: 工作台账
      kinds: [spreadsheet]
      match: [台账]
    - name: 文件通知
      kinds: [pdf]
      match: [通知]
"""


def make(out: Path, photos: int, seed: int) -> dict[str, int]:
    rnd = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    (out / "indicators").mkdir(parents=True)
    indicators = max(1, photos // 10)
    items = []
    for k in range(indicators):
        code = f"Ⅲ-{k // 10 + 1}-{k % 10 + 1}"
        units = rnd.sample(UNITS, 2)
        items.append((code, TOPICS[k % len(TOPICS)], units))
    text = "".join(
        CATALOGUE_ITEM.format(
            code=code, title=f"{topic}（{k + 1}）", lead=units[0], units=", ".join(units), topic=topic
        )
        for k, (code, topic, units) in enumerate(items)
    )
    (out / "indicators" / "01-测评项目.yaml").write_text(text, encoding="utf-8")
    (out / "wenming.toml").write_text(
        '[project]\ntitle = "区级规模基准创文网上申报材料"\n[period]\nstart = 2025-11-01\nend = 2026-10-31\n',
        encoding="utf-8",
    )
    pairs = [(code, topic, unit) for code, topic, units in items for unit in units]
    evidence = out / "evidence"

    def folder(n: int) -> tuple[Path, str, str]:
        code, topic, unit = pairs[n % len(pairs)]
        return evidence / unit / f"{code} {topic}", topic, unit

    photo_jobs, docx_jobs, ledger_jobs, scan_jobs = [], [], [], []
    for n in range(photos):
        base, topic, _ = folder(n)
        name = f"2026年{1 + n % 9}月{1 + n % 28}日 {PLACES[n % len(PLACES)]} {topic}活动（{n + 1}）.jpg"
        photo_jobs.append((base / "实景图片" / name, n, n % 2 == 0))
    for n in range(photos * 3 // 2):
        base, topic, unit = folder(n)
        docx_jobs.append((base / f"{topic}工作情况报告{n + 1}.docx", n, unit, topic))
    for n in range(photos * 3 // 10):
        base, topic, _ = folder(n)
        ledger_jobs.append((base / f"{topic}工作台账{n + 1}.xlsx", n, topic))
        scan_jobs.append((base / f"关于开展{topic}活动的通知{n + 1}.pdf", n))
    sizes: dict[str, int] = {}
    with ProcessPoolExecutor(os.cpu_count() or 2) as pool:
        sizes["photos"] = sum(pool.map(_photo, photo_jobs, chunksize=10))
        sizes["docx"] = sum(pool.map(_docx, docx_jobs, chunksize=20))
        sizes["ledgers"] = sum(pool.map(_ledger, ledger_jobs, chunksize=10))
        sizes["scans"] = sum(pool.map(_scan, scan_jobs, chunksize=10))
    return sizes


def zip_units(evidence: Path, count: int) -> tuple[int, int]:
    """Replace every indicator folder of the first `count` units by a .zip of it; (archives, bytes)."""
    import zipfile

    archives = size = 0
    for unit in [u for u in UNITS if (evidence / u).is_dir()][:count]:
        for folder in sorted(p for p in (evidence / unit).iterdir() if p.is_dir()):
            target = folder.with_name(folder.name + ".zip")
            with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
                for path in sorted(folder.rglob("*")):
                    if path.is_file():
                        zf.write(path, path.relative_to(folder.parent).as_posix())
            shutil.rmtree(folder)
            archives += 1
            size += target.stat().st_size
    return archives, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--out", type=Path, default=Path("/tmp/wenming-district"))
    parser.add_argument("--zipped-units", type=int, default=0, metavar="K")
    args = parser.parse_args()
    started = time.perf_counter()
    sizes = make(args.out, args.photos, args.seed)
    if args.zipped_units:
        archives, size = zip_units(args.out / "evidence", args.zipped_units)
        print(f"{archives} indicator folders of {args.zipped_units} units sent as zips ({size / 1e6:.0f} MB)")
    files = sum(1 for p in (args.out / "evidence").rglob("*") if p.is_file())
    print(f"{args.out}: {files} files, {sum(sizes.values()) / 1e9:.2f} GB "
          f"({', '.join(f'{k} {v / 1e6:.0f} MB' for k, v in sizes.items())}) in {time.perf_counter() - started:.0f} s")  # fmt: skip


if __name__ == "__main__":
    main()
