"""Hostile 任务分解表 files: import ends with a Chinese error (exit 2) or reads within its caps, never crashes."""

from __future__ import annotations

import os
import struct
from pathlib import Path

import hostile
import pytest
from click.testing import CliRunner

from wenming_submit.catalog.importer import grid, import_table
from wenming_submit.cli import main as cli
from wenming_submit.errors import CatalogError

HEADER = ["序号", "指标名称", "材料要求", "责任单位"]
ROW = ["1", "开展主题活动", "活动方案", "区教育局"]


def test_cell_at_xfd1048576_reads_only_what_is_there(tmp_path: Path) -> None:
    path = hostile.far_cell_xlsx(tmp_path / "任务分解表.xlsx", [HEADER, ROW])
    book = grid.read_workbook(path)
    assert len(book.grids[0].rows) == 2 and len(book.grids[0].rows[0]) == 4
    assert [i.code for i in import_table(path).indicators] == ["1"]


def test_csv_field_over_128_kb_is_a_chinese_error(tmp_path: Path) -> None:
    path = tmp_path / "任务分解表.csv"
    path.write_text(",".join(HEADER) + '\n1,活动,"' + "很长" * 100_000 + '",区教育局\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(path), "--dry-run"])
    assert result.exit_code == 2, result.output
    assert "128 KB" in result.output and "程序内部错误" not in result.output


def test_garbage_xls_is_a_chinese_error(tmp_path: Path) -> None:
    path = tmp_path / "任务分解表.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + os.urandom(6000))
    result = CliRunner().invoke(cli, ["import", str(path), "--dry-run"])
    assert result.exit_code == 2 and "程序内部错误" not in result.output, result.output


@pytest.mark.parametrize("exc", [struct.error("unpack requires a buffer"), KeyError(7), TypeError("x")])
def test_any_reader_failure_is_a_catalog_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               exc: Exception) -> None:  # fmt: skip
    """xlrd raises many types on a damaged workbook; every one ends as a CatalogError naming the file."""
    path = tmp_path / "任务分解表.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    monkeypatch.setattr(grid, "_ole_streams", lambda _p: {"Workbook"})
    import xlrd

    def broken(*_a: object, **_k: object) -> None:
        raise exc

    monkeypatch.setattr(xlrd, "open_workbook", broken)
    with pytest.raises(CatalogError) as caught:
        import_table(path)
    assert "任务分解表.xls" in str(caught.value)
