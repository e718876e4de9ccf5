"""Odd or broken unit files never stop the build: each gets a clear placeholder with the reason."""

from __future__ import annotations

import datetime as dt
import shutil
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml

from wenming_submit import gongwen
from wenming_submit.assemble.options import BuildOptions, IncompleteBuild, gate
from wenming_submit.assemble.word import build_word
from wenming_submit.check.run import run_check
from wenming_submit.project import open_project

from .conftest import Built, build

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
V = 'xmlns:v="urn:schemas-microsoft-com:vml"'


def _tracked_docx(path: Path) -> Path:
    document = docx.Document()
    para = document.add_paragraph("原有文字。")
    para._p.append(
        parse_xml(
            f'<w:ins {W} w:id="1" w:author="联络员" w:date="2026-06-01T00:00:00Z"><w:r><w:t>插入的文字。</w:t></w:r></w:ins>'
        )
    )
    para._p.append(parse_xml(
        f'<w:del {W} w:id="2" w:author="联络员" w:date="2026-06-01T00:00:00Z"><w:r><w:delText>删除的文字</w:delText>'
        "</w:r></w:del>"))  # fmt: skip
    box = document.add_paragraph()
    box._p.append(parse_xml(
        f'<w:r {W} {V}><w:pict><v:shape style="width:100pt;height:50pt"><v:textbox><w:txbxContent>'
        "<w:p><w:r><w:t>文本框里的文字</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r>"))  # fmt: skip
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def _broken_docx(source: Path, path: Path) -> Path:
    """A real .docx whose document.xml is cut off: it sniffs as Word but cannot be parsed."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            dst.writestr(item, data[: len(data) // 2] if item.filename == "word/document.xml" else data)
    return path


@pytest.fixture(scope="module")
def bad(sample_project: Path, tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = tmp_path_factory.mktemp("bad") / "proj"
    shutil.copytree(sample_project, root)
    plans = root / "evidence" / "区文明办" / "Ⅱ-3-2 我们的节日" / "活动方案"
    _tracked_docx(plans / "修订稿活动方案.docx")
    _broken_docx(plans / "端午节活动方案.docx", plans / "损坏的活动方案.docx")
    (plans / "打不开的方案.pdf").write_bytes(b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF")
    photos = root / "evidence" / "区文明办" / "Ⅱ-3-2 我们的节日" / "实景图片"
    (photos / "2026年6月9日 截断的照片.jpg").write_bytes(
        (photos / "2026年6月1日 区文化馆 端午活动1.jpg").read_bytes()[:600]
    )
    project = open_project(root)
    result = run_check(project)
    # The check disqualifies broken files; put them back into their requirements so the build meets them
    # (as it would when a file breaks between check and build, or an inspector misses the damage).
    wanted = {"活动方案": [plans], "实景图片": [photos]}
    requirements = []
    for req in result.requirements:
        if req.indicator == "Ⅱ-3-2" and req.unit == "区文明办" and req.material in wanted:
            extra = [
                f.rel
                for f in result.files
                if f.path.parent in wanted[req.material] and f.rel not in req.accepted
            ]
            req = req.model_copy(update={"accepted": (*req.accepted, *extra)})
        requirements.append(req)
    result = result.model_copy(update={"requirements": tuple(requirements)})
    dest = tmp_path_factory.mktemp("bad-out")
    options = BuildOptions(allow_incomplete=True, update_toc=False)
    report = build_word(project, result, dest, options, today=dt.date(2026, 11, 29))
    return Built(root, project, result, report, report.documents[0])


def _placeholders(built: Built) -> list[str]:
    doc = built.open()
    out = [p.text for p in doc.paragraphs if p.style.name == gongwen.PLACEHOLDER]
    out += [p.text for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs
            if p.style.name == gongwen.PLACEHOLDER]  # fmt: skip
    return out


def test_build_goes_on_and_reports_every_bad_file(bad: Built) -> None:
    reasons = {Path(p.path).name: p.reason for p in bad.report.placeholders}
    assert "文档无法打开（文档内部结构损坏）" in reasons["损坏的活动方案.docx"]
    assert "PDF 无法渲染（文件已损坏或不是有效的 PDF）" in reasons["打不开的方案.pdf"]
    assert (
        "图片无法解码" in reasons["2026年6月9日 截断的照片.jpg"]
        or "图片" in reasons["2026年6月9日 截断的照片.jpg"]
    )
    assert "修订" in reasons["修订稿活动方案.docx"] and "文本框" in reasons["修订稿活动方案.docx"]


def test_placeholders_visible_in_document(bad: Built) -> None:
    shown = "\n".join(_placeholders(bad))
    assert "【损坏的活动方案.docx无法合入】" in shown
    assert "【打不开的方案.pdf无法合入】" in shown
    assert "【图片无法显示】2026年6月9日 截断的照片.jpg" in shown
    assert "修订稿活动方案.docx：原文含修订标记" in shown
    doc = bad.open()
    assert doc.styles[gongwen.PLACEHOLDER].font.color.rgb == gongwen.RED


def test_tracked_changes_accepted_and_text_box_text_kept(bad: Built) -> None:
    texts = [p.text for p in bad.open().paragraphs]
    assert "原有文字。插入的文字。" in texts
    assert not any("删除的文字" in t for t in texts)
    assert "文本框里的文字" in texts


def test_refuses_incomplete_result_unless_allowed(sample_project: Path, tmp_path: Path) -> None:
    project = open_project(sample_project)
    with pytest.raises(IncompleteBuild) as info:
        gate(run_check(project), BuildOptions(update_toc=False))
    assert info.value.exit_code == 1
    assert "--allow-incomplete" in str(info.value)
    assert not list(tmp_path.iterdir())


def test_split_by_indicator_and_unit_build(sample_project: Path, tmp_path: Path) -> None:
    split = build(sample_project, tmp_path / "split", split="indicator", update_toc=False)
    names = sorted(p.name for p in (tmp_path / "split" / "分册").iterdir())
    assert names == ["Ⅱ-3-2 开展“我们的节日”主题活动.docx", "Ⅲ-1-1 公共场所文明引导.docx"]
    part = docx.Document(str(tmp_path / "split" / "分册" / names[1]))
    heads = [p.text for p in part.paragraphs if p.style.name == "Heading 1"]
    assert heads == ["一、Ⅲ-1-1 公共场所文明引导"]
    assert len(split.report.documents) == 3
    by_unit = build(sample_project, tmp_path / "by-unit", split="unit", update_toc=False)
    assert sorted(p.name for p in (tmp_path / "by-unit" / "分册").iterdir()) == [
        "区教育局.docx",
        "区文明办.docx",
    ]
    assert by_unit.report.pictures == split.report.pictures == 7  # counted once, for the whole 汇编
    unit = build(sample_project, tmp_path / "unit", unit="区教育局", update_toc=False)
    doc = unit.open()
    assert doc.paragraphs[0].text.endswith("（区教育局）")
    units = {
        row.cells[1].text for t in doc.tables if t.rows[0].cells[0].text == "指标编号" for row in t.rows[6:-1]
    }
    assert units == {"区教育局"}


def test_reference_docx_from_config_wins(sample_project: Path, tmp_path: Path) -> None:
    root = tmp_path / "proj"
    shutil.copytree(sample_project, root)
    reference = docx.Document()
    reference.styles["Body Text"].font.size = gongwen.Pt(15)
    reference.save(str(root / "参考格式.docx"))
    with (root / "wenming.toml").open("a", encoding="utf-8") as f:
        f.write('\n[build]\nreference_docx = "参考格式.docx"\n')
    result = build(root, tmp_path / "out", update_toc=False)
    doc = result.open()
    assert doc.styles["Body Text"].font.size == gongwen.Pt(15)
    assert doc.styles[gongwen.PICTURE] is not None  # missing styles added from the style sheet


def test_missing_reference_docx_is_a_usage_error(sample_project: Path, tmp_path: Path) -> None:
    from wenming_submit.errors import ConfigError as UsageError  # a [build] setting: named with wenming.toml

    root = tmp_path / "proj"
    shutil.copytree(sample_project, root)
    with (root / "wenming.toml").open("a", encoding="utf-8") as f:
        f.write('\n[build]\nreference_docx = "没有这个文件.docx"\n')
    with pytest.raises(UsageError, match="没有这个文件"):
        build(root, tmp_path / "out", update_toc=False)
