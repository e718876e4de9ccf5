"""`wenming accounts`: create the portal accounts and print the 账号分发单 once."""

from __future__ import annotations

import json
from pathlib import Path

import click

from wenming_submit.cli import handle_errors
from wenming_submit.cli.options import project_option
from wenming_submit.cli.session import load_project


@click.command()
@project_option
@click.option("--reset", "reset", metavar="单位", help="给该单位（或账号、“创文办”）重新生成密码，原密码和登录状态作废")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text：打印分发单并写 output/账号分发单.docx；json：输出 [{unit, login, password}] 供脚本使用")  # fmt: skip
@click.option("--address", metavar="网址", help="分发单上写的平台网址（默认 http://本机局域网地址:8800）")
@handle_errors
def accounts(project_dir: Path, reset: str | None, output_format: str, address: str | None) -> None:
    """为每个单位和创文办创建报送平台账号，打印账号分发单（密码只显示这一次）。

    重复运行只为新增的单位创建账号；忘记密码用 --reset 单位 重新生成。
    """
    from wenming_submit.portal.accounts import (
        COORDINATOR_LABEL,
        ensure_accounts,
        lan_address,
        reset_account,
        sheet_text,
        write_sheet,
    )
    from wenming_submit.portal.store import Store

    project = load_project(project_dir, quiet=output_format == "json")
    store = Store(project.config.root)
    try:
        issued = [reset_account(store, project.catalog, reset)] if reset else ensure_accounts(store, project.catalog)
        existing = store.accounts()
    finally:
        store.close()
    if output_format == "json":
        click.echo(json.dumps([{"unit": i.unit if i.unit != COORDINATOR_LABEL else None, "login": i.login,
                                "password": i.password} for i in issued], ensure_ascii=False, indent=2))  # fmt: skip
        return
    url = address or f"http://{lan_address() or '127.0.0.1'}:8800"
    if not issued:
        click.echo(f"全部 {len(existing)} 个账号都已创建，密码不再显示。忘记密码请用 wenming accounts --reset 单位。")
        for a in existing:
            click.echo(f"  {a.unit or COORDINATOR_LABEL}\t{a.login}")
        return
    click.echo(sheet_text(issued, project.config, url), nl=False)
    sheet = write_sheet(issued, project.config, url)
    click.echo(f"\n已写入 {sheet}（含密码，打印分发后请删除或妥善保管）。", err=True)
