"""The pipeline layers of pyproject's import-linter contract hold (lower stages never import higher ones)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_layers_are_kept() -> None:
    beside_python = Path(sys.executable).parent / "lint-imports"
    exe = str(beside_python) if beside_python.exists() else shutil.which("lint-imports")
    assert exe, "import-linter is not installed: pip install -e '.[test]'"
    done = subprocess.run([exe, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert " 0 broken." in done.stdout
