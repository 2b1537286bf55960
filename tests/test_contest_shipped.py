"""The two shipped contests' data: drawn from a seed, nothing look-up-able in shipped data, baselines that score.

Trainees can read the repository, so the tests also play the attacker: copy the label of the nearest shipped
row (basic) or the nearest shipped review (sentiment), and check that this does no better than the baseline.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import accuracy_score, f1_score
from sklearn.neighbors import KNeighborsClassifier
from sklearn.preprocessing import StandardScaler

from aijourney.contest import shipped
from aijourney.contest.review_grammar import ASPECTS, PRODUCTS, draw_reviews
from aijourney.datasets.poverty import POVERTY_FEATURES, poverty_table
from aijourney.datasets.reviews import load_reviews
from aijourney.datasets.vi_text import load_vi_feedback
from aijourney.toolkit.vntext import remove_diacritics

SEEDS = (3, 2**63 - 25)  # a small seed and one as large as the organiser's


@pytest.fixture(scope="module", params=SEEDS)
def basic(request) -> shipped.ContestData:
    return shipped.make_basic(request.param)


@pytest.fixture(scope="module", params=SEEDS)
def sentiment(request) -> shipped.ContestData:
    return shipped.make_sentiment(request.param)


def folded(text: str) -> str:
    return " ".join(re.findall(r"\w+", remove_diacritics(text).lower()))


def score(truth: pd.DataFrame, entry: pd.DataFrame, column: str, macro: bool) -> float:
    merged = truth.merge(entry, on=truth.columns[0], suffixes=("", "_entry"), validate="one_to_one")
    assert len(merged) == len(truth)
    y, guess = merged[column], merged[column + "_entry"]
    return f1_score(y, guess, average="macro") if macro else accuracy_score(y, guess)


# -- same seed, same data; another seed, other data -------------------------------------------
def test_the_data_depend_on_the_seed_only():
    for make in (shipped.make_basic, shipped.make_sentiment):
        first, again, other = make(41), make(41), make(42)
        for part in ("train", "test", "truth"):
            pd.testing.assert_frame_equal(getattr(first, part), getattr(again, part))
        assert not first.test.equals(other.test) and not first.truth.equals(other.truth)
    assert not shipped.make_basic(41).train.equals(shipped.make_basic(42).train)


# -- the contract the organiser's setup relies on ----------------------------------------------
def check_parts(data: shipped.ContestData, id_pattern: str) -> None:
    key, target = data.id_column, data.target_column
    assert target in data.train.columns and target not in data.test.columns
    assert list(data.truth.columns) == [key, target]
    assert data.truth[key].tolist() == data.test[key].tolist()  # same ids, same order
    for part in (data.train, data.test):
        assert part[key].is_unique and part[key].str.fullmatch(id_pattern).all()
    assert set(data.truth[target]) == set(data.classes) and set(data.train[target]) <= set(data.classes)


def test_basic_parts_sizes_columns_and_classes(basic):
    check_parts(basic, r"HB\d{4}")
    assert (len(basic.train), len(basic.test)) == (1500, 1000)
    assert not set(basic.train["ma_ho"]) & set(basic.test["ma_ho"])
    assert list(basic.test.columns) == ["ma_ho", *POVERTY_FEATURES, "xa"]
    assert basic.classes == ("thap", "trung_binh", "cao") and basic.target_column == "muc_chi_tieu"
    shares = basic.truth["muc_chi_tieu"].value_counts(normalize=True)
    assert shares.between(0.2, 0.5).all()  # three real classes, none tiny
    assert basic.test["xa"].between(1, 194).all() and basic.test["xa"].nunique() > 150


def test_sentiment_parts_sizes_columns_and_classes(sentiment):
    check_parts(sentiment, r"(DG|DT)\d{4}")
    assert len(sentiment.train) == 500 and len(sentiment.test) == 400
    assert list(sentiment.test.columns) == ["ma", "van_ban"]
    assert sentiment.truth["cam_xuc"].value_counts().to_dict() == {"tich_cuc": 200, "tieu_cuc": 200}
    assert sentiment.train["van_ban"].tolist() == load_reviews()["van_ban"].tolist()
    assert sentiment.test["van_ban"].map(folded).is_unique


# -- nothing to look up in shipped data ---------------------------------------------------------
def test_no_drawn_household_equals_a_survey_household(basic):
    real = {tuple(row) for row in poverty_table()[POVERTY_FEATURES].astype(float).itertuples(index=False)}
    for part in (basic.train, basic.test):
        drawn = [tuple(row) for row in part[POVERTY_FEATURES].astype(float).itertuples(index=False)]
        assert not real & set(drawn)  # not even on the six facts alone, whatever the commune


def test_no_test_review_is_a_shipped_sentence(sentiment):
    shipped_texts = set(pd.concat([load_reviews()["van_ban"], load_vi_feedback()["van_ban"]]).map(folded))
    assert not shipped_texts & set(sentiment.test["van_ban"].map(folded))


def test_copying_the_nearest_survey_household_does_not_beat_the_baseline(basic):
    real = poverty_table()
    scale = StandardScaler().fit(real[POVERTY_FEATURES])
    nearest = KNeighborsClassifier(n_neighbors=1).fit(scale.transform(real[POVERTY_FEATURES]),
                                                      shipped.spending_level(real))
    copied = basic.test[["ma_ho"]].assign(muc_chi_tieu=nearest.predict(scale.transform(basic.test[POVERTY_FEATURES])))
    baseline = score(basic.truth, shipped.baseline_basic(basic.train, basic.test), "muc_chi_tieu", macro=False)
    assert score(basic.truth, copied, "muc_chi_tieu", macro=False) <= baseline + 0.02


def test_copying_the_nearest_shipped_review_does_not_beat_the_baseline(sentiment):
    reviews = load_reviews()
    words = TfidfVectorizer(preprocessor=folded, token_pattern=r"(?u)\b\w+\b", ngram_range=(1, 2)).fit(reviews["van_ban"])
    likeness = (words.transform(sentiment.test["van_ban"]) @ words.transform(reviews["van_ban"]).T).toarray()
    copied = sentiment.test[["ma"]].assign(cam_xuc=reviews["cam_xuc"].to_numpy()[likeness.argmax(axis=1)])
    baseline = score(sentiment.truth, shipped.baseline_sentiment(sentiment.train, sentiment.test), "cam_xuc", macro=True)
    assert score(sentiment.truth, copied, "cam_xuc", macro=True) <= baseline + 0.02


# -- baselines score, and leave room ------------------------------------------------------------
def test_majority_submission_gives_the_most_frequent_label_to_every_row():
    train = pd.DataFrame({"ma": ["a", "b", "c", "d"], "nhan": ["x", "y", "y", "z"]})
    test = pd.DataFrame({"ma": ["q", "p"]})
    entry = shipped.majority_submission(train, test, "ma", "nhan")
    assert entry.to_dict("list") == {"ma": ["q", "p"], "nhan": ["y", "y"]}


def test_basic_baseline_clearly_beats_the_majority_and_is_not_perfect(basic):
    entry = shipped.baseline_basic(basic.train, basic.test)
    assert list(entry.columns) == ["ma_ho", "muc_chi_tieu"] and entry["ma_ho"].tolist() == basic.test["ma_ho"].tolist()
    majority = shipped.majority_submission(basic.train, basic.test, "ma_ho", "muc_chi_tieu")
    ours, trivial = (score(basic.truth, e, "muc_chi_tieu", macro=False) for e in (entry, majority))
    assert ours >= trivial + 0.15 and ours < 0.9


def test_sentiment_baseline_clearly_beats_the_majority_and_is_not_perfect(sentiment):
    entry = shipped.baseline_sentiment(sentiment.train, sentiment.test)
    assert list(entry.columns) == ["ma", "cam_xuc"] and entry["ma"].tolist() == sentiment.test["ma"].tolist()
    majority = shipped.majority_submission(sentiment.train, sentiment.test, "ma", "cam_xuc")
    ours, trivial = (score(sentiment.truth, e, "cam_xuc", macro=True) for e in (entry, majority))
    assert ours >= trivial + 0.2 and ours < 0.9


# -- the labels follow the stated rules -----------------------------------------------------------
def test_basic_labels_follow_the_survey_not_a_coin():
    """Households whose head studied longer are more often in the highest third (as in the survey)."""
    data = shipped.make_basic(5)
    rows = pd.concat([data.train, data.test.merge(data.truth)])
    high = rows["muc_chi_tieu"].eq("cao")
    real = poverty_table()
    real_high = shipped.spending_level(real).eq("cao")
    for table, is_high in ((rows, high), (real, real_high)):
        assert is_high[table["so_nam_hoc"] >= 12].mean() > is_high[table["so_nam_hoc"] <= 5].mean() + 0.2


_NEGATIONS = re.compile(r"\b(không|chẳng|chưa)\b")
_CONTRAST = re.compile(r"\b(nhưng|tuy nhiên|được cái|có điều|mỗi tội)\b")


def _either(words) -> re.Pattern:
    return re.compile(r"\b(" + "|".join(map(re.escape, sorted(set(words), key=len, reverse=True))) + r")\b")


def rule_reader(text: str) -> str | None:
    """Reads a standard review as the grammar writes it: the part after the last contrast word decides, its
    first opinion word counts with the polarity the grammar gives it, flipped after a negation before it."""
    opinions = [*PRODUCTS.values(), *ASPECTS]
    lexicon = {w: positive for o in opinions for positive in (True, False) for w in o.words(positive)}
    clause = _CONTRAST.split(text.lower())[-1].split(" lần sau")[0]  # a closing remark has its own "không"
    clause = _either(s for o in opinions for s in o.subjects).sub(" ", clause)
    found = _either(lexicon).search(clause)
    if found is None:
        return None
    positive = lexicon[found.group(1)] != bool(_NEGATIONS.search(clause[:found.start()]))
    return "tich_cuc" if positive else "tieu_cuc"


def test_sentiment_labels_follow_the_grammar_rule():
    """A reader that knows the rule (what a trainee who reads the generator could write) gets nearly all
    standard reviews right, plain, negation and contrast alike."""
    reviews = draw_reviews(np.random.default_rng(9), 300)
    standard = reviews[reviews["kieu_viet"] == "chuan"]
    read = standard["van_ban"].map(rule_reader)
    assert read.notna().mean() > 0.9
    for shape in ("thuong", "phu_dinh", "tuong_phan"):
        of_shape = (standard["hien_tuong"] == shape) & read.notna()
        assert of_shape.sum() >= 20
        assert (read[of_shape] == standard.loc[of_shape, "cam_xuc"]).mean() > 0.95
