"""Read indicators/*.yaml into a Catalog, reporting every problem with file, line and field.

Two file shapes are accepted: the contract shape (a list of indicators) and a mapping with
`indicators:` and `units:` (unit names with their aliases). All files are read before failing, so the
coordinator sees every mistake at once.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from wenming_submit.catalog.model import Catalog, Indicator
from wenming_submit.errors import CatalogError, WenmingError, describe_validation_error

CATALOG_SUFFIXES = (".yaml", ".yml")
SAMPLE_MARK = "# wenming-sample"
"""First line of the sample catalogue `wenming init` writes. A marked file gives way to any real catalogue:
it is ignored when other catalogue files exist, and `wenming import` deletes it. Removing the line makes the
file an ordinary part of the catalogue."""

MAX_EXPANDED_NODES = 200_000
"""Nodes a catalogue file may stand for once its aliases (`*name`) are expanded. A 500-indicator
catalogue has ~30,000; a 1 KB "billion laughs" alias bomb stands for billions and would take gigabytes
(the validation error message alone formats the expanded value)."""
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class UnitEntry(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    name: str = Field(min_length=1)
    aliases: tuple[str, ...] = ()


def _node_line(node: yaml.Node | None, loc: tuple[str | int, ...]) -> int | None:
    """Line (1-based) of the YAML node at a pydantic error location; the deepest one that exists."""
    if node is None:
        return None
    line = node.start_mark.line + 1
    for part in loc:
        child: yaml.Node | None = None
        if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            child = node.value[part]
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if getattr(key, "value", None) == part:
                    child = value
                    line = key.start_mark.line + 1
                    break
        if child is None:
            break
        node = child
        line = node.start_mark.line + 1
    return line


def _field_path(loc: tuple[str | int, ...], data: Any) -> str:
    """`第2项（Ⅱ-3-2）.materials[1].min` — readable, naming the indicator by its code when known."""
    parts: list[str] = []
    for i, part in enumerate(loc):
        if isinstance(part, int):
            if i == 0 and isinstance(data, list):
                item = data[part] if part < len(data) else None
                code = item.get("code") if isinstance(item, dict) else None
                parts.append(f"第{part + 1}项" + (f"（{code}）" if code else ""))
            else:
                parts.append(f"[{part + 1}]")
        else:
            parts.append(("." if parts else "") + part)
    return "".join(parts)


def _read_yaml(path: Path) -> tuple[Any, yaml.Node | None]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise CatalogError("文件不是 UTF-8 编码", path=path, hint="请用编辑器另存为 UTF-8 编码") from None
    except OSError as exc:
        raise CatalogError(f"无法读取：{exc.strerror}", path=path) from None
    # One pass with libyaml when present: the node tree gives line numbers, the data is built from it.
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is not None and _expanded_size(node) > MAX_EXPANDED_NODES:
            raise CatalogError(
                "YAML 中的锚点/别名（&名称 / *名称）展开后过大（或互相引用），已拒绝读取",
                path=path,
                hint="指标目录不需要锚点和别名，请把 *名称 换成实际内容，或重新用 wenming import 导入",
            )
        return (loader.construct_document(node) if node is not None else None), node
    except RecursionError:
        raise CatalogError("YAML 嵌套层次过深，无法读取", path=path, hint="请检查缩进和方括号是否成对") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise CatalogError(
            f"YAML 格式错误：{problem}",
            path=path,
            line=mark.line + 1 if mark else None,
            hint="常见原因：缩进不一致、冒号后缺空格、含冒号的文字没有加引号",
        ) from None
    finally:
        loader.dispose()


def _expanded_size(root: yaml.Node) -> int:
    """How many nodes `root` stands for with every alias expanded, counted without expanding (an alias is
    the same node object again). Stops early past the budget; a node that contains itself counts as
    too large."""
    sizes: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        children: list[yaml.Node] = []
        if isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        elif isinstance(node, yaml.MappingNode):
            children = [part for pair in node.value for part in pair]
        if done:
            on_path.discard(key)
            sizes[key] = min(1 + sum(sizes[id(c)] for c in children), MAX_EXPANDED_NODES + 1)
            continue
        if key in sizes:
            continue
        if key in on_path:
            return MAX_EXPANDED_NODES + 1  # a recursive alias
        on_path.add(key)
        stack.append((node, True))
        stack.extend((c, False) for c in children if id(c) not in sizes)
    return sizes[id(root)]


def _split_document(
    data: Any, root: yaml.Node | None, path: Path
) -> tuple[list[Any], yaml.Node | None, list[Any], yaml.Node | None]:
    """(indicator items, their node, unit items, their node) for either accepted shape."""
    if data is None:
        return [], None, [], None
    if isinstance(data, list):
        return data, root, [], None
    if isinstance(data, dict):
        unknown = set(data) - {"indicators", "units"}
        if "code" in unknown:
            raise CatalogError(
                "文件内容是单个指标，而不是指标列表",
                path=path,
                line=1,
                hint="请在第一个字段前加“- ”，写作“- code: ...”，其余各行缩进两格",
            )
        if unknown:
            raise CatalogError(
                f"未知的顶层字段：{'、'.join(map(str, sorted(unknown)))}",
                path=path,
                hint="目录文件应是指标列表，或包含 indicators 和 units 两个字段",
            )
        nodes = dict((k.value, v) for k, v in root.value) if isinstance(root, yaml.MappingNode) else {}
        indicators = data.get("indicators") or []
        units = data.get("units") or []
        if not isinstance(indicators, list) or not isinstance(units, list):
            raise CatalogError("indicators 和 units 都应是列表", path=path)
        return indicators, nodes.get("indicators"), units, nodes.get("units")
    raise CatalogError("文件内容应是指标列表（每项以 - code: 开头）", path=path, line=1)


def _validate(
    model: type[BaseModel], items: list[Any], node: yaml.Node | None, path: Path
) -> tuple[list[Any], list[WenmingError]]:
    values: list[Any] = []
    problems: list[WenmingError] = []
    for index, item in enumerate(items):
        try:
            values.append(model.model_validate(item))
        except ValidationError as exc:
            errors = exc.errors()
            locs = [tuple(e["loc"]) for e in errors]
            for err in errors:
                own = tuple(err["loc"])
                if err["type"] == "too_short" and any(len(o) > len(own) and o[: len(own)] == own for o in locs):
                    continue  # pydantic also calls a list "too short" when one of its items failed
                loc = (index, *own)
                problems.append(
                    CatalogError(
                        describe_validation_error(err),
                        path=path,
                        line=_node_line(node, loc),
                        field=_field_path(loc, items),
                    )
                )
    return values, problems


def _alias_table(
    entries: list[tuple[UnitEntry, Path]], extra: dict[str, list[str]], problems: list[WenmingError]
) -> dict[str, str]:
    table: dict[str, str] = {}

    def add(spelling: str, unit: str, where: Path | str) -> None:
        other = table.get(spelling)
        if other is not None and other != unit:
            problems.append(
                CatalogError(f"单位别名「{spelling}」同时指向「{other}」和「{unit}」", path=where, field="aliases")
            )
        table[spelling] = unit

    for entry, path in entries:
        add(entry.name, entry.name, path)
        for alias in entry.aliases:
            add(alias, entry.name, path)
    for name, aliases in extra.items():
        add(name, name, "wenming.toml")
        for alias in aliases:
            add(alias, name, "wenming.toml")
    return table


def load_catalog(
    directory: Path,
    extra_aliases: dict[str, list[str]] | None = None,
    *,
    groups: dict[str, list[str]] | None = None,
) -> Catalog:
    """Every indicator under `directory`; raises CatalogError listing all problems found.

    `groups` (wenming.toml [units.groups]): a responsible unit written as a group (各街道办事处) stands for
    its members.
    """
    if not directory.exists():
        raise CatalogError(
            f"指标目录 {directory} 不存在",
            hint="请在项目中建立 indicators 文件夹放入指标 YAML，或用 wenming import 导入任务分解表",
        )
    if not directory.is_dir():
        raise CatalogError(f"{directory} 不是文件夹", hint="indicators 应是存放指标 YAML 文件的文件夹")
    files = sorted(p for p in directory.rglob("*") if p.suffix.lower() in CATALOG_SUFFIXES and p.is_file())
    if not files:
        raise CatalogError(f"指标目录 {directory} 中没有 .yaml 文件", hint="请放入指标目录文件，或运行 wenming import")

    samples = sample_files(files)
    notes: list[str] = []
    if samples and len(samples) < len(files):
        files = [f for f in files if f not in samples]
        notes = [f"{p.name} 是 wenming init 生成的示例目录，已有其他指标目录，检查时不再使用它（可以删除）" for p in samples]

    problems: list[WenmingError] = []
    indicators: list[Indicator] = []
    lines: dict[int, tuple[Path, int | None]] = {}
    unit_entries: list[tuple[UnitEntry, Path]] = []
    for path in files:
        try:
            data, root = _read_yaml(path)
            items, item_node, units, unit_node = _split_document(data, root, path)
        except CatalogError as exc:
            problems.append(exc)
            continue
        found, errs = _validate(Indicator, items, item_node, path)
        problems += errs
        for index, ind in enumerate(found):
            lines[id(ind)] = (path, _node_line(item_node, (index,)))
        indicators += found
        entries, errs = _validate(UnitEntry, [{"name": u} if isinstance(u, str) else u for u in units], unit_node, path)
        problems += errs
        unit_entries += [(e, path) for e in entries]

    by_key: dict[str, Indicator] = {}
    sources: dict[str, str] = {}
    clashes: list[tuple[Indicator, Indicator]] = []
    for ind in indicators:
        first = by_key.get(ind.key)
        if first is not None:
            clashes.append((first, ind))
            continue
        by_key[ind.key] = ind
        sources[ind.key] = str(path_of(ind, lines))
    problems += _clash_errors(clashes, lines)

    aliases = _alias_table(unit_entries, extra_aliases or {}, problems)
    if problems:
        raise CatalogError(f"指标目录有 {len(problems)} 处错误，请修改后重试：", problems=problems)
    indicators = [_canonical_units(ind, aliases, groups or {}) for ind in by_key.values()]
    for ind in indicators:
        for unit in ind.units:
            aliases.setdefault(unit, unit)
    return Catalog(indicators=tuple(indicators), aliases=aliases, sources=sources, notes=tuple(notes))


def is_sample(path: Path) -> bool:
    """True for a catalogue file that still carries the `wenming init` sample mark on its first line."""
    try:
        with path.open(encoding="utf-8-sig") as handle:
            return handle.readline().startswith(SAMPLE_MARK)
    except (OSError, UnicodeDecodeError):
        return False


def sample_files(files: list[Path]) -> list[Path]:
    return [f for f in files if is_sample(f)]


def path_of(ind: Indicator, lines: dict[int, tuple[Path, int | None]]) -> Path:
    return lines[id(ind)][0]


def _clash_errors(
    clashes: list[tuple[Indicator, Indicator]], lines: dict[int, tuple[Path, int | None]]
) -> list[WenmingError]:
    """One error per repeated code. When two files repeat each other, the hint says which file to remove:
    the one whose every indicator is also in the other (an old copy, the init sample, a second import)."""
    per_file: dict[Path, int] = {}
    for path, _ in lines.values():
        per_file[path] = per_file.get(path, 0) + 1
    pairs: dict[tuple[Path, Path], int] = {}
    for first, ind in clashes:
        pair = (path_of(first, lines), path_of(ind, lines))
        pairs[pair] = pairs.get(pair, 0) + 1
    errors: list[WenmingError] = []
    for first, ind in clashes:
        (first_path, first_line), (path, line) = lines[id(first)], lines[id(ind)]
        same = first.code == ind.code
        hint = "每个指标编号只能出现一次；罗马数字、全角数字和各种横线视为相同"
        if first_path != path:
            shared = pairs[(first_path, path)]
            spare = next((p for p in (path, first_path) if per_file[p] == shared), None)
            if spare is not None:
                hint = (
                    f"{spare.name} 中的指标在 {(first_path if spare == path else path).name} 中都有，"
                    f"多半是旧的副本或示例：请删除 {spare}"
                )
            else:
                hint = f"{first_path.name} 和 {path.name} 都定义了该指标：请删除其中一个文件，或删去其中一处"
        errors.append(
            CatalogError(
                (f"指标编号「{ind.code}」重复" if same else f"指标编号「{ind.code}」与「{first.code}」规范化后相同，无法区分")
                + f"（另见 {first_path.name} 第 {first_line} 行）",
                path=path,
                line=line,
                field="code",
                hint=hint,
            )
        )
    return errors


def _canonical_units(ind: Indicator, aliases: dict[str, str], groups: dict[str, list[str]]) -> Indicator:
    """Responsible units written by an alias (`教育局` where [units] says 区教育局 = ["教育局"]) become the
    canonical name, so that they meet the files assigned to that name; a group becomes its members."""
    members = [member for unit in ind.units for member in (groups.get(unit) or [unit])]
    units = tuple(dict.fromkeys(aliases.get(unit, unit) for unit in members))
    lead = aliases.get(ind.lead, ind.lead) if ind.lead else ind.lead
    if units == ind.units and lead == ind.lead:
        return ind
    return ind.model_copy(update={"units": units, "lead": lead})
