"""A seeded phrase grammar of short Vietnamese product reviews (the advanced contest's test set).

A review is built from clauses "subject + opinion", each with a polarity, then written in one of the
course's four styles (standard, no diacritics, abbreviations, mixed English). Three shapes:

- plain (``thuong``): one or two opinion clauses and maybe a closing remark, all of the label's polarity;
- negation (``phu_dinh``): the deciding clause negates a word of the other polarity ("không thơm lắm"
  is negative, "không hề mắc" positive);
- contrast (``tuong_phan``): "A, nhưng B" (or "tuy A nhưng B", "A, có điều B", "A, được cái B" …):
  the clause after the contrast word decides; A has the other polarity.

The label is the polarity of the deciding clause (the last opinion clause), by construction. A
neutral opener ("Mua tặng mẹ") may start any review. Every opinion word is gradable, so intensifiers
("rất", "cực kỳ", "lắm", "ghê" …) and "không … lắm" read naturally.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..datasets.reviews import LABELS
from ..toolkit.vntext import remove_diacritics

__all__ = ["draw_reviews", "review_key", "PRODUCTS", "ASPECTS", "SHAPES", "STYLES"]

POSITIVE, NEGATIVE = LABELS  # "tich_cuc", "tieu_cuc"
SHAPES = {"thuong": 0.40, "phu_dinh": 0.25, "tuong_phan": 0.35}
STYLES = {"chuan": 0.70, "khong_dau": 0.10, "viet_tat": 0.10, "tron_tieng_anh": 0.10}


@dataclass(frozen=True)
class Opinion:
    """Something a review can praise or blame: ways to name it, and gradable words for each side."""

    subjects: tuple[str, ...]
    positive: tuple[str, ...]
    negative: tuple[str, ...]

    def words(self, positive: bool) -> tuple[str, ...]:
        return self.positive if positive else self.negative


def _food(names: str, positive: str, negative: str) -> Opinion:
    return Opinion(tuple(names.split("|")), tuple(positive.split("|")) + ("ngon",), tuple(negative.split("|")) + ("dở",))


def _goods(names: str, positive: str, negative: str) -> Opinion:
    return Opinion(tuple(names.split("|")), tuple(positive.split("|")) + ("bền",), tuple(negative.split("|")) + ("kém",))


#: product (the review set's ``san_pham`` codes) -> how a review names it and judges it
PRODUCTS = {
    "hat_dieu": _food("hạt điều|điều rang muối|hạt điều vỏ lụa", "giòn|béo|thơm|bùi", "ỉu|mặn|hôi dầu|nhạt"),
    "ho_tieu": _food("tiêu đen|hồ tiêu|tiêu xay", "cay nồng|thơm|chắc hạt", "lép|nhạt|ẩm|mốc"),
    "ca_phe": _food("cà phê|cà phê bột|cà phê rang xay", "thơm|đậm|béo|đắng dịu", "chua|khét|nhạt|loãng"),
    "mat_ong": _food("mật ong|mật ong rừng|hũ mật ong", "thơm|sánh|ngọt dịu", "loãng|ngọt gắt|chua|đục"),
    "tra": _food("trà|trà túi lọc|trà xanh", "thơm|ngọt hậu|dịu|thanh", "chát|nhạt|đắng gắt|hăng"),
    "kho_bo": _food("khô bò|khô bò miếng|khô bò sợi", "mềm|đậm vị|thơm|cay vừa", "dai nhách|khô cứng|mặn|hôi"),
    "mang": _food("măng khô|măng le|măng rừng", "sạch|giòn|ngọt|thơm", "đắng|chua|xơ|hôi"),
    "banh_trang": _food("bánh tráng|bánh tráng mè|bánh tráng phơi sương", "mỏng|dẻo|giòn|thơm", "dày cộm|cứng|bở|ỉu"),
    "trai_cay_say": _food("mít sấy|chuối sấy|khoai lang sấy", "giòn|ngọt tự nhiên|thơm", "ỉu|ngọt gắt|cứng|nhạt"),
    "gao": _food("gạo|gạo thơm|gạo nàng hương", "dẻo|thơm|ngọt cơm|trắng", "khô|cứng|nát|hôi"),
    "nuoc_mam": _food("nước mắm|nước mắm cá cơm|chai nước mắm", "thơm|đậm đà|ngọt hậu|trong", "mặn chát|tanh|đục|nồng gắt"),
    "quan_ao": _goods("áo thun|quần vải|áo sơ mi", "mềm|mát|đẹp|vừa vặn", "thô|nóng|mỏng|chật"),
    "may_tre": _goods("giỏ mây|rổ tre|giỏ đan", "chắc chắn|đẹp|khéo", "lỏng lẻo|thô|xơ|ọp ẹp"),
}

#: what every review can judge besides the product itself
ASPECTS = (
    Opinion(("giao hàng", "shop giao"), ("nhanh", "nhanh gọn"), ("chậm", "lâu")),
    Opinion(("đóng gói",), ("cẩn thận", "chắc chắn", "kỹ"), ("ẩu", "sơ sài", "cẩu thả")),
    Opinion(("bao bì",), ("đẹp", "sang", "sạch sẽ"), ("xấu", "nhàu nát", "bẩn")),
    Opinion(("giá", "giá cả"), ("rẻ", "hợp lý", "phải chăng"), ("đắt", "mắc", "chát")),
    Opinion(("shop", "người bán", "chủ shop"), ("nhiệt tình", "chu đáo", "dễ thương"), ("thờ ơ", "khó chịu", "cộc cằn")),
)

_PRODUCT_SUFFIXES = ("", "", " này", " của shop", " đợt này")
_BEFORE, _AFTER = ("rất", "khá", "cực kỳ", "thật sự", "siêu"), ("lắm", "quá", "ghê", "thật")
_NEGATED_POSITIVE = ("không {w} lắm", "chẳng {w} chút nào", "chưa được {w} lắm", "không {w} như mong đợi")
_NEGATED_NEGATIVE = ("không hề {w}", "chẳng {w} chút nào", "không {w} tí nào", "chẳng hề {w}")
_OPENERS = ("mua tặng mẹ", "đặt hai hộp dịp Tết", "mua lần đầu", "đặt qua Zalo", "mua theo lời bạn giới thiệu",
            "nhận hàng hôm thứ bảy", "đặt cho cả nhà dùng", "mua thử một gói", "nhà mình dùng được hai tuần rồi")
_CLOSINGS = {
    True: ("sẽ ủng hộ shop dài dài", "sẽ mua thêm", "rất đáng tiền", "cả nhà đều thích", "giới thiệu cho bạn bè rồi"),
    False: ("phí tiền", "thất vọng thật sự", "lần sau chắc không mua nữa", "không đáng tiền", "chán hẳn"),
}
#: contrast words joining A (other polarity) to B (the label's polarity), by B's polarity
_CONTRASTS = {
    True: (", nhưng {b}", ", nhưng mà {b}", ". Tuy nhiên, {b}", "tuy {a} nhưng {b}", ", được cái {b}"),
    False: (", nhưng {b}", ", nhưng mà {b}", ". Tuy nhiên, {b}", "tuy {a} nhưng {b}", ", có điều {b}",
            ", mỗi tội {b}"),
}
_ABBREVIATIONS = {"không": ("ko", "k"), "được": ("dc", "đc"), "người": ("ng",), "rồi": ("r",), "cà phê": ("cf",),
                  "nước": ("nc",), "với": ("vs",), "mọi người": ("mn",), "quá": ("qá",), "thật sự": ("thực sự",)}
_ENGLISH = {"giao hàng": ("ship", "giao hàng"), "đóng gói": ("packaging", "đóng gói"), "bao bì": ("packaging",),
            "rất đáng tiền": ("worth lắm", "very worth"), "giới thiệu cho bạn bè rồi": ("recommend cho bạn bè rồi",),
            "sẽ mua thêm": ("sẽ order thêm",), "chủ shop": ("owner",), "thất vọng thật sự": ("disappointed thật sự",),
            "giá cả": ("price",), "siêu": ("super",)}


def _pick(rng: np.random.Generator, options: Sequence[str]) -> str:
    return options[int(rng.integers(len(options)))]


def _product_subject(rng: np.random.Generator, product: Opinion) -> str:
    return _pick(rng, product.subjects) + _pick(rng, _PRODUCT_SUFFIXES)


def _plain(rng: np.random.Generator, opinion: Opinion, subject: str, positive: bool, soft: bool = False) -> str:
    """``subject`` + an opinion word of that polarity, maybe with an intensifier ("hơi" when ``soft``)."""
    word = _pick(rng, opinion.words(positive))
    if soft and not positive:
        return f"{subject} hơi {word}"
    place = rng.random()
    if place < 0.35:
        return f"{subject} {_pick(rng, _BEFORE)} {word}"
    if place < 0.6:
        return f"{subject} {word} {_pick(rng, _AFTER)}"
    return f"{subject} {word}"


def _negated(rng: np.random.Generator, opinion: Opinion, subject: str, positive: bool) -> str:
    """A clause of polarity ``positive`` made by negating a word of the other polarity."""
    word = _pick(rng, opinion.words(not positive))
    form = _pick(rng, _NEGATED_NEGATIVE if positive else _NEGATED_POSITIVE)
    return f"{subject} {form.format(w=word)}"


def _clause(rng: np.random.Generator, opinion: Opinion, subject: str, positive: bool, negate: bool,
            soft: bool = False) -> str:
    return _negated(rng, opinion, subject, positive) if negate else _plain(rng, opinion, subject, positive, soft)


def _two_topics(rng: np.random.Generator, product: Opinion) -> list[tuple[Opinion, str]]:
    """The product and one other aspect, in a random order."""
    aspect = ASPECTS[int(rng.integers(len(ASPECTS)))]
    topics = [(product, _product_subject(rng, product)), (aspect, _pick(rng, aspect.subjects))]
    return topics if rng.random() < 0.6 else topics[::-1]


def _plain_review(rng: np.random.Generator, product: Opinion, positive: bool) -> list[str]:
    topics = _two_topics(rng, product)[: 1 + int(rng.random() < 0.5)]
    parts = [_plain(rng, opinion, subject, positive) for opinion, subject in topics]
    if len(parts) == 1 or rng.random() < 0.3:
        parts.append(_pick(rng, _CLOSINGS[positive]))
    return parts


def _negation_review(rng: np.random.Generator, product: Opinion, positive: bool) -> list[str]:
    (first, first_subject), (second, second_subject) = _two_topics(rng, product)
    parts = [_negated(rng, first, first_subject, positive)]
    extra = rng.random()
    if extra < 0.25:
        parts.append(_negated(rng, second, second_subject, positive))
    elif extra < 0.45:
        parts.append(_pick(rng, _CLOSINGS[positive]))
    return parts


def _contrast_review(rng: np.random.Generator, product: Opinion, positive: bool) -> list[str]:
    (first, first_subject), (second, second_subject) = _two_topics(rng, product)
    a = _clause(rng, first, first_subject, not positive, negate=rng.random() < 0.2, soft=True)
    b = _clause(rng, second, second_subject, positive, negate=rng.random() < 0.25)
    joined = _pick(rng, _CONTRASTS[positive])
    text = joined.format(a=a, b=b) if joined.startswith("tuy") else a + joined.format(b=b)
    return [text] + ([_pick(rng, _CLOSINGS[positive])] if rng.random() < 0.2 else [])


_SHAPE_BUILDERS = {"thuong": _plain_review, "phu_dinh": _negation_review, "tuong_phan": _contrast_review}


def _replace_words(rng: np.random.Generator, text: str, table: dict[str, tuple[str, ...]], share: float) -> str:
    for phrase, options in table.items():
        pattern = re.compile(rf"(?<!\w){re.escape(phrase)}(?!\w)")
        text = pattern.sub(lambda _: _pick(rng, options) if rng.random() < share else phrase, text)
    return text


def _write(rng: np.random.Generator, text: str, style: str) -> str:
    """``text`` (lower case, no final mark) in one of ``STYLES``."""
    if style == "khong_dau":
        return remove_diacritics(text.lower())
    if style == "viet_tat":
        return _replace_words(rng, text.lower(), _ABBREVIATIONS, 0.8)
    if style == "tron_tieng_anh":
        text = text.lower()
        mixed = _replace_words(rng, text, _ENGLISH, 0.8)
        return mixed if mixed != text else _pick(rng, ("review nhanh: ", "feedback: ", "review: ")) + text
    mark = _pick(rng, (".", ".", ".", "!", ""))
    return text[:1].upper() + text[1:] + mark


def _sentence_case(text: str) -> str:
    return re.sub(r"(\. )(\w)", lambda m: m.group(1) + m.group(2).upper(), text)


def draw_review(rng: np.random.Generator, positive: bool) -> dict[str, str]:
    """One review of the given polarity: ``van_ban``, ``cam_xuc``, ``san_pham``, ``hien_tuong``, ``kieu_viet``."""
    code = _pick(rng, list(PRODUCTS))
    shape = str(rng.choice(list(SHAPES), p=list(SHAPES.values())))
    style = str(rng.choice(list(STYLES), p=list(STYLES.values())))
    parts = _SHAPE_BUILDERS[shape](rng, PRODUCTS[code], positive)
    if rng.random() < 0.3:
        parts.insert(0, _pick(rng, _OPENERS))
    text = _write(rng, ", ".join(parts), style)
    if style == "chuan":
        text = _sentence_case(text)
    return {"van_ban": text, "cam_xuc": POSITIVE if positive else NEGATIVE, "san_pham": code,
            "hien_tuong": shape, "kieu_viet": style}


def review_key(text: str) -> str:
    """What two sentences must share to count as the same: words, folded (no diacritics, lower case)."""
    return " ".join(re.findall(r"\w+", remove_diacritics(str(text)).lower()))


def draw_reviews(rng: np.random.Generator, n: int, forbidden: frozenset[str] = frozenset()) -> pd.DataFrame:
    """``n`` distinct reviews, half positive (the extra one, if ``n`` is odd, negative), in a seeded
    order; none whose ``review_key`` is in ``forbidden`` or repeats an earlier one."""
    labels = rng.permutation(np.arange(n) < n // 2)
    seen: set[str] = set(forbidden)
    rows = []
    for positive in labels:
        while True:
            row = draw_review(rng, bool(positive))
            key = review_key(row["van_ban"])
            if key not in seen:
                break
        seen.add(key)
        rows.append(row)
    return pd.DataFrame(rows, columns=["van_ban", "cam_xuc", "san_pham", "hien_tuong", "kieu_viet"])
