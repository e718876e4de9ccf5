"""催报/整改通知 per unit: Word documents in 公文 format, or plain text for a chat group.

All wording lives in jinja2 templates (templates/notify/). A coordinator overrides them by putting a
file of the same name in `<project>/templates/notify/`. The Word notice reads named blocks of
`notice_docx.j2` (title, addressee, body, columns, closing, signature) and lays them out with the
公文 style sheet of build/gongwen.py; the text notice is `notice_text.j2` rendered as a whole.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import jinja2.sandbox
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from wenming_submit import gongwen
from wenming_submit.atomic import staged_file
from wenming_submit.catalog.model import Catalog
from wenming_submit.check.result import CheckResult, Status
from wenming_submit.config import ProjectConfig
from wenming_submit.errors import ConfigError
from wenming_submit.findings.finding import Finding
from wenming_submit.findings.registry import SEVERITY_LABELS, Severity
from wenming_submit.gongwen.chinese import chinese_date, title_lines
from wenming_submit.gongwen.tables import add_table
from wenming_submit.guard import Failure, protect
from wenming_submit.staging import staged_folder

NOTICE_DIR = "通知"
DOCX_TEMPLATE = "notice_docx.j2"
TEXT_TEMPLATE = "notice_text.j2"
DOCX_BLOCKS = ("title", "addressee", "body", "columns", "closing", "signature")
OPTIONAL_BLOCKS = ("contact",)
"""Blocks an older project template may lack: the shipped template's block is used instead."""
COLUMN_WIDTHS_MM = (14, 31, 28, 40, 43)
"""序号, 指标, 材料/文件, 问题, 整改要求: 156 mm, the 版心 width."""
TITLE_LINE_CHARS = 20
"""二号 小标宋 characters per line of the 156 mm 版心 (22 pt): 20 leaves a margin on both sides."""
_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


TITLE_CHARS = 14
"""Characters of an indicator title a notice shows (the rest as …): the 联络员 recognises the item."""
_EVIDENCE_PATH = re.compile(r"\s?evidence/[^；;，,。\n]*")


def short_title(title: str, limit: int = TITLE_CHARS) -> str:
    return title if len(title) <= limit else title[:limit] + "…"


@dataclass(frozen=True)
class NoticeItem:
    indicator: str
    material: str
    path: str
    severity: str
    severity_label: str
    kind: str
    problem: str
    hint: str
    title: str = ""
    """The indicator's title (from the catalogue)."""
    due: str = ""
    """The item's 完成时间 (ISO date), "" when it has none."""
    overdue: bool = False
    """Past its 完成时间 and still not met (decided by the check): listed first."""

    @property
    def late(self) -> str:
        """"【已逾期，完成时间 2026-06-30】" for an overdue item, "" otherwise."""
        return f"【已逾期，完成时间 {self.due}】" if self.overdue else ""

    @property
    def name(self) -> str:
        """The file's name (never its path: the 联络员 does not know the coordinator's folders)."""
        return self.path.rsplit("/", 1)[-1] if self.path else ""

    @property
    def heading(self) -> str:
        """The item as the unit knows it: "Ⅰ-1-1 深入学习宣传贯彻…"."""
        return " ".join(x for x in (self.indicator, short_title(self.title)) if x)

    @property
    def item(self) -> str:
        """Item and material: "Ⅰ-1-1 深入学习宣传贯彻…：文件通知"."""
        return "：".join(x for x in (self.heading, self.material) if x) or "—"

    @property
    def what(self) -> str:
        """What the row is about: the material, plus the file name when the problem is a file."""
        return "：".join(x for x in (self.material, self.name) if x) or "—"


def _without_paths(text: str, heading: str) -> str:
    """Evidence paths in a finding's text replaced by the item's name."""
    return _EVIDENCE_PATH.sub(f"「{heading}」的报送材料中" if heading else "对应指标的报送材料中", text)


@dataclass(frozen=True)
class Notice:
    unit: str
    items: tuple[NoticeItem, ...]
    requirements: int
    complete: int
    missing: int
    partial: int
    errors: int
    warnings: int
    overdue: int = 0
    """Requirements past their 完成时间 and still not met."""

    @property
    def file_problems(self) -> int:
        """Problems with handed-in files (everything but missing/insufficient materials)."""
        return sum(1 for i in self.items if i.kind not in ("missing", "insufficient"))


@dataclass(frozen=True)
class NoticePlan:
    notices: tuple[Notice, ...]
    clean_units: tuple[str, ...]
    """Units with nothing to fix: they get no notice."""
    unaddressed: int
    """Problems that belong to no unit (unknown folders): the coordinator's to sort out."""


def plan_notices(result: CheckResult, *, unit: str | None = None, catalog: Catalog | None = None) -> NoticePlan:
    """One notice per unit that has a gap or an error/warning finding: the items of requirements past
    their 完成时间 first, then catalogue order.

    With `catalog`, items carry their indicator's title, so notices name items rather than folders.
    """
    titles = {ind.code: ind.title for ind in catalog.indicators} if catalog is not None else {}
    order = {
        key: n for n, key in enumerate(dict.fromkeys((r.indicator, r.material) for r in result.requirements))
    }
    first = {code: order[(code, material)] for code, material in reversed(order)}
    units = list(
        dict.fromkeys([r.unit for r in result.requirements] + [f.unit for f in result.findings if f.unit])
    )
    notices, clean = [], []
    for name in units:
        if unit is not None and name != unit:
            continue
        reqs = [r for r in result.requirements if r.unit == name]
        shown = [f for f in result.findings if f.unit == name and f.severity is not Severity.info]
        late = {(r.indicator, r.material): r.due for r in reqs if r.overdue}
        dues = {(r.indicator, r.material): r.due or "" for r in reqs}
        shown.sort(key=lambda f: ((f.indicator or "", f.material or "") not in late,
                                  first.get(f.indicator or "", len(order)),
                                  order.get((f.indicator or "", f.material or ""), len(order)),
                                  f.severity is not Severity.error, f.path or ""))  # fmt: skip
        items = tuple(_item(f, titles.get(f.indicator or "", ""), dues.get((f.indicator or "", f.material or ""), ""),
                            (f.indicator or "", f.material or "") in late) for f in shown)  # fmt: skip
        gaps = [r for r in reqs if r.status in (Status.missing, Status.partial)]
        if not items and not gaps:
            clean.append(name)
            continue
        notices.append(Notice(
            unit=name, items=items, requirements=len(reqs),
            complete=sum(r.status in (Status.complete, Status.waived) for r in reqs),
            missing=sum(r.status is Status.missing for r in reqs), partial=sum(r.status is Status.partial for r in reqs),
            errors=sum(f.severity is Severity.error for f in shown),
            warnings=sum(f.severity is Severity.warning for f in shown), overdue=sum(r.overdue for r in reqs),
        ))  # fmt: skip
    unaddressed = sum(1 for f in result.findings if not f.unit and f.severity is not Severity.info)
    return NoticePlan(tuple(notices), tuple(clean), unaddressed)


def _item(f: Finding, title: str, due: str = "", overdue: bool = False) -> NoticeItem:
    label = " ".join(y for y in (f.indicator or "", short_title(title)) if y)
    return NoticeItem(f.indicator or "", f.material or "", f.path or "", f.severity.value,
                      SEVERITY_LABELS[f.severity.value], f.kind, _without_paths(f.message, label),
                      _without_paths(f.hint, label), title, due, overdue)  # fmt: skip


# ---------------------------------------------------------------- templates


def environment(project_root: Path | None) -> jinja2.Environment:
    """Templates from `<project>/templates/notify/` first, then the ones shipped with the tool.

    A project's templates come with the project folder, so they run sandboxed: no `__class__`,
    `__globals__` or other private attributes, no unsafe methods (a template cannot reach `os.system`).
    """
    loaders: list[jinja2.BaseLoader] = []
    if project_root is not None:
        loaders.append(jinja2.FileSystemLoader(project_root / "templates" / "notify", encoding="utf-8"))
    loaders.append(jinja2.PackageLoader("wenming_submit", "templates/notify"))
    return jinja2.sandbox.SandboxedEnvironment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _template(env: jinja2.Environment, name: str) -> jinja2.Template:
    try:
        return env.get_template(name)
    except jinja2.TemplateSyntaxError as exc:
        raise ConfigError(f"通知模板有语法错误：{exc.message}", path=exc.filename or name, line=exc.lineno,
                          hint="请对照 wenming 自带的模板检查 {% %} 和 {{ }} 是否成对") from None  # fmt: skip
    except jinja2.TemplateNotFound as exc:
        raise ConfigError(f"通知模板引用的模板「{exc.name}」不存在", path=name,
                          hint="include/extends 只能引用 templates/notify/ 中的模板") from None  # fmt: skip


_TEMPLATE_RUNTIME_ERRORS = (jinja2.TemplateError, ArithmeticError, TypeError, ValueError, LookupError,
                            AttributeError, RecursionError)  # fmt: skip
"""What a template's own expressions can raise while rendering (a bug in the template, not in wenming)."""


def _render(render: Any, where: str) -> str:
    try:
        return str(render())
    except jinja2.UndefinedError as exc:
        found = re.search(r"'([^']+)' is undefined|has no attribute '([^']+)'", exc.message or "")
        name = next((g for g in found.groups() if g), "") if found else (exc.message or "")
        raise ConfigError(f"通知模板用到了不存在的名称「{name}」", path=where,
                          hint="可用的名称写在 wenming 自带模板 notice_docx.j2 的开头说明中") from None  # fmt: skip
    except jinja2.exceptions.SecurityError:
        raise ConfigError("通知模板试图访问不允许的内容（如 __class__、__globals__ 或系统命令），已停止生成",
                          path=where, hint="模板中只能使用文档列出的名称和 jinja2 的普通语法") from None  # fmt: skip
    except jinja2.TemplateNotFound as exc:
        raise ConfigError(f"通知模板引用的模板「{exc.name}」不存在", path=where,
                          hint="include/extends 只能引用 templates/notify/ 中的模板") from None  # fmt: skip
    except _TEMPLATE_RUNTIME_ERRORS as exc:
        raise ConfigError(f"通知模板运行出错（{type(exc).__name__}）", path=where,
                          hint="请对照 wenming 自带的模板检查其中的表达式") from None  # fmt: skip


def context(notice: Notice, config: ProjectConfig, *, deadline: dt.date, today: dt.date) -> dict[str, Any]:
    """The names a notice template can use (documented in docs/notify.md)."""
    gaps = notice.missing + notice.partial
    return {
        "unit": notice.unit,
        "action": "补报和整改" if gaps and notice.file_problems else ("补报" if gaps else "整改"),
        "notice": notice,
        "items": notice.items,
        "title": config.project.title,
        "organization": config.project.organization,
        "district": config.project.district,
        "deadline": chinese_date(deadline),
        "deadline_short": f"{deadline.month}月{deadline.day}日",
        "date": chinese_date(today),
        "date_short": f"{today.month}月{today.day}日",
        "period_start": chinese_date(config.period.start),
        "period_end": chinese_date(config.period.end),
        "contact": config.project.contact,
        "phone": config.project.phone,
    }


def docx_parts(env: jinja2.Environment, values: dict[str, Any]) -> dict[str, list[str]]:
    """Each block of notice_docx.j2 as a list of non-empty lines (a paragraph per line)."""
    template = _template(env, DOCX_TEMPLATE)
    parts: dict[str, list[str]] = {}
    for block in OPTIONAL_BLOCKS:
        if block not in template.blocks:  # an older project template: the shipped block
            shipped = jinja2.Environment(loader=jinja2.PackageLoader("wenming_submit", "templates/notify"),
                                         undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
            fallback = shipped.get_template(DOCX_TEMPLATE)
            text = "".join(fallback.blocks[block](fallback.new_context(values)))
            parts[block] = [line.strip() for line in text.splitlines() if line.strip()]
    for block in (*DOCX_BLOCKS, *(b for b in OPTIONAL_BLOCKS if b in template.blocks)):
        if block not in template.blocks:
            raise ConfigError(f"通知模板缺少 {{% block {block} %}}", path=template.filename or DOCX_TEMPLATE,
                              hint="请保留自带模板中的全部 block，只改其中的文字")  # fmt: skip
        render = template.blocks[block]
        text = _render(
            lambda r=render: "".join(r(template.new_context(values))), template.filename or DOCX_TEMPLATE
        )
        parts[block] = [line.strip() for line in text.splitlines() if line.strip()]
    return parts


def render_text(plan: NoticePlan, config: ProjectConfig, *, deadline: dt.date, today: dt.date) -> str:
    """Every unit's short notice, separated by a blank line: ready to paste into a chat group."""
    env = environment(config.root)
    template = _template(env, TEXT_TEMPLATE)
    where = template.filename or TEXT_TEMPLATE
    blocks = []
    for notice in plan.notices:
        values = context(notice, config, deadline=deadline, today=today)
        blocks.append(_render(lambda v=values: template.render(v).strip(), where))
    return "\n\n".join(blocks) + ("\n" if blocks else "")


# ---------------------------------------------------------------- Word


def notice_document(parts: dict[str, list[str]], items: Sequence[NoticeItem]) -> Any:
    """A 公文 notice: 标题, 主送, 正文, the problem table, closing, 落款 and 成文日期."""
    document = gongwen.new_document()
    for line in parts["title"]:
        # 标题 breaks between words, in lines of nearly equal length (GB/T 9704 7.3.1), never "…申报材 / 料"
        gongwen.paragraph(document, "\n".join(title_lines(line, TITLE_LINE_CHARS)), gongwen.TITLE)
    for line in parts["addressee"]:
        gongwen.paragraph(document, line, gongwen.NORMAL)
    for line in parts["body"]:
        gongwen.paragraph(document, line)
    header = (parts["columns"][0].split("|") if parts["columns"] else [])[: len(COLUMN_WIDTHS_MM)]
    rows = [[h.strip() for h in header]]
    rows += [[str(n), i.heading, i.what, f"{i.late}【{i.severity_label}】{i.problem}", i.hint] for n, i in
             enumerate(items, start=1)]  # fmt: skip
    add_table(document, rows, widths=[int(Mm(w)) for w in COLUMN_WIDTHS_MM][: len(header)])
    # The closing paragraph, the contact, the blank line and the 落款 stay on one page: the 落款 never
    # stands alone on the last page (keep-with-next down to the 成文日期, each kept whole).
    tail = [gongwen.paragraph(document, line) for line in parts["closing"]]
    tail += [gongwen.paragraph(document, line) for line in parts.get("contact", [])]
    tail.append(gongwen.paragraph(document, "", gongwen.NORMAL))
    for n, line in enumerate(parts["signature"]):
        para = gongwen.paragraph(document, line, gongwen.NORMAL)
        tail.append(para)
        para.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        # 落款 and 成文日期 right-aligned, the date 4 characters in from the right margin (GB/T 9704 7.3.5)
        para.paragraph_format.right_indent = Pt(16 * (4 if n == len(parts["signature"]) - 1 else 2))
    kept = tail[max(len(parts["closing"]) - 1, 0) :]  # the last closing paragraph down to the 成文日期
    for para in kept:
        para.paragraph_format.keep_together = True
    for para in kept[:-1]:
        para.paragraph_format.keep_with_next = True
    return document


def file_name(unit: str) -> str:
    safe = _UNSAFE_NAME.sub("_", unit).strip(" .") or "单位"
    return f"{safe[:60]}_催报整改通知.docx"


def write_docx_notices(
    plan: NoticePlan, config: ProjectConfig, *, deadline: dt.date, today: dt.date, only_unit: bool = False
) -> list[Path]:
    """Write `output/通知/<unit>_催报整改通知.docx`. A full run replaces the folder as a whole (so a unit
    that is now complete loses its old notice); a one-unit run replaces that unit's file only."""
    env = environment(config.root)
    target = config.output_dir / NOTICE_DIR
    documents = [(file_name(n.unit), _guarded_notice(env, n, config, deadline=deadline, today=today))
                 for n in plan.notices]  # fmt: skip
    names = _unique([name for name, _ in documents])
    if only_unit:
        target.mkdir(parents=True, exist_ok=True)
        written = []
        for name, (_, document) in zip(names, documents, strict=True):
            with staged_file(target / name) as temp:
                document.save(str(temp))
            written.append(target / name)
        return written
    with staged_folder(target) as folder:
        for name, (_, document) in zip(names, documents, strict=True):
            document.save(str(folder / name))
    return [target / name for name in names]


def _guarded_notice(env: jinja2.Environment, notice: Notice, config: ProjectConfig, *, deadline: dt.date,
                    today: dt.date) -> Any:  # fmt: skip
    """One unit's notice under the per-file guard: if its content breaks the writer, the unit still gets a
    short notice saying so, and the other units' notices are written as usual."""
    made = protect(lambda: notice_document(docx_parts(env, context(notice, config, deadline=deadline, today=today)),
                                           notice.items))  # fmt: skip
    if not isinstance(made, Failure):
        return made
    fallback = {"title": ["催报整改通知"], "addressee": [f"{notice.unit}："], "columns": ["序号|问题"], "closing": [],
                "body": [f"本单位的问题清单未能写入通知（{made.reason}），请查看网报材料清单中的问题清单。"],
                "signature": [config.project.organization or ""]}  # fmt: skip
    return notice_document(fallback, [])


def _unique(names: Iterable[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for name in names:
        count = seen.get(name, 0)
        seen[name] = count + 1
        out.append(name if count == 0 else name.replace(".docx", f"_{count + 1}.docx"))
    return out
