"""The minigame's prompt-template round: after the retrieval scoring, the best trainees whose entry carries a
prompt template are asked hidden questions by the local model; the round's table ranks them by what their
answers computably are (grounded, citing the right entry), never leaves the organiser's store, and uses only
the entry that was scored."""

import csv
import stat
from pathlib import Path

import pytest

from aijourney.cli import main
from aijourney.contest import submit
from aijourney.contest.entries import EntryKind, entry_name
from aijourney.contest.llm_round import ROUND_COLUMNS, in_scope_questions, run_llm_round
from aijourney.contest.minigame import AssistantSettings, to_json
from aijourney.contest.organiser import OrganiserError, Site, board, score, setup
from aijourney.contest.ranking import Person
from aijourney.contest.store import EntryStatus
from aijourney.course import Course, Student
from aijourney.llm.rag import DEFAULT_K, DEFAULT_MIN_SCORE, GroundedAssistant
from aijourney.toolkit.assistant import build_assistant
from contest_helpers import as_trainee, make_site
from test_contest_starters import open_copy
from tiny_gguf import write_tiny_gguf

pytestmark = pytest.mark.slow
SOURCES_FIRST = "{context}\nCâu hỏi: {question}\nTrả lời:"
MADE_UP = "Zorblax wumpus frobnicate quixotic.\n{context}\nCâu hỏi: {question}\nTrả lời:"
ENTRIES = {  # lan sends the sources-first template but a timid retrieval: last on the board
    "lan": AssistantSettings(0.99, template=SOURCES_FIRST),
    "binh": AssistantSettings(template=MADE_UP),
    "chi": AssistantSettings(0.5),  # no template: never a finalist
}
PEOPLE = {"lan": Person("Nguyễn Thị Lan", "Xã Tân Phú"),
          "binh": Person("Trần Văn Bình", "Phường Bình Phước"),
          "chi": Person("Lê Chi", "Xã Tân Phú")}
QUESTIONS = 12


class FirstLineModel:
    """Stands in for the model: it copies the first line of each prompt. A template that puts the sources
    first gets the first source back (grounded); one that starts with made-up words gets those (not grounded)."""

    def __init__(self):
        self.prompts = []

    def generate_many(self, prompts, max_new_tokens=40, stop=(), batch_size=8):
        self.prompts += list(prompts)
        return [p.split("\n", 1)[0] for p in prompts]


@pytest.fixture
def site(tmp_path, monkeypatch):
    folder = open_copy(tmp_path, "tro-ly-ao")
    site = Site.open(folder, tmp_path / "exchange", "aijourney", tmp_path / "store")
    setup(site, folder)
    as_trainee(monkeypatch, site, tmp_path / "home-lan", "lan")  # lan sends her lesson A9 assistant from a notebook
    assert submit(GroundedAssistant(build_assistant(threshold=0.99), None, SOURCES_FIRST), contest="tro-ly-ao")
    for login in ("binh", "chi"):
        (site.exchange.inbound / entry_name(login, EntryKind.SETTINGS)).write_text(to_json(ENTRIES[login]), "utf-8")
    assert score(site).recorded[EntryStatus.SCORED] == len(ENTRIES)
    return site


def read_round(site):
    with open(site.store.base / "llm-round.csv", newline="", encoding="utf-8") as table:
        rows = list(csv.DictReader(table))
    return rows


def expected_retrieval(settings, asked):
    """(answered, cited right) per question, from the B8 retriever alone: the assistant answers when its
    best similarity reaches the course's refusal threshold, and cites its k best entries."""
    retriever = settings.assistant()
    answered, cited = [], []
    for question, right in zip(asked["cau_hoi"], asked["dap_an"]):
        top = retriever.top_k(question, DEFAULT_K)
        answered.append(float(top["diem"].iloc[0]) >= DEFAULT_MIN_SCORE)
        cited.append(answered[-1] and right in set(top["ma_cau_tra_loi"]))
    return answered, cited


def test_finalists_with_a_template_are_ranked_by_their_answers(site):
    model = FirstLineModel()
    path = run_llm_round(site, PEOPLE, finalists=10, questions=QUESTIONS, model=model)
    assert path == site.store.base / "llm-round.csv" and stat.S_IMODE(path.stat().st_mode) == 0o600
    rows = read_round(site)
    assert list(rows[0]) == ROUND_COLUMNS
    order = [row.trainee for row in board(site, PEOPLE).rows]
    assert order.index("binh") < order.index("lan")  # the board puts binh first...
    assert [r["trainee"] for r in rows] == ["lan", "binh"]  # ...her copied sources put lan first; chi: no template
    asked = in_scope_questions(site.store.truth, QUESTIONS)
    assert len(asked) == QUESTIONS and not asked["dap_an"].isin(["TU_CHOI", "CHUYEN_NGUOI"]).any()
    by_trainee = {r["trainee"]: r for r in rows}
    for login in ("lan", "binh"):
        answered, cited = expected_retrieval(ENTRIES[login], asked)
        row = by_trainee[login]
        assert (row["display_name"], row["site"]) == (PEOPLE[login].display_name, PEOPLE[login].site)
        assert int(row["answered"]) == sum(answered) and int(row["questions"]) == QUESTIONS
        assert float(row["cited_right_share"]) == sum(cited) / QUESTIONS
    assert 0 < float(by_trainee["lan"]["grounded_share"]) == sum(answered) / QUESTIONS  # every copy is grounded
    assert float(by_trainee["binh"]["grounded_share"]) == 0.0
    assert [r["rank"] for r in rows] == ["1", "2"]
    # only answered questions reach the model, each with its finalist's template
    assert len(model.prompts) == sum(int(r["answered"]) for r in rows)
    assert sum(p.startswith("Zorblax") for p in model.prompts) == int(by_trainee["binh"]["answered"])


def test_the_first_finalists_of_the_board_are_taken_and_equal_shares_keep_the_board_order(site):
    run_llm_round(site, PEOPLE, finalists=1, questions=3, model=FirstLineModel())
    order = [row.trainee for row in board(site, PEOPLE).rows if row.trainee != "chi"]
    assert [r["trainee"] for r in read_round(site)] == order[:1]

    class Echo(FirstLineModel):
        def generate_many(self, prompts, *args, **kwargs):  # repeats the question: no fact of its own
            return [next(line for line in p.splitlines() if line.startswith("Câu hỏi: "))[9:] for p in prompts]

    run_llm_round(site, PEOPLE, finalists=5, questions=QUESTIONS, model=Echo())
    rows = read_round(site)
    cited = {r["trainee"]: float(r["cited_right_share"]) for r in rows}
    assert cited["lan"] == cited["binh"]  # the same retrieval: only the board separates them
    assert [r["trainee"] for r in rows] == order and {r["grounded_share"] for r in rows} == {"0.0"}
    assert all(int(r["answered"]) > 0 for r in rows)


def test_an_entry_changed_or_removed_after_scoring_is_not_used(site):
    (lan,) = [p for p in site.exchange.inbound.iterdir() if p.name.startswith("lan+")]
    lan.write_text(to_json(AssistantSettings(0.3, template=SOURCES_FIRST)), "utf-8")  # same name, other bytes
    said = []
    run_llm_round(site, PEOPLE, finalists=10, questions=3, model=FirstLineModel(), log=said.append)
    assert [r["trainee"] for r in read_round(site)] == ["binh"]
    assert len(said) == 1 and said[0].startswith("lan:") and "đã bị sửa sau khi được chấm" in said[0]
    lan.unlink()
    said.clear()
    run_llm_round(site, PEOPLE, finalists=10, questions=3, model=FirstLineModel(), log=said.append)
    assert [r["trainee"] for r in read_round(site)] == ["binh"] and "không đọc được" in said[0]


def test_a_table_contest_and_bad_counts_are_refused(tmp_path, site):
    table = make_site(tmp_path / "bang")
    with pytest.raises(OrganiserError, match="bảng dự đoán"):
        run_llm_round(table, {}, model=FirstLineModel())
    for finalists, questions in ((0, 5), (5, 0), (True, 5), (2.5, 5)):
        with pytest.raises(OrganiserError, match="số nguyên"):
            run_llm_round(site, PEOPLE, finalists, questions, model=FirstLineModel())
    assert not (site.store.base / "llm-round.csv").exists()


@pytest.fixture
def tiny_model(tmp_path, monkeypatch):
    """The tiny test model (tests/tiny_gguf.py) as the configured model, prepared into a cache of its own."""
    from aijourney.llm import prepare

    monkeypatch.setenv("AIJOURNEY_LLM", str(write_tiny_gguf(tmp_path / "tiny.gguf")))
    monkeypatch.setenv("AIJOURNEY_MODEL_DIR", str(tmp_path / "model-cache"))
    prepare(log=lambda *args: None)


def files_outside(root: Path, store: Path):
    return [p for p in root.rglob("*") if p.is_file() and store not in p.parents]


def test_the_cli_runs_the_round_with_the_local_model_and_the_questions_stay_in_the_store(
        site, tmp_path, tiny_model, monkeypatch, capsys):
    import aijourney.llm

    loads = []
    real_load = aijourney.llm.load_model
    monkeypatch.setattr(aijourney.llm, "load_model", lambda: loads.append(1) or real_load())
    memo = tmp_path / "memo"
    monkeypatch.setenv("AIJOURNEY_LLM_MEMO", str(memo))
    course = Course(root=tmp_path / "course", exchange=tmp_path / "exchange", course_id="aijourney")
    (tmp_path / "course").mkdir()
    course.add_students([Student("lan", "Lan", "Nguyễn Thị", "Xã Tân Phú"),
                         Student("binh", "Bình", "Trần Văn", "")])
    base = ["--course-dir", str(tmp_path / "course"), "--exchange", str(tmp_path / "exchange"), "contest",
            "--contests", str(tmp_path / "contests"), "--store", str(tmp_path / "store")]
    capsys.readouterr()
    assert main(base + ["llm-round", "tro-ly-ao", "--finalists", "2", "--questions", "4"]) == 0
    assert "2 người vào chung kết" in capsys.readouterr().out
    assert loads == [1]  # the model is loaded once for every finalist
    rows = read_round(site)
    assert sorted(r["trainee"] for r in rows) == ["binh", "lan"]
    assert {r["trainee"]: r["display_name"] for r in rows} == {"lan": "Nguyễn Thị Lan", "binh": "Trần Văn Bình"}
    asked = in_scope_questions(site.store.truth, 4)
    for row in rows:
        answered, cited = expected_retrieval(ENTRIES[row["trainee"]], asked)
        assert int(row["answered"]) == sum(answered) and float(row["cited_right_share"]) == sum(cited) / 4
        assert 0 <= float(row["grounded_share"]) <= sum(answered) / 4
    shares = [(-float(r["grounded_share"]), -float(r["cited_right_share"])) for r in rows]
    assert shares == sorted(shares)
    # the hidden questions are nowhere but in the store: not in the exchange, the round's table or a memo
    assert not memo.exists()
    hidden = in_scope_questions(site.store.truth, 10**6)["cau_hoi"].tolist()
    for path in files_outside(tmp_path, site.store.base) + [site.store.base / "llm-round.csv"]:
        text = path.read_bytes().decode("utf-8", errors="ignore")
        assert not any(q in text for q in hidden), path
    assert stat.S_IMODE(site.store.base.stat().st_mode) == 0o700
    folder = open_copy(tmp_path / "bang", "co-ban")
    assert main(base[:4] + ["contest", "--contests", str(folder.parent), "--store", str(tmp_path / "store"),
                            "llm-round", "co-ban"]) == 2
    assert "bảng dự đoán" in capsys.readouterr().err
