"""Hostile catalogue YAML: refused with a Chinese error naming the file, before it can take memory."""

from __future__ import annotations

from pathlib import Path

import hostile
import pytest

from wenming_submit.catalog.load import load_catalog
from wenming_submit.errors import CatalogError


def _problems(directory: Path) -> str:
    with pytest.raises(CatalogError) as caught:
        load_catalog(directory)
    return "\n".join(str(p) for p in caught.value.problems) if caught.value.problems else str(caught.value)  # type: ignore[attr-defined]


def test_alias_bomb_is_refused_before_it_expands(tmp_path: Path) -> None:
    hostile.alias_bomb_yaml(tmp_path / "炸弹.yaml", levels=9)
    text = _problems(tmp_path)
    assert "炸弹.yaml" in text and "锚点/别名" in text


def test_recursive_alias_is_refused(tmp_path: Path) -> None:
    (tmp_path / "环.yaml").write_text("- &a\n  code: A\n  title: *a\n", encoding="utf-8")
    assert "锚点/别名" in _problems(tmp_path)


def test_deep_nesting_is_a_chinese_error(tmp_path: Path) -> None:
    (tmp_path / "深.yaml").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    text = _problems(tmp_path)
    assert "深.yaml" in text and ("嵌套" in text or "YAML" in text)


def test_ordinary_aliases_still_load(tmp_path: Path) -> None:
    (tmp_path / "目录.yaml").write_text(
        "- code: A-1\n  title: 一\n  units: &u [区教育局]\n  materials: [{name: 方案}]\n"
        "- code: A-2\n  title: 二\n  units: *u\n  materials: [{name: 方案}]\n",
        encoding="utf-8",
    )
    assert [i.units for i in load_catalog(tmp_path).indicators] == [("区教育局",), ("区教育局",)]
