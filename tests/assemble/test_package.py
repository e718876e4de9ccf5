"""The upload package: layout, names, image conversion, copies, manifest and a deterministic zip."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PIL import Image

from wenming_submit.assemble.manifest import MANIFEST_NAME
from wenming_submit.assemble.options import BuildOptions
from wenming_submit.assemble.package_plan import PACKAGE_DIR, plan_package
from wenming_submit.assemble.pipeline import build_output, output_folder

PHOTOS = "Ⅱ-3-2 开展“我们的节日”主题活动"


def build(root: Path, checked: Any, **kwargs: Any) -> Any:
    project, result = checked(root)
    return build_output(project, result, BuildOptions(word=False, allow_incomplete=True, **kwargs))


@pytest.fixture(scope="module")
def built(shared_project: Any) -> tuple[Path, Any]:
    root, project, result = shared_project
    return root, build_output(project, result, BuildOptions(word=False))


def test_layout_names_and_conversions(built: Any) -> None:
    root, outcome = built
    folder = outcome.folder
    assert folder == root / "output" / "某某区2025年度创建全国文明城市网上申报材料"
    package = folder / PACKAGE_DIR
    assert sorted(p.name for p in package.iterdir()) == ["Ⅰ-1-1 理论学习中心组学习", PHOTOS]
    names = sorted(p.name for p in (package / PHOTOS).iterdir())
    assert names == [
        "Ⅱ-3-2_区教育局_实景图片_01.jpg", "Ⅱ-3-2_区教育局_实景图片_02.jpg", "Ⅱ-3-2_区教育局_实景图片_03.jpg",
        "Ⅱ-3-2_区教育局_活动方案_01.pdf",
        "Ⅱ-3-2_区文明办_实景图片_01.jpg", "Ⅱ-3-2_区文明办_实景图片_02.jpg", "Ⅱ-3-2_区文明办_实景图片_03.jpg",
        "Ⅱ-3-2_区文明办_活动方案_01.docx",
    ]  # fmt: skip
    by_source = {f.source.rsplit("/", 1)[-1]: f for f in outcome.files}
    # The sideways phone photo (1600×1200, Orientation 6) is stored upright, EXIF date kept.
    rotated = by_source["2025年5月12日 社区 包粽子.jpg"]
    with Image.open(folder / rotated.path) as img:
        assert img.format == "JPEG" and img.size == (1200, 1600)
        exif = img.getexif()
        assert exif.get(0x0112, 1) == 1
        assert exif.get_ifd(0x8769).get(0x9003) == "2025:05:12 09:30:00"
    assert rotated.converted and "旋转" in rotated.converted
    # HEIC and WEBP become JPEG.
    for source in ("2025年5月13日 广场 舞龙.heic", "2025年5月14日 学校 诵读.webp"):
        packed = by_source[source]
        assert packed.path.endswith(".jpg") and "→JPEG" in (packed.converted or "")
        with Image.open(folder / packed.path) as img:
            assert img.format == "JPEG" and img.size in ((1200, 900), (1024, 768))
    # A plain JPEG and the documents are byte-for-byte copies, not hard links.
    plain = by_source["2025年6月1日 学校 活动.jpg"]
    src = root / plain.source
    dest = folder / plain.path
    assert plain.converted is None and dest.read_bytes() == src.read_bytes()
    assert os.stat(dest).st_ino != os.stat(src).st_ino and os.stat(src).st_nlink == 1


def test_manifest_lists_every_file_with_hash(built: Any) -> None:
    root, outcome = built
    document = json.loads((outcome.folder / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert document["version"] == 1 and document["title"] == "某某区2025年度创建全国文明城市网上申报材料"
    assert document["tool"].startswith("wenming-submit ")
    assert document["zip"] == outcome.zip_path.name
    paths = [f["path"] for f in document["files"]]
    assert paths == sorted(paths) and len(paths) == 9
    on_disk = sorted(p.relative_to(outcome.folder).as_posix() for p in (outcome.folder / PACKAGE_DIR).rglob("*")
                     if p.is_file())  # fmt: skip
    assert on_disk == paths
    for entry in document["files"]:
        data = (outcome.folder / entry["path"]).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest() and entry["size"] == len(data)
        assert (root / entry["source"]).is_file() and entry["source"].startswith("evidence/")
        assert {"indicator", "unit", "material"} <= entry.keys()
    assert "time" not in json.dumps(document)  # nothing that changes from one build to the next


def test_zip_is_deterministic_and_utf8(project_factory: Any, checked: Any) -> None:
    root = project_factory()
    for path in (root / "evidence").rglob("*"):
        os.utime(path, (1_700_000_000, 1_700_000_000))
    first = build(root, checked).zip_path.read_bytes()
    outcome = build(root, checked)
    assert outcome.zip_path.read_bytes() == first  # same inputs, same bytes
    assert outcome.zip_path == output_folder(checked(root)[0], None) / f"{outcome.folder.name}.zip"
    with zipfile.ZipFile(outcome.zip_path) as zf:
        infos = zf.infolist()
        names = [i.filename for i in infos]
        assert names == sorted(names)
        assert MANIFEST_NAME in names and f"{PACKAGE_DIR}/" in names
        # every entry carries the newest input's modification time, not 1980-01-01
        newest = time.localtime(1_700_000_000)
        stamp = (newest.tm_year, newest.tm_mon, newest.tm_mday, newest.tm_hour, newest.tm_min, newest.tm_sec // 2 * 2)
        assert all(i.date_time == stamp for i in infos)
        non_ascii = [i for i in infos if not i.filename.isascii()]
        assert non_ascii and all(i.flag_bits & 0x800 for i in non_ascii)
        assert zf.testzip() is None
        stored = {i.filename.rsplit(".", 1)[-1]: i.compress_type for i in infos if "." in i.filename}
        assert stored["jpg"] == zipfile.ZIP_STORED and stored["pdf"] == zipfile.ZIP_DEFLATED


def test_gbk_zip_names(shared_project: Any) -> None:
    _, project, result = shared_project
    outcome = build_output(project, result, BuildOptions(word=False, zip_encoding="gbk", unit="区文明办"))
    raw = outcome.zip_path.read_bytes()
    assert "上报材料".encode("gbk") in raw and "上报材料".encode() not in raw
    with zipfile.ZipFile(outcome.zip_path, metadata_encoding="gbk") as zf:
        names = zf.namelist()
        assert all(not i.flag_bits & 0x800 for i in zf.infolist())
    assert f"{PACKAGE_DIR}/{PHOTOS}/Ⅱ-3-2_区文明办_活动方案_01.docx" in names
    assert outcome.folder.name.endswith("（区文明办）")
    assert not outcome.findings


def test_gbk_falls_back_to_utf8_per_name(project_factory: Any, files: Any, checked: Any) -> None:
    root = project_factory(pattern="{name}")
    photo = root / "evidence" / "区教育局" / "Ⅱ-3-2 我们的节日" / "实景图片" / "2025年6月9日 活动😀.jpg"
    files.jpeg(photo, size=(1024, 768), seed=77)
    outcome = build(root, checked, zip_encoding="gbk")
    assert [f.code for f in outcome.findings] == ["WM403"]
    with zipfile.ZipFile(outcome.zip_path) as zf:
        emoji = [i for i in zf.infolist() if "😀" in i.filename]
    assert len(emoji) == 1 and emoji[0].flag_bits & 0x800


def test_compressed_to_limit_not_below_min_resolution(project_factory: Any, files: Any, checked: Any) -> None:
    root = project_factory(image_max_mb=0.25)
    big = root / "evidence" / "区教育局" / "Ⅱ-3-2 我们的节日" / "实景图片" / "2025年6月8日 学校 大图.jpg"
    noise = Image.effect_noise((3000, 2250), 90).convert("RGB")
    noise.save(big, "JPEG", quality=95)
    assert big.stat().st_size > 1024 * 1024
    outcome = build(root, checked)
    packed = next(f for f in outcome.files if f.source.endswith("大图.jpg"))
    assert packed.converted and "压缩" in packed.converted
    with Image.open(outcome.folder / packed.path) as img:
        assert img.width >= 800 and img.height >= 600
    if packed.size > 0.25 * 1024 * 1024:  # noise does not compress: then the floor is kept and reported
        assert any(f.code == "WM402" and f.path and f.path.endswith("大图.jpg") for f in outcome.findings)
        with Image.open(outcome.folder / packed.path) as img:
            assert (img.width, img.height) == (800, 600)


def test_undecodable_picture_is_copied_and_reported(
    project_factory: Any, checked: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project_factory()
    heic = root / "evidence" / "区文明办" / "Ⅱ-3-2 我们的节日" / "实景图片" / "2025年5月13日 广场 舞龙.heic"
    project, result = checked(root)
    # The file passed the check, then got damaged before the build (a unit replaced it meanwhile).
    data = heic.read_bytes()
    heic.write_bytes(data[: len(data) // 3])
    outcome = build_output(project, result, BuildOptions(word=False, allow_incomplete=True))
    packed = next(f for f in outcome.files if f.source.endswith("舞龙.heic"))
    assert packed.path.endswith(".heic") and (outcome.folder / packed.path).read_bytes() == heic.read_bytes()
    assert any(f.code == "WM401" for f in outcome.findings)
    problems = openpyxl.load_workbook(outcome.workbook)["问题清单"]
    assert "WM401" in [row[1] for row in problems.iter_rows(min_row=2, values_only=True)]


def test_plan_is_pure(shared_project: Any) -> None:
    root, project, result = shared_project
    before = sorted(p for p in root.rglob("*"))
    entries = plan_package(result, project.catalog, project.config)
    assert len(entries) == 9 and sorted(p for p in root.rglob("*")) == before


def test_unit_build_has_only_that_unit(shared_project: Any) -> None:
    _, project, result = shared_project
    outcome = build_output(project, result, BuildOptions(word=False, unit="区教育局"))
    assert outcome.folder.name.endswith("（区教育局）")
    assert {f.unit for f in outcome.files} == {"区教育局"} and len(outcome.files) == 4


SHARED_CATALOG = """\
- code: "Ⅱ-4-1"
  title: 文明交通
  lead: 区文明办
  units: [区文明办, 区教育局]
  materials:
    - name: 实景图片
      kinds: [image]
      min: 4
      per_unit: false
"""


def test_shared_material_is_numbered_per_unit(tmp_path: Path, files: Any, checked: Any) -> None:
    root = tmp_path / "p"
    root.mkdir()
    (root / "indicators").mkdir()
    (root / "indicators" / "a.yaml").write_text(SHARED_CATALOG, encoding="utf-8")
    for i, unit in enumerate(["区文明办", "区教育局", "区文明办", "区教育局"]):
        files.jpeg(root / "evidence" / unit / "Ⅱ-4-1 文明交通" / f"2026年5月{i + 1}日 路口 劝导.jpg", seed=i)
    project, result = checked(root)
    outcome = build_output(project, result, BuildOptions(word=False, allow_incomplete=True))
    names = sorted(f.path.rsplit("/", 1)[-1] for f in outcome.files)
    assert names == [
        "Ⅱ-4-1_区教育局_实景图片_01.jpg", "Ⅱ-4-1_区教育局_实景图片_02.jpg",
        "Ⅱ-4-1_区文明办_实景图片_01.jpg", "Ⅱ-4-1_区文明办_实景图片_02.jpg",
    ]  # fmt: skip


def test_waiver_goes_into_the_package(project_factory: Any, files: Any, checked: Any) -> None:
    root = project_factory(complete=False)
    unit_dir = root / "evidence" / "区教育局" / "Ⅱ-3-2 我们的节日"
    shutil.rmtree(unit_dir / "实景图片")
    files.docx(unit_dir / "实景图片无此项工作说明.docx", ["本单位本年度未开展此项活动，特此说明。"])
    project, result = checked(root)
    waived = [r for r in result.requirements if r.status.value == "waived"]
    assert [(r.unit, r.material) for r in waived] == [("区教育局", "实景图片")]
    outcome = build_output(project, result, BuildOptions(word=False, allow_incomplete=True))
    packed = next(f for f in outcome.files if f.source.endswith("无此项工作说明.docx"))
    assert packed.path.endswith("/Ⅱ-3-2_区教育局_实景图片无此项工作说明_01.docx")
