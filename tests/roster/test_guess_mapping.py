"""Guessing an unknown export's columns for the app's mapping step."""

from __future__ import annotations

import yaml

from planner.roster.presets import INPUT_FIELDS, guess_mapping, load_mapping, mapping_yaml


def test_known_headers_are_found_whatever_their_case_and_punctuation() -> None:
    g = guess_mapping(["Position ID", "Reports To Position", "Business Title", "FTE",
                       "Cost Centre", "annual_cost"])
    assert g["position_id"] == "Position ID"
    assert g["job_title"] == "Business Title"
    assert g["cost_center"] == "Cost Centre"
    assert g["annual_cost"] == "annual_cost"
    assert set(g) == set(INPUT_FIELDS)


def test_each_header_is_used_once_and_nonsense_is_left_alone() -> None:
    g = guess_mapping(["Team", "Team Name", "zzz", "Qwerty"])
    chosen = [v for v in g.values() if v]
    assert len(chosen) == len(set(chosen))
    assert "zzz" not in chosen and "Qwerty" not in chosen


def test_a_mapping_written_from_choices_loads(tmp_path) -> None:
    text = mapping_yaml({"position_id": "Req ID", "job_title": "Role Name", "team": None},
                        {"currency": "EUR"}, 0.25)
    assert yaml.safe_load(text)["columns"] == {"position_id": "Req ID", "job_title": "Role Name"}
    path = tmp_path / "m.yaml"
    path.write_text(text, encoding="utf-8")
    m = load_mapping(path)
    assert m.on_cost_rate == 0.25
    assert m.preset.columns["position_id"] == ("Req ID",)
    assert m.preset.defaults["currency"] == "EUR"
