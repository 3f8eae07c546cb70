"""The plan in sentences: what it does to each team, from the plan's own tables, and the
price of each binding lever and unused capability."""

from __future__ import annotations

import re
from pathlib import Path
from tempfile import TemporaryDirectory

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings

from planner.labels import Labels
from planner.optimise.explain import (
    INFLOWS,
    OUTFLOWS,
    _period_labels,
    describe,
    describe_rows,
    rounded_parts,
    team_flows,
    team_sentences,
)
from planner.plan.run import run
from planner.scenario.load import load_scenario_dict
from tests.optimise.conftest import orgs, random_scenario, run_checked
from tests.optimise.test_properties import CAPABILITIES


def tables() -> dict[str, pd.DataFrame]:
    staffing = pd.DataFrame({
        "team": ["Claims", "Claims", "Sales", "Sales", "Legal", "Legal"],
        "role": ["handler"] * 2 + ["rep"] * 2 + ["counsel"] * 2,
        "period": ["Q1", "Q2"] * 3,
        "fte_start": [10.0, 9.0, 5.0, 6.0, 2.0, 2.0],
        "fte_end": [9.0, 7.0, 6.0, 7.0, 2.0, 2.0],
        "attrition": [0.5, 0.5, 0.2, 0.2, 0.1, 0.1],
        "redeploy_out": [0.5, 1.0, 0.0, 0.0, 0.0, 0.0],
        "redundancies": [0.0, 0.5, 0.0, 0.0, 0.0, 0.0],
        "hires": [0.0, 0.0, 1.2, 0.2, 0.1, 0.1],
        "redeploy_in": [0.0, 0.0, 0.0, 1.0, 0.0, 0.0],
        "reskilled_in": [0.0] * 6,
    })
    work = pd.DataFrame({"team": ["Claims", "Claims", "Sales"],
                         "capability": ["document_ai", "copilot", "copilot"],
                         "ai_hours": [1200.0, 0.0, 0.0], "assisted_hours": [0.0, 300.0, 80.0]})
    return {"staffing": staffing, "work": work}


def test_sentences_say_what_changes_what_carries_it_and_how() -> None:
    lines = team_sentences(tables())
    assert len(lines) == 2  # Legal does not change
    claims, sales = lines
    assert claims.startswith("Claims goes from 10.0 to 7.0 FTE (-30%)")
    assert "AI executes 1,200 h" in claims and "Document AI 1,200 h" in claims
    assert "assists 300 h more" in claims
    assert "attrition 1.0, redeployment to other teams 1.5 and redundancy 0.5" in claims
    assert sales.startswith("Sales goes from 5.0 to 7.0 FTE (+40%)")
    assert "AI assists 80 h" in sales
    assert "hires 1.4 and redeployment in 1.0" in sales


def test_largest_changes_come_first_and_the_limit_holds() -> None:
    assert team_sentences(tables(), limit=1)[0].startswith("Claims")
    assert team_sentences({"staffing": tables()["staffing"].iloc[:0]}) == []


def with_moves() -> dict[str, pd.DataFrame]:
    """Procurement sends 2.8 FTE to Finance and IT; Finance, which shrinks on the whole,
    receives 1.8 of them; a move of 0.03 FTE to Legal is too small to tell."""
    staffing = pd.DataFrame({
        "team": ["Procurement", "Finance", "IT", "Legal"], "role": ["buyer"] * 4,
        "period": ["2027"] * 4, "fte_start": [10.0, 10.0, 4.0, 2.0],
        "fte_end": [7.17, 8.8, 5.0, 2.03], "attrition": [0.0, 0.5, 0.0, 0.0],
        "redeploy_out": [2.83, 0.0, 0.0, 0.0], "redundancies": [0.0, 2.5, 0.0, 0.0],
        "hires": [0.0, 0.0, 0.0, 0.0], "redeploy_in": [0.0, 1.8, 1.0, 0.03],
        "reskilled_in": [0.0] * 4})
    moves = pd.DataFrame({
        "from_team": ["Procurement"] * 3, "from_role": ["buyer"] * 3,
        "to_team": ["Finance", "IT", "Legal"], "to_role": ["buyer"] * 3,
        "period": ["2027"] * 3, "fte": [1.8, 1.0, 0.03], "kind": ["redeploy"] * 3,
        "cost": [900.0, 500.0, 15.0], "arrival_period": ["2027"] * 3,
        "fte_arriving": [1.8, 1.0, 0.03]})
    return {"staffing": staffing, "moves": moves}


def test_sentences_say_where_people_go_and_what_teams_receive() -> None:
    lines = {line.split(" goes ")[0]: line for line in team_sentences(with_moves())}
    assert "2.8 FTE redeployed to Finance (1.8) and IT (1.0)" in lines["Procurement"]
    assert "Legal" not in lines["Procurement"]  # below 0.05 FTE
    assert "redeployment to other teams" not in lines["Procurement"]
    finance = lines["Finance"]
    assert "the reduction comes from attrition 0.5 and redundancy 2.5" in finance
    assert finance.endswith("; partly replaced by 1.8 FTE received from Procurement.")
    assert lines["IT"].endswith("the growth comes from 1.0 FTE received from Procurement.")


def test_many_destinations_are_counted_after_the_largest_three() -> None:
    t = with_moves()
    m = t["moves"]
    more = m.assign(to_team=["Tax", "Audit", "Pay"], fte=[0.5, 0.3, 0.2],
                    fte_arriving=[0.5, 0.3, 0.2])
    t["moves"] = pd.concat([m, more], ignore_index=True)
    line = next(x for x in team_sentences(t) if x.startswith("Procurement"))
    assert "3.8 FTE redeployed to Finance (1.8), IT (1.0), Tax (0.5) and 3 other teams (0.5)" \
        in line
    t["moves"] = pd.concat([m, more.iloc[:1]], ignore_index=True)
    line = next(x for x in team_sentences(t) if x.startswith("Procurement"))
    assert "3.3 FTE redeployed to Finance (1.8), IT (1.0) and Tax (0.5)" in line


def test_a_shrinking_team_names_its_hires_and_the_figures_add_up() -> None:
    # 272.8 - 29.3 - 0.1 - 3.3 + 20.5 + 7.2 = 267.8: without its hires the sentence of a team
    # that shrinks does not add up.
    staffing = pd.DataFrame({
        "team": ["CEMHD", "Other"], "role": ["inspector"] * 2, "period": ["2027"] * 2,
        "fte_start": [272.8, 10.0], "fte_end": [267.8, 10.0], "attrition": [29.3, 0.0],
        "redundancies": [0.1, 0.0], "hires": [20.5, 0.0], "redeploy_out": [3.3, 7.2],
        "redeploy_in": [7.2, 3.3], "reskilled_in": [0.0, 0.0]})
    moves = pd.DataFrame({
        "from_team": ["CEMHD", "Other"], "from_role": ["inspector"] * 2,
        "to_team": ["Other", "CEMHD"], "to_role": ["inspector"] * 2, "period": ["2027"] * 2,
        "fte": [3.3, 7.2], "kind": ["redeploy"] * 2, "cost": [0.0, 0.0],
        "arrival_period": ["2027"] * 2, "fte_arriving": [3.3, 7.2]})
    line = team_sentences({"staffing": staffing, "moves": moves})[0]
    assert line == ("CEMHD goes from 272.8 to 267.8 FTE (-2%); the reduction comes from "
                    "attrition 29.3, 3.3 FTE redeployed to Other and redundancy 0.1; partly "
                    "replaced by 20.5 hires and 7.2 FTE received from Other.")
    assert team_sentences({"staffing": staffing})[0].endswith(
        "partly replaced by 20.5 hires and redeployment in 7.2.")


def test_the_parts_of_a_move_add_up_to_its_total_as_shown() -> None:
    # 2.04 + 0.83 + 0.23 + 4 x 0.1 = 3.5: rounded on their own the parts say 2.0 + 0.8 +
    # 0.2 + 0.4 = 3.4 against a total of 3.5.
    t = with_moves()
    to = ["D&A", "D&A 2", "D&A 9", "W", "X", "Y", "Z"]
    fte = [2.04, 0.83, 0.23, 0.1, 0.1, 0.1, 0.1]
    t["moves"] = pd.DataFrame({
        "from_team": "Procurement", "from_role": "buyer", "to_team": to, "to_role": "buyer",
        "period": "2027", "fte": fte, "kind": "redeploy", "cost": 0.0,
        "arrival_period": "2027", "fte_arriving": fte})
    t["staffing"] = pd.DataFrame({
        "team": ["Procurement", *to], "role": "buyer", "period": "2027",
        "fte_start": 10.0, "fte_end": [10.0 - sum(fte), *(10.0 + f for f in fte)],
        "attrition": 0.0, "redeploy_out": [sum(fte), *[0.0] * 7], "redundancies": 0.0,
        "hires": 0.0, "redeploy_in": [0.0, *fte], "reskilled_in": 0.0})
    line = team_sentences(t)[0]
    assert "3.5 FTE redeployed to D&A (2.1), D&A 2 (0.8), D&A 9 (0.2) and 4 other teams (0.4)" \
        in line, line


def test_rounded_parts_add_up_to_the_total() -> None:
    assert rounded_parts([2.04, 0.83, 0.23, 0.4], 3.5) == [2.1, 0.8, 0.2, 0.4]
    assert rounded_parts([-29.31, -0.12, -3.33, 20.52, 7.24], 267.8 - 272.8) == pytest.approx(
        [-29.3, -0.1, -3.3, 20.5, 7.2])


# Property: on small synthetic orgs each team's sentence adds up, and its record reconciles ---
NUMBER = re.compile(r"(?<![\w.])(\d[\d,]*\.\d)(?![\d%])")
PART = re.compile(r"\((\d[\d,]*\.\d)\)")


def figures(text: str) -> list[float]:
    return [float(x.replace(",", "")) for x in NUMBER.findall(text)]


def check_sentence(line: str) -> None:
    """The start, less what the sentence says is lost, plus what it says arrives, is its end;
    each list of teams adds up to its total."""
    head, *segments = line.rstrip(".").split("; ")
    start, end = figures(head.split(": AI ")[0])[:2]
    change = 0.0
    for seg in segments:
        for m in re.finditer(r"(\d[\d,]*\.\d) FTE [a-z ]+?(?: to| in| from) (.*?)(?=, \d[\d,]*\.\d "
                             r"|, attrition|, redundancy| and \d[\d,]*\.\d | and attrition| and "
                             r"redundancy|$)", seg):
            parts = [float(x.replace(",", "")) for x in PART.findall(m.group(2))]
            if parts:
                assert sum(parts) == pytest.approx(float(m.group(1).replace(",", "")),
                                                   abs=1e-9), line
        total = sum(figures(PART.sub("", seg)))
        sign = -1 if seg.startswith(("the reduction comes from", "partly offset by")) else 1
        assert seg.startswith(("the reduction comes from", "partly offset by",
                               "the growth comes from", "partly replaced by")), seg
        change += sign * total
    assert start + change == pytest.approx(end, abs=1e-6), line


@given(orgs())
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_team_sentences_add_up_and_their_record_reconciles_with_staffing(spec: dict) -> None:
    with TemporaryDirectory() as tmp:
        plan, _ = run(random_scenario(spec, Path(tmp), CAPABILITIES))
        if not plan.has_plan:
            return
    s = plan.tables["staffing"]
    periods = list(dict.fromkeys(s["period"]))
    rec = team_flows(plan.tables)
    start = s[s["period"] == periods[0]].groupby("team")["fte_start"].sum()
    end = s[s["period"] == periods[-1]].groupby("team")["fte_end"].sum()
    assert np.allclose(rec["fte_start"], start.reindex(rec.index))
    assert np.allclose(rec["fte_end"], end.reindex(rec.index))
    for col in ("attrition", "hires", "redundancies"):
        assert np.allclose(rec[col], s.groupby("team")[col].sum().reindex(rec.index))
    # The moves table is one split derived apart from the staffing table: the record built
    # from it must still carry each team from its start to its end.
    net = rec[list(INFLOWS)].sum(axis=1) - rec[list(OUTFLOWS)].sum(axis=1)
    assert np.allclose(rec["fte_start"] + net, rec["fte_end"], atol=1e-6)
    assert (rec >= -1e-9).all().all()
    lines = team_sentences(plan.tables, limit=1000, )
    assert len(lines) == int(((rec["fte_end"] - rec["fte_start"]).abs() >= 0.05).sum())
    for line in lines:
        check_sentence(line)


def test_moves_each_too_small_to_name_are_counted_not_named() -> None:
    t = with_moves()
    to = ["W", "X", "Y"]
    fte = [0.04, 0.04, 0.04]
    t["moves"] = pd.DataFrame({
        "from_team": to, "from_role": "buyer", "to_team": "Procurement", "to_role": "buyer",
        "period": "2027", "fte": fte, "kind": "redeploy", "cost": 0.0,
        "arrival_period": "2027", "fte_arriving": fte})
    t["staffing"] = pd.DataFrame({
        "team": ["Procurement", *to], "role": "buyer", "period": "2027",
        "fte_start": 10.0, "fte_end": [9.12, 9.96, 9.96, 9.96], "attrition": [1.0, 0, 0, 0],
        "redeploy_out": [0.0, *fte], "redundancies": 0.0, "hires": 0.0,
        "redeploy_in": [0.12, 0, 0, 0], "reskilled_in": 0.0})
    line = team_sentences(t)[0]
    assert line.endswith("the reduction comes from attrition 1.0; partly replaced by 0.1 FTE "
                         "received from 3 other teams."), line


HSE = Path(__file__).resolve().parents[3] / "shared" / "datasets" / "uk-organograms"


@pytest.mark.skipif(not HSE.exists(), reason="the UK organograms are not at ../shared")
def test_every_team_sentence_of_the_hse_plan_adds_up_hires_included() -> None:
    import yaml

    root = Path(__file__).resolve().parents[2]
    doc = yaml.safe_load((root / "models" / "automation_push.yaml").read_text())
    doc["inputs"] = {"roster": [str(HSE / f"300913-HSE-Organogram-ver1-{p}.csv")
                                for p in ("senior", "junior")], "impute_cost": "grade",
                     "on_cost_rate": 0.0}
    doc["levers"].pop("reskilling")  # its roles are the sample org's
    plan, _ = run(load_scenario_dict(doc, base_dir=root / "models"))
    assert plan.has_plan
    hired = team_flows(plan.tables)["hires"]
    lines = team_sentences(plan.tables, limit=1000)
    for line in lines:
        check_sentence(line)
    by_team = {x.split(" goes from ")[0]: x for x in lines}
    hiring = [t for t in by_team if hired[t] >= 0.1]  # shown as at least 0.1, never 0.0
    assert hiring and all(re.search(r" hires|hires \d", by_team[t]) for t in hiring)
    # the FTE hired into it (staffing.csv), shown within a tenth so that the figures add up
    cemhd = hired["HID - 150 HID CEMHD"]
    shown = re.search(r"partly replaced by (\d+\.\d) hires", by_team["HID - 150 HID CEMHD"])
    assert shown and abs(float(shown.group(1)) - cemhd) <= 0.051


def test_binding_team_floor_is_priced_in_a_sentence(hand, tmp_path: Path) -> None:
    plan = run_checked(hand(levers__team_fte={"min": 8}), tmp_path / "p")
    assert plan.summary["fte_after"] == pytest.approx(8)
    (sentence,) = [e for e in plan.explanations if "may not go below" in e]
    # Each FTE kept above the need costs its salary less the AI it replaces:
    # 50,000 - 1,650 / 0.9 x 10 = 31,666.67, plus the severance saved (25,000) is not
    # paid: the net saving of one FTE less is 50,000 - 18,333.33 - 25,000 = 6,666.67.
    assert "Ledger" in sentence and "would save 6,667 over the horizon" in sentence
    table = plan.tables["constraints"]
    assert list(table.columns[:2]) == ["constraint", "period"]
    floor = table[table["explanation"] == sentence].iloc[0]
    assert floor["constraint"] == "Ledger: FTE floor and cap"
    assert floor["period"] == plan.summary["periods"][int(floor["name"].split(",")[-1][:-1])]
    balance = table[table["kind"] == "balance"].iloc[0]
    assert balance["constraint"].startswith("FTE of Analyst in Ledger carried")  # the title


def test_unused_capability_gets_its_break_even_price(hand, tmp_path: Path) -> None:
    plan = run_checked(hand(capabilities=[{"id": "bot", "kind": "execute",
                                           "categories": ["data_processing"],
                                           "cost_per_hour": 80}]), tmp_path / "p")
    (line,) = [e for e in plan.explanations if e.startswith("Bot is not used")]
    assert "would start to be used below" in line
    # Break-even: an AI hour frees 0.9 / 1,650 FTE; cutting an FTE saves its 50,000 salary
    # but costs 25,000 of severance, so the hour is worth 0.9 / 1,650 x 25,000 = 13.64.
    assert "below 13.64" in line


def test_receiving_teams_say_what_they_receive_in_people_and_roles() -> None:
    t = with_moves()
    t["moves"] = t["moves"].assign(people=[2, 1, 0])
    lines = {line.split(" goes ")[0]: line for line in team_sentences(
        t, labels=Labels(roles={"buyer": "Buyer"}))}
    assert lines["Finance"].endswith(
        "; partly replaced by 2 people (1.8 FTE) received from Procurement as Buyer.")
    assert lines["IT"].endswith("the growth comes from 1 person (1.0 FTE) received from "
                                "Procurement as Buyer.")
    reskill = t["moves"].assign(kind="reskill", to_role="analyst",
                                fte_arriving=[1.44, 0.8, 0.0], arrival_period="2027")
    st = t["staffing"].assign(reskilled_in=[0.0, 1.44, 0.8, 0.0],
                              redeploy_in=[0.0, 1.44, 0.8, 0.0], fte_end=[7.17, 8.44, 4.8, 2.0])
    lines = {line.split(" goes ")[0]: line for line in team_sentences(
        {"staffing": st, "moves": reskill},
        labels=Labels(roles={"analyst": "Analyst"}))}
    assert "1.4 FTE reskilled from Procurement as Analyst, of 2 people who start reskilling" \
        in lines["Finance"]


def test_rows_worded_once_per_distinct_key_read_as_each_row_worded_alone() -> None:
    """describe_rows words each distinct (kind, team, role, capability, value) once: every
    row reads as describe gives it on its own, values and missing cells included."""
    meta = pd.DataFrame({
        "kind": ["balance", "balance", "span_max", "span_max", "lock", "one_off_budget",
                 "requirement", "ai_share_unused", "hire_cap", "max_reduction"],
        "team": ["Claims", "Claims", "Claims", "Sales", "Sales", None, "Sales", np.nan,
                 None, "Claims"],
        "role": ["handler", "handler", None, None, "rep", None, "rep", "rep", None, None],
        "capability": [None] * 7 + ["copilot", None, None],
        "value": [3.0, 4.0, 12.0, np.nan, 2.5, 1e6, 7.0, 0.4, np.nan, 0.15],
        "period": [0, 1, 0, 0, 1, np.nan, 0, 1, 0, 1]})
    labels = Labels(roles={"handler": "Claims Handler", "rep": "Sales Rep"}, currency="GBP",
                    periods=("Q1", "Q2"))
    alone = [describe(labels, rec) for rec in meta.to_dict("records")]
    assert describe_rows(labels, meta) == alone
    assert alone[2] == "Claims: span of control cap of 12"
    assert alone[3] == "Sales: span of control cap"
    assert alone[0] == alone[1]
    assert _period_labels(labels, meta) == [labels.period(p) if pd.notna(p) else ""
                                            for p in meta["period"]]
