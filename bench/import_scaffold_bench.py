"""Time `wenming import`, the YAML dump, `export-checklist` and `scaffold` on county-sized tables.

Run by hand: /tmp/venv/bin/python bench/import_scaffold_bench.py [ROWS] [UNITS]
A county edition has ~188 测评标准 assigned to 20–60 units; the default makes 200 rows and 60 units.
"""

from __future__ import annotations

import random
import resource
import sys
import tempfile
import time
from pathlib import Path

import openpyxl

from wenming_submit.catalog.dump import dump_indicators
from wenming_submit.catalog.export import write_checklist
from wenming_submit.catalog.importer import import_table
from wenming_submit.catalog.load import load_catalog
from wenming_submit.config import load_config
from wenming_submit.project.scaffold import scaffold

REQUIREMENTS = [
    "1.活动方案；2.实景图片5张以上，注明时间、地点、主题；3.说明报告500字",
    "文件通知/制度文件；台账/统计表",
    "视频1段；巡查台账，每月巡查不少于2次",
    "提供文件通知、工作台账、实景图片3张以上（注明时间、地点、人物、主题）",
    "相关制度文件；开展情况说明（300字以内）",
]
ROMAN = "ⅠⅡⅢⅣⅤⅥⅦ"


def make_table(path: Path, rows: int, units: int) -> None:
    rng = random.Random(7)
    names = [f"区第{i}局" for i in range(units)]
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["某某县创建全国文明城市网上申报材料任务分解表"])
    ws.merge_cells("A1:H1")
    ws.append(
        ["序号", "测评项目", "测评内容", "测评标准", "测评方法", "网上申报具体要求", "责任单位", "完成时间"]
    )
    per_project = -(-rows // len(ROMAN))
    for i in range(rows):
        project, item = divmod(i, per_project)
        picked = rng.sample(names, rng.randint(1, 5))
        picked[0] += "（牵头）"
        ws.append([f"{ROMAN[project % 7]}-{item // 3 + 1}-{item % 3 + 1}", f"测评项目{project + 1}",
                   f"测评内容{i}", f"测评标准第{i}条：开展相关工作并形成长效机制。", "材料审核",
                   REQUIREMENTS[i % len(REQUIREMENTS)], "\n".join(picked), "2026年6月底"])  # fmt: skip
        if item == 0 and project * per_project + per_project <= rows:
            ws.merge_cells(
                start_row=ws.max_row, start_column=2, end_row=ws.max_row + per_project - 1, end_column=2
            )
    book.save(path)


def timed(label: str, func, *args, **kwargs):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    value = func(*args, **kwargs)
    print(f"{label:<28}{time.perf_counter() - start:7.2f} s")
    return value


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    units = int(sys.argv[2]) if len(sys.argv) > 2 else 60
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        table = root / "任务分解表.xlsx"
        timed(f"make table ({rows} rows)", make_table, table, rows, units)
        result = timed("import_table", import_table, table)
        (root / "indicators").mkdir()
        text = timed("dump_indicators", dump_indicators, result.indicators)
        (root / "indicators" / "导入.yaml").write_text(text, encoding="utf-8")
        catalog = timed("load_catalog", load_catalog, root / "indicators")
        timed("write_checklist", write_checklist, catalog.indicators, root / "清单.xlsx", "清单")
        timed("import checklist again", import_table, root / "清单.xlsx")
        config, _ = load_config(root)
        made = timed("scaffold (first run)", scaffold, config, catalog)
        again = timed("scaffold (re-run)", scaffold, config, catalog)
        print(f"indicators {len(catalog.indicators)}, units {len(catalog.units)}, folders {len(made.created_dirs)}, "
              f"txt files {len(made.created_files)}, re-run existing {len(again.existing)}")  # fmt: skip
        print(
            f"YAML {len(text.encode()) / 1024:.0f} KiB, checklist {(root / '清单.xlsx').stat().st_size / 1024:.0f} KiB"
        )
        print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
