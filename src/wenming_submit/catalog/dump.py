"""Indicators -> catalogue YAML in the DESIGN §4 shape, readable by a person who edits it in Notepad.

Keys follow the contract order, defaults are left out, short lists are written inline
(`units: [区文明办, 区教育局]`), long texts as `|` blocks, Chinese as is (allow_unicode). The result loads
back with load_catalog to the same indicators.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import Any

import yaml

from wenming_submit.catalog.model import Indicator, Material

INDICATOR_KEYS = (
    "code",
    "title",
    "category",
    "content",
    "standard",
    "method",
    "lead",
    "units",
    "upload",
    "per_unit",
    "deadline",
    "requirement",
    "materials",
)
MATERIAL_KEYS = (
    "name",
    "kinds",
    "min",
    "max",
    "min_chars",
    "caption",
    "columns",
    "date_column",
    "per_month_min",
    "match",
    "per_unit",
    "max_mb",
    "min_width",
    "min_height",
    "period",
    "note",
    "seal",  # issue 17: a scanned document must show its seal / its 红头
    "red_header",
)
_FAST_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
INLINE_MAX = 80
"""Lists whose inline form is longer than this are written one item per line."""


class _Inline(list[Any]):
    """A list written in flow style: [a, b]."""


class _Dumper(yaml.SafeDumper):
    pass


def _represent_inline(dumper: yaml.SafeDumper, data: _Inline) -> yaml.Node:
    flow = sum(len(str(x)) + 2 for x in data) <= INLINE_MAX and all("\n" not in str(x) for x in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    lines = data.split("\n")
    if len(lines) > 1 and all(line == line.rstrip() for line in lines) and not data.startswith(" "):
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", data)


_Dumper.add_representer(_Inline, _represent_inline)
_Dumper.add_representer(str, _represent_str)


def _plain(value: Any) -> Any:
    if isinstance(value, tuple | list):
        items = [_plain(v) for v in value]
        return _Inline(items) if all(isinstance(v, str | int | float) for v in items) else items
    if isinstance(value, str):  # StrEnum members become plain strings
        return str(value)
    if isinstance(value, dt.date):
        return value
    if hasattr(value, "model_dump"):
        return {k: _plain(v) for k, v in value.model_dump(exclude_defaults=True).items()}
    return value


def material_dict(material: Material) -> dict[str, Any]:
    data = material.model_dump(exclude_defaults=True)
    if "kinds" not in data:
        data["kinds"] = material.kinds  # always say what the material accepts, even when it is `any`
    return {key: _plain(getattr(material, key)) for key in MATERIAL_KEYS if key in data}


def indicator_dict(indicator: Indicator) -> dict[str, Any]:
    data = indicator.model_dump(exclude_defaults=True)
    out: dict[str, Any] = {}
    for key in INDICATOR_KEYS:
        if key not in data:
            continue
        if key == "materials":
            out[key] = [material_dict(m) for m in indicator.materials]
        else:
            out[key] = _plain(getattr(indicator, key))
    return out


def dump_indicators(indicators: Iterable[Indicator], header: str | None = None) -> str:
    """The YAML text of a catalogue file: a header comment, then one block per indicator."""
    blocks = []
    for indicator in indicators:
        text = yaml.dump(
            [indicator_dict(indicator)],
            Dumper=_Dumper,
            allow_unicode=True,
            sort_keys=False,
            width=100,
            default_flow_style=False,
        )
        blocks.append(text)
    comment = "".join(f"# {line}\n" if line else "#\n" for line in (header or "").splitlines())
    return comment + ("\n" if comment else "") + "\n".join(blocks)


def materials_rules_text(materials: Iterable[Material]) -> str:
    """Materials as a YAML list, one flow mapping per line: the 材料规则 cell of the Excel checklist.

    `wenming import` reads this cell back exactly, so a checklist round-trips to the same catalogue.
    """
    lines = []
    for material in materials:
        data = json.loads(json.dumps(material_dict(material), ensure_ascii=False, default=str))
        text = yaml.dump(
            data,
            Dumper=_FAST_DUMPER,
            default_flow_style=True,
            allow_unicode=True,
            sort_keys=False,
            width=10**6,
        )
        lines.append("- " + text.strip())
    return "\n".join(lines)
