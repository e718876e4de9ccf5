"""Every finding kind of the core check, on a small real project; the scan never stops on a bad file."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest
from PIL import Image

from testkit.core import Proj, findings, requirement, tree_digest
from wenming_submit.errors import EXIT_OK, EXIT_PROBLEMS
from wenming_submit.findings.registry import KINDS, REGISTRY

BASE = "区文明办/Ⅱ-3-2 我们的节日"


def test_complete_project_has_no_findings(proj: Proj) -> None:
    proj.complete()
    result = proj.check()
    assert {r.status.value for r in result.requirements} == {"complete"}
    assert result.findings == ()
    assert result.exit_code == EXIT_OK
    assert result.summary.files == 10


def test_missing(proj: Proj) -> None:
    proj.complete()
    (proj.root / "evidence" / BASE / "说明报告.pdf").unlink()
    result = proj.check()
    (finding,) = findings(result)
    assert (finding.code, finding.kind, finding.severity.value) == ("WM101", "missing", "error")
    assert (finding.unit, finding.indicator, finding.material, finding.path) == (
        "区文明办",
        "Ⅱ-3-2",
        "说明报告",
        None,
    )
    assert finding.message == "缺少材料「说明报告」（要求至少 1 份）"
    assert f"evidence/{BASE}" in finding.hint  # points at the unit's own folder
    assert requirement(result, "Ⅱ-3-2", "区文明办", "说明报告").status.value == "missing"
    assert result.exit_code == EXIT_PROBLEMS


def test_missing_hint_names_a_folder_to_create_when_the_unit_has_none(proj: Proj) -> None:
    proj.complete()
    for path in sorted((proj.root / "evidence" / "区城管局").rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    found = findings(proj.check(), "WM101")
    assert {f.material for f in found} == {"巡查台账", "整改照片"}
    assert all("evidence/区城管局/Ⅲ—12 网格化创建巡查" in f.hint for f in found)


def test_insufficient(proj: Proj) -> None:
    proj.complete()
    (proj.root / "evidence" / BASE / "实景图片" / "2026年3月6日 社区 元宵节活动.jpg").unlink()
    result = proj.check()
    (finding,) = findings(result)
    assert (finding.code, finding.kind) == ("WM102", "insufficient")
    assert finding.message == "材料「实景图片」只有 1 份，要求至少 2 份"
    assert finding.hint == "请再补充 1 份「实景图片」"
    req = requirement(result, "Ⅱ-3-2", "区文明办", "实景图片")
    assert (req.status.value, req.found, req.required) == ("partial", 1, 2)


def test_unassigned_file_without_indicator_and_stray_file(proj: Proj) -> None:
    proj.complete()
    proj.docx("区文明办/工作总结.docx")
    proj.docx("说明.docx")
    result = proj.check()
    (no_indicator,) = findings(result, "WM111")
    assert no_indicator.kind == "unassigned" and no_indicator.path == "evidence/区文明办/工作总结.docx"
    assert no_indicator.unit == "区文明办"
    assert "evidence/区文明办/Ⅱ-3-2" in no_indicator.hint
    (stray,) = findings(result, "WM153")
    assert stray.kind == "unassigned" and stray.path == "evidence/说明.docx"


def test_unassigned_material(proj: Proj) -> None:
    proj.complete()
    proj.docx(f"{BASE}/会议纪要.docx")
    (finding,) = findings(proj.check(), "WM113")
    assert finding.kind == "unassigned"
    assert "活动方案、实景图片、说明报告" in finding.message


def test_unknown_unit(proj: Proj) -> None:
    proj.complete()
    proj.photo("区卫健委/Ⅱ-3-2 我们的节日/a.jpg")
    (finding,) = findings(proj.check(), "WM110")
    assert finding.kind == "unknown-unit" and finding.message == "文件夹「区卫健委」不是已知的责任单位"
    assert finding.indicator == "Ⅱ-3-2" and finding.unit is None


def test_wrong_type_does_not_count(proj: Proj) -> None:
    proj.complete()
    (proj.root / "evidence" / BASE / "实景图片" / "2026年3月6日 社区 元宵节活动.jpg").unlink()
    proj.docx(f"{BASE}/实景图片/照片汇总.docx")
    result = proj.check()
    (finding,) = findings(result, "WM120")
    assert finding.kind == "wrong-type" and finding.material == "实景图片"
    assert finding.message == "「实景图片」要求图片，此文件是Word 文档"
    assert len(requirement(result, "Ⅱ-3-2", "区文明办", "实景图片").accepted) == 1


def test_extension_mismatch_still_counts(proj: Proj, files: object) -> None:
    proj.complete()
    files.png(proj.path(f"{BASE}/实景图片/2026年3月7日 公园 元宵.jpg"), size=(40, 30))  # type: ignore[attr-defined]
    files.jpeg(proj.path(f"{BASE}/实景图片/2026年3月8日 公园 元宵.png"), size=(40, 30))  # type: ignore[attr-defined]
    result = proj.check()
    found = {f.path.rsplit("/", 1)[-1]: f for f in findings(result, "WM121")}  # type: ignore[union-attr]
    assert found["2026年3月7日 公园 元宵.jpg"].message == "扩展名为 .jpg，但内容实际是PNG 图片"
    assert found["2026年3月8日 公园 元宵.png"].hint.endswith(".jpg")
    assert all(f.kind == "extension-mismatch" and f.severity.value == "warning" for f in found.values())
    assert requirement(result, "Ⅱ-3-2", "区文明办", "实景图片").found == 4


def test_doc_renamed_docx_is_an_extension_mismatch(proj: Proj) -> None:
    from make_demo import ole2_file

    proj.complete()
    (proj.root / "evidence" / BASE / "活动方案.docx").unlink()
    ole2_file(proj.path(f"{BASE}/活动方案.docx"), {"WordDocument": b"\0" * 64})
    result = proj.check()
    (finding,) = findings(result, "WM121")
    assert "旧版 Word 文档" in finding.message and finding.hint.endswith(".doc")
    assert requirement(result, "Ⅱ-3-2", "区文明办", "活动方案").status.value == "complete"


def test_empty(proj: Proj) -> None:
    proj.complete()
    proj.raw(f"{BASE}/说明报告（补充）.docx", b"")
    (finding,) = findings(proj.check(), "WM130")
    assert finding.kind == "empty" and finding.severity.value == "error" and finding.material == "说明报告"


def test_empty_file_does_not_count(proj: Proj) -> None:
    proj.complete()
    (proj.root / "evidence" / BASE / "说明报告.pdf").unlink()
    proj.raw(f"{BASE}/说明报告.pdf", b"")
    result = proj.check()
    assert {f.code for f in result.findings} == {"WM122", "WM130"}  # handed in 1, none that counts
    (req,) = [r for r in result.requirements if r.material == "说明报告" and r.unit == "区文明办"]
    assert (req.status.value, req.found, req.accepted) == ("missing", 1, ())


@pytest.mark.parametrize(
    "name", ["~$活动方案.docx", ".DS_Store", "Thumbs.db", "照片.jpg.crdownload", ".~lock.方案.docx#"]
)
def test_temp_file(proj: Proj, name: str) -> None:
    proj.complete()
    proj.raw(f"{BASE}/{name}", b"\x0bAdministrator" + b"\0" * 40)
    result = proj.check()
    (finding,) = findings(result)
    assert (finding.code, finding.kind, finding.severity.value) == ("WM131", "temp-file", "warning")
    assert (finding.unit, finding.indicator) == ("区文明办", "Ⅱ-3-2")  # shown to its unit under --unit
    assert result.summary.files == 10  # not counted as evidence


def test_too_large(proj: Proj) -> None:
    proj.complete()
    big = proj.path("区城管局/Ⅲ—12 网格化创建巡查/整改照片/解放路整改前.jpg")
    Image.effect_noise((400, 300), 80).convert("RGB").save(big, "JPEG", quality=95)  # noise does not compress
    assert big.stat().st_size > 0.1 * 1024 * 1024
    result = proj.check()
    # The upload package compresses a photo to the limit itself: a warning, and the photo still counts.
    assert not findings(result, "WM140")
    (finding,) = findings(result, "WM123")
    assert finding.kind == "too-large" and finding.severity.value == "warning" and finding.material == "整改照片"
    assert "超过上限 0.1 MB" in finding.message and "自动压缩" in finding.message
    assert "evidence/区城管局/Ⅲ—12 网格化创建巡查/整改照片/解放路整改前.jpg" in requirement(
        result, "Ⅲ—12", "区城管局", "整改照片"
    ).accepted


def test_too_large_gif_is_an_error_the_build_cannot_fix(proj: Proj) -> None:
    proj.complete()
    big = proj.path("区城管局/Ⅲ—12 网格化创建巡查/整改照片/解放路整改前.gif")
    frames = [Image.effect_noise((300, 300), 80).convert("P") for _ in range(4)]
    frames[0].save(big, "GIF", save_all=True, append_images=frames[1:])  # animated: copied as it is
    assert big.stat().st_size > 0.1 * 1024 * 1024
    result = proj.check()
    (finding,) = findings(result, "WM140")
    assert finding.severity.value == "error" and "超过图片上限 0.1 MB" in finding.message
    assert finding.path not in requirement(result, "Ⅲ—12", "区城管局", "整改照片").accepted


def test_too_large_by_project_limit(proj: Proj) -> None:
    proj.complete()
    toml = proj.root / "wenming.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8") + "\n[limits]\ndocument_max_mb = 0.001\n", encoding="utf-8"
    )
    found = findings(proj.check(), "WM140")
    assert {f.path.rsplit("/", 1)[-1] for f in found} == {"活动方案.docx"}  # type: ignore[union-attr]


def test_undecodable_name_is_unreadable_and_the_scan_goes_on(proj: Proj) -> None:
    proj.complete()
    folder = os.fsencode(proj.path(f"{BASE}/实景图片"))
    with open(folder + b"/\xb7\xe7\xbe\xb0.jpg", "wb") as fh:  # GBK bytes from an old zip tool
        fh.write(b"\xff\xd8\xff\xe0" + b"\0" * 100)
    result = proj.check()
    (finding,) = findings(result, "WM150")
    assert finding.kind == "unreadable" and "编码损坏" in finding.message
    assert finding.path is not None and "\ufffd" in finding.path
    assert result.summary.files == 11


def test_unreadable_permissions(proj: Proj) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads every file regardless of permissions")
    proj.complete()
    path = proj.photo(f"{BASE}/实景图片/2026年3月9日 广场 元宵.jpg")
    path.chmod(0)
    try:
        (finding,) = findings(proj.check(), "WM150")
        assert finding.kind == "unreadable"
    finally:
        path.chmod(0o644)


def test_links_out_of_evidence_are_not_followed(proj: Proj, tmp_path: Path) -> None:
    proj.complete()
    secret = tmp_path / "outside.jpg"
    secret.write_bytes(b"secret")
    outside_dir = tmp_path / "outside"
    outside_dir.mkdir()
    (outside_dir / "x.jpg").write_bytes(b"x")
    (proj.path(f"{BASE}/实景图片/link.jpg")).symlink_to(secret)
    (proj.path(f"{BASE}/更多照片")).symlink_to(outside_dir, target_is_directory=True)
    (proj.path(f"{BASE}/broken.jpg")).symlink_to(proj.root / "evidence" / BASE / "deleted.jpg")
    result = proj.check()
    unsafe = findings(result, "WM151")
    assert {f.path.rsplit("/", 1)[-1] for f in unsafe} == {"link.jpg", "更多照片"}  # type: ignore[union-attr]
    assert all(f.kind == "unsafe" and f.unit == "区文明办" for f in unsafe)
    assert all("evidence 文件夹以外" in f.message for f in unsafe)
    (broken,) = findings(result, "WM150")
    assert broken.path == f"evidence/{BASE}/broken.jpg"
    assert not any("x.jpg" in f.rel for f in result.files)
    assert len(requirement(result, "Ⅱ-3-2", "区文明办", "实景图片").accepted) == 2


def test_link_inside_evidence_is_fine(proj: Proj) -> None:
    proj.complete()
    target = proj.root / "evidence" / BASE / "活动方案.docx"
    proj.path("区文明办/Ⅱ-3-2 我们的节日/方案链接.docx").symlink_to(target)
    assert not findings(proj.check(), kind="unsafe")


def test_odd_unicode_names(proj: Proj) -> None:
    proj.complete()
    nfd = unicodedata.normalize("NFD", "2026年3月10日 café 元宵.jpg")
    proj.photo(f"{BASE}/实景图片/{nfd}")
    proj.photo(f"{BASE}/实景图片/2026年3月11日\u3000广场\u3000元宵.jpg")
    proj.photo(f"{BASE}/实景图片/2026年3月12日 广场 元宵🎉.jpg")
    proj.photo(f"{BASE}/实景图片/ 2026年3月13日 广场 元宵.jpg")
    result = proj.check()
    rels = {f.rel for f in result.files}
    assert f"evidence/{BASE}/实景图片/" + unicodedata.normalize("NFC", nfd) in rels  # shown as NFC
    reasons = sorted(f.message.split("：", 1)[1] for f in findings(result, "WM152"))
    assert reasons == ["含全角空格", "含表情符号", "首尾有空格"]
    assert all(f.kind == "naming" and f.severity.value == "warning" for f in findings(result, "WM152"))
    assert requirement(result, "Ⅱ-3-2", "区文明办", "实景图片").found == 6


def test_nfd_folder_names_are_assigned(proj: Proj) -> None:
    """macOS writes NFD: a unit alias with a decomposable character still matches."""
    toml = proj.root / "wenming.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace('["文明办"]', '["文明办", "Wénmíng"]'), encoding="utf-8"
    )
    proj.complete()
    proj.photo(unicodedata.normalize("NFD", "Wénmíng/Ⅱ-3-2 节日/实景图片/2026年3月14日 广场 元宵.jpg"))
    result = proj.check()
    assert not findings(result, "WM110")
    assert requirement(result, "Ⅱ-3-2", "区文明办", "实景图片").found == 3


def test_check_never_writes_under_evidence(proj: Proj, files: object, tmp_path: Path) -> None:
    proj.complete()
    proj.raw(f"{BASE}/~$活动方案.docx", b"x")
    proj.raw(f"{BASE}/empty.pdf", b"")
    (proj.path(f"{BASE}/link.jpg")).symlink_to(tmp_path)
    before = tree_digest(proj.root / "evidence")
    proj.check()
    assert tree_digest(proj.root / "evidence") == before


def test_every_core_kind_has_a_registered_code() -> None:
    core_kinds = {"missing", "insufficient", "unassigned", "unknown-unit", "wrong-type", "extension-mismatch",
                  "empty", "temp-file", "too-large", "unreadable", "unsafe", "naming"}  # fmt: skip
    registered = {spec.kind for spec in REGISTRY.values()}
    assert core_kinds <= registered
    assert registered <= set(KINDS)
    for spec in REGISTRY.values():
        assert spec.message and spec.hint and spec.doc


def test_link_loop_fifo_and_broken_folder_name_do_not_stop_the_scan(proj: Proj) -> None:
    proj.complete()
    loop = proj.path(f"{BASE}/loop.jpg")
    loop.symlink_to(loop)
    os.mkfifo(proj.path(f"{BASE}/实景图片/管道.jpg"))  # opening it would block the scan forever
    folder = os.fsencode(proj.path(f"{BASE}/实景图片")) + b"/\xb7\xe7\xbe\xb0"
    os.mkdir(folder)
    with open(folder + os.fsencode("/2026年3月9日 广场 元宵.jpg"), "wb") as fh:
        fh.write(proj.files.jpeg_bytes())  # type: ignore[attr-defined]
    result = proj.check()
    reasons = {f.path.rsplit("/", 1)[-1]: f.message for f in findings(result, "WM150")}  # type: ignore[union-attr]
    assert reasons["loop.jpg"] == "无法读取：链接循环指向自身"
    assert "不是普通文件" in reasons["管道.jpg"]
    assert "编码损坏" in reasons["2026年3月9日 广场 元宵.jpg"]  # the folder's name is broken, not the file's
    assert len(requirement(result, "Ⅱ-3-2", "区文明办", "实景图片").accepted) == 2


def test_a_file_that_cannot_be_opened_is_unreadable(proj: Proj, monkeypatch: pytest.MonkeyPatch) -> None:
    """As root no file is unreadable, so the permission error the OS gives other users is raised here."""
    from wenming_submit.evidence import scan as scan_module

    proj.complete()
    locked = proj.photo(f"{BASE}/实景图片/2026年3月9日 广场 元宵.jpg")
    real_sniff = scan_module.sniff

    def sniff(path: Path) -> object:
        if path == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_sniff(path)

    monkeypatch.setattr(scan_module, "sniff", sniff)
    result = proj.check()
    (finding,) = findings(result, "WM150")
    assert finding.message == "无法读取：没有读取权限" and finding.path.endswith("元宵.jpg")  # type: ignore[union-attr]
    assert len(requirement(result, "Ⅱ-3-2", "区文明办", "实景图片").accepted) == 2  # not counted
