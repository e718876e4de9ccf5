"""Calibration of the reviewer's checks (WM300-WM349): the measured values on purpose-built good and bad
files (scripts/review_samples.py, the same files the tests use) and on the demo project's files, next to
the thresholds of `[review]`.

    .venv/bin/python bench/review_calibration.py          # measurements and separations
    .venv/bin/python bench/review_calibration.py --cost   # also the added inspection time per photo

Nothing is asserted here (the tests do that); this prints the numbers the thresholds were chosen from.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import review_samples as rs  # noqa: E402

from wenming_submit.catalog.model import Indicator  # noqa: E402
from wenming_submit.check.review import standard_coverage  # noqa: E402
from wenming_submit.config import ReviewSection  # noqa: E402
from wenming_submit.evidence.inspect import inspect_one  # noqa: E402
from wenming_submit.evidence.sniff import sniff  # noqa: E402


def extra(path: Path) -> dict[str, Any]:
    fmt = sniff(path).format.id
    return dict(inspect_one(path, fmt).facts.get("extra", {}))


def photo_row(label: str, path: Path) -> None:
    review = extra(path)["review"]
    print(f"  {label:<28} blur {review.get('blur')!s:>6}  laplacian {review.get('sharpness')!s:>7}  "
          f"q {review.get('jpeg_quality')!s:>4}  overlay {review.get('overlay')}  screen {review.get('screen_size')}")  # fmt: skip


def demo_photos() -> list[dict[str, Any]]:
    rows = []
    for path in sorted((ROOT / "evidence").rglob("*")):
        if path.suffix.lower() in (".jpg", ".jpeg", ".png") and path.is_file():
            facts = extra(path)
            if "review" in facts:
                rows.append(facts["review"] | {"official": facts.get("official", {})})
    return rows


def spread(values: list[float]) -> str:
    return f"min {min(values)}, median {statistics.median(values)}, max {max(values)} (n={len(values)})"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cost", action="store_true")
    args = parser.parse_args()
    rules = ReviewSection()
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        print("Photos (purpose-built, 1600×1200 unless said):")
        for seed in range(3):
            photo_row(f"sharp seed {seed}", rs.sharp_photo(t / f"s{seed}.jpg", seed))
            photo_row(f"blurred r=4 seed {seed}", rs.blurred_photo(t / f"b{seed}.jpg", seed))
            photo_row(f"blurred r=2 seed {seed}", rs.blurred_photo(t / f"b2{seed}.jpg", seed, radius=2))
        photo_row("quality 95", rs.sharp_photo(t / "q95.jpg", 0, quality=95))
        photo_row("quality 20", rs.sharp_photo(t / "q20.jpg", 0, quality=20))
        photo_row("chat copy 1280×960 q80", rs.chat_copy(t / "chat.jpg"))
        photo_row("screenshot 1080×2340 PNG", rs.screenshot(t / "shot.png"))
        for seed in range(3):
            photo_row(f"watermarked seed {seed}", rs.watermarked_photo(t / f"w{seed}.jpg", seed))
        bands, blurs = [], []
        for seed in range(8):
            for size in ((1200, 900), (1600, 1200), (2400, 1800)):
                review = extra(rs.save_jpeg(rs.scene(seed, size), t / "scene.jpg"))["review"]
                bands.append(max(review["overlay"]["top"], review["overlay"]["bottom"]))
                blurs.append(review["blur"])
        print("  textured scenes, 8 seeds × 1200/1600/2400 px: blur", spread(blurs), "; overlay band", spread(bands))
        demo = demo_photos()
        print("Demo photos:")
        print("  blur      ", spread([r["blur"] for r in demo]))
        print("  laplacian ", spread([r["sharpness"] for r in demo]))
        print("  quality   ", spread([r["jpeg_quality"] for r in demo if r.get("jpeg_quality")]))
        print("  overlay   ", spread([max(r["overlay"]["top"], r["overlay"]["bottom"]) for r in demo]))
        print("  screen    ", sum(1 for r in demo if r.get("screen_size")), "flagged as phone screen size")
        print(f"Thresholds: blur_max {rules.blur_max}, jpeg_quality_min {rules.jpeg_quality_min}, "
              f"chat_quality_max {rules.chat_quality_max}, overlay_min {rules.overlay_min} (and >= 2× middle)")  # fmt: skip

        print("Scanned notices (2 pages, image-only PDF):")
        for header in (True, False):
            for with_seal in (True, False):
                path = rs.scanned_notice(t / f"n{header}{with_seal}.pdf", red_header=header, with_seal=with_seal)
                official = extra(path)["official"]
                print(f"  红头={header!s:<5} 印章={with_seal!s:<5} red share {official['red_header']:>5}%  "
                      f"seal {official['seal']}")  # fmt: skip
        print("  demo photos: red share", spread([r["official"]["red_header"] for r in demo]),
              "; seal circularity", spread([r["official"]["seal"]["circularity"] for r in demo]))
        print(f"Thresholds: red_header_min {rules.red_header_min}%, seal_min {rules.seal_min}")

        print("Reports (same standard):", rs.STANDARD)
        terms = standard_coverage(rs.STANDARD, "")[0]
        print("  key terms:", "、".join(terms))
        for label, paragraphs in (("summary", rs.SUMMARY_REPORT), ("explanation", rs.EXPLANATION_REPORT)):
            report = extra(rs.report_docx(t / f"{label}.docx", paragraphs))["report"]
            _, covered, missing = standard_coverage(rs.STANDARD, report["text"])
            data = report["figures"] + report["dates"]
            print(f"  {label:<12} coverage {len(covered)}/{len(terms)}  data {data} "
                  f"({1000 * data / report['length']:.1f}/千字)  sources {report['sources']}  "
                  f"summary phrases {report['summary_phrases']}  explanation phrases {report['explanation_phrases']}  "
                  f"missing {'、'.join(missing)}")  # fmt: skip
        print("Demo reports:")
        from wenming_submit.project import open_project

        project = open_project(ROOT)
        from wenming_submit.evidence.scan import scan

        inventory = scan(project.config, project.catalog)
        for file in inventory.files:
            path = file.path
            if "说明报告" not in path.name or not file.indicator:
                continue
            report = extra(path).get("report")
            if not report or not report.get("text"):
                continue
            indicator: Indicator | None = project.catalog.indicator(file.indicator)
            standard = (indicator.standard or indicator.content or "") if indicator else ""
            k, covered, _ = standard_coverage(standard, report["text"]) if standard else ((), [], [])
            data = report["figures"] + report["dates"]
            print(f"  {path.name[:30]:<30} coverage {len(covered)}/{len(k)}  data {data} "
                  f"({1000 * data / max(report['length'], 1):.1f}/千字)  sources {report['sources']}  "
                  f"summary {report['summary_phrases']} explanation {report['explanation_phrases']}")  # fmt: skip
        print(f"Thresholds: coverage_min {rules.coverage_min}, figures_min {rules.figures_min}")

        if args.cost:
            from PIL import Image

            from wenming_submit.evidence.inspect.images import inspect_image
            from wenming_submit.evidence.inspect.photo_quality import photo_metrics

            def median_ms(call: Any) -> float:
                runs = []
                for _ in range(7):
                    started = time.perf_counter()
                    call()
                    runs.append(time.perf_counter() - started)
                return 1000 * statistics.median(runs)

            big = rs.save_jpeg(rs.scene(0, (4000, 3000)), t / "12mp.jpg")
            for label, path in (("12 MP JPEG with EXIF", big), ("1600×1200 JPEG", t / "s0.jpg")):
                with Image.open(path) as img:
                    size = img.size
                added = median_ms(lambda p=path, s=size: photo_metrics(p, "jpeg", *s, True))
                whole = median_ms(lambda p=path: inspect_image(p, "jpeg"))
                print(f"Added cost per photo ({label}): {added:.0f} ms of {whole:.0f} ms for the whole image "
                      f"inspection (median of 7; load average {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
