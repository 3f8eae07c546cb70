"""The words for ids: money with its currency, period labels, counts with their noun, ids as
words, and the titles and names the library and the catalogue give."""

from __future__ import annotations

import pandas as pd
import pytest

from planner.labels import (
    Labels,
    activity_label,
    catalogue_names,
    count_of,
    format_money,
    humanise,
    library_labels,
    objective_label,
    roster_currency,
)


@pytest.mark.parametrize(("value", "currency", "compact", "text"), [
    (1210.4, "GBP", False, "GBP 1,210"),
    (1210.4, None, False, "1,210"),
    (80_312_000, "GBP", True, "GBP 80.3m"),
    (80_312_000, "GBP", False, "GBP 80,312,000"),
    (452_400, "EUR", True, "EUR 452k"),
    (9_999, "GBP", True, "GBP 9,999"),  # below ten thousand: in full even when compact
    (-2_500_000, "GBP", True, "GBP -2.5m"),
    (None, "GBP", False, "-"),
    (float("nan"), "GBP", True, "-"),
])
def test_money_is_written_with_its_currency(value, currency, compact, text):
    assert format_money(value, currency, compact=compact) == text


@pytest.mark.parametrize(("codes", "currency"), [
    (["GBP", " gbp", None], "GBP"),
    (["GBP", "EUR", "GBP"], "EUR/GBP"),
    ([None, ""], None),
])
def test_a_rosters_currency_is_its_one_code_or_its_codes_joined(codes, currency):
    assert roster_currency(pd.DataFrame({"currency": codes})) == currency


def test_a_roster_without_currencies_names_none():
    assert roster_currency(None) is None
    assert roster_currency(pd.DataFrame({"fte": [1.0]})) is None


@pytest.mark.parametrize(("n", "noun", "text"), [
    (0, "row", "0 rows"), (1, "row", "1 row"), (2, "position", "2 positions"),
    (1377, "row", "1,377 rows"),
])
def test_count_of_says_the_noun_plural_unless_one(n, noun, text):
    assert count_of(n, noun) == text


@pytest.mark.parametrize(("ident", "words"), [
    ("document_ai", "Document AI"), ("hr-ops_team", "HR ops team"), ("llm", "LLM"),
    ("it_support", "IT support"), ("", ""), (3, "3"),
])
def test_ids_read_as_words(ident, words):
    assert humanise(ident) == words


def test_activities_and_objectives_have_their_words():
    assert activity_label("managing_others") == "Managing others"
    assert activity_label("new_category") == "New category"
    assert objective_label("min_cost") == "Lowest total cost"
    assert objective_label("not_an_objective") == "Not an objective"


def test_periods_read_as_the_scenarios_labels():
    labels = Labels(periods=("2027-Q1", "2027-Q2"))
    assert [labels.period(p) for p in (0, 1, 1.0)] == ["2027-Q1", "2027-Q2", "2027-Q2"]
    assert labels.period(5) == "6"  # beyond the labels: counted from one
    assert labels.period("2028-Q3") == "2028-Q3" and labels.period(None) == ""
    assert labels.period(True) == "True"  # a flag is not a period index
    assert Labels().period(float("nan")) == "nan"


def test_roles_and_capabilities_by_their_names_else_in_words():
    labels = Labels(roles={"r1": "Claims Handler"}, capabilities={"bot": "Claims bot"},
                    currency="GBP")
    assert labels.role("r1") == "Claims Handler" and labels.role("team_lead") == "Team lead"
    assert labels.capability("bot") == "Claims bot"
    assert labels.capability("document_ai") == catalogue_names()["document_ai"]
    assert labels.capability("no_such_thing") == "No such thing"
    assert labels.money(1_500_000, compact=True) == "GBP 1.5m"


def test_the_library_gives_the_roles_titles():
    from planner.work.library import load_library

    labels = library_labels(load_library(None))
    assert labels.role("customer_support_team_lead") == "Customer Support Team Lead"
    assert len(labels.roles) == len(load_library(None).roles)


@pytest.mark.parametrize(("share", "said"), [(0.0, "0%"), (0.003, "under 1%"), (0.42, "42%"),
                                             (0.996, "over 99%"), (1.0, "100%")])
def test_a_share_is_never_rounded_to_none_or_to_all(share: float, said: str) -> None:
    from planner.labels import format_share

    assert format_share(share) == said


def test_fte_is_whole_above_ten_and_to_a_tenth_below() -> None:
    from planner.labels import format_fte

    assert (format_fte(1423.4), format_fte(8.64)) == ("1,423", "8.6")
