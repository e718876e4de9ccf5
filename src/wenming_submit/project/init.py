"""`wenming init`: a new project folder from the templates in templates/init/."""

from __future__ import annotations

import datetime as dt
import re
from importlib import resources
from pathlib import Path

import jinja2

from wenming_submit.errors import ProjectError

INIT_FILES = {
    "wenming.toml": "wenming.toml",
    "示例指标.yaml": "indicators/示例指标.yaml",
    "使用说明.txt": "使用说明.txt",
}


def _template(name: str) -> str:
    return resources.files("wenming_submit").joinpath("templates", "init", name).read_text(encoding="utf-8")


_YEAR = re.compile(r"(?<!\d)20\d\d(?!\d)")
_CAMPAIGN = ("创文", "文明城市", "创城", "创建文明")


def default_title(folder: str, year: int) -> str:
    """`城东街道` -> 城东街道2026年度创建全国文明城市网上申报材料; what the folder name already says is not
    repeated: `某某区2026创文` -> 某某区2026创文网上申报材料."""
    title = folder.strip()
    if "申报" in title:
        return title  # the folder name is a whole title already
    campaign = next((title.index(w) for w in _CAMPAIGN if w in title), None)
    if not _YEAR.search(title):
        at = len(title) if campaign is None else campaign
        title = f"{title[:at]}{year}年度{title[at:]}"
    if campaign is None:
        title += "创建全国文明城市"
    return title + "网上申报材料"


def init_project(target: Path, *, title: str | None = None, today: dt.date | None = None) -> list[Path]:
    """Create the project at `target`; refuses to overwrite an existing project. Returns the files written."""
    if target.exists() and not target.is_dir():
        raise ProjectError(f"{target} 已存在且不是文件夹", hint="请换一个名称")
    if (target / "wenming.toml").exists():
        raise ProjectError(f"{target} 已经是一个 wenming 项目（已有 wenming.toml）", hint="无需再次初始化")
    today = today or dt.date.today()
    values = {
        "title": title or default_title(target.resolve().name, today.year),
        "organization": "创文办",
        "district": "",
        "start": f"{today.year}-01-01",
        "end": f"{today.year}-12-31",
    }
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=True, autoescape=False)
    written = []
    for template, dest in INIT_FILES.items():
        path = target / dest
        if path.exists():
            continue  # never overwrite a file the user may have edited (e.g. a catalogue kept from before)
        path.parent.mkdir(parents=True, exist_ok=True)
        text = _template(template)
        # The catalogue example holds no placeholders; TOML braces in the naming pattern are raw.
        if template != "示例指标.yaml":
            text = env.from_string(text.replace("{code}_{unit}_{material}_{n:02d}", "{% raw %}{code}_{unit}_{material}_{n:02d}{% endraw %}")).render(values)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    for folder in ("evidence", "output"):
        (target / folder).mkdir(exist_ok=True)
    return written
