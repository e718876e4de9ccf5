"""`wenming intake`: files that arrive by email, chat or USB find their own folder under evidence/.

collect (sources, archives) -> propose (clues, match) -> place (destination, already filed, versions)
-> [plan corrections] -> [apply: copy + log] -> plan workbook. evidence/ only ever gains files.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass, field, replace
from pathlib import Path

from wenming_submit.catalog.model import Catalog, Indicator
from wenming_submit.errors import ProjectError
from wenming_submit.intake.apply import LOG_NAME, append_log, copy_new
from wenming_submit.intake.match import (
    Choice,
    Decision,
    Fixed,
    Matcher,
    Proposal,
    Status,
    fixed_choice,
    propose_one,
    with_status,
)
from wenming_submit.intake.place import EvidenceIndex, Placer, file_name
from wenming_submit.intake.plan import PLAN_NAME, PlanRow, read_plan, write_plan
from wenming_submit.intake.sources import Incoming, Kind, collect, temp_folder
from wenming_submit.project import Project

__all__ = ["IntakeResult", "PlanRow", "Proposal", "Status", "read_plan", "run_intake"]


@dataclass
class IntakeResult:
    proposals: list[Proposal]
    plan_path: Path
    log_path: Path
    applied: bool
    warnings: list[str] = field(default_factory=list)

    def count(self, status: Status) -> int:
        return sum(1 for p in self.proposals if p.status is status)

    @property
    def pending(self) -> list[Proposal]:
        """What still needs the coordinator: undecided, refused, replacement candidates not decided."""
        return [p for p in self.proposals if p.decision is Decision.pending]


def _material_named(indicator: Indicator, text: str) -> str | None:
    for material in indicator.materials:
        if text == material.name or text in material.match:
            return material.name
    return None


class _Plan:
    """The coordinator's corrections from a plan row, validated against the catalogue."""

    def __init__(self, catalog: Catalog, row: PlanRow, base: Proposal) -> None:
        self.problems: list[str] = []
        self.edited = False
        by = "计划表"
        unit = indicator = material = None
        if row.unit and row.unit != (base.unit.value or ""):
            canonical = catalog.canonical_unit(row.unit)
            if canonical is None:
                self.problems.append(f"计划表中的单位「{row.unit}」不是已知单位：请从“选项”表中选择")
            else:
                unit = fixed_choice(canonical, "单位", by)
        ind = catalog.indicator(row.indicator) if row.indicator else None
        if row.indicator and row.indicator != (base.indicator.value or ""):
            if ind is None:
                self.problems.append(f"计划表中的指标编号「{row.indicator}」不在指标目录中：请从“选项”表中选择")
            else:
                indicator = fixed_choice(ind.code, "指标", by)
        changed_indicator = indicator is not None
        if row.material and ind is not None and (row.material != (base.material.value or "") or changed_indicator):
            name = _material_named(ind, row.material)
            if name is None:
                choices = "、".join(m.name for m in ind.materials)
                self.problems.append(f"计划表中的材料「{row.material}」不是指标 {ind.code} 的材料（可选：{choices}）")
            else:
                material = fixed_choice(name, "材料", by)
        self.fixed = Fixed(unit, indicator, material)
        self.edited = any(c is not None for c in (unit, indicator, material))
        self.decision = row.decision


def _merge(option: Fixed, plan: Fixed) -> Fixed:
    return Fixed(plan.unit or option.unit, plan.indicator or option.indicator, plan.material or option.material)


class _Intake:
    def __init__(self, project: Project, option: Fixed, plan: dict[str, PlanRow], inbox: Path) -> None:
        self.inbox_parent = inbox.resolve().parent
        self.config = project.config
        self.catalog = project.catalog
        self.option = option
        self.plan = plan
        self.matcher = Matcher(project.catalog)
        self.placer = Placer(project.config, project.catalog)
        self.index = EvidenceIndex(project.config)
        self.warnings: list[str] = []
        self._seen: dict[str, str] = {}
        self._places: dict[str, tuple[Path, str]] = {}

    def propose(self, item: Incoming) -> Proposal:
        proposal = propose_one(self.matcher, item, self.option)
        row = self.plan.get(item.source)
        if row is not None and row.sha256 and item.sha256 and row.sha256 != item.sha256:
            self.warnings.append(f"「{item.source}」在计划表生成后被修改过，已按新内容重新判断")
            row = None
        if row is not None and item.kind is Kind.evidence:
            correction = _Plan(self.catalog, row, proposal)
            if correction.edited:
                proposal = propose_one(self.matcher, item, _merge(self.option, correction.fixed))
            if correction.problems:
                proposal = with_status(proposal, Status.undecided, missing=(*proposal.missing, *correction.problems))
            proposal = self._settle(proposal)
            return self._plan_decision(proposal, correction)
        if row is not None and row.decision == Decision.skip and proposal.status is Status.refused:
            return with_status(proposal, Status.skipped, note="计划表中选择跳过", decision=Decision.skip)
        return self._settle(proposal)

    @staticmethod
    def _plan_decision(p: Proposal, correction: _Plan) -> Proposal:
        if correction.decision == Decision.skip:
            return with_status(p, Status.skipped, note="计划表中选择跳过", decision=Decision.skip)
        if p.status is Status.replacement and correction.decision == Decision.file:
            return replace(p, decision=Decision.file)
        if p.status is Status.ready and correction.decision == Decision.pending and not correction.edited:
            return with_status(p, Status.undecided, note="计划表中标为待定")
        return p

    def _settle(self, p: Proposal) -> Proposal:
        """Already filed, a repeat within the pile, the destination, a read-back check, other versions."""
        item = p.item
        if item.kind is not Kind.evidence:
            return p
        filed = self.index.find(item.size, item.sha256)
        if filed is not None:
            rel = self.index.rel(filed)
            return with_status(p, Status.filed, note=f"已归档：与 {rel} 内容相同，不再复制", existing=rel)
        if item.sha256 in self._seen:
            return with_status(p, Status.skipped, note=f"与收件中的「{self._seen[item.sha256]}」内容相同，只收一份")
        self._seen[item.sha256] = item.source
        if p.status is not Status.ready or not (p.unit.value and p.indicator.value and p.material.value):
            return p
        indicator = self.catalog.indicator(p.indicator.value)
        assert indicator is not None
        material = next(m for m in indicator.materials if m.name == p.material.value)
        item_dir, folder = self.placer.folder(p.unit.value, indicator, material)
        name = file_name(item.name)
        target = folder / name
        rel = self.index.rel(target)
        read_back = self.placer.reads_back(target, item.format)
        if read_back != (p.unit.value, indicator.code, material.name):
            got = "、".join(v for v in read_back if v) or "无法识别"
            return with_status(p, Status.undecided, destination=rel, missing=(
                f"放入 {rel} 后，检查会把它识别为「{got}」（文件名或文件夹名含有其他单位、指标或材料的名称）："
                "请在计划表中改选，或把文件改名后再收件",))  # fmt: skip
        self._places[item.source] = (folder, name)
        for other in self.placer.versions(item_dir, name):
            if self.index.sha256(other) != item.sha256:
                other_rel = self.index.rel(other)
                when = dt.datetime.fromtimestamp(other.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
                newer = "较新" if item.mtime > other.stat().st_mtime else "不比它新"
                return with_status(p, Status.replacement, destination=rel, existing=other_rel, note=(
                    f"evidence 中已有同名文件 {other_rel}（修改于 {when}），此文件{newer}，可能是新版本；"
                    "不会自动替换：要另存一份，请在计划表“处理”列填“归档”，旧文件请自行撤下"))  # fmt: skip
        return replace(p, destination=rel)

    def apply(self, p: Proposal, log: Path) -> Proposal:
        if p.decision is not Decision.file or p.status not in (Status.ready, Status.replacement):
            return p
        folder, name = self._places[p.item.source]
        target = copy_new(p.item.path, folder, name)
        rel = self.index.rel(target)
        self.index.add(target, p.item.size, p.item.sha256)
        append_log(log, [(str(self.inbox_parent / p.item.source), p.item.sha256, rel, p.reason)])
        return replace(p, status=Status.copied, destination=rel, decision=Decision.file)


def option_fixed(unit: str | None, indicator: str | None) -> Fixed:
    return Fixed(
        fixed_choice(unit, "单位", "--unit") if unit else None,
        fixed_choice(indicator, "指标", "--indicator") if indicator else None,
    )


def run_intake(
    project: Project,
    inbox: Path,
    *,
    unit: str | None = None,
    indicator: str | None = None,
    plan: dict[str, PlanRow] | None = None,
    apply: bool = False,
) -> IntakeResult:
    """Propose (and with `apply` copy) every file of `inbox`; writes output/归档计划.xlsx and, when copying,
    appends to output/收件记录.csv. `unit`/`indicator` must be the catalogue's spellings."""
    if not inbox.exists():
        raise ProjectError(f"找不到收件文件夹或压缩包 {inbox}", hint="请检查路径；路径含空格时请加引号")
    evidence = project.config.evidence_dir.resolve()
    if inbox.resolve() == evidence or inbox.resolve().is_relative_to(evidence):
        raise ProjectError(f"{inbox} 在 evidence/ 之内", hint="收件应在 evidence/ 之外，例如 收件箱/ 文件夹")
    output = project.config.output_dir
    log = output / LOG_NAME
    work = _Intake(project, option_fixed(unit, indicator), plan or {}, inbox)
    temp = temp_folder()
    try:
        items = collect(inbox, project.config, temp)
        sources = {item.source for item in items}
        for source in sorted(set(work.plan) - sources):
            work.warnings.append(f"计划表中的「{source}」在收件中找不到，已忽略")
        proposals = [work.propose(item) for item in items]
        if apply:
            proposals = [work.apply(p, log) for p in proposals]
    finally:
        shutil.rmtree(temp, ignore_errors=True)
    proposals.sort(key=Proposal.sort_key)
    plan_path = write_plan(output / PLAN_NAME, proposals, project.catalog)
    return IntakeResult(proposals, plan_path, log, apply, work.warnings)


__all__ += ["Choice", "Decision"]
