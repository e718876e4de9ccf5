"""Files built to exercise the reviewer's checks (WM300-WM349): the tests and bench/review_calibration.py
use the same makers, so the numbers the calibration prints are the ones the tests assert on.

Photos are textured scenes (gradient, noise, shapes, thin lines) so that blur and compression show as they
do on a camera photo; notices are A4 page images drawn with Pillow and saved as image-only PDFs, like a
scan; reports are Word files written with python-docx. Deterministic for the same arguments.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

RED = (205, 25, 30)
CJK_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
)


def scene(seed: int = 0, size: tuple[int, int] = (1600, 1200)) -> Image.Image:
    """A photo-like picture with texture: sky-to-ground gradient, sensor noise, shapes and thin lines."""
    rng = np.random.default_rng(seed)
    w, h = size
    t = np.linspace(0.0, 1.0, h, dtype=np.float32)[:, None, None]
    sky, ground = rng.uniform(90, 220, 3), rng.uniform(40, 150, 3)
    base = sky * (1 - t) + ground * t + rng.normal(0, 6, (h, w, 3))
    img = Image.fromarray(np.clip(base, 0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(img)
    for _ in range(40):
        x, y, s = int(rng.integers(0, w)), int(rng.integers(0, h)), int(rng.integers(20, w // 5))
        colour = tuple(int(v) for v in rng.integers(0, 256, 3))
        if rng.random() < 0.5:
            draw.rectangle([x, y, x + s, y + int(s * rng.uniform(0.3, 1.5))], fill=colour)
        else:
            draw.ellipse([x, y, x + s, y + s], fill=colour)
    for _ in range(200):
        x, y = int(rng.integers(0, w)), int(rng.integers(0, h))
        end = (x + int(rng.integers(-80, 80)), y + int(rng.integers(-80, 80)))
        draw.line([(x, y), end], fill=tuple(int(v) for v in rng.integers(0, 256, 3)), width=int(rng.integers(1, 4)))
    return img


def camera_exif(taken: dt.datetime = dt.datetime(2026, 5, 7, 9, 30)) -> bytes:
    exif = Image.Exif()
    stamp = taken.strftime("%Y:%m:%d %H:%M:%S")
    exif[0x010F], exif[0x0110], exif[0x0132] = "HUAWEI", "P60", stamp
    exif.get_ifd(0x8769)[0x9003] = stamp
    return exif.tobytes()


def save_jpeg(img: Image.Image, path: Path, *, quality: int = 92, exif: bool = True,
              taken: dt.datetime = dt.datetime(2026, 5, 7, 9, 30)) -> Path:  # fmt: skip
    path.parent.mkdir(parents=True, exist_ok=True)
    extra = {"exif": camera_exif(taken)} if exif else {}
    img.save(path, "JPEG", quality=quality, **extra)
    return path


def sharp_photo(path: Path, seed: int = 0, quality: int = 92,
                taken: dt.datetime = dt.datetime(2026, 5, 7, 9, 30)) -> Path:  # fmt: skip
    return save_jpeg(scene(seed), path, quality=quality, taken=taken)


def blurred_photo(path: Path, seed: int = 0, radius: float = 4.0) -> Path:
    """The same photo out of focus (Gaussian blur at full size), as a camera would store it."""
    return save_jpeg(scene(seed).filter(ImageFilter.GaussianBlur(radius)), path)


def chat_copy(path: Path, seed: int = 0, size: tuple[int, int] = (1280, 960), quality: int = 80) -> Path:
    """What a chat app sends without 原图: long edge 1280, EXIF stripped, re-encoded."""
    return save_jpeg(scene(seed).resize(size, Image.Resampling.LANCZOS), path, quality=quality, exif=False)


def font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for candidate in CJK_FONTS:
        if Path(candidate).is_file():
            return ImageFont.truetype(candidate, size)
    return ImageFont.load_default(size=size)


def screenshot(path: Path, size: tuple[int, int] = (1080, 2340)) -> Path:
    """A phone screenshot: status bar, a chat-app title bar and message bubbles, saved as PNG."""
    w = size[0]
    img = Image.new("RGB", size, (237, 237, 237))
    draw = ImageDraw.Draw(img)
    draw.rectangle([0, 0, w, 100], fill=(247, 247, 247))
    draw.text((40, 25), "9:41", fill=(0, 0, 0), font=font(44))
    for i in range(4):
        draw.rectangle([w - 220 + i * 22, 60 - i * 10, w - 206 + i * 22, 70], fill=(0, 0, 0))
    draw.rectangle([w - 110, 40, w - 40, 72], outline=(0, 0, 0), width=3)
    draw.rectangle([0, 100, w, 250], fill=(247, 247, 247))
    draw.text((w // 2 - 150, 150), "创文工作群(56)", fill=(0, 0, 0), font=font(48))
    y = 320
    for i in range(9):
        left = i % 2 == 0
        bw = 420 + (i * 97) % 360
        x0 = 170 if left else w - 170 - bw
        draw.rectangle([x0 - 130 if left else w - 150, y, x0 - 30 if left else w - 50, y + 100], fill=(120, 160, 200))
        draw.rounded_rectangle([x0, y, x0 + bw, y + 150], 20, fill=(255, 255, 255) if left else (149, 236, 105))
        draw.text((x0 + 30, y + 45), "请各单位按时报送实景图片", fill=(20, 20, 20), font=font(40))
        y += 220
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path, "PNG")
    return path


def watermarked_photo(path: Path, seed: int = 0) -> Path:
    """A 水印相机 photo: a translucent bar along the bottom with the time, date and place in white."""
    img = scene(seed).convert("RGBA")
    w, h = img.size
    layer = Image.new("RGBA", img.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    draw.rectangle([0, int(h * 0.86), w, h], fill=(20, 20, 20, 170))
    draw.rectangle([40, int(h * 0.875), 52, h - 30], fill=(250, 200, 0, 255))
    draw.text((80, int(h * 0.87)), "09:30", fill=(255, 255, 255, 255), font=font(80))
    draw.text((380, int(h * 0.875)), "2026.05.07 星期四", fill=(255, 255, 255, 255), font=font(40))
    draw.text((380, int(h * 0.925)), "示范区滨河社区 学雷锋志愿服务", fill=(255, 255, 255, 255), font=font(40))
    return save_jpeg(Image.alpha_composite(img, layer).convert("RGB"), path)


A4 = (1240, 1754)
"""An A4 page scanned at 150 dpi."""


def _text_lines(draw: ImageDraw.ImageDraw, top: int, lines: int, seed: int) -> int:
    rng = np.random.default_rng(seed)
    y = top
    body = font(30)
    for i in range(lines):
        n = int(rng.integers(20, 31)) if i % 6 != 5 else int(rng.integers(6, 15))
        draw.text((150 + (60 if i % 6 == 0 else 0), y), "创建全国文明城市工作" * 3, fill=(30, 30, 30), font=body)
        draw.rectangle([min(150 + n * 32, A4[0] - 100), y - 4, A4[0] - 100, y + 40], fill=(252, 252, 250))
        y += 56
    return y


def seal(draw: ImageDraw.ImageDraw, centre: tuple[int, int], radius: int = 150) -> None:
    """A round official seal: red ring, five-pointed star, the unit's name along the top of the ring."""
    cx, cy = centre
    draw.ellipse([cx - radius, cy - radius, cx + radius, cy + radius], outline=RED, width=10)
    star = []
    for k in range(10):
        r = radius * (0.32 if k % 2 == 0 else 0.13)
        a = -math.pi / 2 + k * math.pi / 5
        star.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    draw.polygon(star, fill=RED)
    glyph = font(34)
    for k, ch in enumerate("示范区教育局办公室"):
        a = math.radians(-160 + k * 140 / 8)
        draw.text((cx + 0.72 * radius * math.cos(a) - 17, cy + 0.72 * radius * math.sin(a) - 17), ch, fill=RED,
                  font=glyph)  # fmt: skip


def notice_pages(*, red_header: bool, with_seal: bool, pages: int = 2, seed: int = 0) -> list[Image.Image]:
    """A scanned 红头文件: red title and rule on page 1, body text, a seal over the date on the last page."""
    images = []
    for number in range(pages):
        page = Image.new("RGB", A4, (252, 252, 250))
        draw = ImageDraw.Draw(page)
        top = 200
        if number == 0:
            if red_header:
                draw.text((A4[0] // 2 - 420, 180), "示范区教育局文件", fill=RED, font=font(105))
                draw.rectangle([110, 420, A4[0] - 110, 428], fill=RED)
            else:
                draw.text((A4[0] // 2 - 250, 220), "关于开展工作的通知", fill=(20, 20, 20), font=font(56))
            draw.text((A4[0] // 2 - 160, 350), "示教发〔2026〕12号", fill=(20, 20, 20), font=font(32))
            top = 480
        bottom = _text_lines(draw, top, 18 if number < pages - 1 else 10, seed + number)
        if number == pages - 1:
            draw.text((A4[0] - 480, bottom + 80), "示范区教育局", fill=(20, 20, 20), font=font(32))
            draw.text((A4[0] - 500, bottom + 130), "2026年3月2日", fill=(20, 20, 20), font=font(32))
            if with_seal:
                seal(draw, (A4[0] - 360, bottom + 120))
        images.append(page.filter(ImageFilter.GaussianBlur(0.6)))
    return images


def scanned_notice(path: Path, *, red_header: bool = True, with_seal: bool = True, pages: int = 2) -> Path:
    images = notice_pages(red_header=red_header, with_seal=with_seal, pages=pages)
    path.parent.mkdir(parents=True, exist_ok=True)
    images[0].save(path, "PDF", save_all=True, append_images=images[1:], resolution=150)
    return path


STANDARD = "建立志愿服务站点，常态化开展学雷锋志愿服务活动，注册志愿者人数占城市常住人口比例达到13%以上。"
"""The standard both sample reports answer (II-1-1 学雷锋志愿服务)."""

SUMMARY_REPORT = (
    "关于学雷锋志愿服务工作情况的总结",
    "今年以来，我单位高度重视学雷锋志愿服务工作，坚持把此项工作摆在突出位置，切实加强组织领导，扎实推进各项工作，"
    "取得了明显成效。",
    "一、加强组织领导。成立了工作领导小组，主要领导亲自抓，分管领导具体抓，形成了一级抓一级、层层抓落实的工作格局，"
    "确保各项工作落到实处。",
    "二、丰富活动载体。结合重要节日，积极组织开展形式多样的主题活动，广大干部职工踊跃参与，营造了浓厚的良好氛围，"
    "有力推动了社会文明程度的提升。",
    "三、强化宣传引导。充分利用各类媒体平台，大力宣传先进典型，不断扩大社会影响，群众的知晓率和参与度有效提升。",
    "四、存在问题和下一步打算。工作中还存在一些不足之处，与上级要求仍有差距。下一步，我们将进一步提高认识，"
    "持续巩固工作成果，全力推动工作再上新台阶。",
)
EXPLANATION_REPORT = (
    "关于学雷锋志愿服务工作的说明报告",
    "对照测评标准“建立志愿服务站点，常态化开展学雷锋志愿服务活动，注册志愿者人数占城市常住人口比例达到13%以上”，"
    "现将我区落实情况逐项说明如下。",
    "一是志愿服务站点建设。全区已在8个街道、46个社区建成志愿服务站点54个，其中滨河社区、阳光社区站点实行"
    "每日值守（数据来源：区文明办志愿服务站点台账，截至2026年9月30日）。",
    "二是常态化开展学雷锋志愿服务活动。2025年11月至2026年9月，各站点累计开展学雷锋志愿服务活动1260场次，"
    "参与志愿者3.6万人次，平均每个站点每月2.1场；3月5日学雷锋纪念日当天集中开展活动86场。"
    "据“志愿汇”平台统计，服务时长共计18.4万小时。",
    "三是注册志愿者比例。截至2026年9月30日，全区注册志愿者7.9万名，占常住人口52.6万人的15.0%，"
    "高于13%的标准（数据来源：全国志愿服务信息系统，区统计局2025年常住人口数）。",
    "相关台账、活动照片和平台截图详见附件1至附件3。",
)


def report_docx(path: Path, paragraphs: Sequence[str]) -> Path:
    import docx as python_docx

    document = python_docx.Document()
    document.add_heading(paragraphs[0], level=1)
    for text in paragraphs[1:]:
        document.add_paragraph(text)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def notice_docx(path: Path, *, red_header: bool, number: str | None = "示教发〔2026〕12号",
                issuer: str | None = "示范区教育局") -> Path:  # fmt: skip
    """A Word notice: optional red 红头 line, 发文字号, body, 落款."""
    import docx as python_docx
    from docx.shared import Pt, RGBColor

    document = python_docx.Document()
    head = document.add_paragraph().add_run("示范区教育局文件" if red_header else "关于开展学雷锋志愿服务活动的通知")
    head.font.size = Pt(26)
    if red_header:
        head.font.color.rgb = RGBColor(0xFF, 0x00, 0x00)
    if number:
        document.add_paragraph(number)
    document.add_paragraph("各学校、各直属单位：为常态化开展学雷锋志愿服务活动，现将有关事项通知如下。")
    document.add_paragraph("一、在每所学校建立志愿服务站点；二、每月至少开展一次志愿服务活动。")
    if issuer:
        document.add_paragraph(issuer)
    document.add_paragraph("2026年3月2日")
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path
