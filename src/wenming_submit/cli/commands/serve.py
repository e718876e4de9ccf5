"""`wenming serve`: the portal on this computer, for the units' 联络员 on the intranet."""

from __future__ import annotations

import ipaddress
import socket
from pathlib import Path

import click

from wenming_submit.cli import handle_errors
from wenming_submit.cli.options import project_option
from wenming_submit.cli.session import load_project
from wenming_submit.errors import UsageError


def _check_port(host: str, port: int) -> None:
    """Refuse, in Chinese, a port that is taken or an address this computer does not have (uvicorn would
    say it in English after the start message)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror:
        raise UsageError(f"无法识别监听地址「{host}」", hint="用 127.0.0.1（仅本机）或 0.0.0.0（内网）") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except PermissionError:
            raise UsageError(f"没有权限使用端口 {port}", hint="请换一个 1024 以上的端口，如 --port 8800") from None
        except OSError:
            raise UsageError(f"端口 {port} 已被占用，或本机没有地址 {host}",
                             hint="换一个端口（如 --port 8801），或先关闭已在运行的报送平台") from None


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@click.command()
@project_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="监听地址；默认只有本机能访问，让各单位访问请用 0.0.0.0（仅限内网）")  # fmt: skip
@click.option("--port", default=8800, show_default=True, type=click.IntRange(1, 65535), metavar="端口号",
              help="端口")
@click.option("--cert", type=click.Path(path_type=Path, dir_okay=False, exists=True), help="HTTPS 证书文件（PEM）")
@click.option("--key", type=click.Path(path_type=Path, dir_okay=False, exists=True), help="HTTPS 私钥文件（PEM）")
@click.option("--max-request-mb", default=500, show_default=True, type=click.IntRange(1, 10000), metavar="整数",
              help="一次上传请求的总量上限（每个文件另受 wenming.toml [limits] 限制）")  # fmt: skip
@handle_errors
def serve(project_dir: Path, host: str, port: int, cert: Path | None, key: Path | None, max_request_mb: int) -> None:
    """启动材料报送平台：各单位联络员用浏览器登录，上传本单位材料并立即看到检查结果。

    先用 wenming accounts 创建账号。按 Ctrl+C 停止。
    """
    import uvicorn

    from wenming_submit.portal.accounts import lan_address
    from wenming_submit.portal.app import create_app
    from wenming_submit.portal.store import Store

    if (cert is None) != (key is None):
        raise UsageError("--cert 和 --key 要一起使用", hint="证书和私钥都是 PEM 文件")
    project = load_project(project_dir)
    store = Store(project.config.root)
    try:
        has_accounts = bool(store.accounts())
    finally:
        store.close()
    if not has_accounts:
        raise UsageError("还没有账号", hint="请先运行 wenming accounts 创建各单位和创文办的账号")
    _check_port(host, port)
    scheme = "https" if cert else "http"
    app = create_app(project, max_request_mb=max_request_mb)
    if _is_loopback(host):
        click.echo(f"报送平台已启动：{scheme}://{host}:{port}/（只有本机能访问；让各单位访问请加 --host 0.0.0.0）")
    else:
        shown = lan_address() if host in ("0.0.0.0", "::") else host
        click.echo(f"报送平台已启动，请把这个网址发给各单位：{scheme}://{shown or host}:{port}/")
        click.secho("注意：平台对局域网开放，只可在单位内网使用，不要映射到互联网。"
                    + ("" if cert else "未启用 HTTPS，密码以明文在网内传输；可用 --cert/--key 启用。"), fg="yellow")  # fmt: skip
    click.echo("按 Ctrl+C 停止。")
    uvicorn.run(app, host=host, port=port, ssl_certfile=str(cert) if cert else None,
                ssl_keyfile=str(key) if key else None, log_level="warning", access_log=False,
                timeout_graceful_shutdown=5)  # fmt: skip
