"""A small run of bench/bench_portal.py: concurrent uploads from several units land exactly once each."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

BENCH = Path(__file__).resolve().parents[2] / "bench" / "bench_portal.py"


def test_concurrent_uploads_land_once_with_their_sha256(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("bench_portal", BENCH)
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    sys.modules["bench_portal"] = bench  # dataclasses look their module up there
    spec.loader.exec_module(bench)
    out = bench.run(tmp_path / "项目", units=3, uploads=3, concurrency=3, say=lambda *_: None, scale=0.3)
    assert out.errors == []
    assert len(out.latencies) == 9 and len(out.landed) == 9
    assert sorted(out.landed.values()) == sorted(sha for shas in out.sent.values() for sha in shas)
