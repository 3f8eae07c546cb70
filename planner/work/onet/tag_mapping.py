"""How exposure labels become task tags (automatable share, mode, oversight), and how O*NET
task types weigh in a role's task mix; read from YAML by :func:`load_tag_mapping`."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any

import numpy as np
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from planner.domain import TaskMode
from planner.errors import InputError, Problem, Severity
from planner.work.onet.exposure import Exposure, LabelSource


class ExposureTag(BaseModel):
    """The task tag that one exposure label stands for."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    automatable_share: Annotated[float, Field(ge=0, le=1)]
    """Share of the task's hours an AI layer can take [0-1]."""
    mode: TaskMode
    oversight_hours_per_ai_hour: Annotated[float, Field(ge=0, le=2)] = 0.0
    """Human review time per AI-executed hour [h/h]."""


def _default_exposure() -> dict[Exposure, ExposureTag]:
    return {
        Exposure.E0: ExposureTag(automatable_share=0.0, mode=TaskMode.HUMAN),
        Exposure.E1: ExposureTag(automatable_share=0.5, mode=TaskMode.AUTOMATE,
                                 oversight_hours_per_ai_hour=0.2),
        Exposure.E2: ExposureTag(automatable_share=0.5, mode=TaskMode.AUGMENT,
                                 oversight_hours_per_ai_hour=0.25),
    }


class ExposureMapping(BaseModel):
    """How exposure labels become task tags, and how task types weigh in a role's task mix.

    The default reads the rubric literally: ``E1`` (an LLM alone halves the time) is work an
    execution layer can take, half of its hours; ``E2`` (halved with LLM-based tools) is work
    people keep doing with an assistant; ``E0`` stays human. O*NET marks a statement
    ``Core`` (critical and relevant to the occupation) or ``Supplemental``; without task
    ratings in the file, a core statement weighs twice a supplemental one, and an unrated
    statement counts as core. Load your own from YAML with :func:`load_tag_mapping`.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    label: LabelSource = LabelSource.HUMAN
    """Which label to follow: the annotators' (``human``) or GPT-4's (``gpt4``)."""
    exposure: dict[Exposure, ExposureTag] = Field(default_factory=_default_exposure)
    core_weight: Annotated[float, Field(gt=0)] = 2.0
    supplemental_weight: Annotated[float, Field(gt=0)] = 1.0
    unrated_weight: Annotated[float, Field(gt=0)] = 2.0

    def model_post_init(self, context: Any) -> None:  # noqa: D102
        missing = [e.value for e in Exposure if e not in self.exposure]
        if missing:
            raise ValueError(f"exposure: expected a tag for each of E0, E1, E2; missing "
                             f"{', '.join(missing)}")

    def tag(self, label: str) -> ExposureTag:
        """The tag of one label (``E0``, ``E1``, ``E2``)."""
        return self.exposure[Exposure(label)]

    def shares(self) -> np.ndarray:
        """Automatable share of E0, E1, E2 in that order [0-1]."""
        return np.array([self.exposure[e].automatable_share for e in Exposure])


def load_tag_mapping(path: str | os.PathLike[str]) -> ExposureMapping:
    """Read an :class:`ExposureMapping` from YAML (keys as in ``docs/tagging.md``).

    Raises
    ------
    InputError
        With the key path of every invalid setting.
    """
    p = Path(path)
    try:
        doc = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
        return ExposureMapping.model_validate(doc)
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(Problem("bad_exposure_mapping", Severity.ERROR,
                                 f"expected a readable YAML file: {exc}",
                                 "see docs/tagging.md for the format", file=p.name)) from exc
    except ValidationError as exc:
        raise InputError([Problem(
            "bad_exposure_mapping", Severity.ERROR,
            f"{'.'.join(map(str, e['loc'])) or '(top)'}: {e['msg']}, found {e.get('input')!r}",
            "see docs/tagging.md for the keys and their ranges", file=p.name)
            for e in exc.errors()]) from exc

