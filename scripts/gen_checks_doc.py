"""Generate docs/checks.md from the finding registry (every registered code, WM1xx and up).

    python scripts/gen_checks_doc.py           # write docs/checks.md
    python scripts/gen_checks_doc.py --check   # exit 1 when docs/checks.md is stale

tests/inspect/test_checks_doc.py fails when the committed file differs from what this writes.
"""

from __future__ import annotations

import sys
from pathlib import Path

from wenming_submit.findings.codes import all_specs
from wenming_submit.findings.registry import SEVERITY_LABELS, CheckSpec

DOC = Path(__file__).resolve().parents[1] / "docs" / "checks.md"

HEADER = """# 检查项说明

<!-- 本文件由 scripts/gen_checks_doc.py 根据检查项登记表自动生成，请勿手工修改。 -->

`wenming check` 发现的每个问题都有一个固定的代码（如 WM201）、类别（kind）、级别和中文说明。
级别：**错误** 会阻止生成干净的上报材料包；**警告** 需要关注；**提示** 仅作记录。
消息中的 `{…}` 在实际报告里会替换为具体的文件、数字或日期。

内容检查（WM2xx）先逐个读取文件内容（并行，结果缓存在 `output/.cache/`，文件未改动时不再重读），
再按每份材料的要求（测评周期、说明要求、字数、台账列、分辨率）判断；修改指标目录后无需重新读取文件。
`wenming check --no-cache` 可忽略缓存重新读取。

| 代码 | 类别 | 级别 | 问题 |
|---|---|---|---|
"""


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _section(spec: CheckSpec) -> str:
    return (
        f"## {spec.code}\n\n"
        f"类别 `{spec.kind}` · 级别 {SEVERITY_LABELS[spec.severity.value]} · `{spec.name}`\n\n"
        f"- 提示信息：{spec.message}\n"
        f"- 处理建议：{spec.hint}\n\n"
        f"{spec.doc}\n"
    )


def render() -> str:
    specs = all_specs()
    rows = "".join(
        f"| [{s.code}](#{s.code.lower()}) | {s.kind} | {SEVERITY_LABELS[s.severity.value]} | {_cell(s.message)} |\n"
        for s in specs
    )
    return HEADER + rows + "\n" + "\n".join(_section(s) for s in specs)


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        current = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
        if current != text:
            print("docs/checks.md 已过期：请运行 python scripts/gen_checks_doc.py", file=sys.stderr)
            return 1
        return 0
    tmp = DOC.with_suffix(".md.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(DOC)
    print(f"已写入 {DOC}（{len(all_specs())} 个检查项）")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
