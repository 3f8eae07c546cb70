"""Every problem code the code can emit is documented in docs/validation.md."""

from __future__ import annotations

import re

from tests.conftest import ROOT

PATTERNS = (r'"([a-z_]+)",\s*Severity\.', r'code="([a-z_]+)"', r'\(\s*"([a-z_]+)",\s*Severity',
            r'rows\([^,]+,\s*"([a-z_]+)"')


def emitted_codes() -> set[str]:
    codes: set[str] = set()
    for path in (ROOT / "planner").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for pattern in PATTERNS:
            codes.update(re.findall(pattern, text))
    return codes


def test_every_code_is_documented() -> None:
    codes = emitted_codes()
    assert len(codes) > 30
    doc = (ROOT / "docs" / "validation.md").read_text(encoding="utf-8")
    missing = sorted(c for c in codes if f"`{c}`" not in doc)
    assert not missing, f"undocumented problem codes: {missing}"
