"""`wenming notify`: one 公文 notice per unit with something to fix; text for chat groups; overrides."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.enum.text import WD_ALIGN_PARAGRAPH

from wenming_submit import gongwen
from wenming_submit.check.result import CheckResult, Requirement, Status
from wenming_submit.check.run import run_check
from wenming_submit.cli import main
from wenming_submit.findings.finding import make_finding
from wenming_submit.gongwen.chinese import chinese_date
from wenming_submit.notify.notices import plan_notices, render_text
from wenming_submit.project import open_project

NOTICES = Path("output") / "通知"
ORGANIZATION = "某某区创建全国文明城市工作指挥部办公室"  # as in conftest.make_project


def _notify(project: Path, *args: str) -> str:
    out = CliRunner().invoke(main, ["notify", "-C", str(project), "--no-history", *args])
    assert out.exit_code == 0, out.output
    return out.output


def _paragraphs(path: Path) -> list[tuple[str, str]]:
    document = docx.Document(str(path))
    return [(p.style.name, p.text) for p in document.paragraphs if p.text.strip()]


def test_docx_notice_per_unit_with_problems(project: Path) -> None:
    output = _notify(project, "--deadline", "2026-12-15")
    assert "已生成 2 份通知" in output
    assert "以下单位材料齐全且没有问题，不生成通知：区文明办" in output
    folder = project / NOTICES
    assert sorted(p.name for p in folder.iterdir()) == [
        "区卫健委_催报整改通知.docx",
        "区教育局_催报整改通知.docx",
    ]

    path = folder / "区教育局_催报整改通知.docx"
    paras = _paragraphs(path)
    assert paras[0] == (gongwen.TITLE, "关于补报和整改创建全国文明城市\n网上申报材料的通知")  # between words
    assert paras[1] == (gongwen.NORMAL, "区教育局：")
    body = paras[2][1]
    assert paras[2][0] == gongwen.BODY
    assert "你单位负责的3项材料中，已完成1项，缺失2项" in body and "有1处需要整改" in body
    assert any("于2026年12月15日前" in text for _, text in paras)
    today = chinese_date(dt.date.today())
    assert paras[-2:] == [(gongwen.NORMAL, ORGANIZATION), (gongwen.NORMAL, today)]
    document = docx.Document(str(path))
    date_para = next(p for p in document.paragraphs if p.text == today)
    assert date_para.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.RIGHT

    table = document.tables[0]
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0] == ["序号", "指标", "材料或文件", "存在问题", "整改要求"]
    result = run_check(open_project(project))
    mine = [f for f in result.findings if f.unit == "区教育局" and f.severity.value != "info"]
    assert len(rows) - 1 == len(mine) == 3
    # catalogue order; items named by code and title, never by folder
    assert [r[1] for r in rows[1:]] == ["Ⅱ-3-2 开展“我们的节日”主题活动"] * 2 + ["Ⅲ-1-4 志愿服务"]
    assert not any("evidence/" in cell for row in rows for cell in row)
    assert rows[1][2] == "实景图片" and "材料「实景图片」交了 1 份，其中合格 0 份" in rows[1][3]
    assert rows[2][2] == "实景图片：空照片.jpg" and "文件是空的" in rows[2][3]
    assert len({r[4] for r in rows[1:]}) == len({f.hint for f in mine})

    only_gaps = _paragraphs(folder / "区卫健委_催报整改通知.docx")
    assert only_gaps[0][1] == "关于补报创建全国文明城市\n网上申报材料的通知"


def test_full_run_replaces_stale_notices_and_unit_run_keeps_others(project: Path, files: object) -> None:
    _notify(project)
    (project / "evidence/区卫健委").rename(
        project / "evidence/区卫健委-old"
    )  # folder gone: unknown-unit later
    shutil.rmtree(project / "evidence/区卫健委-old")
    stale = project / NOTICES / "区卫健委_催报整改通知.docx"
    out = _notify(project, "--unit", "区教育局")
    assert "已生成 1 份通知" in out and stale.exists()  # a one-unit run leaves other notices alone
    # Make 区教育局 complete: only 区卫健委 is left, and a full run drops the old 区教育局 notice.
    edu = project / "evidence/区教育局"
    (edu / "Ⅱ-3-2 我们的节日/实景图片/空照片.jpg").unlink()
    for n in range(2):
        files.jpeg(edu / f"Ⅱ-3-2 我们的节日/实景图片/2026年3月{n + 1}日 学校 清明活动.jpg", seed=10 + n)  # type: ignore[attr-defined]
    files.xlsx(edu / "Ⅲ-1-4 志愿服务/工作台账.xlsx", ["日期", "内容"], [["2026-04-01", "志愿服务"]])  # type: ignore[attr-defined]
    out = _notify(project)
    assert sorted(p.name for p in (project / NOTICES).iterdir()) == ["区卫健委_催报整改通知.docx"]
    assert "区教育局" in out.split("不生成通知：")[1]
    assert not list((project / "output").glob(".通知*"))  # no temp folders left


def test_text_is_short_blocks_per_unit(project: Path) -> None:
    out = CliRunner().invoke(main, ["notify", "-C", str(project), "--format", "text", "--deadline", "2026-12-15",
                                    "--no-history"])  # fmt: skip
    assert out.exit_code == 0
    text = out.stdout
    blocks = text.strip().split("\n\n")
    assert [b.splitlines()[0].split("】")[0] for b in blocks] == ["【区教育局", "【区卫健委"]
    assert "请于12月15日前处理" in blocks[0] and blocks[0].endswith(f"——{ORGANIZATION}")  # no contact set
    assert "2. Ⅱ-3-2 开展“我们的节日”主题活动：实景图片（空照片.jpg）：文件是空的（0 字节）" in blocks[0]
    assert "evidence/" not in text
    assert "区文明办" not in text
    assert not (project / NOTICES).exists()


def test_text_is_capped_for_chat(project: Path) -> None:
    reqs = tuple(Requirement(indicator=f"Ⅰ-1-{n}", unit="区教育局", material="实景图片", status=Status.missing,
                             required=5, found=0) for n in range(20))  # fmt: skip
    findings = tuple(make_finding("WM101", indicator=r.indicator, unit=r.unit, material=r.material, required=5,
                                  folder="x") for r in reqs)  # fmt: skip
    result = CheckResult(title="t", period=("2026-01-01", "2026-12-31"), requirements=reqs, findings=findings)
    config = open_project(project).config
    text = render_text(
        plan_notices(result), config, deadline=dt.date(2026, 12, 15), today=dt.date(2026, 11, 29)
    )
    lines = text.strip().splitlines()
    assert lines[0] == "【区教育局】创文网报材料补报提醒（11月29日）"
    assert sum(1 for line in lines if line[:2].rstrip(".").isdigit()) == 8
    assert "……另有 12 项，详见书面通知。" in lines


def test_templates_can_be_overridden_from_the_project(project: Path) -> None:
    custom = project / "templates" / "notify"
    custom.mkdir(parents=True)
    (custom / "notice_text.j2").write_text(
        "{{ unit }}请在{{ deadline }}前补交 {{ items|length }} 项\n", encoding="utf-8"
    )
    out = CliRunner().invoke(main, ["notify", "-C", str(project), "--format", "text", "--deadline", "2026-12-15",
                                    "--no-history"])  # fmt: skip
    assert out.stdout.splitlines() == [
        "区教育局请在2026年12月15日前补交 3 项",
        "",
        "区卫健委请在2026年12月15日前补交 2 项",
    ]

    shipped = Path(gongwen.__file__).parent.parent / "templates" / "notify" / "notice_docx.j2"
    text = shipped.read_text(encoding="utf-8").replace(
        "关于{{ action }}创建", "关于{{ action }}（第二次）创建"
    )
    (custom / "notice_docx.j2").write_text(text, encoding="utf-8")
    _notify(project)
    paras = _paragraphs(project / NOTICES / "区卫健委_催报整改通知.docx")
    assert paras[0][1].replace("\n", "") == "关于补报（第二次）创建全国文明城市网上申报材料的通知"


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("{% block title %}{{ unit }", "语法错误"),
        ("{% block title %}{{ nothing_like_this }}{% endblock %}", "不存在的名称「nothing_like_this」"),
        ("{% block title %}{{ unit }}{% endblock %}", "缺少 {% block addressee %}"),
    ],
)
def test_broken_override_is_a_clear_error(project: Path, template: str, message: str) -> None:
    custom = project / "templates" / "notify"
    custom.mkdir(parents=True)
    (custom / "notice_docx.j2").write_text(template, encoding="utf-8")
    out = CliRunner().invoke(main, ["notify", "-C", str(project), "--no-history"])
    assert out.exit_code == 2
    assert message in out.output and "notice_docx.j2" in out.output
    assert "Traceback" not in out.output


def test_past_deadline_and_unknown_unit_are_usage_errors(project: Path) -> None:
    out = CliRunner().invoke(main, ["notify", "-C", str(project), "--deadline", "2020-01-01"])
    assert out.exit_code == 2 and "早于今天" in out.output
    out = CliRunner().invoke(main, ["notify", "-C", str(project), "--unit", "区不存在局"])
    assert out.exit_code == 2 and "没有名为" in out.output


def test_nothing_to_fix(project: Path) -> None:
    out = _notify(project, "--unit", "区文明办")
    assert "区文明办" in out and "没有需要催报或整改的单位" in out
    assert not (project / NOTICES).exists()


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) 未安装，无法检查排版")
def test_notice_renders_as_a4_in_libreoffice(project: Path, tmp_path: Path) -> None:
    _notify(project, "--deadline", "2026-12-15")
    source = project / NOTICES / "区教育局_催报整改通知.docx"
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(source)], check=True, capture_output=True, timeout=120)  # fmt: skip
    pdf = tmp_path / "区教育局_催报整改通知.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    assert "595.3" in info and "841.8" in info  # A4
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    flat = "".join(text.split())
    assert "区教育局：" in flat and "2026年12月15日前" in flat and ORGANIZATION in flat
    assert "—1—" in flat  # 公文 page number


def test_file_names_are_safe_on_windows() -> None:
    from wenming_submit.notify.notices import file_name

    assert file_name('区<教育>局/二科:"办"') == "区_教育_局_二科_办__催报整改通知.docx"
    assert len(file_name("很长的单位名称" * 30)) == 60 + len("_催报整改通知.docx")
    assert file_name("...") == "单位_催报整改通知.docx"
