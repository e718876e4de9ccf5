"""Names in the package are Windows-safe and can never point outside the output folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from wenming_submit.assemble import naming
from wenming_submit.assemble.manifest import verify_package
from wenming_submit.assemble.options import BuildOptions
from wenming_submit.assemble.pipeline import build_output, output_folder
from wenming_submit.cli import main

FORBIDDEN = set('\\/:*?"<>|')


def assert_windows_safe(name: str, max_len: int) -> None:
    assert name and name not in (".", "..")
    assert not FORBIDDEN & set(name), name
    assert not any(ord(ch) < 32 for ch in name)
    assert name == name.rstrip(" ."), name
    assert name.split(".")[0].strip().upper() not in naming.RESERVED, name
    assert len(name) <= max_len


@given(st.text(max_size=300))
def test_any_text_becomes_one_safe_component(text: str) -> None:
    assert_windows_safe(naming.safe_component(text, max_len=50), 50)


@given(st.text(max_size=200), st.text(max_size=20))
def test_file_names_keep_a_safe_extension(stem: str, ext: str) -> None:
    name = naming.safe_file_name(stem, ext)
    assert_windows_safe(name, naming.MAX_FILE)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("..", "_"),
        ("../../etc/passwd", "_.._etc_passwd"),
        ("CON", "_CON"),
        ("con.txt", "_con.txt"),
        ("COM1 材料", "COM1 材料"),
        ("COM1.材料", "_COM1.材料"),
        ("nul .txt", "_nul .txt"),
        ("LPT9", "_LPT9"),
        ("报告. . ", "报告"),
        ('a\\b:c*d?e"f<g>h|i', "a_b_c_d_e_f_g_h_i"),
        ("C:\\Windows\\system32", "C__Windows_system32"),
        ("  多  空格\t制表 ", "多 空格 制表"),
        ("CONSOLE", "CONSOLE"),
    ],
)
def test_safe_component_examples(text: str, expected: str) -> None:
    assert naming.safe_component(text) == expected


def test_unique_names_ignore_case() -> None:
    names = naming.UniqueNames()
    assert [names.claim(n) for n in ("a.jpg", "A.JPG", "a.jpg")] == ["a.jpg", "A(2).JPG", "a(3).jpg"]


def test_is_inside() -> None:
    assert naming.is_inside("上报材料/x/y.jpg")
    for bad in ("../x", "/etc/passwd", "a/../../b", "C:/x", "a\\..\\b", "a//b", "x" * 300):
        assert not naming.is_inside(bad), bad


LONG = "很长的指标名称" * 40
HOSTILE_CATALOG = f"""\
- code: "CON"
  title: "../../../逃逸/..\\\\标题:*?<>|. "
  units: ["..\\\\..\\\\恶意单位", "NUL"]
  materials:
    - name: "../材料"
      kinds: [image]
- code: "Ⅰ-2"
  title: "{LONG}"
  units: ["{"单位" * 40}"]
  materials:
    - name: "AUX"
      kinds: [document]
"""


def hostile_project(root: Path, files: Any) -> Path:
    root.mkdir()
    (root / "wenming.toml").write_text('[project]\ntitle = "../../逃逸标题/CON"\n[naming]\n'
                                       'pattern = "../{unit}/{code}\\\\..\\\\{material}_{n:02d}"\n', encoding="utf-8")  # fmt: skip
    (root / "indicators").mkdir()
    (root / "indicators" / "a.yaml").write_text(HOSTILE_CATALOG, encoding="utf-8")
    ev = root / "evidence"
    files.jpeg(ev / "..\\..\\恶意单位" / "CON 标题" / "照片.jpg", size=(1024, 768), seed=1)
    files.jpeg(ev / "NUL" / "CON 标题" / "照片.jpg", size=(1024, 768), seed=2)
    files.docx(ev / ("单位" * 40) / "Ⅰ-2 长" / "说明.docx", ["说明"])
    return root


def test_hostile_catalogue_and_pattern_stay_inside_output(tmp_path: Path, files: Any, checked: Any) -> None:
    root = hostile_project(tmp_path / "p", files)
    project, result = checked(root)
    assert sum(len(r.files) for r in result.requirements) == 3
    outcome = build_output(project, result, BuildOptions(word=False, allow_incomplete=True))
    output = (root / "output").resolve()
    assert outcome.folder.resolve().parent == output
    assert_windows_safe(outcome.folder.name, naming.MAX_TITLE)
    # Everything the build wrote (the check's own cache/history under output/.* aside) is inside its folder.
    before = {p for p in tmp_path.rglob("*") if p.is_file()} - set(outcome.folder.rglob("*"))
    assert all(p.relative_to(root).parts[0] in ("evidence", "indicators", "wenming.toml")
               or p.relative_to(root / "output").parts[0].startswith(".") for p in before)  # fmt: skip
    written = list(outcome.folder.rglob("*"))
    assert written and all(p.resolve().is_relative_to(outcome.folder.resolve()) for p in written)
    assert len(outcome.files) == 3
    for packed in outcome.files:
        assert naming.is_inside(packed.path), packed.path
        parts = packed.path.split("/")
        assert parts[0] == "上报材料" and len(parts) == 3
        assert_windows_safe(parts[1], naming.MAX_FOLDER)
        assert_windows_safe(parts[2], naming.MAX_FILE)
        assert (outcome.folder / packed.path).is_file()
    names = sorted(p.split("/")[-1] for p in (f.path for f in outcome.files))
    assert names[0].startswith("_") or "恶意单位" in " ".join(names)
    assert verify_package(outcome.folder).ok


@pytest.mark.parametrize("pattern", ["{code}_{nope}", "{code", "{n:02d", "{unit:d}"])
def test_bad_naming_pattern_is_a_config_error(project_factory: Any, pattern: str) -> None:
    root = project_factory(pattern=pattern)
    res = CliRunner().invoke(main, ["build", "-C", str(root)])
    assert res.exit_code == 2, res.output
    assert "[naming] pattern" in res.output and "wenming.toml" in res.output
    output = root / "output"
    assert not output.exists() or not [p for p in output.iterdir() if p.name != ".history"]


def test_unit_folder_never_collides_with_the_whole_build(project_factory: Any, checked: Any) -> None:
    root = project_factory(title="某某区" + "创建全国文明城市网上申报材料" * 6)
    project, _ = checked(root)
    whole = output_folder(project, None)
    unit = output_folder(project, "区教育局")
    assert whole != unit and unit.name.endswith("（区教育局）")
    assert len(whole.name) <= naming.MAX_TITLE and len(unit.name) <= naming.MAX_TITLE
