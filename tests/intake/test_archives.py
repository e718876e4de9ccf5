"""Archives are opened with the check's rules: bombs, passwords and zip-slip refused before extraction;
7z through py7zr; RAR without an extraction program is reported with what to do. Clashes get a suffix."""

from __future__ import annotations

import zipfile
from pathlib import Path

import py7zr
import pytest
from click.testing import CliRunner

from testkit.core import Proj, tree_digest
from wenming_submit.cli import main
from wenming_submit.errors import EXIT_CANNOT_RUN, EXIT_OK, EXIT_PROBLEMS
from wenming_submit.intake import Status, run_intake
from wenming_submit.intake.apply import copy_new
from wenming_submit.intake.archives import zip_member_name
from wenming_submit.project import open_project

from .conftest import gbk_zip, zip_bytes


def intake(proj: Proj, inbox: Path, **kwargs: object) -> dict[str, object]:
    result = run_intake(open_project(proj.root), inbox, **kwargs)  # type: ignore[arg-type]
    return {p.item.source: p for p in result.proposals}


def test_gbk_names_are_decoded(tmp_path: Path) -> None:
    path = gbk_zip(tmp_path / "a.zip", {"区教育局/Ⅱ-3-2 我们的节日/活动方案.docx": b"x"})
    with zipfile.ZipFile(path) as zf:
        info = zf.infolist()[0]
        assert not info.flag_bits & 0x800  # as Windows writes it: no UTF-8 flag
        assert info.filename != "区教育局/Ⅱ-3-2 我们的节日/活动方案.docx"  # zipfile read it as cp437
        assert zip_member_name(info) == "区教育局/Ⅱ-3-2 我们的节日/活动方案.docx"


@pytest.mark.parametrize(
    ("members", "flag", "expected"),
    [
        ({"../../evil.txt": b"x"}, 0, "指向压缩包之外"),
        ({"/etc/evil.txt": b"x"}, 0, "绝对路径"),
        ({"a.txt": b"x"}, 0x1, "WM202 压缩包设置了密码"),
        ({"zeros.txt": b"\0" * (6 * 2**20)}, 0, "WM204 文件的压缩结构异常，已拒绝解压：成员「zeros.txt」压缩比"),
    ],
)
def test_unsafe_zips_are_refused_before_extraction(
    proj: Proj, members: dict[str, bytes], flag: int, expected: str
) -> None:
    inbox = proj.root.parent / "收件箱"
    inbox.mkdir()
    (inbox / "区文明办.zip").write_bytes(zip_bytes(members, flag=flag))
    before = tree_digest(proj.root / "evidence")
    got = intake(proj, inbox, apply=True)
    refused = got["收件箱/区文明办.zip"]
    assert refused.status is Status.refused  # type: ignore[attr-defined]
    assert expected in refused.missing[0]  # type: ignore[attr-defined]
    assert refused.missing[0].startswith("压缩包未解压：")  # type: ignore[attr-defined]
    assert len(got) == 1
    assert tree_digest(proj.root / "evidence") == before
    assert not (proj.root.parent / "evil.txt").exists()


def test_7z_members_are_filed_as_single_files(proj: Proj, files: object) -> None:
    inbox = proj.root.parent / "收件箱"
    src = proj.root.parent / "src"
    files.jpeg(src / "a.jpg", size=(320, 240), seed=7)  # type: ignore[attr-defined]
    inbox.mkdir()
    with py7zr.SevenZipFile(inbox / "教育局材料.7z", "w") as archive:
        archive.write(src / "a.jpg", "Ⅱ-3-2 我们的节日/实景图片/IMG_0001.jpg")
    got = intake(proj, inbox)
    photo = got["收件箱/教育局材料.7z/Ⅱ-3-2 我们的节日/实景图片/IMG_0001.jpg"]
    assert photo.status is Status.ready  # type: ignore[attr-defined]
    assert (photo.unit.value, photo.indicator.value, photo.material.value) == ("区教育局", "Ⅱ-3-2", "实景图片")  # type: ignore[attr-defined]
    assert "压缩包名「教育局材料」" in photo.reason  # type: ignore[attr-defined]


def test_a_7z_with_a_password_is_refused(proj: Proj) -> None:
    inbox = proj.root.parent / "收件箱"
    inbox.mkdir()
    (proj.root.parent / "a.txt").write_text("secret", encoding="utf-8")
    with py7zr.SevenZipFile(inbox / "加密.7z", "w", password="123") as archive:
        archive.write(proj.root.parent / "a.txt", "a.txt")
    got = intake(proj, inbox)
    assert "WM202 压缩包设置了密码" in got["收件箱/加密.7z"].missing[0]  # type: ignore[attr-defined]


def test_rar_that_cannot_be_extracted_says_to_extract_by_hand(proj: Proj, monkeypatch: pytest.MonkeyPatch) -> None:
    import rarfile

    inbox = proj.root.parent / "收件箱"
    inbox.mkdir()
    (inbox / "区城管局.rar").write_bytes(b"Rar!\x1a\x07\x00" + b"\x00" * 64)
    monkeypatch.setattr(rarfile, "tool_setup", lambda *a, **k: (_ for _ in ()).throw(rarfile.RarCannotExec("none")))
    got = intake(proj, inbox)
    refused = got["收件箱/区城管局.rar"]
    assert refused.status is Status.refused  # type: ignore[attr-defined]
    assert "请先用 WinRAR 或 7-Zip 手工解压" in refused.missing[0]  # type: ignore[attr-defined]


def test_a_clash_gets_a_suffix_and_nothing_is_replaced(tmp_path: Path) -> None:
    folder = tmp_path / "目标"
    folder.mkdir()
    (folder / "照片.jpg").write_bytes(b"old")
    (folder / "照片 (2).jpg").write_bytes(b"older")
    source = tmp_path / "照片.jpg"
    source.write_bytes(b"new")
    target = copy_new(source, folder, "照片.jpg")
    assert target.name == "照片 (3).jpg" and target.read_bytes() == b"new"
    assert (folder / "照片.jpg").read_bytes() == b"old" and (folder / "照片 (2).jpg").read_bytes() == b"older"
    assert sorted(p.name for p in folder.iterdir()) == ["照片 (2).jpg", "照片 (3).jpg", "照片.jpg"]  # no temp left
    assert source.read_bytes() == b"new"


def test_exit_codes(proj: Proj, files: object) -> None:
    runner = CliRunner()
    missing = runner.invoke(main, ["intake", str(proj.root.parent / "没有"), "-C", str(proj.root)])
    assert missing.exit_code == EXIT_CANNOT_RUN and "找不到收件文件夹或压缩包" in missing.output
    inbox = proj.root.parent / "收件箱"
    files.jpeg(inbox / "微信图片_1.jpg", size=(320, 240), seed=9)  # type: ignore[attr-defined]
    bad_unit = runner.invoke(main, ["intake", str(inbox), "-C", str(proj.root), "--unit", "区卫健委"])
    assert bad_unit.exit_code == EXIT_CANNOT_RUN and "没有名为「区卫健委」的责任单位" in bad_unit.output
    inside = runner.invoke(main, ["intake", str(proj.root / "evidence"), "-C", str(proj.root)])
    assert inside.exit_code == EXIT_CANNOT_RUN and "在 evidence/ 之内" in inside.output
    bad_plan = runner.invoke(main, ["intake", str(inbox), "-C", str(proj.root), "--plan", str(inbox / "x.xlsx")])
    assert bad_plan.exit_code == EXIT_CANNOT_RUN and "找不到归档计划" in bad_plan.output
    undecided = runner.invoke(main, ["intake", str(inbox), "-C", str(proj.root)])
    assert undecided.exit_code == EXIT_PROBLEMS and "无法判断单位" in undecided.output
    filed = runner.invoke(main, ["intake", str(inbox), "-C", str(proj.root), "-u", "教育局", "-i", "Ⅱ-3-2", "--apply"])
    assert filed.exit_code == EXIT_OK, filed.output
    assert (proj.root / "evidence/区教育局/Ⅱ-3-2 开展“我们的节日”主题活动/实景图片/微信图片_1.jpg").is_file()
    again = runner.invoke(main, ["intake", str(inbox), "-C", str(proj.root)])
    assert again.exit_code == EXIT_OK and "已归档 1" in again.output
