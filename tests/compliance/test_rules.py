"""The bundled rule sets read, carry their sources, and say what the law says of a count."""

from __future__ import annotations

from datetime import date

import pytest

from planner.compliance.rules import BUNDLED, IndividualNotice, load_rules, read_rule_file
from planner.errors import PlannerError
from planner.work.library import data_dir

RULES = data_dir() / "rules"


def test_every_bundled_rule_reads_with_its_sources() -> None:
    rules = load_rules(BUNDLED, [RULES])
    assert set(rules) == set(BUNDLED)
    assert all(r.sources and all("http" in s for s in r.sources) for r in rules.values())


def test_a_user_rule_set_in_the_same_format_is_read_and_wins(tmp_path) -> None:
    (tmp_path / "uk.yaml").write_text((RULES / "uk.yaml").read_text().replace(
        "lead_days: 30", "lead_days: 31"))
    (tmp_path / "us_ca.yaml").write_text(
        "id: us_ca\nname: California WARN\njurisdiction: California\nsources: [Cal. Lab. "
        "Code 1400]\ncounts: effective\nwindow_days: 30\ntiers:\n  - {name: layoff, "
        "min_count: 50, lead_days: 60, obligation: Cal-WARN notice}\n")
    rules = load_rules(["uk", "us_ca"], [RULES, tmp_path])
    assert rules["uk"].tiers[0].lead_days == 31
    assert rules["us_ca"].tiers[0].obligation == "Cal-WARN notice"


def test_a_wrong_rule_file_says_which_key(tmp_path) -> None:
    f = tmp_path / "bad.yaml"
    f.write_text("id: bad\nname: x\njurisdiction: x\nsources: [x]\ncounts: sometimes\n"
                 "window_days: 30\ntiers: []\n")
    with pytest.raises(PlannerError, match=r"bad.yaml.*counts.*sometimes"):
        read_rule_file(f)
    with pytest.raises(KeyError, match="nowhere"):
        load_rules(["nowhere"], [RULES])


@pytest.mark.parametrize(("start", "weeks"), [
    (None, 12), (date(2027, 1, 1), 0), (date(2026, 12, 1), 1), (date(2025, 1, 2), 1),
    (date(2025, 1, 1), 2), (date(2020, 6, 1), 6), (date(1990, 1, 1), 12)])
def test_individual_notice_follows_era_s86(start: date | None, weeks: int) -> None:
    assert IndividualNotice().weeks(start, date(2027, 1, 1)) == weeks
