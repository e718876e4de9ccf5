"""Fixtures of the portal tests (helpers in portalkit.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from portalkit import Server, make_project, start_process


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One portal for the API, security and browser tests (each test uses its own file names)."""
    import signal

    import samplefiles

    root = make_project(tmp_path_factory.mktemp("portal") / "项目", samplefiles)
    process, srv = start_process(root, "--max-request-mb", "8")
    try:
        yield srv
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=30)


CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--window-size=1280,1000", "--hide-scrollbars")  # fmt: skip


def chromium_missing() -> str | None:
    import shutil

    for tool in (CHROMIUM, CHROMEDRIVER):
        if shutil.which(tool) is None:
            return f"{tool} 未安装（apt-get install chromium chromium-driver）"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium 未安装（pip install -e '.[test]'）"
    return None


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Headless Chromium through chromedriver, as tests/render/dashboard does it."""
    reason = chromium_missing()
    if reason:
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (*FLAGS, f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()
