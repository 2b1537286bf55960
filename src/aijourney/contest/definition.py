"""A contest's definition: ``contests/<id>/contest.yaml``, checked field by field.

The file holds what trainees may know (title, rules, metric, columns, limits, dates, how entries are
chosen and ties broken). It never holds the truth: the organiser keeps the answer file outside
anything trainees receive. A bad file raises ``ContestError`` naming the field, in the organiser's
language (``locale/<lang>/contest.json``).
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo


from ..i18n import t

FILE = "contest.yaml"
# data sets the organiser's setup can generate with a secret seed (``shipped`` / ``minigame``); a contest
# without a generator is set up from the organiser's own files (``aijourney contest setup --truth …``)
GENERATORS = ("basic", "sentiment", "minigame")
TIME_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
MAX_MARKED = 2  # a trainee marks at most two entries for the final ranking
MAX_INVALID_PER_DAY = 20  # invalid entries a trainee may send in a day before further ones are refused unread


class Metric(enum.Enum):
    ACCURACY = "accuracy"
    MACRO_F1 = "macro_f1"
    ROC_AUC = "roc_auc"
    RMSE = "rmse"
    MAE = "mae"
    HIT_RATE_AT_K = "hit_rate_at_k"

    @property
    def higher_is_better(self) -> bool:
        return self not in (Metric.RMSE, Metric.MAE)

    @property
    def needs_classes(self) -> bool:
        return self in (Metric.ACCURACY, Metric.MACRO_F1)


class Kind(enum.Enum):
    """What a trainee hands in: a table of predictions, or the settings of their FAQ assistant (minigame)."""

    TABLE = "table"
    ASSISTANT = "assistant"


class ContestError(ValueError):
    """A contest file that cannot be used; ``field`` names the entry at fault."""

    def __init__(self, field: str, reason: str):
        self.field = field
        super().__init__(t("contest.error", field=field, reason=reason))


@dataclass(frozen=True)
class Contest:
    id: str
    title: str
    rules: str
    metric: Metric
    k: int | None  # only for hit_rate_at_k
    kind: Kind
    classes: tuple[str, ...] | None  # the labels a prediction may take (accuracy, macro_f1)
    generator: str | None  # one of GENERATORS, or None
    id_column: str
    target_column: str
    public_share: float
    per_day: int
    total: int
    start: dt.datetime
    deadline: dt.datetime

    def is_open(self, now: dt.datetime) -> bool:
        return self.start <= now < self.deadline

    def public_ids(self, ids, secret: int) -> set:
        """The test ids scored on the public leaderboard: a fixed share of them, drawn with the organiser's
        ``secret`` (kept in the store), so nothing a trainee can read tells which ids are private."""
        key = int(secret).to_bytes(16, "big") + b"\0public\0"
        ranked = sorted({str(i) for i in ids}, key=lambda i: hashlib.sha256(key + i.encode("utf-8")).digest())
        return set(ranked[: round(self.public_share * len(ranked))])

def _text(raw: dict, field: str) -> str:
    value = raw.get(field)
    if not isinstance(value, str) or not value.strip():
        raise ContestError(field, t("contest.reason.text"))
    return value.strip()


def _whole(raw: dict, field: str, low: int = 1, prefix: str = "") -> int:
    value = raw.get(field)
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise ContestError(prefix + field, t("contest.reason.whole", low=low))
    return value


def _moment(raw: dict, field: str) -> dt.datetime:
    value = raw.get(field)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time())
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            value = None
    if not isinstance(value, dt.datetime):
        raise ContestError(field, t("contest.reason.moment"))
    # a time without a zone is Viet Nam's time; one with a zone is converted to it
    return value.replace(tzinfo=TIME_ZONE) if value.tzinfo is None else value.astimezone(TIME_ZONE)


def _metric(raw: dict) -> tuple[Metric, int | None]:
    try:
        metric = Metric(raw.get("metric"))
    except ValueError:
        raise ContestError("metric", t("contest.reason.metric", names=", ".join(m.value for m in Metric))) from None
    return metric, (_whole(raw, "k") if metric is Metric.HIT_RATE_AT_K else None)


def _share(raw: dict) -> float:
    value = raw.get("public_share")
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < 1:
        raise ContestError("public_share", t("contest.reason.share"))
    return float(value)


def _kind(raw: dict, metric: Metric) -> Kind:
    try:
        kind = Kind(raw.get("kind", Kind.TABLE.value))
    except ValueError:
        raise ContestError("kind", t("contest.reason.kind", names=", ".join(k.value for k in Kind))) from None
    if (kind is Kind.ASSISTANT) != (metric is Metric.HIT_RATE_AT_K):
        raise ContestError("kind", t("contest.reason.kind_metric"))
    return kind


def _classes(raw: dict, metric: Metric) -> tuple[str, ...] | None:
    if not metric.needs_classes:
        return None
    value = raw.get("classes")
    ok = isinstance(value, list) and len(value) >= 2 and all(
        isinstance(v, (str, int)) and not isinstance(v, bool) and str(v).strip() for v in value)
    if not ok or len({str(v) for v in value}) != len(value):
        raise ContestError("classes", t("contest.reason.classes"))
    return tuple(str(v) for v in value)


def _generator(raw: dict) -> str | None:
    value = raw.get("generator")
    if value is not None and value not in GENERATORS:
        raise ContestError("generator", t("contest.reason.generator", names=", ".join(GENERATORS)))
    return value


def parse_contest(contest_id: str, raw) -> Contest:
    """Check every field of a parsed contest file; the first fault raises ``ContestError``."""
    if not isinstance(raw, dict):
        raise ContestError(FILE, t("contest.reason.mapping"))
    metric, k = _metric(raw)
    limits = raw.get("limits") if isinstance(raw.get("limits"), dict) else {}
    per_day, total = _whole(limits, "per_day", prefix="limits."), _whole(limits, "total", prefix="limits.")
    if total < per_day:
        raise ContestError("limits.total", t("contest.reason.total"))
    start, deadline = _moment(raw, "start"), _moment(raw, "deadline")
    if deadline <= start:
        raise ContestError("deadline", t("contest.reason.deadline"))
    id_column, target_column = _text(raw, "id_column"), _text(raw, "target_column")
    if id_column == target_column:
        raise ContestError("target_column", t("contest.reason.same_column"))
    if "split_seed" in raw:
        raise ContestError("split_seed", t("contest.reason.split_seed"))
    if "truth" in raw or "answers" in raw:
        raise ContestError("truth" if "truth" in raw else "answers", t("contest.reason.truth"))
    return Contest(id=contest_id, title=_text(raw, "title"), rules=_text(raw, "rules"), metric=metric, k=k,
                   kind=_kind(raw, metric), classes=_classes(raw, metric), generator=_generator(raw),
                   id_column=id_column, target_column=target_column, public_share=_share(raw),
                   per_day=per_day, total=total,
                   start=start, deadline=deadline)


def load_contest(folder: Path, contest_id: str | None = None) -> Contest:
    """``folder/contest.yaml`` as a ``Contest`` (the contest's id is the folder's name unless given)."""
    import yaml

    path = Path(folder) / FILE
    try:
        raw = yaml.safe_load(path.read_text("utf-8"))
    except OSError:
        raise ContestError(FILE, t("contest.reason.missing", path=path)) from None
    except yaml.YAMLError as error:
        raise ContestError(FILE, t("contest.reason.yaml", detail=str(error).splitlines()[0])) from None
    return parse_contest(contest_id or Path(folder).name, raw)
