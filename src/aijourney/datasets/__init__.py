"""Loaders for the data the lessons use.

Data the project writes lives in the repository's ``datasets/`` folder (each with a datasheet);
set ``AIJOURNEY_DATASETS`` to point elsewhere (e.g. a read-only copy on a JupyterHub).
Data a pip package ships is read from that package (see ``vietnam``). Each topic has a submodule
(``aijourney.datasets.<topic>``) holding its loader *and* the course's split of it: every split a
lesson or an assignment uses is defined here, nowhere else.
"""

from __future__ import annotations

from .digits import digits_split, digits_validation_split, load_digit_images
from .files import dataset_path, datasets_dir, read_csv
from .ocop import load_ocop_batches, ocop_features, ocop_rule_predictions, ocop_split, ocop_validation_split
from .poverty import (
    POVERTY_FEATURES,
    POVERTY_SHARE,
    poverty_raw_table,
    poverty_split,
    poverty_table,
    poverty_tables_split,
)
from .vietnam import (
    HOUSEHOLD_FEATURES,
    HOUSEHOLD_TARGETS,
    food_per_person,
    household_features,
    household_split,
    household_validation_split,
    load_vietnam_households,
    load_vietnam_individuals,
)

__all__ = [
    "datasets_dir", "dataset_path", "read_csv", "load_ocop_batches", "ocop_features", "ocop_split",
    "load_vietnam_households", "load_vietnam_individuals", "HOUSEHOLD_FEATURES", "household_features",
    "household_split", "POVERTY_FEATURES", "POVERTY_SHARE", "poverty_table", "poverty_split",
    "load_digit_images", "digits_split", "digits_validation_split", "ocop_validation_split",
    "HOUSEHOLD_TARGETS", "food_per_person", "household_validation_split", "ocop_rule_predictions",
    "poverty_raw_table", "poverty_tables_split",
]
