"""The unit registry: names, aliases and the resolution of references written in plan data."""

from __future__ import annotations

import re

from .model import Unit
from .reader import Node, Reader, shorten
from .vn import match_key, suggest

# How unit names begin (match keys): a name read from a table that begins otherwise ("Thương mại", "P") may be a
# heading or a stray word, and is shown first for a look (``kehoach nhap`` and ``kehoach xem``).
_NAME_STARTS = re.compile(
    r"^(sở|vụ|phòng|ủy ban|ubnd|ubmttq|mttq|công an|hội|đoàn|ban|văn phòng|trung tâm|chi nhánh|ngân hàng|bảo hiểm|báo|"
    r"đài|liên đoàn|liên minh|mặt trận|các|bộ|cục|chi cục|tổng cục|kho bạc|thanh tra|viện|trường|bệnh viện|học viện|"
    r"đại học|tỉnh|huyện|thành phố|quân|đồn|hạt|cảng|tòa án|trạm|hợp tác xã|tổng công ty|công ty|tập đoàn|"
    r"doanh nghiệp|thông tấn|hội đồng|hđnd|quỹ|cơ quan|đơn vị|chính phủ|thủ tướng|thuế|hải quan|kiểm toán|"
    r"đảng ủy|bch|thường trực|tổ|chủ tịch|người đứng đầu|lãnh đạo|nhà)\b", re.IGNORECASE)


def uncertain(name: str, collective: bool, members: int) -> str:
    """Why a unit needs a look before letters go out, or "": a collective with no members (the tasks it is
    named in reach no one), a name that does not begin as unit names do."""
    if collective and not members:
        return "tập thể chưa có thành viên — nhiệm vụ ghi tên này không đến đơn vị nào"
    if not _NAME_STARTS.match(match_key(name)) and not (len(name) > 1 and name.isupper()):  # EVN, but not "P"
        return "tên không giống tên đơn vị — kiểm tra lại ô đã đọc"
    return ""


# What a unit does, written after its name in a cell ("Sở KH&CN chủ trì hướng dẫn, tổng hợp; …", "UBND cấp xã thực
# hiện công bố …", "Bộ Công an (chủ trì)"): not part of the name; it runs to the next ";".
ROLE = re.compile(r"(?:\(\s*)?(chủ trì|thực hiện|phối hợp|hướng dẫn|tổng hợp|thúc đẩy|theo dõi|báo cáo|triển khai|"
                  r"tham mưu|đôn đốc|kiểm tra)\b")


class UnitIndex:
    """Finds a unit by its id, full name or any other spelling met in real documents."""

    def __init__(self, units: tuple[Unit, ...]) -> None:
        self.units = {u.id: u for u in units if u.id}
        self.keys: dict[str, str] = {}
        for unit in units:  # a name two units share stays the first one's (validate reports it)
            for spelling in (unit.id, unit.name, *unit.aliases):
                key = match_key(spelling)
                if key:
                    self.keys.setdefault(key, unit.id)

    def find(self, text: str) -> str | None:
        return self.keys.get(match_key(text))

    def resolve(self, r: Reader, node: Node, path: str) -> str | None:
        text = r.text(node, path)
        if not text:
            r.error(node, path, "tên đơn vị trống")
            return None
        found = self.find(text)
        if found is None:
            choices = list(self.units) + [u.name for u in self.units.values()]
            r.error(node, path, f"không có đơn vị '{text}' trong danh sách don_vi{suggest(text, choices)}")
        return found

    def resolve_all(self, r: Reader, node: Node | None, path: str) -> tuple[str, ...]:
        out: list[str] = []
        for i, item in enumerate(r.seq(node, path, scalar_ok=True)):
            unit_id = self.resolve(r, item, f"{path}[{i}]")
            if unit_id and unit_id in out:
                r.error(item, f"{path}[{i}]", f"đơn vị '{unit_id}' được ghi hai lần")
            elif unit_id:
                out.append(unit_id)
        return tuple(out)

    def resolve_cell(self, r: Reader, node: Node, path: str, text: str) -> tuple[str, ...]:
        """The units a printed cell names; a part no unit of the registry is called is reported."""
        ids, rest = self.split_cell(text)
        if rest:
            written = " ".join(text.split()).strip(" .;,")
            rest = written[len(written) - len(rest):] if len(written) >= len(rest) else rest
            r.error(node, path, f"không nhận ra đơn vị ở “{shorten(rest)}” trong “{shorten(text, 60)}” — thêm đơn vị "
                    "này vào don_vi (hoặc tên này vào ten_khac của đơn vị đó)")
            return ()
        if not ids:
            r.error(node, path, "tên đơn vị trống")
        return ids

    def split_cell(self, text: str) -> tuple[tuple[str, ...], str]:
        """(units found from the start, the text left where no known name starts)."""
        rest = re.sub(r"^[\s\-–•+*]+", "", match_key(text))  # "- Bộ Tài chính; - Bộ Công an": a dash a line
        spellings = sorted(self.keys, key=len, reverse=True)
        out: list[str] = []
        while rest:
            for key in spellings:
                if rest == key or (rest.startswith(key) and re.match(r"[\s.,;(]", rest[len(key)])):
                    if self.keys[key] not in out:
                        out.append(self.keys[key])
                    rest = re.sub(r"^[\s.,;\-–•+*]*(và\s+)?", "", rest[len(key):])
                    if ROLE.match(rest):  # "… chủ trì hướng dẫn, tổng hợp; next unit": the role, to the next ";"
                        rest = re.sub(r"^[\s.,;\-–•+*]*(và\s+)?", "", rest.split(";", 1)[1] if ";" in rest else "")
                    break
            else:
                return tuple(out), rest
        return tuple(out), ""

    def parse_cell(self, text: str) -> tuple[str, ...] | None:
        """Split a printed cell ("Sở Tài chính, Ủy ban nhân dân các huyện, thành phố") into unit ids.

        Longest known spelling first; separators between names are , ; . and "và". None if some
        part of the text names no known unit.
        """
        ids, rest = self.split_cell(text)
        return None if rest else ids


