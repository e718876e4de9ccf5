"""The reviewer's eye end to end (issue 17): real files in a project, `run_check`, WM3xx findings as users
see them, and reuse across cycles through a real `build` of the earlier cycle."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
import review_samples as rs
import yaml

from wenming_submit.assemble.options import BuildOptions
from wenming_submit.assemble.pipeline import build_output
from wenming_submit.check.result import CheckResult
from wenming_submit.check.reuse import INDEX_NAME
from wenming_submit.check.run import run_check
from wenming_submit.errors import ConfigError
from wenming_submit.findings.finding import Finding
from wenming_submit.project import open_project

CODE = "II-1-1"
FOLDER = f"区文明办/{CODE} 学雷锋志愿服务"


def make_project(root: Path, *, year: int = 2026, previous: list[str] | None = None) -> Path:
    root.mkdir(parents=True)
    history = f"[history]\nprevious = {json.dumps(previous, ensure_ascii=False)}\n" if previous else ""
    (root / "wenming.toml").write_text(
        f'[project]\ntitle = "测试区{year}年度创文网上申报材料"\n[period]\nstart = {year - 1}-11-01\n'
        f"end = {year}-10-31\n{history}",
        encoding="utf-8",
    )
    catalogue = [{
        "code": CODE, "title": "学雷锋志愿服务", "standard": rs.STANDARD, "units": ["区文明办"],
        "materials": [
            {"name": "文件通知", "kinds": ["document", "pdf"], "red_header": True, "seal": True, "min": 0},
            {"name": "实景图片", "kinds": ["image"], "min": 0},
            {"name": "平台截图", "kinds": ["image"], "min": 0},
            {"name": "说明报告", "kinds": ["document"], "min": 0},
        ],
    }]  # fmt: skip
    (root / "indicators").mkdir()
    (root / "indicators" / "目录.yaml").write_text(yaml.safe_dump(catalogue, allow_unicode=True), encoding="utf-8")
    (root / "evidence" / FOLDER).mkdir(parents=True)
    return root


def ev(root: Path, rel: str) -> Path:
    path = root / "evidence" / FOLDER / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def review_codes(result: CheckResult) -> dict[str, set[str]]:
    """File name -> the WM3xx codes found on it."""
    out: dict[str, set[str]] = {}
    for f in result.findings:
        if f.code >= "WM300" and f.path:
            out.setdefault(f.path.rsplit("/", 1)[-1], set()).add(f.code)
    return out


def finding(result: CheckResult, name: str, code: str) -> Finding:
    (found,) = [f for f in result.findings if f.code == code and f.path and f.path.endswith("/" + name)]
    return found


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> CheckResult:
    root = make_project(tmp_path_factory.mktemp("review") / "项目")
    photos = "实景图片/"
    rs.sharp_photo(ev(root, photos + "2026年5月7日 滨河社区 学雷锋志愿服务.jpg"))
    rs.blurred_photo(ev(root, photos + "2026年5月8日 滨河社区 学雷锋志愿服务 模糊.jpg"), seed=1)
    rs.sharp_photo(ev(root, photos + "2026年5月9日 阳光社区 学雷锋志愿服务 压缩.jpg"), seed=2, quality=20)
    rs.chat_copy(ev(root, photos + "2026年5月10日 阳光社区 学雷锋志愿服务 微信.jpg"), seed=3)
    rs.screenshot(ev(root, photos + "2026年5月11日 阳光社区 学雷锋志愿服务 截屏.png"))
    rs.watermarked_photo(ev(root, photos + "2026年5月12日 滨河社区 学雷锋志愿服务 水印.jpg"), seed=4)
    rs.screenshot(ev(root, "平台截图/志愿汇平台截图.png"))
    rs.scanned_notice(ev(root, "文件通知/盖章扫描件.pdf"))
    rs.scanned_notice(ev(root, "文件通知/未盖章扫描件.pdf"), red_header=False, with_seal=False)
    rs.notice_docx(ev(root, "文件通知/草稿通知.docx"), red_header=False, number=None, issuer=None)
    rs.report_docx(ev(root, "说明报告/总结式说明报告.docx"), rs.SUMMARY_REPORT)
    rs.report_docx(ev(root, "说明报告/说明式说明报告.docx"), rs.EXPLANATION_REPORT)
    return run_check(open_project(root))


def test_each_bad_file_gets_its_code_and_the_good_ones_none(checked: CheckResult) -> None:
    assert review_codes(checked) == {
        "2026年5月8日 滨河社区 学雷锋志愿服务 模糊.jpg": {"WM320"},
        "2026年5月9日 阳光社区 学雷锋志愿服务 压缩.jpg": {"WM321"},
        "2026年5月10日 阳光社区 学雷锋志愿服务 微信.jpg": {"WM322"},
        "2026年5月11日 阳光社区 学雷锋志愿服务 截屏.png": {"WM323"},
        "2026年5月12日 滨河社区 学雷锋志愿服务 水印.jpg": {"WM324"},
        "未盖章扫描件.pdf": {"WM310", "WM311"},
        "草稿通知.docx": {"WM310", "WM311", "WM312"},
        "总结式说明报告.docx": {"WM300", "WM301", "WM303"},
    }
    # The sharp photo, the screenshot in a screenshot material, the stamped scan and the explanation-style
    # report have none: no false alarm on the good files.


def test_messages_say_what_was_measured(checked: CheckResult) -> None:
    off = finding(checked, "总结式说明报告.docx", "WM300")
    assert off.message.startswith("说明报告未涉及测评标准中的：站点、注册、志愿者、人数、常住人口、比例")
    assert "覆盖 33%" in off.message and off.severity.value == "warning" and off.kind == "insufficient"
    assert finding(checked, "总结式说明报告.docx", "WM301").message == "缺少具体数据支撑（全文仅 0 处数字）"
    assert "总结套话 20 处" in finding(checked, "总结式说明报告.docx", "WM303").message
    blur = finding(checked, "2026年5月8日 滨河社区 学雷锋志愿服务 模糊.jpg", "WM320").message
    assert "模糊度 0." in blur and "0.45" in blur and "1024×768" in blur
    assert "估算 JPEG 质量 20" in finding(checked, "2026年5月9日 阳光社区 学雷锋志愿服务 压缩.jpg", "WM321").message
    chat = finding(checked, "2026年5月10日 阳光社区 学雷锋志愿服务 微信.jpg", "WM322").message
    assert chat.startswith("疑似聊天软件压缩图，请提交原图：长边 1280 像素") and "质量 80" in chat
    assert "1080×2340" in finding(checked, "2026年5月11日 阳光社区 学雷锋志愿服务 截屏.png", "WM323").message
    assert "下部" in finding(checked, "2026年5月12日 滨河社区 学雷锋志愿服务 水印.jpg", "WM324").message
    assert finding(checked, "未盖章扫描件.pdf", "WM310").message.startswith("未见红头（首页上部红色像素占 0.00%")
    assert finding(checked, "未盖章扫描件.pdf", "WM311").message.startswith("未见印章（请提交盖章扫描件）")
    assert finding(checked, "草稿通知.docx", "WM312").message == "文件中未见发文字号（如“〔2026〕12号”）和发文机关"


def test_thresholds_come_from_wenming_toml(tmp_path: Path) -> None:
    root = make_project(tmp_path / "项目")
    with (root / "wenming.toml").open("a", encoding="utf-8") as fh:
        fh.write("[review]\nblur_max = 0.1\ncoverage_min = 0.0\nfigures_min = 0\n")
    rs.sharp_photo(ev(root, "实景图片/2026年5月7日 滨河社区 学雷锋志愿服务.jpg"))
    rs.report_docx(ev(root, "说明报告/总结式说明报告.docx"), rs.SUMMARY_REPORT)
    codes = review_codes(run_check(open_project(root)))
    assert codes["2026年5月7日 滨河社区 学雷锋志愿服务.jpg"] == {"WM320"}  # 0.13 >= 0.1
    assert codes["总结式说明报告.docx"] == {"WM303"}  # no WM300/WM301 at these thresholds


def test_reuse_from_an_earlier_cycle(tmp_path: Path) -> None:
    earlier = make_project(tmp_path / "2025年度", year=2025)
    photo = rs.sharp_photo(ev(earlier, "实景图片/2025年5月7日 滨河社区 学雷锋志愿服务.jpg"), seed=7,
                           taken=dt.datetime(2025, 5, 7, 9, 30))  # in that cycle's period, so it is packed
    report = rs.report_docx(ev(earlier, "说明报告/说明报告.docx"), rs.EXPLANATION_REPORT)
    project = open_project(earlier)
    outcome = build_output(project, run_check(project), BuildOptions(word=False, allow_incomplete=True))
    index = json.loads((outcome.folder / INDEX_NAME).read_text(encoding="utf-8"))
    assert index["cycle"] == "2025年度" and len(index["files"]) == 2
    assert all(f["source_sha256"] for f in index["files"]) and sum("phash" in f for f in index["files"]) == 1
    manifest = outcome.folder / "manifest.json"

    later = make_project(tmp_path / "2026年度", previous=[str(Path("..") / manifest.relative_to(tmp_path))])
    shutil.copy(report, ev(later, "说明报告/说明报告.docx"))  # the same file again
    from PIL import Image

    with Image.open(photo) as img:  # the same photo, shrunk and re-saved by a chat app
        img.resize((1200, 900)).save(ev(later, "实景图片/2026年5月7日 滨河社区 学雷锋志愿服务.jpg"), quality=85)
    rs.sharp_photo(ev(later, "实景图片/2026年6月1日 阳光社区 学雷锋志愿服务.jpg"), seed=8)  # a new photo
    result = run_check(open_project(later))
    reused = {f.path.rsplit("/", 1)[-1]: f for f in result.findings if f.code in ("WM330", "WM331") and f.path}
    assert set(reused) == {"说明报告.docx", "2026年5月7日 滨河社区 学雷锋志愿服务.jpg"}
    assert reused["说明报告.docx"].code == "WM330" and reused["说明报告.docx"].kind == "duplicate"
    assert reused["说明报告.docx"].message.startswith("该文件已在2025年度申报材料中使用（当时为 上报材料/")
    similar = reused["2026年5月7日 滨河社区 学雷锋志愿服务.jpg"]
    assert similar.code == "WM331" and similar.message.startswith("该照片与2025年度申报材料中的照片几乎相同")

    # Without the index (an older tool's output) the manifest's SHA-256 list still finds the same file.
    (outcome.folder / INDEX_NAME).unlink()
    codes = {f.code for f in run_check(open_project(later)).findings if f.code in ("WM330", "WM331")}
    assert codes == {"WM330"}


def test_a_missing_previous_manifest_is_a_config_error(tmp_path: Path) -> None:
    root = make_project(tmp_path / "项目", previous=["../2025年度/output/x/manifest.json"])
    rs.sharp_photo(ev(root, "实景图片/2026年5月7日 滨河社区 学雷锋志愿服务.jpg"))
    with pytest.raises(ConfigError) as caught:
        run_check(open_project(root))
    assert "[history] previous 中的 ../2025年度/output/x/manifest.json 不存在" in caught.value.message


def test_no_review_findings_on_a_photo_without_a_date_problem(tmp_path: Path) -> None:
    """A 2400×1800 camera photo with EXIF: none of the photo checks fire (measured on a 1/2-scale decode)."""
    root = make_project(tmp_path / "项目")
    rs.save_jpeg(rs.scene(5, (2400, 1800)), ev(root, "实景图片/2026年5月7日 滨河社区 学雷锋志愿服务.jpg"))
    assert review_codes(run_check(open_project(root))) == {}


def test_seal_and_red_header_survive_a_catalogue_dump() -> None:
    from wenming_submit.catalog.dump import material_dict
    from wenming_submit.catalog.model import Material

    assert material_dict(Material(name="文件通知", seal=True, red_header=True)) == {
        "name": "文件通知", "kinds": ["any"], "seal": True, "red_header": True}  # fmt: skip
    assert "seal" not in material_dict(Material(name="活动方案"))


def test_import_reads_seal_and_red_header_from_the_requirement() -> None:
    from wenming_submit.catalog.importer.requirements_text import parse_requirement

    materials = parse_requirement("红头文件扫描件；制度文件（盖章）；实景图片5张以上（扫描件）；说明报告500字").materials
    flags = {m.name: (m.seal, m.red_header) for m in materials}
    assert flags == {"红头文件": (True, True), "制度文件": (True, False), "实景图片": (False, False),
                     "说明报告": (False, False)}  # fmt: skip
