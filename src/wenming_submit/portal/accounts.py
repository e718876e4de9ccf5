"""`wenming accounts`: one account per unit plus the coordinator's, and the 账号分发单 handed out once.

Passwords are random (12 characters from an alphabet without look-alikes), stored only as scrypt
hashes; the clear password exists only in the sheet printed when an account is made or reset.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass
from pathlib import Path

from wenming_submit import gongwen
from wenming_submit.atomic import staged_file
from wenming_submit.catalog.model import Catalog
from wenming_submit.config import ProjectConfig
from wenming_submit.errors import UsageError
from wenming_submit.gongwen.tables import add_table
from wenming_submit.portal.auth import hash_password, new_password
from wenming_submit.portal.store import COORDINATOR, UNIT, Store

COORDINATOR_LOGIN = "admin"
COORDINATOR_LABEL = "创文办（协调员）"
SHEET_NAME = "账号分发单.docx"


@dataclass(frozen=True)
class Issued:
    unit: str
    """The unit, or COORDINATOR_LABEL for the coordinator's account."""
    login: str
    password: str


def _unit_login(n: int, taken: set[str]) -> str:
    while f"dw{n:02d}" in taken:
        n += 1
    return f"dw{n:02d}"


def ensure_accounts(store: Store, catalog: Catalog) -> list[Issued]:
    """Create the accounts that do not exist yet (the coordinator's, then each unit's in catalogue order)."""
    existing = store.accounts()
    taken = {a.login for a in existing}
    units = {a.unit for a in existing if a.unit}
    issued: list[Issued] = []
    if not any(a.role == COORDINATOR for a in existing):
        password = new_password()
        store.add_account(COORDINATOR_LOGIN, None, COORDINATOR, hash_password(password))
        taken.add(COORDINATOR_LOGIN)
        issued.append(Issued(COORDINATOR_LABEL, COORDINATOR_LOGIN, password))
    for n, unit in enumerate(catalog.units, start=1):
        if unit in units:
            continue
        login = _unit_login(n, taken)
        password = new_password()
        store.add_account(login, unit, UNIT, hash_password(password))
        taken.add(login)
        issued.append(Issued(unit, login, password))
    return issued


def reset_account(store: Store, catalog: Catalog, who: str) -> Issued:
    """A new password for a unit (name or alias), a login, or the coordinator (创文办/admin)."""
    accounts = store.accounts()
    unit = catalog.canonical_unit(who.strip())
    account = next((a for a in accounts if (unit and a.unit == unit) or a.login == who.strip()), None)
    if account is None and who.strip() in ("创文办", "协调员", COORDINATOR_LABEL):
        account = next((a for a in accounts if a.role == COORDINATOR), None)
    if account is None:
        raise UsageError(f"没有「{who}」的账号", hint="请写单位名称（或简称）、登录账号，或“创文办”；先运行 wenming accounts 创建账号")
    password = new_password()
    store.set_password(account.login, hash_password(password))
    return Issued(account.unit or COORDINATOR_LABEL, account.login, password)


def lan_address() -> str | None:
    """This machine's address on the local network (the interface that would route outwards), if any."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("10.255.255.255", 1))  # no packet is sent for UDP connect
            address = str(s.getsockname()[0])
        except OSError:
            return None
    return None if address.startswith("127.") else address


def sheet_text(issued: list[Issued], config: ProjectConfig, address: str) -> str:
    lines = [f"{config.project.title}", "材料报送平台 账号分发单", f"网址：{address}", ""]
    lines.append("单位\t账号\t初始密码")
    lines += [f"{i.unit}\t{i.login}\t{i.password}" for i in issued]
    lines += ["", "请妥善保管，不要在工作群中公开发送密码；忘记密码请找创文办重置（wenming accounts --reset 单位）。"]
    return "\n".join(lines) + "\n"


def write_sheet(issued: list[Issued], config: ProjectConfig, address: str) -> Path:
    """The 账号分发单 as a 公文-style Word table in output/ (written whole or not at all)."""
    document = gongwen.new_document()
    gongwen.paragraph(document, "材料报送平台账号分发单", gongwen.TITLE)
    gongwen.paragraph(document, f"{config.project.title}。请各单位联络员用浏览器打开 {address} ，"
                                "用下表的账号和初始密码登录，按指标上传本单位材料。")  # fmt: skip
    rows = [["单位", "账号", "初始密码", "网址"]] + [[i.unit, i.login, i.password, address] for i in issued]
    add_table(document, rows)
    gongwen.paragraph(document, "密码请单独交给各单位联络员，不要在工作群中公开发送；忘记密码请联系创文办重置。")
    target = config.output_dir / SHEET_NAME
    target.parent.mkdir(parents=True, exist_ok=True)
    with staged_file(target) as temp:
        document.save(str(temp))
    return target
