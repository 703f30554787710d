"""The ND30 parts around the body: the header (issuer, Số, place and date — typed in a table or as paragraphs
parted by tabs), the kind and trích yếu under it, the Nơi nhận and signature table, and what an appendix sent
alone or a plan attached to a Quyết định says of the act it belongs to.
"""

from __future__ import annotations

import re
from typing import Any

from docx.oxml.ns import qn

from ..levels import locality
from ..vn import match_key
from .word import Blocks, any_bold, cell_lines, has_tab, is_bold, lines, rows, tab_parts, text, word_heading

NATIONAL = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
# "số 617/KH-UBND " and "ngày 05 tháng 3 năm 2025": possessive, so a long run of spaces cannot make them backtrack
_NUMBER = r"số\s*+([0-9]*+)\s*+/\s*+(\S++)\s++"
_DATE = r"ngày\s*+(\d*+)\s*+tháng\s*+(\d*+)\s*+năm\s*+(\d{4})"
_CAPTION = re.compile(r"\(Kèm theo (.+?) " + _NUMBER + _DATE + r"(?: của (.+?))?\)")
_DECISION = re.compile(r"Quyết định " + _NUMBER + _DATE)
_PLACE_DATE = re.compile(r"(?<![^,])([^,]+),\s*+" + _DATE)  # a place starts the line or follows a comma
_DATE_ONLY = re.compile(r"^\s*" + _DATE, re.IGNORECASE)
_RULE = re.compile(r"^[-_=–—.…\s]+$")
BODY_HEADINGS = [(1, re.compile(r"^([IVXLCDM]+)\.\s+(.+)$")), (2, re.compile(r"^(\d+)\.\s+(.+)$")),
            (3, re.compile(r"^([a-zđ]{1,3})\)\s+(.+)$"))]
_LEVEL_WORDS = ("xã", "phường", "tỉnh", "huyện", "quận", "thị", "thành", "trấn", "phố")


def is_heading(line: str) -> bool:
    return any(rx.match(line) for _, rx in BODY_HEADINGS)


def _date(groups: tuple[str | None, ...]) -> str:
    return "/".join(x.lstrip("0") for x in groups if x)


def header_table(tbl: Any, data: dict[str, Any], notes: list[str]) -> None:
    """The header typed in a table: issuer (and parent) and Số on the left, Quốc hiệu and the place and date
    on the right — in two rows, or all in one."""
    left: list[tuple[str, bool]] = []
    right: list[str] = []
    for row in rows(tbl):
        if not row:
            continue
        for p in row[0].findall(qn("w:p")):
            left += [(line, any_bold(p)) for line in lines(p)]
        if len(row) > 1:
            right += [line for p in row[-1].findall(qn("w:p")) for line in lines(p)]
    _read_header(left, right, data, notes)


def header_paragraphs(bl: Blocks) -> int | None:
    """The header typed as paragraphs, left and right parts parted by a tab ("ỦY BAN NHÂN DÂN<tab>CỘNG HÒA
    …"): the index of its last paragraph, or None."""
    first = next((k for k, (kind, el) in enumerate(bl[:8]) if kind == "p" and NATIONAL in text(el).upper()), None)
    if first is None or any(kind == "t" for kind, _ in bl[:first]):
        return None
    last = first
    for k in range(first, min(first + 8, len(bl))):
        kind, el = bl[k]
        if kind != "p":
            break
        if re.search(r"ngày\s*+\d*+\s*+tháng", text(el)):
            return k
        if has_tab(el) or not text(el):
            last = k
    return last


def header_from_paragraphs(bl: Blocks, end: int, data: dict[str, Any], notes: list[str]) -> None:
    left: list[tuple[str, bool]] = []
    right: list[str] = []
    for _, p in bl[: end + 1]:
        texts, bold = tab_parts(p)
        if texts[0]:
            left.append((texts[0], bold))
        right += [t for t in texts[1:] if t]
    _read_header(left, right, data, notes)


def _issuer(left: list[tuple[str, bool]]) -> dict[str, Any]:
    """Issuer lines, above the "Số" line (the first, not bold, above bold ones is the parent body)."""
    issuer_lines = [(t, b) for t, b in left if not _RULE.match(t)]
    parent = ""
    if len(issuer_lines) > 1 and not issuer_lines[0][1] and any(b for _, b in issuer_lines[1:]):
        parent = issuer_lines.pop(0)[0]
    names = [t for t, _ in issuer_lines]
    issuer: dict[str, Any] = {"ten": name_from_lines(names), "viet_tat": ""}
    if parent:
        issuer["chu_quan"] = parent
    issuer["dong_tieu_de"] = names
    return issuer


def _read_header(left: list[tuple[str, bool]], right: list[str], data: dict[str, Any], notes: list[str]) -> None:
    """Issuer, Số and ký hiệu (and a công văn's V/v line), place and date."""
    number_at = next((k for k, (line, _) in enumerate(left) if line.startswith("Số")), len(left))
    issuer = data["co_quan_ban_hanh"] = _issuer(left[:number_at])
    doc: dict[str, Any] = {}
    second = " ".join(t for t, _ in left[number_at:])
    number = re.search(r"Số:\s*+([0-9]*+)\s*+/\s*+(\S+)", second)
    if number:
        doc["so"], doc["ky_hieu"] = number.group(1), number.group(2)
        issuer["viet_tat"] = number.group(2).split("-", 1)[-1]
    else:
        notes.append("không đọc được số, ký hiệu văn bản ở phần đầu — điền van_ban.so, van_ban.ky_hieu")
    about = re.search(r"\bV/v\s*+(.+)", second)  # a công văn: its trích yếu under the number, no title line
    if about:
        doc["loai"], doc["trich_yeu"] = "Công văn", about.group(1).strip()
        if number:  # a công văn's ký hiệu is the issuer, then the drafting unit: BVHTTDL-VP
            issuer["viet_tat"] = number.group(2).split("-", 1)[0]
    _place_and_date(right, issuer, doc, notes)
    data["van_ban"] = doc


def _place_and_date(right: list[str], issuer: dict[str, Any], doc: dict[str, Any], notes: list[str]) -> None:
    """The place and date line; a line with the date alone takes the place from the issuer's name (said)."""
    place = next((m for line in right if (m := _PLACE_DATE.search(line))), None)
    if place:
        doc["dia_danh"] = place.group(1).strip()
        doc["ngay"] = _date(place.groups()[1:])
        return
    alone = next((m for line in right if (m := _DATE_ONLY.search(line))), None)
    town = place_of(issuer.get("ten", ""))
    if alone and town:
        doc["dia_danh"], doc["ngay"] = town, _date(alone.groups())
        notes.append(f"dòng ngày tháng không ghi địa danh — lấy “{town}” từ tên cơ quan ban hành; kiểm tra "
                     "van_ban.dia_danh")
        return
    if alone:
        doc["ngay"] = _date(alone.groups())
    notes.append("không đọc được địa danh" + ("" if alone else ", ngày tháng") + " — điền van_ban.dia_danh"
                 + ("" if alone else ", van_ban.ngay"))


def place_of(issuer: str) -> str:
    """The place an issuer's name ends with, as a date line writes it: "Ủy ban nhân dân tỉnh Đồng Nai" ->
    "Đồng Nai"; a ministry or the Government has none ("Hà Nội" is not in its name)."""
    town = locality(issuer).place
    return town if town and all(w[:1].isupper() for w in town.split()) else ""


def name_from_lines(parts: list[str]) -> str:
    """``ỦY BAN NHÂN DÂN`` / ``XÃ XỐP`` -> ``Ủy ban nhân dân xã Xốp`` (the level word lower, the place capitalised)."""
    out = []
    proper = False
    for w in " ".join(parts).split():
        lower = w.lower()
        out.append(w.capitalize() if proper else lower)
        if lower in _LEVEL_WORDS:
            proper = lower not in ("thị", "thành")
    name = " ".join(out)
    if re.match(r"(bộ|sở) ", name):  # "BỘ VĂN HÓA, THỂ THAO VÀ DU LỊCH": each field of the name capitalised
        name = re.sub(r"(^(?:bộ|sở) |, | và | - )(\w)", lambda m: m.group(1) + m.group(2).upper(),
                      " ".join(parts).lower())
    name = name.replace("chính phủ", "Chính phủ")
    return name[:1].upper() + name[1:]


def title(bl: Blocks, i: int, end: int, data: dict[str, Any], bold: set[str], notes: list[str]) -> int:
    """``KẾ HOẠCH`` and the trích yếu under it; returns the index of the first body block."""
    if data.get("van_ban", {}).get("trich_yeu"):
        return i  # a công văn: the "V/v" line of the header was its trích yếu, the body starts here
    while i < end and (bl[i][0] != "p" or not text(bl[i][1])):
        i += 1
    subject: list[str] = []
    if i < end:
        kind, *rest = lines(bl[i][1])  # "KẾ HOẠCH" and the trích yếu may be one paragraph (Shift+Enter)
        data.setdefault("van_ban", {})["loai"] = kind[:1] + kind[1:].lower()
        subject += rest
        i += 1
    authority = _authority(data)
    while i < end and _subject_line(bl[i], bold):
        line, strong = text(bl[i][1]), is_bold(bl[i][1], bold)
        if line.startswith("(Ban hành kèm theo"):
            data["_issued_by"] = line
        elif (subject and (not strong or _OPENING.match(line))) or match_key(line) in authority:
            break  # the body, or a Quyết định's "THỦ TƯỚNG CHÍNH PHỦ" line above its "Căn cứ …"
        else:
            subject.append(line)
        i += 1
    data.setdefault("van_ban", {})["trich_yeu"] = _subject(" ".join(subject), data, notes)
    return i


_OPENING = re.compile(r"(Căn cứ|Thực hiện|Ngày \d|Kính gửi|Theo đề nghị|Hôm nay)\b")  # a body's first words


def _authority(data: dict[str, Any]) -> set[str]:
    """The issuer as a Quyết định names itself above its "Căn cứ" lines ("THỦ TƯỚNG CHÍNH PHỦ")."""
    issuer = data.get("co_quan_ban_hanh", {})
    return {k for k in (match_key(issuer.get("ten", "")), match_key(" ".join(issuer.get("dong_tieu_de", [])))) if k}


def _subject(subject: str, data: dict[str, Any], notes: list[str]) -> str:
    """A trích yếu typed in capitals, written in lower case as ND30 prints it (the first letter, the issuer's
    place and a few names capitalised) — said in the notes."""
    if not subject.isupper():
        return subject
    out = subject.lower()
    town = place_of(data.get("co_quan_ban_hanh", {}).get("ten", ""))
    for name in (town, "Việt Nam", "Chính phủ", "Trung ương"):
        if name:
            out = re.sub(rf"(?<!\w){re.escape(name.lower())}(?!\w)", name, out)
    notes.append("trích yếu gõ chữ in hoa — đã viết chữ thường như Nghị định 30 in; kiểm tra tên riêng trong "
                 "van_ban.trich_yeu")
    return out[:1].upper() + out[1:]


def _subject_line(block: tuple[str, Any], bold: set[str]) -> bool:
    kind, el = block
    if kind != "p" or not (line := text(el)):
        return False
    return not is_heading(line) and not word_heading(el, is_bold(el, bold))


def signature(tbl: Any, data: dict[str, Any]) -> None:
    """The Nơi nhận (left) and the signer's authority, title and name (right)."""
    found = rows(tbl)
    left, right = found[0][0], found[0][-1]
    recipients, archive = _recipients(cell_lines(left)[1:])
    signer = _name_apart(cell_lines(right))
    data["nguoi_ky"] = {"quyen_han": signer[:-2], "chuc_vu": signer[-2] if len(signer) > 1 else "",
                        "ho_ten": signer[-1] if signer else ""}
    data["noi_nhan"] = recipients
    data["luu"] = archive


def _recipients(lines: list[str]) -> tuple[list[str], str]:
    """Nơi nhận lines and the Lưu line. A line ending in ":" heads the "+" lines under it ("- VP UBND tỉnh:",
    "+ LĐVP, KGVX;" -> "VP UBND tỉnh: LĐVP, KGVX"); "+ Lưu: VT" is the Lưu line wherever it stands."""
    recipients: list[str] = []
    archive = "VT"
    for line in lines:
        item = line.lstrip("-–+• ").strip()
        if item.lower().startswith("lưu"):
            archive = item.split(":", 1)[-1].strip().rstrip(".;")
        elif line.lstrip().startswith("+") and recipients and recipients[-1].endswith(":"):
            recipients[-1] += " " + item.rstrip(";.").strip()
        elif line.lstrip().startswith("+") and recipients and ": " in recipients[-1]:
            recipients[-1] += ", " + item.rstrip(";.").strip()
        elif item:
            recipients.append(item.rstrip(";.").strip())
    return recipients, archive


def _name_apart(lines: list[str]) -> list[str]:
    """The signer's title and name typed on one line ("CHỦ TỊCH Võ Tấn Đức"): two lines, as ND30 prints them."""
    words = lines[-1].split() if lines else []
    cut = next((k for k, w in enumerate(words) if not w.isupper()), len(words))
    name = words[cut:]
    if cut and len(name) >= 2 and all(w[:1].isupper() and not w.isupper() for w in name):
        return [*lines[:-1], " ".join(words[:cut]), " ".join(name)]
    return lines


def addressees(tbl: Any, data: dict[str, Any], notes: list[str]) -> None:
    """A công văn's "Kính gửi:" table: the bodies it is addressed to stand in the Nơi nhận for its "Như trên"
    (a plan file has no Kính gửi; its Nơi nhận lists them)."""
    lines = [line.removeprefix("Kính gửi:").strip() for tc in rows(tbl)[0] for line in cell_lines(tc)]
    names = [n.lstrip("-–•+ ").rstrip(";.,").strip() for n in lines]
    names = [n for n in names if n]
    recipients = data.get("noi_nhan", [])
    at = next((k for k, r in enumerate(recipients) if r.lower().startswith("như trên")), None)
    data["noi_nhan"] = (recipients[:at] + names + recipients[at + 1:]) if at is not None else names + recipients
    notes.append(f"kính gửi ({len(names)} nơi) ghi vào noi_nhan" + (" thay cho “Như trên”" if at is not None else ""))


def from_caption(bl: Blocks, table: int, data: dict[str, Any], notes: list[str]) -> None:
    """An appendix sent alone: what its "(Kèm theo Kế hoạch số …/KH-UBND ngày … của …)" line says of the plan."""
    line = next((t for kind, el in bl[:table] if kind == "p" and (t := text(el)).startswith("(Kèm theo")), "")
    m = _CAPTION.match(line)
    doc = data.setdefault("van_ban", {})
    if m:
        doc.update({"loai": m.group(1), "so": m.group(2), "ky_hieu": m.group(3), "ngay": _date(m.groups()[3:6])})
        if m.group(7):
            data["co_quan_ban_hanh"] = {"ten": m.group(7), "viet_tat": m.group(3).split("-", 1)[-1]}
    notes.append("tệp chỉ có phụ lục: điền co_quan_ban_hanh, van_ban (dia_danh, trich_yeu), nguoi_ky, noi_nhan "
                 "và noi_dung của Kế hoạch")


def decision(data: dict[str, Any], notes: list[str]) -> None:
    """A plan "(Ban hành kèm theo Quyết định số …)": the Quyết định's number and date; the rest is in it."""
    line = data.pop("_issued_by", "")
    m = _DECISION.search(line)
    if not m or "quyet_dinh" in data:  # none, or the Quyết định itself was read (decision.py)
        return
    data["quyet_dinh"] = {"so": m.group(1), "ky_hieu": m.group(2), "ngay": _date(m.groups()[2:]), "thi_hanh": ""}
    notes.append("kế hoạch ban hành kèm theo Quyết định: điền quyet_dinh.thi_hanh, can_cu và nguoi_ky theo Quyết "
                 "định (Kế hoạch không in chữ ký riêng)")
