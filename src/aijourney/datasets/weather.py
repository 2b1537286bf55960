"""Seattle's daily weather 2012–2015 (lesson A3), read from the copy the ``vega_datasets`` package
ships (``local_data``: from the installed package, never downloaded). No Vietnamese daily series ships
offline; datasets/README.md says where the records come from."""

from __future__ import annotations

import pandas as pd

#: The columns the lesson keeps (the text column ``weather`` is left out).
WEATHER_COLUMNS = ["date", "precipitation", "temp_max", "temp_min", "wind"]


def seattle_weather() -> pd.DataFrame:
    """Seattle's daily weather 2012–2015 (1,461 days): rain in mm, max/min temperature in °C,
    wind in m/s, sorted by date."""
    from vega_datasets import local_data

    df = local_data.seattle_weather()[WEATHER_COLUMNS]
    return df.sort_values("date").reset_index(drop=True)
