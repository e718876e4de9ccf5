"""The reviewer's eye: the measurements of evidence/inspect held against the material and the item.

Called once per evidence file from the judge (check/content.py). Which checks apply depends on the
material: a 说明报告 (name with 说明/报告) is read for relevance, data, sources and style; a notice
(a file named 通知, or any file of a `red_header` material) for its 发文字号 and issuer; `red_header`/`seal` materials for the
红头 and seal; picture materials for blur, compression, chat copies, screenshots and overlays. Reuse across
cycles is check/reuse.py. Thresholds come from `[review]` in wenming.toml.
"""

from __future__ import annotations

import functools
import logging
import re
from typing import Any

from wenming_submit.catalog.model import Catalog, Indicator, Material
from wenming_submit.check.reuse import ReuseIndex
from wenming_submit.config import ProjectConfig, ReviewSection
from wenming_submit.evidence.model import EvidenceFile
from wenming_submit.findings.codes_review import (
    NO_DOC_NUMBER,
    NO_RED_HEADER,
    NO_SEAL,
    PHOTO_BLURRY,
    PHOTO_CHAT_COPY,
    PHOTO_COMPRESSED,
    PHOTO_SCREENSHOT,
    PHOTO_WATERMARK,
    REPORT_NO_DATA,
    REPORT_NO_SOURCE,
    REPORT_OFF_STANDARD,
    REPORT_SUMMARY_STYLE,
)
from wenming_submit.findings.registry import Issue

REPORT_WORDS = ("说明", "报告")
NOTICE_WORDS = ("通知", "红头")
"""A 发文字号 is looked for in notices: files named so, or any file of a `red_header` material (a 管理办法 or
工作要点 filed under 文件通知 is usually the attachment of a notice and carries none of its own)."""
_STOP_WORDS = (
    """开展 建立 健全 建立健全 工作 活动 制定 加强 推进 落实 完善 组织 情况 相关 有关 进行 实施 做好 积极 主动 及时 定期
    按照 要求 各类 各级 以及 形成 注重 深入 广泛 普遍 不断 持续 良好 较好 充足 齐全 到位 明显 全面 突出 重点 基本 主要
    所有 每年 设置 达到 以上 以下 不少 不少于 覆盖 具有 有效 规范 严格 认真 切实 确保 提高 提升 进一步 其中 包括 内容 方面
    情形 措施 机制 体系 区有 有所 无乱 作用 发挥 完整 推行 成立 列入 创建 围绕 结合 利用 通过 坚持 推动 做到 实现 开设 设有 配备 健全完善 广泛开展 深入开展 常态 长效 营造 氛围 浓厚 宣传 教育 引导 群众 社会 城市 全市 全区 本地 当地 各地 单位 部门"""
)
STOP_TERMS = frozenset(_STOP_WORDS.split())
"""Words of every standard: they say nothing about what this standard asks for."""
_CJK_TERM = re.compile(r"^[\u4e00-\u9fff]{2,}$")
SHOWN_TERMS = 8
SUMMARY_FIGURES_PER_1000 = 4.0
STATISTICS_NEEDING_SOURCE = 2
"""Figures in digits from which a report must name where they come from."""


@functools.cache
def _jieba() -> Any:
    import jieba

    jieba.setLogLevel(logging.WARNING)  # it announces loading its dictionary on stderr otherwise
    return jieba


_TERMS: dict[str, tuple[str, ...]] = {}
_PARTS: dict[str, tuple[tuple[str, int, int], ...]] = {}
_memo_grew = False
"""Key terms of standards and parts of terms found so far. Loading jieba's dictionary takes most of a
re-check that reads nothing, so the check keeps them between runs (`terms_memo`/`load_terms_memo`, saved
in the check cache); jieba is imported only for a standard or term not seen before."""


def terms_memo_key() -> str:
    """What the memo depends on besides the texts: jieba's version and the stop words."""
    import hashlib
    from importlib.metadata import PackageNotFoundError, version

    try:
        jieba_version = version("jieba")
    except PackageNotFoundError:  # pragma: no cover - jieba is a dependency
        jieba_version = "?"
    stop = hashlib.sha256(" ".join(sorted(STOP_TERMS)).encode()).hexdigest()[:16]
    return f"jieba {jieba_version}; stop {stop}; v1"


def load_terms_memo(data: dict[str, Any]) -> None:
    """Take over terms and parts saved by an earlier run (`terms_memo`); a damaged entry is left out."""
    for standard, terms in dict(data.get("terms", {})).items():
        if isinstance(standard, str) and isinstance(terms, list) and all(isinstance(t, str) for t in terms):
            _TERMS.setdefault(standard, tuple(terms))
    for term, parts in dict(data.get("parts", {})).items():
        try:
            _PARTS.setdefault(str(term), tuple((str(w), int(a), int(b)) for w, a, b in parts))
        except (TypeError, ValueError):
            continue


def terms_memo() -> dict[str, Any] | None:
    """Terms and parts known now, when this run found new ones (else None: nothing to save)."""
    if not _memo_grew:
        return None
    return {"terms": {k: list(v) for k, v in _TERMS.items()}, "parts": {k: [list(p) for p in v] for k, v in _PARTS.items()}}


def key_terms(standard: str) -> tuple[str, ...]:
    """The standard's key terms (jieba, precise mode) in order, without stop words and repeats."""
    global _memo_grew
    if (known := _TERMS.get(standard)) is not None:
        return known
    terms: dict[str, None] = {}
    for word in _jieba().lcut(standard):
        word = word.strip()
        if _CJK_TERM.match(word) and word not in STOP_TERMS:
            terms.setdefault(word, None)
    _TERMS[standard] = found = tuple(terms)
    _memo_grew = True
    return found


def _parts(term: str) -> tuple[tuple[str, int, int], ...]:
    """The shorter words (word, start, end) jieba's search mode finds inside a compound term."""
    global _memo_grew
    if (known := _PARTS.get(term)) is not None:
        return known
    found = tuple((w, a, b) for w, a, b in _jieba().tokenize(term, mode="search") if 2 <= len(w) < len(term))
    _PARTS[term] = found
    _memo_grew = True
    return found


def mentions(term: str, text: str) -> bool:
    """The text names the term, or shorter words that spell it end to end (宣传、教育 cover 宣传教育)."""
    if term in text:
        return True
    if len(term) < 4:
        return False
    reached = {0}  # positions of the term up to which present words tile it
    for word, start, end in sorted(_parts(term), key=lambda p: p[1]):
        if start in reached and word in text:
            reached.add(end)
    return len(term) in reached


def coverage(terms: tuple[str, ...], text: str) -> tuple[list[str], list[str]]:
    """(covered, missing) terms of the standard in a report's text."""
    covered = [t for t in terms if mentions(t, text)]
    return covered, [t for t in terms if t not in covered]


def standard_coverage(standard: str, text: str) -> tuple[tuple[str, ...], list[str], list[str]]:
    """(key terms, covered, missing) of `standard` in a report's text.

    Quoting the standard is not meeting it: its own words are taken out of the text before counting.
    """
    terms = key_terms(standard)
    return (terms, *coverage(terms, text.replace(re.sub(r"\s+", "", standard), "")))


def _percent(value: float) -> str:
    return f"{value:.0%}"


def is_report(material: Material) -> bool:
    return any(w in material.name for w in REPORT_WORDS) and not any(w in material.name for w in ("图", "表"))


def is_notice(file: EvidenceFile, material: Material) -> bool:
    return any(w in file.name for w in NOTICE_WORDS) or material.red_header


def report_issues(report: dict[str, Any], indicator: Indicator | None, rules: ReviewSection) -> list[Issue]:
    text = str(report.get("text", ""))
    if not text:
        return []
    issues: list[Issue] = []
    standard = (indicator.standard or indicator.content or "") if indicator is not None else ""
    terms, covered, missing = standard_coverage(standard, text) if standard else ((), [], [])
    share = 1.0
    if terms:
        share = len(covered) / len(terms)
        if share < rules.coverage_min:
            shown = "、".join(missing[:SHOWN_TERMS]) + ("等" if len(missing) > SHOWN_TERMS else "")
            issues.append(REPORT_OFF_STANDARD.issue(
                missing=shown, total=len(terms), covered=len(covered), coverage=_percent(share),
                threshold=_percent(rules.coverage_min)))  # fmt: skip
    figures, dates = int(report.get("figures", 0)), int(report.get("dates", 0))
    data = figures + dates
    if data < rules.figures_min:
        issues.append(REPORT_NO_DATA.issue(count=data))
    statistics = int(report.get("statistics", 0))
    if statistics >= STATISTICS_NEEDING_SOURCE and not report.get("sources"):
        examples = "、".join(str(e) for e in report.get("statistic_examples", [])[:3])
        issues.append(REPORT_NO_SOURCE.issue(count=statistics, examples=examples))
    length = max(int(report.get("length", 0)), 1)
    per_1000 = 1000.0 * data / length
    summary, explanation = int(report.get("summary_phrases", 0)), int(report.get("explanation_phrases", 0))
    if summary > explanation and per_1000 < SUMMARY_FIGURES_PER_1000 and share < 1.0:
        issues.append(REPORT_SUMMARY_STYLE.issue(
            detail=f"总结套话 {summary} 处、说明用语 {explanation} 处，每千字数据 {per_1000:.1f} 处"))  # fmt: skip
    return issues


def official_text_issues(report: dict[str, Any]) -> list[Issue]:
    if int(report.get("length", 0)) < 20:
        return []  # a scan: the 红头/seal checks speak for it
    missing = [label for key, label in (("doc_number", "发文字号（如“〔2026〕12号”）"), ("issuer", "发文机关"))
               if not report.get(key)]  # fmt: skip
    return [NO_DOC_NUMBER.issue(missing="和".join(missing))] if missing else []


def official_mark_issues(file: EvidenceFile, material: Material, rules: ReviewSection) -> list[Issue]:
    official: dict[str, Any] = file.facts.extra.get("official") or {}
    issues: list[Issue] = []
    if material.red_header:
        if "red_header" in official:
            share = float(official["red_header"])
            if share < rules.red_header_min:
                issues.append(NO_RED_HEADER.issue(
                    measured=f"首页上部红色像素占 {share:.2f}%，低于 {rules.red_header_min}%"))  # fmt: skip
        elif "red_header_runs" in official and not official["red_header_runs"]:
            issues.append(NO_RED_HEADER.issue(measured="文件开头几段没有红色文字"))
    if material.seal:
        seal = official.get("seal")
        if isinstance(seal, dict):
            if float(seal.get("circularity", 0)) < rules.seal_min:
                issues.append(NO_SEAL.issue(
                    measured=f"末页最像印章的红色图形圆度 {float(seal.get('circularity', 0)):.2f}，低于 {rules.seal_min}"))  # fmt: skip
        elif file.facts.format == "docx" and not file.facts.pictures:
            issues.append(NO_SEAL.issue(measured="Word 文件中没有图片，无法显示印章"))
    return issues


def photo_issues(file: EvidenceFile, material: Material, rules: ReviewSection) -> list[Issue]:
    review: dict[str, Any] = file.facts.extra.get("review") or {}
    if not review:
        return []
    issues: list[Issue] = []
    screenshots_ok = any(w in material.name for w in rules.screenshot_names)
    if review.get("screen_size") or review.get("status_bar"):
        if not screenshots_ok:
            reason = (f"{review['screen_size']} 像素，为手机屏幕尺寸" if review.get("screen_size")
                      else "顶部有手机状态栏（时间、信号和电量图标）")  # fmt: skip
            issues.append(PHOTO_SCREENSHOT.issue(reason=reason))
        return issues  # the photo checks below do not apply to a screenshot
    if screenshots_ok:
        return issues
    blur = review.get("blur")
    if blur is not None and blur >= rules.blur_max:
        issues.append(PHOTO_BLURRY.issue(blur=f"{blur:.2f}", threshold=f"{rules.blur_max:.2f}",
                                         laplacian=f"{review.get('sharpness', 0):.0f}",
                                         size=review.get("work_size", "")))  # fmt: skip
    quality = review.get("jpeg_quality")
    width, height = file.facts.width or 0, file.facts.height or 0
    edge = max(width, height)
    if quality is not None and edge in rules.chat_edges and not file.facts.has_exif and quality <= rules.chat_quality_max:
        issues.append(PHOTO_CHAT_COPY.issue(edge=edge, quality=quality))
    elif quality is not None and quality < rules.jpeg_quality_min:
        issues.append(PHOTO_COMPRESSED.issue(quality=quality, threshold=rules.jpeg_quality_min))
    overlay = review.get("overlay") or {}
    if overlay:
        middle = float(overlay.get("middle", 0))
        for where, key in (("上部", "top"), ("下部", "bottom")):
            share = float(overlay.get(key, 0))
            if share >= rules.overlay_min and share >= 2 * middle:
                issues.append(PHOTO_WATERMARK.issue(where=where, share=f"{share:.1f}", middle=f"{middle:.1f}",
                                                    threshold=f"{rules.overlay_min:.1f}"))  # fmt: skip
                break
    return issues


class Reviewer:
    """The reviewer's checks for one check run: the catalogue, the thresholds and earlier cycles."""

    def __init__(self, config: ProjectConfig, catalog: Catalog) -> None:
        self.config = config
        self.rules = config.review
        self.indicators = {ind.code: ind for ind in catalog.indicators}
        self.reuse = ReuseIndex.load(config)

    def issues(self, file: EvidenceFile, material: Material) -> list[Issue]:
        facts = file.facts
        if not facts.inspected:
            return []
        found: list[Issue] = []
        report = facts.extra.get("report")
        if isinstance(report, dict) and facts.kind != "image":
            if is_report(material):
                indicator = self.indicators.get(file.indicator or "")
                found += report_issues(report, indicator, self.rules)
            elif is_notice(file, material) and facts.format in ("docx", "pdf", "text"):
                found += official_text_issues(report)
        if material.red_header or material.seal:
            found += official_mark_issues(file, material, self.rules)
        if facts.kind == "image" and "image" in material.kinds:
            found += photo_issues(file, material, self.rules)
        found += self.reuse.issues(file)
        return found
