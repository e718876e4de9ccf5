"""What the check says on files real programs make: LibreOffice-encrypted .doc/.xls, AES PDFs, OPC-broken
and template Word files, entity bombs, and what counts towards a material (`accepted`)."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Any

import pytest
from inspect_project import PHOTOS, PLANS, REPORTS, ProjectDir
from PIL import Image
from pypdf import PdfReader, PdfWriter

from wenming_submit.evidence.inspect import inspect_one
from wenming_submit.evidence.inspect.ole import _structure
from wenming_submit.evidence.sniff import sniff

DATA = Path(__file__).resolve().parents[1] / "data"
"""encrypted-libreoffice.doc/.xls: LibreOffice 7.4 `storeToURL` with a Password (RC4 CryptoAPI), see
bench/make_corpus.py; libreoffice.doc/.xls: the same documents saved without one."""


def codes(path: Path) -> list[str]:
    return [i.code for i in inspect_one(path, sniff(path).format.id).issues]


@pytest.mark.parametrize("name", ["encrypted-libreoffice.doc", "encrypted-libreoffice.xls"])
def test_password_protected_legacy_office_files_are_encrypted(name: str) -> None:
    path = DATA / name
    assert codes(path) == ["WM202"]
    fmt = sniff(path).format.id
    assert _structure(path, fmt)[0] is True  # our own FIB/FILEPASS reading agrees with msoffcrypto


@pytest.mark.parametrize("name", ["libreoffice.doc", "libreoffice.xls"])
def test_legacy_office_files_without_password_are_fine(name: str) -> None:
    assert codes(DATA / name) == []


@pytest.mark.parametrize("name", ["libreoffice.doc", "libreoffice.xls"])
def test_damaged_legacy_office_files_are_corrupt(tmp_path: Path, name: str) -> None:
    data = (DATA / name).read_bytes()
    for n, cut in enumerate((len(data) // 2, len(data) - 700)):
        path = tmp_path / f"{n}{name}"
        path.write_bytes(data[:cut])
        sniffed = sniff(path)
        found = ["WM201"] if sniffed.detail else codes(path)  # the stage reports a sniff detail as WM201
        assert found == ["WM201"], (cut, sniffed)


def _rezip(src: Path, dest: Path, *, drop: str = "", replace: dict[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
        for name in zin.namelist():
            if name != drop:
                zout.writestr(name, (replace or {}).get(name, zin.read(name)))
    return dest


@pytest.mark.parametrize("drop", ["[Content_Types].xml", "_rels/.rels", "word/styles.xml"])
def test_a_docx_python_docx_cannot_open_is_corrupt(tmp_path: Path, files: Any, drop: str) -> None:
    import docx

    good = files.docx(tmp_path / "good.docx", ["活动情况说明"], title="说明")
    broken = _rezip(good, tmp_path / "说明.docx", drop=drop)
    with pytest.raises(Exception):  # noqa: B017 - what the 汇编 meets: python-docx refuses it
        docx.Document(str(broken))
    (issue,) = inspect_one(broken, "docx").issues
    assert issue.code == "WM201" and "Word 无法打开" in issue.params["reason"]


def test_an_entity_bomb_in_any_docx_part_is_unsafe(tmp_path: Path, files: Any) -> None:
    good = files.docx(tmp_path / "good.docx", ["活动情况说明"], title="说明")
    bomb = (b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
            b'<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">&b;</w:styles>')  # fmt: skip
    path = _rezip(good, tmp_path / "说明.docx", replace={"word/styles.xml": bomb})
    assert [i.code for i in inspect_one(path, "docx").issues] == ["WM206"]


def _pdf(path: Path, files: Any, user_password: str) -> Path:
    plain = files.pdf(path.with_suffix(".plain.pdf"), ["关于开展活动的通知"])
    writer = PdfWriter(clone_from=PdfReader(plain))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="AES-256")
    with path.open("wb") as fh:
        writer.write(fh)
    return path


def test_an_aes_pdf_with_a_password_is_encrypted(tmp_path: Path, files: Any) -> None:
    assert codes(_pdf(tmp_path / "通知.pdf", files, "secret")) == ["WM202"]


def test_an_aes_pdf_that_opens_with_the_empty_password_is_fine(tmp_path: Path, files: Any) -> None:
    path = _pdf(tmp_path / "通知.pdf", files, "")
    result = inspect_one(path, "pdf")
    assert result.issues == [] and result.facts["pages"] == 1 and result.facts["chars"] > 0


# --- the whole check


def test_templates_and_macro_documents_are_legacy_not_mislabelled(project: ProjectDir, files: Any) -> None:
    plain = files.docx(project.root / "a.docx", ["“我们的节日”活动方案"], title="方案")
    with zipfile.ZipFile(plain) as zf:
        types = zf.read("[Content_Types].xml").replace(
            b"wordprocessingml.document.main+xml", b"wordprocessingml.template.main+xml"
        )
    _rezip(plain, project.path(PLANS, "活动方案.dotx"), replace={"[Content_Types].xml": types})
    run = project.check()
    assert run.codes("活动方案.dotx") == {"WM210"}  # a warning that names it a template; no WM121
    (finding,) = run.at("活动方案.dotx")
    assert "Word 模板" in finding.message


def test_one_out_of_period_photo_of_five_leaves_the_material_partial(project: ProjectDir, files: Any) -> None:
    catalog = project.root / "indicators" / "目录.yaml"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace("min: 2", "min: 5", 1), encoding="utf-8")
    for day in range(1, 6):
        taken = dt.datetime(2024 if day == 5 else 2025, 5, day, 9)
        files.jpeg(project.path(PHOTOS, f"2025年5月{day}日 幸福社区 志愿者开展垃圾分类宣传.jpg"),
                   size=(1024, 768), seed=day, taken=taken)  # fmt: skip
    run = project.check()
    req = run.requirement("区文明办", "实景图片")
    assert req.status.value == "partial" and req.found == 5 and len(req.accepted) == 4  # type: ignore[attr-defined]
    assert len(req.files) == 5 and not any("5日" in p for p in req.accepted)  # type: ignore[attr-defined]
    (gap,) = [f for f in run.result.findings if f.code == "WM122"]
    assert gap.message == "材料「实景图片」交了 5 份，其中合格 4 份，要求至少 5 份"
    (doc,) = [
        r
        for r in run.result.to_json()["requirements"]
        if r["material"] == "实景图片" and r["unit"] == "区文明办"
    ]
    assert doc["found"] == 5 and len(doc["accepted"]) == 4 and doc["status"] == "partial"


def test_a_file_without_extension_names_the_one_to_add(project: ProjectDir, files: Any) -> None:
    files.docx(project.path(REPORTS, "情况说明"), ["各社区开展活动" * 40], title="说明")
    run = project.check()
    (finding,) = [f for f in run.at("情况说明") if f.kind == "extension-mismatch"]
    assert finding.code == "WM124" and "扩展名为 ." not in finding.message and ".docx" in finding.hint


def test_flat_pictures_of_different_colours_are_not_near_duplicates(project: ProjectDir) -> None:
    for n, colour in enumerate(("red", "navy")):
        Image.new("RGB", (1024, 768), colour).save(
            project.path(PHOTOS, f"2025年5月{n + 1}日 幸福社区 志愿者开展垃圾分类宣传.jpg"), "JPEG"
        )
    run = project.check()
    assert not [f for f in run.result.findings if f.code == "WM252"]


def test_notepad_caption_file_and_requirement_file_are_helpers(project: ProjectDir, files: Any) -> None:
    """A Notepad 图片说明.txt (CRLF, UTF-8 with BOM, ending in a Chinese character) gives the captions, and
    the 材料要求.txt the tool writes is never evidence, even when the project lists other helper names."""
    toml = project.root / "wenming.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8") + '\n[check]\nignore_names = ["图片说明.txt"]\n', encoding="utf-8"
    )
    for n in (1, 2):
        files.jpeg(
            project.path(PHOTOS, f"IMG_000{n}.jpg"), size=(1024, 768), seed=n, taken=dt.datetime(2025, 5, n)
        )
    lines = [f"IMG_000{n}.jpg 2025年5月{n}日 幸福社区 志愿者开展垃圾分类宣传" for n in (1, 2)]
    project.path(PHOTOS, "图片说明.txt").write_bytes("\r\n".join(lines).encode("utf-8-sig") + b"\r\n")
    project.path(PHOTOS, "材料要求.txt").write_bytes("实景图片：至少 2 张，注明时间地点\r\n".encode())
    run = project.check()
    assert not [f for f in run.result.findings if f.path and ("IMG_000" in f.path or "材料要求" in f.path)]
    assert len(run.requirement("区文明办", "实景图片").accepted) == 2  # type: ignore[attr-defined]


def test_a_damaged_odt_member_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "方案.odt"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        zf.writestr("content.xml", '<o xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
                    + "<text:p>各社区开展“我们的节日”主题活动</text:p>" * 50 + "</o>")  # fmt: skip
    assert sniff(path).format.id == "odt" and codes(path) == []
    raw = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("content.xml")
    raw[info.header_offset + 30 + len("content.xml") + 20] ^= 0x10  # one bit of the compressed text
    path.write_bytes(bytes(raw))
    assert codes(path) == ["WM201"]


def test_a_photo_whose_header_is_gone_is_corrupt_not_the_wrong_type(project: ProjectDir, files: Any) -> None:
    for n in (1, 2):
        files.jpeg(
            project.path(PHOTOS, f"2025年5月{n}日 幸福社区 志愿者开展垃圾分类宣传.jpg"),
            size=(1024, 768),
            seed=n,
        )
    photo = project.path(PHOTOS, "2025年5月3日 幸福社区 志愿者开展垃圾分类宣传.jpg")
    photo.write_bytes(b"\0" * 16 + bytes(range(256)) * 8)  # the JPEG header overwritten
    run = project.check()
    assert run.codes(photo.name) == {"WM201"}


def test_encrypted_doc_and_xls_are_reported_and_do_not_count(project: ProjectDir) -> None:
    import shutil

    from inspect_project import LEDGERS

    shutil.copy(DATA / "encrypted-libreoffice.doc", project.path(PLANS, "活动方案.doc"))
    shutil.copy(DATA / "encrypted-libreoffice.xls", project.path(LEDGERS, "巡查台账.xls"))
    run = project.check()
    assert run.codes("活动方案.doc") == {"WM202", "WM210"}  # encrypted; and a legacy format besides
    assert run.codes("巡查台账.xls") == {"WM202", "WM210"}
    for unit, material in (("区文明办", "活动方案"), ("区城管局", "巡查台账")):
        req = run.requirement(unit, material)
        assert req.status.value == "missing" and req.found == 1 and req.accepted == ()  # type: ignore[attr-defined]
