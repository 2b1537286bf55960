"""Lesson B0 — Python vừa đủ (just enough Python, for someone who has never programmed).

The data of the lesson is typed in the notebook (a dict of prices, a list of harvests) so the
trainee sees how a list and a dict are written; the same values are declared here (``PRICES``,
``HARVESTS_KG``) to compute the right answers, and a test checks that both agree. The table of the
pandas section is B1's OCOP batches (``load_ocop_batches``).

In the notebook::

    from aijourney.exercises.b0 import q1, q2, q3, q4, q5, q6
    from aijourney.feedback import ____
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from ..datasets import load_ocop_batches
from ..feedback import ChoiceProblem, FunctionProblem, Mistake, NumberProblem, rounded
from ..toolkit.tabular import format_number

__all__ = ["q1", "q2", "q3", "q4", "q5", "q6", "PRICES", "HARVESTS_KG", "PLOT_HA", "YIELD_T_PER_HA", "SOLD_KG",
           "BIG_FARM_KG", "SMALL_FARM_KG", "MAX_MOISTURE"]

# q1: chị Hoa's pepper garden, written in the lesson the Vietnamese way ("1,5 ha", "2,8 tấn/ha")
PLOT_HA, YIELD_T_PER_HA = 1.5, 2.8
# q2: example prices in dong per kg (illustrations, not today's market prices)
PRICES = {"hat_dieu": 32000, "ho_tieu": 145000, "sau_rieng": 70000}
SOLD_KG = 4200
# q3: cashew harvest (kg) of the ten households of a cooperative group
HARVESTS_KG = [1200, 850, 1430, 600, 1000, 980, 2100, 1150, 540, 1320]
BIG_FARM_KG = 1000  # the exercise: "từ 1.000 kg trở lên"
SMALL_FARM_KG = 800  # the worked example just above it: "dưới 800 kg"
# q4: dried cashew is ready when its moisture is at most 5 %
MAX_MOISTURE = 5


@lru_cache(maxsize=1)
def _lots() -> pd.DataFrame:
    return load_ocop_batches()


# -- q1: variables and numbers ------------------------------------------------------------------
_harvest_t = PLOT_HA * YIELD_T_PER_HA
q1 = NumberProblem(
    "b0.q1", "san_luong_hoa", _harvest_t, tol=1e-6,
    mistakes=[
        Mistake("added", PLOT_HA + YIELD_T_PER_HA),
        Mistake("in_kg", 1000 * _harvest_t),
    ],
    name="q1", figures=lambda: {"tons": format_number(_harvest_t, 1), "raw": repr(_harvest_t)},
)

# -- q2: looking a price up in a dict -----------------------------------------------------------
_money = PRICES["ho_tieu"] * SOLD_KG
q2 = NumberProblem(
    "b0.q2", "tien_ban_tieu", _money, tol=0.5,
    mistakes=[
        Mistake("wrong_key", [price * SOLD_KG for key, price in PRICES.items() if key != "ho_tieu"]),
        Mistake("price_only", PRICES["ho_tieu"]),
        Mistake("tons", PRICES["ho_tieu"] * SOLD_KG / 1000),
    ],
    name="q2", figures=lambda: {"money": format_number(_money), "millions": format_number(_money / 1e6)},
)

# -- q3: counting with for and if ---------------------------------------------------------------
_big = sum(1 for kg in HARVESTS_KG if kg >= BIG_FARM_KG)
q3 = NumberProblem(
    "b0.q3", "so_ho_lon", _big, tol=1e-9,
    mistakes=[
        Mistake("strict", sum(1 for kg in HARVESTS_KG if kg > BIG_FARM_KG)),
        Mistake("copied_example", sum(1 for kg in HARVESTS_KG if kg < SMALL_FARM_KG)),
        Mistake("start_one", _big + 1),
        Mistake("below", sum(1 for kg in HARVESTS_KG if kg < BIG_FARM_KG)),
        Mistake("all_rows", len(HARVESTS_KG)),  # e.g. ``kg >= 1.000``: the dot makes it 1.0
    ],
    name="q3",
    figures=lambda: {"count": str(_big), "n": str(len(HARVESTS_KG)),
                     "strict": str(sum(1 for kg in HARVESTS_KG if kg > BIG_FARM_KG))},
)

# -- q4: a function with if / else / return -----------------------------------------------------
q4 = FunctionProblem(
    "b0.q4", "kiem_tra_do_am",
    [
        ((4.2,), "dat"),
        ((7.5,), "phoi_them"),
        ((5.0,), "dat"),  # "không quá 5" includes 5 itself
        ((5.1,), "phoi_them"),
        ((3,), "dat"),
        ((12.0,), "phoi_them"),
    ],
    name="q4",
)

# -- q5: a first table with pandas --------------------------------------------------------------
q5 = NumberProblem(
    "b0.q5", "do_am_tb", lambda: float(_lots()["do_am"].mean()), tol=1e-6,
    mistakes=[
        Mistake("copied_example", lambda _right: float(_lots()["ty_le_loi"].mean())),
        Mistake("sum_not_mean", lambda _right: float(_lots()["do_am"].sum())),
        Mistake("count", lambda _right: len(_lots())),
        Mistake("median", lambda _right: float(_lots()["do_am"].median())),
        rounded(1),
        rounded(2),
    ],
    name="q5",
    figures=lambda: {"mean": format_number(_lots()["do_am"].mean(), 1), "n": str(len(_lots()))},
)

# -- q6: why a NameError happens (multiple choice) ----------------------------------------------
q6 = ChoiceProblem("b0.q6", "cau_tra_loi", "C", "ABCD", name="q6")
