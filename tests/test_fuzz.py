"""A small fixed-seed fuzz round (bench/fuzz.py runs the long one): mutated real files of every format never
make check or build crash, hang or touch evidence/."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import fuzz  # noqa: E402

SEED = 18
FILES = 48


def test_mutated_files_never_crash_hang_or_write_evidence() -> None:
    outcome = fuzz.fuzz(1, seed=SEED, files=FILES, timeout=120, specials_every=0)
    assert outcome.tried >= FILES
    assert outcome.crashes == []
    assert outcome.hangs == []
    assert outcome.evidence_writes == []
    assert set(outcome.exit_codes) <= {"0", "1"}


def test_mutators_change_the_bytes_they_are_given(tmp_path: Path) -> None:
    import random

    rng = random.Random(SEED)
    seeds = fuzz.make_seeds(tmp_path)
    docx = seeds["说明报告.docx"]
    for name, mutate in fuzz.MUTATORS.items():
        data = seeds["加密方案.docx"] if name == "oleheader" else docx
        assert mutate(data, rng) != data, name
