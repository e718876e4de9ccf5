"""The page in a real browser (headless Chromium): the numbers match the check, filters work.

A screenshot of each state is saved in the test's tmp dir (look at it when changing the layout).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from wenming_submit.check.result import CheckResult
from wenming_submit.check.run import run_check
from wenming_submit.cli import main
from wenming_submit.project import open_project
from wenming_submit.render.dashboard import render_dashboard, write_dashboard

pytestmark = pytest.mark.slow


def _open(browser: Any, page: Path) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(page.as_uri())
    WebDriverWait(browser, 20).until(
        lambda d: d.execute_script("return document.documentElement.dataset.ready")
    )


def _text(browser: Any, element_id: str) -> str:
    return str(browser.find_element("id", element_id).text)


def _visible_rows(browser: Any) -> list[dict[str, str]]:
    return list(browser.execute_script(
        "return Array.from(document.querySelectorAll('#p-rows .prow')).filter(r => !r.hidden)"
        ".map(r => ({unit: r.dataset.unit, severity: r.dataset.severity, kind: r.dataset.kind}))"
    ))  # fmt: skip


def _select(browser: Any, element_id: str, value: str) -> None:
    from selenium.webdriver.support.ui import Select

    Select(browser.find_element("id", element_id)).select_by_value(value)


def test_numbers_and_filters_match_the_check(project: Path, browser: Any, tmp_path: Path) -> None:
    out = CliRunner().invoke(main, ["dashboard", "-C", str(project)])
    assert out.exit_code == 0, out.output
    page = project / "output" / "进度看板.html"
    assert "已生成进度看板" in out.output
    result = run_check(open_project(project))
    s = result.summary

    _open(browser, page)
    browser.save_screenshot(str(tmp_path / "dashboard-top.png"))
    shown = {k: int(_text(browser, f"k-{k}")) for k in
             ("complete", "partial", "missing", "waived", "requirements", "errors", "warnings", "files")}  # fmt: skip
    assert shown == {"complete": s.complete, "partial": s.partial, "missing": s.missing, "waived": s.waived,
                     "requirements": s.requirements, "errors": s.errors, "warnings": s.warnings, "files": s.files}  # fmt: skip
    assert float(_text(browser, "k-pct")) == round(100 * (s.complete + s.waived) / s.requirements, 1)
    assert int(_text(browser, "p-total")) == len(result.findings) == len(_visible_rows(browser))

    # Per-unit bars: worst first, numbers as in the result.
    units = browser.execute_script(
        "return Array.from(document.querySelectorAll('#units .unit')).map(u => [u.dataset.unit,"
        " +u.querySelector('.u-done').textContent, +u.querySelector('.u-total').textContent,"
        " +u.querySelector('.u-missing').textContent])"
    )
    for name, done, total, missing in units:
        mine = [r for r in result.requirements if r.unit == name]
        assert total == len(mine)
        assert done == sum(r.status.value in ("complete", "waived") for r in mine)
        assert missing == sum(r.status.value == "missing" for r in mine)
    ratios = [done / total for _, done, total, _ in units]
    assert ratios == sorted(ratios)
    assert units[0][0].startswith("区城市管理综合行政执法局")  # nothing handed in: first

    # Filter by unit: only that unit's problems remain.
    _select(browser, "f-unit", "区教育局")
    rows = _visible_rows(browser)
    expected = [f for f in result.findings if f.unit == "区教育局"]
    assert len(rows) == len(expected) == int(_text(browser, "p-shown")) > 0
    assert {r["unit"] for r in rows} == {"区教育局"}
    browser.execute_script("document.getElementById('problems').scrollIntoView()")
    browser.save_screenshot(str(tmp_path / "dashboard-filtered.png"))

    # Severity and kind narrow further; search matches file names.
    _select(browser, "f-severity", "error")
    _select(browser, "f-kind", "empty")
    rows = _visible_rows(browser)
    assert rows == [{"unit": "区教育局", "severity": "error", "kind": "empty"}]
    browser.find_element("id", "f-reset").click()
    assert len(_visible_rows(browser)) == len(result.findings)
    _select(browser, "f-severity", "warning")
    assert Counter(r["severity"] for r in _visible_rows(browser)) == Counter(
        {"warning": sum(f.severity.value == "warning" for f in result.findings)}
    )
    browser.find_element("id", "f-reset").click()
    search = browser.find_element("id", "f-search")
    search.send_keys("空照片")
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, 5).until(lambda d: _text(d, "p-shown") == "1")
    assert browser.find_element("id", "p-empty").is_displayed() is False

    # Clicking a unit's progress bar filters the problem list to it.
    browser.find_element("id", "f-reset").click()
    browser.find_element("css selector", "#units .unit").click()
    assert {r["unit"] for r in _visible_rows(browser)} == {units[0][0]}
    assert (tmp_path / "dashboard-filtered.png").stat().st_size > 10_000


def test_hostile_names_render_as_text(
    browser: Any, tmp_path: Path, hostile_result: CheckResult, names: tuple[str, str]
) -> None:
    hostile, long = names
    page = write_dashboard(render_dashboard(hostile_result), tmp_path / "进度看板.html")
    _open(browser, page)
    shown = browser.execute_script(
        "return Array.from(document.querySelectorAll('#units .u-name')).map(e => [e.textContent, e.children.length])"
    )
    assert sorted(shown) == sorted([[hostile, 0], [long, 0]])
    assert (
        browser.execute_script(
            "return document.querySelectorAll('#units b:not(.u-pct), .u-name script').length"
        )
        == 0
    )
    # A very long name wraps inside its column instead of widening the page.
    assert browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
    from selenium.webdriver.support.ui import Select

    Select(browser.find_element("id", "f-unit")).select_by_visible_text(hostile)
    assert [r["unit"] for r in _visible_rows(browser)] == [hostile]
    browser.save_screenshot(str(tmp_path / "dashboard-hostile.png"))
