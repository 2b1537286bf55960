"""The end-of-course project proposal (lesson A8): a template the trainee fills, feedback in
Vietnamese, and a JSON file the programme's project selection reads.

In a notebook::

    from aijourney.toolkit.proposal import ProjectProposal, problems, save, load, to_markdown
    de_xuat = ProjectProposal(ten_du_an="...", van_de="...", ...)
    for van_de in problems(de_xuat):
        print("-", van_de)
    save(de_xuat)                      # ./de-xuat-du-an.json, next to the notebook

The file (``KIND``, ``SCHEMA``)::

    {"kind": "aijourney.project-proposal", "schema": 1, "proposal": {"ten_du_an": "...", ...}}

``load`` checks the kind, the schema version, the fields and their types, and raises
``ProposalError`` with a clear message; ``save`` refuses a proposal with an empty field, a blank
``____`` or personal data in it (the other problems are advice). Texts: ``proposal.*`` in the catalogue.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from ..i18n import t
from .assistant import find_personal_data
from .fairness import Markdown, names_a_person
from .vntext import remove_diacritics

__all__ = ["ProjectProposal", "REQUIRED", "OPTIONAL", "KIND", "SCHEMA", "DEFAULT_FILE", "ProposalError",
           "problems", "blocking_problems", "to_markdown", "save", "load", "label"]

KIND = "aijourney.project-proposal"
SCHEMA = 1
DEFAULT_FILE = "de-xuat-du-an.json"


@dataclass
class ProjectProposal:
    """A project proposal: nine required texts, and where the project would run (optional)."""

    ten_du_an: str = "____"
    van_de: str = "____"
    nguoi_huong_loi: str = "____"
    du_lieu: str = "____"
    mo_hinh: str = "____"
    cach_danh_gia: str = "____"
    rui_ro: str = "____"
    cach_giam_rui_ro: str = "____"
    nguoi_chiu_trach_nhiem: str = "____"
    don_vi: str = ""   # the site: the youth-union branch, school or cooperative proposing it
    dia_ban: str = ""  # the area: commune/ward and province


REQUIRED = [f.name for f in fields(ProjectProposal)][:9]
OPTIONAL = ["don_vi", "dia_ban"]
#: The shortest acceptable text of each required field (characters, spaces trimmed).
MIN_LENGTH = {**{name: 40 for name in REQUIRED}, "ten_du_an": 5, "nguoi_chiu_trach_nhiem": 15}


class ProposalError(ValueError):
    """A proposal file (or a proposal to save) that the programme cannot use; the message says why."""


def label(field: str) -> str:
    """The Vietnamese display name of a field: ``"van_de"`` -> ``"Vấn đề cần giải quyết"``."""
    return t(f"proposal.field.{field}")


def _fold(text: str) -> str:
    return " " + re.sub(r"\s+", " ", remove_diacritics(unicodedata.normalize("NFC", text)).lower()) + " "


def _any(text: str, words: tuple[str, ...]) -> bool:
    folded = _fold(text)
    return any(re.search(r"(?<![a-z0-9])" + re.escape(w) + r"(?![a-z0-9])", folded) for w in words)


# Words that name where the data come from, that name a baseline, a metric, held-out data, consent.
_SOURCE = ("nguon", "khao sat", "thong ke", "ubnd", "uy ban", "http", "https", "www", "thu thap", "cung cap",
           "cong khai", "du lieu mo", "phieu hoi", "ghi chep", "bao cao", "so lieu cua", "lay tu", "tu danh sach",
           "tu so", "tu bang", "tu he thong", "tu trang")
_BASELINE = ("mo hinh co so", "baseline", "so voi", "so sanh voi", "cach lam hien nay", "cach lam cu", "doan bua",
             "luon doan")
_METRIC = ("do chinh xac", "do chinh xac can bang", "do phu", "do chuan xac", "sai so", "mae", "rmse", "ty le",
           "ti le", "accuracy", "recall", "precision", "f1", "ti le trung", "ty le trung")
_HELD_OUT = ("du lieu kiem tra", "du lieu kiem dinh", "kiem dinh cheo", "chua tung thay", "chua thay", "tach rieng",
             "de rieng", "giu rieng")
_PERSONAL = ("doan vien", "nguoi dan", "ho ten", "so dien thoai", "suc khoe", "benh", "dia chi",
             "thu nhap", "hoc sinh", "can cuoc", "hinh anh", "khuon mat", "vi tri")
_CONSENT = ("dong y", "chap thuan")


def _text(proposal: ProjectProposal, field: str) -> str:
    value = getattr(proposal, field, "")
    return value.strip() if isinstance(value, str) else ""


def blocking_problems(proposal: ProjectProposal) -> list[str]:
    """What stops the proposal from being saved: a missing, blank (``____``) or non-text field, and
    personal data (an ID or phone number, an e-mail address ...) anywhere in it."""
    return [message for _, message in _blocking(proposal)]


def _blocking(proposal: ProjectProposal) -> list[tuple[str, str]]:
    found = []
    for name in REQUIRED + OPTIONAL:
        value = getattr(proposal, name, None)
        if not isinstance(value, str):
            found.append((name, t("proposal.not_text", label=label(name), got_type=type(value).__name__)))
        elif "____" in value or name in REQUIRED and not value.strip():
            found.append((name, t("proposal.empty", label=label(name))))
        elif kinds := find_personal_data(value):
            found.append((name, t("proposal.personal_data", label=label(name),
                                  kinds=", ".join(t(f"proposal.kind.{k}") for k in kinds))))
    return found


def problems(proposal: ProjectProposal) -> list[str]:
    """Every problem of ``proposal``, in Vietnamese, most important first (empty: nothing to fix).

    Besides ``blocking_problems``: a field that is too short, data without a source, an evaluation
    without a baseline, a metric or held-out data, personal data used without a word on consent, and
    an accountable "person" who is only the model."""
    if not isinstance(proposal, ProjectProposal):
        return [t("proposal.not_proposal", got_type=type(proposal).__name__)]
    pairs = _blocking(proposal)
    found = [message for _, message in pairs]
    blocked = {name for name, _ in pairs}
    who = _text(proposal, "nguoi_chiu_trach_nhiem")
    if "nguoi_chiu_trach_nhiem" not in blocked and not names_a_person(who):
        found.append(t("proposal.machine_accountable", label=label("nguoi_chiu_trach_nhiem")))
        blocked.add("nguoi_chiu_trach_nhiem")
    for name in REQUIRED:
        if name not in blocked and len(_text(proposal, name)) < MIN_LENGTH[name]:
            found.append(t("proposal.too_short", label=label(name), n=MIN_LENGTH[name]))
            blocked.add(name)
    du_lieu, danh_gia = _text(proposal, "du_lieu"), _text(proposal, "cach_danh_gia")
    if "du_lieu" not in blocked and not _any(du_lieu, _SOURCE):
        found.append(t("proposal.no_source", label=label("du_lieu")))
    if "du_lieu" not in blocked and _any(du_lieu, _PERSONAL) and not _any(
            du_lieu + " " + _text(proposal, "cach_giam_rui_ro"), _CONSENT):
        found.append(t("proposal.no_consent", label=label("du_lieu")))
    if "cach_danh_gia" not in blocked:
        for words, key in ((_METRIC, "no_metric"), (_BASELINE, "no_baseline"), (_HELD_OUT, "no_held_out")):
            if not _any(danh_gia, words):
                found.append(t(f"proposal.{key}", label=label("cach_danh_gia")))
    return found


def to_markdown(proposal: ProjectProposal) -> Markdown:
    """The proposal as Markdown (its title, then one section per filled field)."""
    parts = [f"## {t('proposal.title')}: {_text(proposal, 'ten_du_an') or '…'}"]
    for name in REQUIRED[1:] + OPTIONAL:
        text = _text(proposal, name)
        if text or name in REQUIRED:
            parts.append(f"**{label(name)}.** {text or '…'}")
    return Markdown("\n\n".join(parts))


def save(proposal: ProjectProposal, path: str | Path = DEFAULT_FILE) -> Path:
    """Write ``proposal`` to ``path`` (UTF-8 JSON with ``kind`` and ``schema``) and return the path.
    Raises ``ProposalError`` when ``blocking_problems`` finds something (the file is not written)."""
    if not isinstance(proposal, ProjectProposal):
        raise ProposalError(t("proposal.not_proposal", got_type=type(proposal).__name__))
    blocking = blocking_problems(proposal)
    if blocking:
        raise ProposalError(t("proposal.not_saved", problems="; ".join(blocking)))
    data = {"kind": KIND, "schema": SCHEMA,
            "proposal": {k: unicodedata.normalize("NFC", v.strip()) for k, v in asdict(proposal).items()}}
    path = Path(path)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def load(path: str | Path = DEFAULT_FILE) -> ProjectProposal:
    """Read a proposal written by ``save``; ``ProposalError`` says what is wrong with the file."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ProposalError(t("proposal.file_missing", path=str(path))) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ProposalError(t("proposal.file_not_json", path=str(path), error=str(exc))) from None
    if not isinstance(data, dict) or data.get("kind") != KIND:
        raise ProposalError(t("proposal.file_wrong_kind", path=str(path), kind=KIND))
    if data.get("schema") != SCHEMA:
        raise ProposalError(t("proposal.file_wrong_schema", path=str(path), got=repr(data.get("schema")), schema=SCHEMA))
    values = data.get("proposal")
    if not isinstance(values, dict):
        raise ProposalError(t("proposal.file_no_fields", path=str(path)))
    unknown = sorted(set(values) - set(REQUIRED + OPTIONAL))
    missing = [name for name in REQUIRED if name not in values]
    if unknown or missing:
        raise ProposalError(t("proposal.file_fields", path=str(path), missing=", ".join(missing) or "—",
                              unknown=", ".join(unknown) or "—"))
    proposal = ProjectProposal(**values)
    blocking = blocking_problems(proposal)
    if blocking:
        raise ProposalError(t("proposal.file_invalid", path=str(path), problems="; ".join(blocking)))
    return proposal
