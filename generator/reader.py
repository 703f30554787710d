"""Typed reading of YAML nodes: every problem becomes an Issue with file, line, column and field path."""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import re

import yaml

from .errors import Issue, Problem
from .vn import VnDate, nfc, suggest

Node = yaml.Node
_NULL_TAG = "tag:yaml.org,2002:null"
_BOOL_TAG = "tag:yaml.org,2002:bool"
_KINDS = {
    yaml.MappingNode: "một bảng khóa: giá trị", yaml.SequenceNode: "một danh sách", yaml.ScalarNode: "một giá trị",
}
# Characters docxtpl gives a meaning to (\a new paragraph, \f page break) or that have no place in a cell.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def shorten(text: str, limit: int = 40) -> str:
    """A value quoted in a message: long ones cut with "…"."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def clean_text(text: str) -> str:
    """NFC, no control characters, whitespace collapsed to single spaces."""
    return " ".join(_CONTROL.sub(" ", nfc(text)).split())


class Reader:
    """Collects issues while reading one file's nodes; never raises for bad data."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.issues: list[Issue] = []
        self.at: dict[str, Node] = {}  # model path -> the node read there, to place problems found later
        self.covered: set[str] = set()  # paths a message already names (a misspelled key's suggestion)

    def place(self, problems: list[Problem], paths: dict[str, str] | None = None) -> list[Issue]:
        """Problems of the model as Issues of this file. ``paths`` maps model paths that are not this file's
        own (an adapted plan's rows) to the file's path that made them. A problem on a field the reading
        already reported (or inside it, or around it) is the same problem: it is left out."""
        said = [i.where for i in self.issues if not i.warning] + sorted(self.covered)
        out = []
        for problem in problems:
            path = _translate(problem.path, paths or {})
            if any(related_paths(path, where) for where in said):
                continue
            node = self._nearest(path)
            line, col = (node.start_mark.line + 1, node.start_mark.column + 1) if node is not None else (1, 1)
            out.append(Issue(self.name, line, col, path, problem.message, problem.warning))
        return out

    def _nearest(self, path: str) -> Node | None:
        while path:
            if path in self.at:
                return self.at[path]
            path = _parent(path)
        return None

    def error(self, node: Node | None, path: str, message: str, *, warning: bool = False) -> None:
        line, col = (node.start_mark.line + 1, node.start_mark.column + 1) if node is not None else (1, 1)
        self.issues.append(Issue(self.name, line, col, path, message, warning))

    def _wrong_kind(self, node: Node, path: str, wanted: str) -> None:
        got = _KINDS.get(type(node), "giá trị khác")
        self.error(node, path, f"cần {wanted}, nhưng ở đây là {got}")

    def mapping(self, node: Node | None, path: str, keys: dict[str, bool]) -> dict[str, Node] | None:
        """Check a mapping against ``keys`` (name -> required) and return its value nodes by key."""
        if node is None:
            return None
        if not isinstance(node, yaml.MappingNode):
            self._wrong_kind(node, path, "một bảng khóa: giá trị")
            return None
        out: dict[str, Node] = {}
        for key_node, value in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.error(key_node, path, "tên khóa phải là một chữ (ví dụ ten:), không phải danh sách hay bảng")
                continue
            key = str(key_node.value)
            where = f"{path}.{key}" if path else key
            if key in out:
                self.error(key_node, where, f"khóa '{key}' bị lặp lại — xóa một trong hai dòng")
            elif key not in keys and node.flow_style and self.is_null(value) and out and " " in key.strip():
                # {ten: Sở Văn hóa, Thể thao và Du lịch}: the comma ended the name; the rest became a key
                before, value_before = list(out.items())[-1]
                whole = f"{value_before.value}, {key}" if isinstance(value_before, yaml.ScalarNode) else f"…, {key}"
                self.error(key_node, where, f"chữ '{key}' bị tách khỏi giá trị đứng trước vì dấu phẩy trong {{…}} — "
                           f"đặt cả giá trị trong ngoặc kép: {before}: \"{whole}\"")
            elif key not in keys:
                self.error(key_node, where, f"khóa lạ '{key}'{suggest(key, list(keys))}")
            out[key] = value
            self.at.setdefault(where, value)
        # A misspelled key already names the missing one in its suggestion: say it once.
        suggested = {close for k in out if k not in keys
                     for close in difflib.get_close_matches(k, list(keys), n=1, cutoff=0.6)}
        self.covered |= {f"{path}.{k}" if path else k for k in suggested}
        for key, required in keys.items():
            if required and key not in suggested and (key not in out or self.is_null(out[key])):
                self.error(node, f"{path}.{key}" if path else key, f"thiếu trường bắt buộc '{key}'")
        return out

    def entries(self, node: Node | None, path: str) -> list[tuple[Node, Node]]:
        """(key node, value node) pairs of a free-form mapping (keys are ids, not schema words)."""
        if node is None or self.is_null(node):
            return []
        if not isinstance(node, yaml.MappingNode):
            self._wrong_kind(node, path, "một bảng khóa: giá trị")
            return []
        pairs: list[tuple[Node, Node]] = []
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                pairs.append((key, value))
            else:
                self.error(key, path, "tên khóa phải là một chữ (ví dụ mã đơn vị), không phải danh sách hay bảng")
        return pairs

    @staticmethod
    def is_null(node: Node) -> bool:
        return isinstance(node, yaml.ScalarNode) and node.tag == _NULL_TAG

    def text(self, node: Node | None, path: str, *, required: bool = False) -> str:
        """A single line of text (YAML scalars of any type are taken as written)."""
        if node is None or self.is_null(node):
            return ""
        if not isinstance(node, yaml.ScalarNode):
            self._wrong_kind(node, path, "một đoạn chữ")
            return ""
        value = clean_text(str(node.value))
        if required and not value:
            self.error(node, path, "không được để trống")
        return value

    def flag(self, node: Node | None, path: str) -> bool:
        if node is None or self.is_null(node):
            return False
        if not (isinstance(node, yaml.ScalarNode) and node.tag == _BOOL_TAG):
            self.error(node, path, "cần ghi 'true' (có) hoặc 'false' (không)")
            return False
        return str(node.value).lower() in {"true", "yes", "on"}

    def seq(self, node: Node | None, path: str, *, scalar_ok: bool = False) -> list[Node]:
        """A list; with ``scalar_ok`` a single value counts as a one-item list."""
        if node is None or self.is_null(node):
            return []
        if isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                self.at.setdefault(f"{path}[{i}]", item)
            return list(node.value)
        if scalar_ok and isinstance(node, yaml.ScalarNode):
            self.at.setdefault(f"{path}[0]", node)
            return [node]
        self._wrong_kind(node, path, "một danh sách (mỗi mục một dòng bắt đầu bằng '- ')")
        return []

    def texts(self, node: Node | None, path: str) -> tuple[str, ...]:
        """A list of lines (or one line)."""
        return tuple(
            t for i, n in enumerate(self.seq(node, path, scalar_ok=True)) if (t := self.text(n, f"{path}[{i}]"))
        )

    def paragraphs(self, node: Node | None, path: str) -> tuple[str, ...]:
        """Paragraphs: a list of texts, or one text in which blank lines separate paragraphs."""
        if node is None or self.is_null(node):
            return ()
        if isinstance(node, yaml.ScalarNode):
            parts = re.split(r"\n\s*\n", nfc(str(node.value)))
            return tuple(c for p in parts if (c := clean_text(p)))
        out: list[str] = []
        for i, item in enumerate(self.seq(node, path)):
            if isinstance(item, yaml.ScalarNode):
                out.extend(self.paragraphs(item, f"{path}[{i}]"))
            else:
                self._wrong_kind(item, f"{path}[{i}]", "một đoạn chữ")
        return tuple(out)

    def date(self, node: Node | None, path: str, *, full: bool = False) -> VnDate:
        """``18/7/2025``, ``7/2025`` (day blank), ``2025`` (day and month blank), or blank."""
        raw = self.text(node, path)
        if not raw:
            return VnDate()
        iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", raw)
        parts = [iso.group(3), iso.group(2), iso.group(1)] if iso else raw.split("/")
        odd = next((ch for ch in raw if ch.isdigit() and ch not in "0123456789"), None)
        if odd is not None:
            self.error(node, path, f"ngày '{shorten(raw)}' có chữ số lạ '{odd}' — gõ lại bằng các chữ số 0–9")
            return VnDate()
        if (not all(re.fullmatch(r"[0-9]{1,4}", p) for p in parts) or not 1 <= len(parts) <= 3
                or (full and len(parts) != 3)):
            form = ("ngày/tháng/năm, ví dụ 18/7/2025" if full
                    else "ngày/tháng/năm (18/7/2025), tháng/năm (9/2025) hoặc năm (2025)")
            self.error(node, path, f"ngày '{shorten(raw)}' không đúng dạng — ghi theo dạng {form}")
            return VnDate()
        nums = [int(p) for p in parts]
        year = nums[-1]
        month = nums[-2] if len(nums) >= 2 else None
        day = nums[0] if len(nums) == 3 else None
        if not 1900 <= year <= 2100:
            self.error(node, path, f"năm {year} không hợp lý — ghi năm đủ 4 chữ số")
            return VnDate()
        if month is not None and not 1 <= month <= 12:
            self.error(node, path, f"tháng {month} không có thật — tháng từ 1 đến 12")
            return VnDate()
        if day is not None and month is not None:
            last = calendar.monthrange(year, month)[1]
            if not 1 <= day <= last:
                self.error(
                    node, path, f"ngày không có thật: {raw} (tháng {month} năm {year} có {last} ngày)"
                )
                return VnDate()
        return VnDate(day, month, year)

    def full_date(self, node: Node | None, path: str) -> dt.date | None:
        value = self.date(node, path, full=True)
        if value.day is None or value.month is None or value.year is None:
            return None
        return dt.date(value.year, value.month, value.day)


def _parent(path: str) -> str:
    """``a.b[2].c`` -> ``a.b[2]`` -> ``a.b`` -> ``a`` -> ``''``."""
    cut = max(path.rfind("."), path.rfind("["))
    return path[:cut] if cut > 0 else ""


def related_paths(a: str, b: str) -> bool:
    """One path is the other or lies inside it (``x.chu_tri`` and ``x.chu_tri[0]``)."""
    short, long = sorted((a, b), key=len)
    return long == short or (bool(short) and long.startswith(short) and long[len(short)] in ".[")


def _translate(path: str, paths: dict[str, str]) -> str:
    """The longest mapped prefix of ``path`` replaced by where it came from."""
    probe = path
    while probe:
        if probe in paths:
            return paths[probe] + path[len(probe):] if paths[probe] != "ke_thua" else "ke_thua"
        probe = _parent(probe)
    return path
