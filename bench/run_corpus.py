"""Check bench/corpus/ (made by bench/make_corpus.py) and score the verdicts against corpus/expected.json.

    python bench/run_corpus.py [--verbose]

A damaged, encrypted or dangerous file counts as flagged when it gets an error finding of a fitting kind:
corrupt → corrupt/unreadable/unsafe; encrypted → encrypted; unsafe → unsafe. A good file is a false alarm
when it gets any error, or an extension-mismatch/corrupt warning (legacy-format warnings on .doc/.xls and
infos are expected). A crash is the check raising; a hang is the check taking longer than the pool's time
limit per file allows.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("WENMING_CORPUS", ROOT / "bench" / "corpus"))
FITTING = {"corrupt": {"corrupt", "unreadable", "unsafe"}, "encrypted": {"encrypted"}, "unsafe": {"unsafe"}}
ALARM_WARNINGS = {"extension-mismatch", "corrupt", "wrong-type"}


def main() -> int:
    from wenming_submit.check.run import run_check
    from wenming_submit.project import open_project

    verbose = "--verbose" in sys.argv
    expected: dict[str, dict[str, str]] = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
    project = replace(open_project(CORPUS), use_cache=False)
    start = time.monotonic()
    try:
        result = run_check(project)
    except Exception as exc:  # a crash is a result here, not a traceback
        print(f"CRASH: {type(exc).__name__}: {exc}")
        return 2
    elapsed = time.monotonic() - start
    by_path: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for f in result.findings:
        if f.path:
            by_path[f.path].append((f.severity.value, f.kind, f.code))
    bad_total = bad_flagged = good_total = false_alarms = 0
    misses: list[str] = []
    alarms: list[str] = []
    per_class: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for path, item in sorted(expected.items()):
        found = by_path.get(path, [])
        if item["expect"] == "good":
            good_total += 1
            bad = [x for x in found if x[0] == "error" or (x[0] == "warning" and x[1] in ALARM_WARNINGS)]
            if bad:
                false_alarms += 1
                alarms.append(f"  {path}: {bad}")
        else:
            bad_total += 1
            per_class[item["expect"]][1] += 1
            if any(sev == "error" and kind in FITTING[item["expect"]] for sev, kind, _ in found):
                bad_flagged += 1
                per_class[item["expect"]][0] += 1
            else:
                misses.append(f"  {path} ({item['how']}): {found}")
        if verbose:
            print(f"{item['expect']:9} {path}: {found}")
    print(
        f"files: {len(expected)} ({good_total} good, {bad_total} damaged/encrypted/dangerous); check took {elapsed:.1f} s"
    )
    print(
        f"flagged with a fitting kind: {bad_flagged}/{bad_total} = {100 * bad_flagged / max(bad_total, 1):.1f} %"
    )
    for cls, (hit, total) in sorted(per_class.items()):
        print(f"  {cls}: {hit}/{total}")
    print(f"false alarms on good files: {false_alarms}/{good_total}")
    print("crashes: 0; hangs: 0" if elapsed < 120 else f"crashes: 0; SLOW: {elapsed:.0f} s")
    if misses:
        print("missed:\n" + "\n".join(misses))
    if alarms:
        print("false alarms:\n" + "\n".join(alarms))
    return 0


if __name__ == "__main__":
    sys.exit(main())
