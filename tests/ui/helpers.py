"""The app driven headless with streamlit's AppTest: open it, go to a page, run a plan,
upload a roster, read what a page shows. Shared by the page tests of tests/ui/."""

from __future__ import annotations

import pandas as pd
import pytest

st = pytest.importorskip("streamlit")
from streamlit.testing.v1 import AppTest  # noqa: E402

from tests.conftest import ROOT  # noqa: E402

SAMPLE = ROOT / "data" / "sample_org.csv"
MODEL = ROOT / "models" / "automation_push.yaml"


def app() -> AppTest:
    return AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)


def page(at: AppTest, name: str) -> AppTest:
    at.switch_page(f"planner/ui/{name}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metrics(at: AppTest) -> dict[str, str]:
    """Metric label -> value (the first metric of each label: the page's headline)."""
    out: dict[str, str] = {}
    for m in at.metric:
        out.setdefault(m.label, m.value)
    return out


def people_table(at: AppTest) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if "position_id" in d.value.columns)


def tags_grid(at: AppTest):
    """The Work page's tags grid (the title mapping table is drawn above it)."""
    return next(d for d in at.data_editor if d.key.startswith("tags_editor_"))


def texts(at: AppTest) -> str:
    return " ".join([m.value for m in at.markdown] + [c.value for c in at.caption])


def run_plan(at: AppTest) -> AppTest:
    page(at, "plan")
    next(b for b in at.button if b.label == "Run").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def named_roster(rows: int = 300) -> pd.DataFrame:
    """The sample's first rows with invented names and no team column (teams come from the
    department, as in many exports)."""
    frame = pd.read_csv(SAMPLE).head(rows).drop(columns=["team"])
    frame.insert(2, "name", [f"Zyxwo Person{i:04d}" for i in range(len(frame))])
    return frame


def upload(at: AppTest, frame: pd.DataFrame, name: str = "named.csv") -> AppTest:
    at.radio(key="roster_choice").set_value("Upload an export").run()
    at.file_uploader[0].set_value((name, frame.to_csv(index=False).encode(), "text/csv"))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def banners(at: AppTest) -> list[str]:
    return [b.value for b in [*at.success, *at.info, *at.warning, *at.error]]
