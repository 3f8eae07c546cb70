"""The text tagger: training, prediction with probabilities and explanations, storage, and
the grouped evaluation against the human labels beside GPT-4's."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from planner.work.tagger import (
    SPREAD_KEYS,
    ModelError,
    evaluate,
    evaluate_splits,
    grouped_split,
    load,
    save,
    train,
)


@pytest.fixture(scope="module")
def small(labels: pd.DataFrame) -> pd.DataFrame:
    """About 2,500 statements of every seventh occupation (fast to train on)."""
    codes = sorted(labels["soc_code"].unique())[::7]
    return labels[labels["soc_code"].isin(codes)].reset_index(drop=True)


@pytest.fixture(scope="module")
def model(small: pd.DataFrame):  # noqa: ANN201
    return train(small)


def test_predicts_probabilities_and_labels(model, small: pd.DataFrame) -> None:  # noqa: ANN001
    proba = model.predict_proba(small["statement"].head(50))
    assert proba.shape == (50, 3)
    assert np.allclose(proba.sum(axis=1), 1)
    # It learns its training data well: far above the majority label.
    pred = model.predict(small["statement"])
    assert (pred == small["human_exposure"].to_numpy(str)).mean() > 0.8


def test_probabilities_mix_the_regression_with_the_neighbour_vote(model, small) -> None:  # noqa: ANN001
    text = small["statement"].head(40)
    alone = replace(model, config=replace(model.config, neighbour_share=0.0))
    vote = model.neighbour_vote(text)
    assert np.allclose(vote.sum(axis=1), 1) and (vote >= 0).all()
    m = model.config.neighbour_share
    assert m == 0.4
    assert np.allclose(model.predict_proba(text), (1 - m) * alone.predict_proba(text) + m * vote)
    # A training statement is its own nearest neighbour (similarity 1, the largest vote).
    own = np.searchsorted(["E0", "E1", "E2"], small["human_exposure"].head(40).to_numpy(str))
    assert (vote.argmax(axis=1) == own).mean() > 0.9
    # The vote alone: the labels of the neighbours only.
    only = replace(model, config=replace(model.config, neighbour_share=1.0))
    assert np.allclose(only.predict_proba(text), vote)


def test_tags_with_explanations(model) -> None:  # noqa: ANN001
    out = model.tag(pd.Series(["Prepare invoices and enter payments into the ledger.",
                               "Climb ladders to repair roof gutters."]))
    assert list(out.columns[:3]) == ["statement", "label", "probability"]
    assert out.loc[1, "label"] == "E0" and out.loc[1, "mode"] == "human"
    assert out.loc[0, "p_E0"] < out.loc[1, "p_E0"]
    for j in (1, 2, 3):
        assert out[f"similar_{j}"].str.match(r"^.+ \(.+; AI .+; \d+% similar\)$").all()
    assert out["explanation"].str.contains("most similar labelled statements").all()
    assert ((out["automatable_share"] >= 0) & (out["automatable_share"] <= 0.5)).all()


def test_save_and_load_give_the_same_predictions(model, tmp_path: Path) -> None:  # noqa: ANN001
    folder = save(model, tmp_path / "m")
    assert {p.name for p in folder.iterdir()} == {"model.json", "vocabulary.json",
                                                  "weights.npz", "examples.csv"}
    meta = json.loads((folder / "model.json").read_text())
    assert meta["format_version"] == 1 and meta["sklearn_version"]
    assert meta["config"]["neighbours"] == 20 and meta["config"]["neighbour_share"] == 0.4
    assert "USDOL/ETA" in meta["attribution"]
    back = load(folder)
    text = pd.Series(["Review contracts for compliance.", "Drive a forklift."])
    assert np.allclose(back.predict_proba(text), model.predict_proba(text))
    assert back.tag(text)["similar_1"].tolist() == model.tag(text)["similar_1"].tolist()


def test_loading_a_bad_folder_says_how_to_fix_it(model, tmp_path: Path) -> None:  # noqa: ANN001
    with pytest.raises(ModelError, match="missing model.json.*planner tagger train"):
        load(tmp_path / "nothing")
    folder = save(model, tmp_path / "m")
    meta = json.loads((folder / "model.json").read_text())
    meta["format_version"] = 99
    (folder / "model.json").write_text(json.dumps(meta))
    with pytest.raises(ModelError, match="expected format_version 1, found 99"):
        load(folder)


def test_grouped_split_holds_out_whole_occupations(labels: pd.DataFrame) -> None:
    tr, te = grouped_split(labels, 0.2, seed=0)
    assert not set(labels["soc_code"].iloc[tr]) & set(labels["soc_code"].iloc[te])
    assert np.array_equal(te, grouped_split(labels, 0.2, seed=0)[1])



@pytest.fixture(scope="module")
def tiny(labels: pd.DataFrame) -> pd.DataFrame:
    """About 600 statements of every thirtieth occupation (five fits in a few seconds)."""
    codes = sorted(labels["soc_code"].unique())[::30]
    return labels[labels["soc_code"].isin(codes)].reset_index(drop=True)


def test_evaluation_over_splits_gives_each_split_and_their_mean_and_spread(
        tiny: pd.DataFrame) -> None:
    ev = evaluate_splits(tiny, splits=3)
    doc = ev.to_dict()
    assert set(doc) == {"splits", "mean", "std"}
    single = evaluate(tiny, seed=2).to_dict()
    assert [d["seed"] for d in doc["splits"]] == [1, 2, 3]
    assert all(set(d) == set(single) for d in doc["splits"])
    # Split i is the split of --seed i.
    assert doc["splits"][1] == {**single, "train_seconds": doc["splits"][1]["train_seconds"]}
    assert json.loads(json.dumps(doc)) == doc
    for k in SPREAD_KEYS:
        values = np.array([d[k] for d in doc["splits"]])
        assert doc["mean"][k] == pytest.approx(values.mean(), abs=1e-4)
        assert doc["std"][k] == pytest.approx(values.std(ddof=1), abs=1e-4)
    assert set(doc["mean"]) == set(doc["std"]) == set(SPREAD_KEYS)


def test_no_split_puts_an_occupation_on_both_sides(tiny: pd.DataFrame) -> None:
    for seed in range(1, 6):
        tr, te = grouped_split(tiny, 0.2, seed=seed)
        assert not set(tiny["soc_code"].iloc[tr]) & set(tiny["soc_code"].iloc[te])
        assert len(tr) + len(te) == len(tiny)


def test_a_spread_needs_two_splits(tiny: pd.DataFrame) -> None:
    from planner.errors import InputError

    with pytest.raises(InputError, match="expected at least 2 splits, found 1"):
        evaluate_splits(tiny, splits=1)


@pytest.mark.slow
def test_evaluation_meets_the_targets_and_beats_gpt4(labels: pd.DataFrame) -> None:
    ev = evaluate(labels, seed=0)
    assert ev.test_occupations == 185
    # GPT-4's agreement with the human labels on these held-out tasks (issue 7: 0.675, 0.58).
    assert ev.gpt4_accuracy == pytest.approx(0.675, abs=0.002)
    assert ev.gpt4_macro_f1 == pytest.approx(0.585, abs=0.005)
    # Issue 7's targets were 0.75 / 0.66; with the neighbour vote seed 0 gives 0.763 / 0.680,
    # so this split also clears issue 13's 0.76 / 0.67 -- which the mean over the splits of
    # seeds 1-5 does not for accuracy (0.753 ± 0.011, benchmarks/tagging.md).
    assert ev.accuracy >= 0.76
    assert ev.macro_f1 >= 0.67
    assert ev.accuracy > ev.majority_accuracy + 0.15
    assert sum(map(sum, ev.confusion)) == ev.test_statements


def test_statements_are_read_from_the_first_statement_column(tmp_path: Path) -> None:
    from planner.errors import InputError, PlannerError
    from planner.work.tagger import read_statements

    good = tmp_path / "t.csv"
    good.write_text("task_id,task\nT1,Enter invoices\n", encoding="utf-8")
    frame, column = read_statements(good)
    assert column == "task" and frame.loc[0, "task"] == "Enter invoices"
    bad = tmp_path / "b.csv"
    bad.write_text("id,text\n1,x\n", encoding="utf-8")
    with pytest.raises(InputError, match="expected a statement column, found id, text") as e:
        read_statements(bad)
    assert e.value.problems[0].code == "bad_tasks" and e.value.problems[0].file == "b.csv"
    with pytest.raises(PlannerError, match="none.csv: expected a readable CSV"):
        read_statements(tmp_path / "none.csv")
