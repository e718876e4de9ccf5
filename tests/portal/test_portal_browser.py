"""The portal in a real browser (headless Chromium): a unit uploads through the file input, sees the
finding, withdraws the file; the coordinator returns a file with a comment, and the unit sees it.

Screenshots of the unit page and the coordinator's review page are saved in the test's tmp dir (and in
$WENMING_SCREENSHOTS when set): look at them when changing the pages.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from portalkit import Server, photo

pytestmark = pytest.mark.slow


def _wait(browser: Any, condition: Any, seconds: float = 30) -> Any:
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    # The pages reload themselves after a change: an element found just before the reload goes stale.
    return WebDriverWait(browser, seconds, ignored_exceptions=(StaleElementReferenceException,)).until(condition)


def _shot(browser: Any, tmp_path: Path, name: str) -> None:
    target = tmp_path / name
    browser.set_window_size(1280, max(1000, int(browser.execute_script("return document.body.scrollHeight"))))
    browser.save_screenshot(str(target))
    browser.set_window_size(1280, 1000)
    if os.environ.get("WENMING_SCREENSHOTS"):
        shutil.copy(target, Path(os.environ["WENMING_SCREENSHOTS"]) / name)


def _login(browser: Any, server: Server, who: str) -> None:
    from selenium.webdriver.common.by import By

    login, password = server.passwords[who]
    browser.get(f"http://127.0.0.1:{server.port}/login")
    browser.find_element(By.ID, "login-name").send_keys(login)
    browser.find_element(By.ID, "login-password").send_keys(password)
    browser.find_element(By.ID, "login-submit").click()
    _wait(browser, lambda d: d.find_elements(By.ID, "unit-name") or d.find_elements(By.ID, "run-check"))


def _logout(browser: Any) -> None:
    from selenium.webdriver.common.by import By

    browser.find_element(By.ID, "logout").click()
    _wait(browser, lambda d: d.current_url.endswith("/login"))


def test_unit_uploads_sees_finding_withdraws_and_reads_the_return(server: Server, browser: Any,
                                                                   tmp_path: Path) -> None:  # fmt: skip
    from selenium.webdriver.common.by import By

    picture = tmp_path / "IMG_0500.jpg"  # a camera name: no caption, the check says WM240
    picture.write_bytes(photo(seed=500, taken=dt.datetime(2026, 4, 1, 9)))
    _login(browser, server, "区文明办")
    assert browser.find_element(By.ID, "unit-name").text == "区文明办"
    assert browser.title.startswith("区文明办")
    slot = browser.find_element(By.CSS_SELECTOR, 'section.slot[data-indicator="Ⅱ-3-2"][data-material="实景图片"]')
    slot.find_element(By.CSS_SELECTOR, "input.file-input").send_keys(str(picture))
    # The progress row finishes at 100 % and shows what the check found, before the page refreshes.
    done = _wait(browser, lambda d: d.execute_script(
        "var r = document.querySelector('.progress-list li.uploaded');"
        "return r && [r.querySelector('progress').value, r.textContent];"))  # fmt: skip
    assert done[0] == 100 and "WM240" in done[1] and "已收到 1 个文件" in done[1]
    selector = 'li.file[data-path$="/IMG_0500.jpg"]'
    row = _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, selector) and d.find_element(By.CSS_SELECTOR, selector))
    assert "WM240" in row.text and "照片没有说明" in row.text
    assert (server.root / "evidence/区文明办").is_dir()
    _shot(browser, tmp_path, "portal-unit.png")
    # Withdraw: confirm the dialog; the file leaves the page and evidence/, and is kept in 已撤回/.
    row.find_element(By.CSS_SELECTOR, "button.withdraw").click()
    _wait(browser, lambda d: d.switch_to.alert).accept()
    _wait(browser, lambda d: not d.find_elements(By.CSS_SELECTOR, selector))
    assert not list((server.root / "evidence").rglob("IMG_0500.jpg"))
    assert len(list((server.root / "已撤回").rglob("IMG_0500.jpg"))) == 1
    _logout(browser)

    # The coordinator returns the unit's 活动方案 with a comment.
    _login(browser, server, "admin")
    plan = 'form.review-form[data-path$="/方案.docx"][data-path^="evidence/区文明办/"]'
    form = browser.find_element(By.CSS_SELECTOR, plan)
    form.find_element(By.NAME, "comment").send_keys("请补充活动时间和参加人数，并加盖公章")
    form.find_element(By.CSS_SELECTOR, "button.return").click()
    _wait(browser, lambda d: "请补充活动时间和参加人数" in d.execute_script("return document.body.innerText"))
    _shot(browser, tmp_path, "portal-review.png")
    _logout(browser)

    _login(browser, server, "区文明办")
    row = browser.find_element(By.CSS_SELECTOR, 'li.file[data-path$="/方案.docx"]')
    assert "已退回" in row.text and "请补充活动时间和参加人数，并加盖公章" in row.text
    logs = [e for e in browser.get_log("browser") if e.get("level") == "SEVERE"]
    assert logs == []  # no CSP violation, no script error
