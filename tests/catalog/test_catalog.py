"""Catalogue and config errors: each names the file, the line and the field, in Chinese, before any work."""

from __future__ import annotations

from pathlib import Path

import pytest

from wenming_submit.catalog.load import load_catalog
from wenming_submit.check.run import run_check
from wenming_submit.config import load_config
from wenming_submit.errors import CatalogError, ConfigError, ProjectError, WenmingError
from wenming_submit.project import open_project

GOOD = """\
- code: "Ⅱ-3-2"
  title: 我们的节日
  units: [区文明办, 区教育局]
  materials:
    - name: 实景图片
      kinds: [image]
      min: 5
"""


def catalog_dir(tmp_path: Path, **files: str) -> Path:
    folder = tmp_path / "indicators"
    folder.mkdir()
    for name, text in files.items():
        (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    return folder


def problems(error: CatalogError) -> list[WenmingError]:
    return error.problems or [error]


def test_good_catalogue_loads(tmp_path: Path) -> None:
    catalog = load_catalog(catalog_dir(tmp_path, a=GOOD))
    (ind,) = catalog.indicators
    assert ind.code == "Ⅱ-3-2" and ind.units == ("区文明办", "区教育局")
    assert ind.materials[0].min == 5 and ind.materials[0].kinds == ("image",)
    assert catalog.canonical_unit("区教育局") == "区教育局"
    assert catalog.indicator("II—3—2") is ind


def test_mapping_shape_with_unit_aliases_and_toml_aliases(tmp_path: Path) -> None:
    text = "units:\n  - name: 区教育局\n    aliases: [教育局]\n  - 区文明办\nindicators:\n" + "".join(
        "  " + line + "\n" for line in GOOD.splitlines()
    )
    catalog = load_catalog(catalog_dir(tmp_path, a=text), {"区文明办": ["文明办"]})
    assert catalog.canonical_unit("教育局") == "区教育局"
    assert catalog.canonical_unit("文明办") == "区文明办"
    assert catalog.canonical_unit("区民政局") is None


def test_duplicate_code_names_both_places(tmp_path: Path) -> None:
    with pytest.raises(CatalogError) as info:
        load_catalog(catalog_dir(tmp_path, a=GOOD, b=GOOD))
    (problem,) = problems(info.value)
    assert "指标编号「Ⅱ-3-2」重复" in problem.message
    assert "a.yaml 第 1 行" in problem.message
    assert problem.path is not None and problem.path.endswith("b.yaml")
    assert problem.line == 1 and problem.field == "code"


def test_ambiguous_spellings_are_an_error(tmp_path: Path) -> None:
    other = GOOD.replace('"Ⅱ-3-2"', '"II—3—2"').replace("我们的节日", "别的指标")
    with pytest.raises(CatalogError) as info:
        load_catalog(catalog_dir(tmp_path, a=GOOD + "\n" + other))
    (problem,) = problems(info.value)
    assert "「II—3—2」与「Ⅱ-3-2」规范化后相同" in problem.message
    assert problem.line == 9


@pytest.mark.parametrize(
    ("old", "new", "line", "field", "words"),
    [
        ("kinds: [image]", "kinds: [photo]", 6, "第1项（Ⅱ-3-2）.materials[1].kinds[1]", "photo"),
        ("min: 5", "min: -1", 7, "第1项（Ⅱ-3-2）.materials[1].min", "应不小于 0"),
        ("min: 5", "min: 很多", 7, "第1项（Ⅱ-3-2）.materials[1].min", "应为整数"),
        (
            "units: [区文明办, 区教育局]",
            "units: [区文明办, 区文明办]",
            1,
            "第1项（Ⅱ-3-2）",
            "责任单位「区文明办」重复列出",
        ),
        ("  title: 我们的节日\n", "", 1, "第1项（Ⅱ-3-2）.title", "缺少必填项"),
        (
            "      min: 5\n",
            "      min: 5\n      colour: red\n",
            8,
            "第1项（Ⅱ-3-2）.materials[1].colour",
            "未知的字段",
        ),
    ],
)
def test_field_errors_name_line_and_field(
    tmp_path: Path, old: str, new: str, line: int, field: str, words: str
) -> None:
    assert old in GOOD
    with pytest.raises(CatalogError) as info:
        load_catalog(catalog_dir(tmp_path, a=GOOD.replace(old, new)))
    (problem,) = problems(info.value)
    assert words in problem.message
    assert problem.field == field
    assert problem.line == line
    assert str(problem).startswith(str(tmp_path / "indicators" / "a.yaml") + f"，第 {line} 行")


def test_malformed_yaml_gives_the_line(tmp_path: Path) -> None:
    broken = GOOD.replace("    - name: 实景图片", "   - name: 实景图片\n  kinds [")
    with pytest.raises(CatalogError) as info:
        load_catalog(catalog_dir(tmp_path, a=broken))
    (problem,) = problems(info.value)
    assert problem.message.startswith("YAML 格式错误")
    assert problem.line is not None and 5 <= problem.line <= 7
    assert problem.hint and "缩进" in problem.hint


def test_every_file_is_reported_at_once(tmp_path: Path) -> None:
    with pytest.raises(CatalogError) as info:
        load_catalog(catalog_dir(tmp_path, a=GOOD.replace("min: 5", "min: -1"), b="- code: [\n"))
    assert len(info.value.problems) == 2
    assert "2 处错误" in str(info.value)


def test_unit_alias_pointing_at_two_units(tmp_path: Path) -> None:
    text = "units:\n  - name: 区教育局\n    aliases: [教育局]\n  - name: 区教体局\n    aliases: [教育局]\nindicators: []\n"
    with pytest.raises(CatalogError) as info:
        load_catalog(catalog_dir(tmp_path, a=GOOD, b=text))
    assert "单位别名「教育局」同时指向「区教育局」和「区教体局」" in str(info.value)


def test_missing_indicators_folder(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match=r"指标目录 .* 不存在"):
        load_catalog(tmp_path / "indicators")


def test_indicators_folder_without_yaml(tmp_path: Path) -> None:
    (tmp_path / "indicators").mkdir()
    with pytest.raises(CatalogError, match=r"没有 \.yaml 文件"):
        load_catalog(tmp_path / "indicators")


def write_project(root: Path, toml: str) -> Path:
    root.mkdir(exist_ok=True)
    (root / "wenming.toml").write_text(toml, encoding="utf-8")
    catalog_dir(root, a=GOOD)
    return root


def test_period_ending_before_it_starts(tmp_path: Path) -> None:
    root = write_project(
        tmp_path, '[project]\ntitle = "x"\n\n[period]\nstart = 2026-10-31\nend = 2025-11-01\n'
    )
    with pytest.raises(ConfigError) as info:
        load_config(root)
    assert "早于开始日期" in info.value.message
    assert info.value.path == str(root / "wenming.toml")
    assert info.value.line == 4 and info.value.field == "period"


@pytest.mark.parametrize(
    ("toml", "line", "words"),
    [
        ("[period]\nstart = 2026-13-01\n", 2, "格式错误"),
        ("[limits]\nimage_max_mb = 0\n", 2, "应大于 0"),
        ('[limits]\nimage_min_width = "宽"\n', 2, "应为整数"),
        ('[period]\nstart = "去年"\n', 2, "不是有效日期"),
    ],
)
def test_bad_config_values(tmp_path: Path, toml: str, line: int, words: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(write_project(tmp_path, toml))
    assert words in info.value.message
    assert info.value.line == line


def test_unknown_config_keys_warn_but_do_not_fail(tmp_path: Path) -> None:
    config, warnings = load_config(write_project(tmp_path, '[project]\ntitel = "x"\n[colours]\na = 1\n'))
    assert config.project.title  # the default
    assert any("titel" in w for w in warnings) and any("colours" in w for w in warnings)


def test_missing_evidence_folder(tmp_path: Path) -> None:
    project = open_project(write_project(tmp_path, ""))
    with pytest.raises(ProjectError, match="找不到材料文件夹"):
        run_check(project)


def test_evidence_that_is_a_file(tmp_path: Path) -> None:
    root = write_project(tmp_path, "")
    (root / "evidence").write_bytes(b"not a folder")
    with pytest.raises(ProjectError, match="应是文件夹，但它是一个文件"):
        run_check(open_project(root))


def test_project_folder_missing(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="不存在"):
        load_config(tmp_path / "nowhere")


def test_units_written_by_an_alias_become_the_canonical_name(tmp_path: Path) -> None:
    text = GOOD.replace("units: [区文明办, 区教育局]", "lead: 文明办\n  units: [文明办, 教育局, 区教育局]")
    catalog = load_catalog(catalog_dir(tmp_path, a=text), {"区文明办": ["文明办"], "区教育局": ["教育局"]})
    (ind,) = catalog.indicators
    assert ind.units == ("区文明办", "区教育局") and ind.lead == "区文明办"
    assert catalog.units == ["区文明办", "区教育局"]


@pytest.mark.parametrize(
    ("text", "words", "field"),
    [
        ("- Ⅱ-3-2 我们的节日\n", "应为若干“字段: 值”", "第1项"),
        (
            "- code: A-1\n  title: t\n  units: [x]\n  materials: [实景图片]\n",
            "应为若干“字段: 值”",
            "第1项（A-1）.materials[1]",
        ),
        ("- code: A-1\n  title: t\n  units:\n  materials: [{name: a}]\n", "应为列表", "第1项（A-1）.units"),
        ("code: A-1\ntitle: t\n", "单个指标", None),
    ],
)
def test_common_shape_mistakes_are_explained_in_chinese(
    tmp_path: Path, text: str, words: str, field: str | None
) -> None:
    with pytest.raises(CatalogError) as info:
        load_catalog(catalog_dir(tmp_path, a=text))
    (problem,) = problems(info.value)
    assert words in problem.message and problem.field == field
    assert "Input should" not in str(info.value)
