"""A Quyết định that issues a plan attached after its signature ("QUYẾT ĐỊNH … Điều 1. Ban hành kèm theo Quyết
định này Kế hoạch …", then "KẾ HOẠCH … (Ban hành kèm theo Quyết định số …)"): the decision's căn cứ, đề nghị,
authority and thi hành read into ``quyet_dinh``; the plan's title and body read as the plan's.
"""

from __future__ import annotations

import re
from typing import Any

from .word import Blocks, text

_KIND = re.compile(r"^(KẾ HOẠCH|CHƯƠNG TRÌNH|ĐỀ ÁN|QUY CHẾ)\b")
_ISSUED = "(Ban hành kèm theo Quyết định"
_ARTICLE = re.compile(r"^Điều\s+(\d+)\.\s*(.*)$")
_EXECUTE = ("chịu trách nhiệm thi hành", "có trách nhiệm thi hành", "thi hành")  # how Điều 3 names the executors


def attached(bl: Blocks, after: int, end: int) -> int | None:
    """The block where a plan attached to the Quyết định starts: after its signature, a title in capitals
    ("KẾ HOẠCH") with "(Ban hành kèm theo Quyết định …)" a few lines under it."""
    lines = [(k, t) for k in range(after + 1, end) if bl[k][0] == "p" and (t := text(bl[k][1]))]
    if lines and _KIND.match(lines[0][1]) and any(t.startswith(_ISSUED) for _, t in lines[1:5]):
        return lines[0][0]
    return None


def read_decision(bl: Blocks, start: int, end: int, data: dict[str, Any], notes: list[str]) -> None:
    """The decision between its header and its signature: its number and date (from the header), the
    authority line above "Căn cứ", the căn cứ, the đề nghị, the effect (Điều 2) and who executes it (Điều 3)."""
    lines = [t for kind, el in bl[start:end] if kind == "p" and (t := text(el))]
    doc = data.get("van_ban", {})
    decision: dict[str, Any] = {k: doc[k] for k in ("so", "ky_hieu", "ngay") if doc.get(k)}
    first = next((i for i, t in enumerate(lines) if t.startswith("Căn cứ")), len(lines))
    authority = [t for t in lines[:first][-2:] if t.isupper() and not t.startswith("QUYẾT ĐỊNH")]
    if authority:
        decision["tham_quyen"] = authority[-1:]
    decision["can_cu"] = [t.removeprefix("Căn cứ").strip().rstrip(";.,") for t in lines if t.startswith("Căn cứ")]
    proposal = next((t for t in lines if t.startswith("Theo đề nghị của")), "")
    if proposal:
        decision["de_nghi"] = proposal.removeprefix("Theo đề nghị của").strip().rstrip(".;")
    articles = {m.group(1): m.group(2) for t in lines if (m := _ARTICLE.match(t))}
    if "hiệu lực" in articles.get("2", ""):
        decision["hieu_luc"] = articles["2"].removesuffix("/.").strip()
    decision["thi_hanh"] = _executors(articles.get("3", ""))
    if not decision["thi_hanh"]:
        notes.append("không đọc được Điều 3 (ai thi hành Quyết định) — điền quyet_dinh.thi_hanh")
    data["quyet_dinh"] = decision


def _executors(article: str) -> str:
    """Who Điều 3 says carries the decision out: its words before "chịu trách nhiệm thi hành …"."""
    low = article.lower()
    at = min((i for words in _EXECUTE if (i := low.find(words)) > 0), default=-1)
    return article[:at].strip(" ,") if at > 0 else ""


def as_plan(data: dict[str, Any]) -> None:
    """After the decision is read: the signature's Nơi nhận is the decision's; the plan has no number of its
    own (kehoach prints "(Ban hành kèm theo Quyết định số …)" in its place)."""
    decision = data["quyet_dinh"]
    recipients = [r for r in data.pop("noi_nhan", []) if not r.lower().startswith("như điều")]
    if recipients:  # kehoach writes "Như Điều 3" first
        decision["noi_nhan"] = recipients
    doc = data.setdefault("van_ban", {})
    symbol = str(decision.get("ky_hieu", ""))
    doc.pop("so", None)
    doc["ky_hieu"] = "KH-" + symbol.split("-", 1)[-1] if "-" in symbol else "KH"
