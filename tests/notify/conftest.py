"""A small project: 区文明办 complete, 区教育局 with gaps and a broken file, a third unit with nothing."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

CATALOG = """
- code: "Ⅱ-3-2"
  title: 开展“我们的节日”主题活动
  units: [区文明办, 区教育局, 区卫健委]
  materials:
    - name: 活动方案
      kinds: [document, pdf]
    - name: 实景图片
      kinds: [image]
      min: 2
- code: "Ⅲ-1-4"
  title: 志愿服务
  units: [区文明办, 区教育局]
  materials:
    - name: 工作台账
      kinds: [spreadsheet]
"""

ORGANIZATION = "某某区创建全国文明城市工作指挥部办公室"


def make_project(root: Path, files: ModuleType) -> Path:
    (root / "indicators").mkdir(parents=True)
    (root / "indicators" / "目录.yaml").write_text(CATALOG, encoding="utf-8")
    (root / "wenming.toml").write_text(
        f'[project]\ntitle = "某某区2026年度创建全国文明城市网上申报材料"\norganization = "{ORGANIZATION}"\n'
        "[period]\nstart = 2026-01-01\nend = 2026-12-31\n",
        encoding="utf-8",
    )
    ev = root / "evidence"
    files.docx(ev / "区文明办/Ⅱ-3-2 我们的节日/活动方案/方案.docx", ["活动方案。"])
    files.jpeg(ev / "区文明办/Ⅱ-3-2 我们的节日/实景图片/2026年2月10日 社区 春节活动.jpg", seed=1)
    files.jpeg(ev / "区文明办/Ⅱ-3-2 我们的节日/实景图片/2026年2月11日 社区 元宵活动.jpg", seed=2)
    files.xlsx(ev / "区文明办/Ⅲ-1-4 志愿服务/工作台账.xlsx", ["日期", "内容"], [["2026-03-01", "巡查"]])
    files.docx(ev / "区教育局/Ⅱ-3-2 我们的节日/活动方案/方案.docx", ["教育局方案。"])
    (ev / "区教育局/Ⅱ-3-2 我们的节日/实景图片").mkdir(parents=True)
    (ev / "区教育局/Ⅱ-3-2 我们的节日/实景图片/空照片.jpg").write_bytes(b"")
    (ev / "区卫健委").mkdir(parents=True)
    return root


@pytest.fixture
def project(tmp_path: Path, files: ModuleType) -> Path:
    return make_project(tmp_path / "项目", files)
