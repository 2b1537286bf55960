"""The organiser's truth of a contest, loaded once per scoring run (it never leaves the store)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .definition import Contest, Kind
from .places import StorePlaces, secret_of


@dataclass(frozen=True)
class Truth:
    ids: tuple[str, ...]  # sorted
    values: np.ndarray  # aligned with ids
    public: np.ndarray  # bool mask over ids: the part scored on the public leaderboard
    frame: pd.DataFrame  # the whole truth table, rows in ids order (the minigame's questions)

    @classmethod
    def load(cls, contest: Contest, places: StorePlaces) -> "Truth":
        frame = pd.read_csv(places.truth, dtype=str, keep_default_na=False)
        frame[contest.id_column] = frame[contest.id_column].str.strip()
        frame = frame.sort_values(contest.id_column, kind="stable").reset_index(drop=True)
        ids = tuple(frame[contest.id_column])
        raw = frame[contest.target_column]
        labels = contest.classes is not None or contest.kind is Kind.ASSISTANT
        values = raw.to_numpy(dtype=object) if labels else raw.astype(float).to_numpy()
        public_ids = contest.public_ids(ids, secret_of(places))
        return cls(ids, values, np.array([i in public_ids for i in ids]), frame)
