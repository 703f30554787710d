"""Every regular expression of the package runs in time linear in its input.

A pattern that backtracks (``\\S*x\\S*y\\S*`` over a word without spaces) turns a pasted link, a base64 blob or
a long Word cell into minutes of ``build``. The test collects every pattern the package compiles or passes to
``re`` as a literal, runs each over adversarial strings (runs of the characters and pairs of characters that
plans are made of, after each word the pattern itself contains) at two lengths, and fails when the time
grows faster than the length.
"""

from __future__ import annotations

import ast
import importlib
import itertools
import pkgutil
import re
import time
from pathlib import Path

import pytest

import generator

PACKAGE = Path(generator.__file__).parent
RE_CALLS = {"compile", "search", "match", "fullmatch", "findall", "finditer", "split", "sub", "subn"}
CHARS = ["a", "A", "Đ", "đ", "1", " ", "-", "/", ",", ";", ".", "_", "(", ")", "\t", "&", "\n", ":", "x"]
PAIRED = ["a", "A", "1", " ", "-", "/", ",", "."]  # pairs of these: "a-a-a…", "1/1/1…", "A A A…"
SHORT, LONG = 1_000, 8_000  # 8 times longer: linear time grows 8 times, quadratic 64 times
NOTICED = 0.004  # seconds: below this a run is too quick to judge


def _literal(node: ast.AST) -> str | bytes | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str | bytes):
        return node.value
    return None


Found = tuple[str, str | bytes, int, str]  # where, pattern, flags, how it is used: "search", "match" or "fullmatch"


def _source_patterns() -> list[Found]:
    """Every re.<call>(literal, …) in the package's source; a literal given to re.match or re.fullmatch is tried
    where that call tries it (at the start only), any other anywhere in the text."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in RE_CALLS
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "re" and node.args):
                pattern = _literal(node.args[0])
                if pattern is not None:
                    how = node.func.attr if node.func.attr in ("match", "fullmatch") else "search"
                    found.append((f"{path.relative_to(PACKAGE.parent)}:{node.lineno}:{node.col_offset}", pattern, 0,
                                  how))
    return found


def _compiled_patterns() -> list[Found]:
    """Patterns the modules build at import time (joined from tables, so not literals in the source)."""
    found = []
    modules = [
        m.name for m in pkgutil.walk_packages(generator.__path__, "generator.") if m.name != "generator.__main__"
    ]
    for name in modules:
        module = importlib.import_module(name)
        for attr, value in vars(module).items():
            if isinstance(value, re.Pattern):
                found.append((f"{name}.{attr}", value.pattern, value.flags, "search"))
            elif isinstance(value, list | tuple):
                found.extend(
                    (f"{name}.{attr}[{i}]", p.pattern, p.flags, "search") for i, p in enumerate(_nested(value))
                )
    return found


def _nested(value: list[object] | tuple[object, ...]) -> list[re.Pattern[str]]:
    out = []
    for item in value:
        if isinstance(item, re.Pattern):
            out.append(item)
        elif isinstance(item, list | tuple):
            out.extend(_nested(item))
    return out


def _unique(found: list[Found]) -> dict[str, tuple[str | bytes, int, str]]:
    """One entry per distinct pattern and use (a module-level pattern is found in the source and in the module)."""
    seen: dict[tuple[str | bytes, int, str], str] = {}
    for where, pattern, flags, how in found:
        seen.setdefault((pattern, flags, how), where)
    return {where: key for key, where in seen.items()}


PATTERNS = _unique(_compiled_patterns() + _source_patterns())


def _units(pattern: str | bytes) -> list[str]:
    """Prefixes and repeated units to attack ``pattern`` with: every character of CHARS and every pair."""
    text = pattern.decode("latin-1") if isinstance(pattern, bytes) else pattern
    words = {w for w in re.findall(r"[^\W\d_]{2,}(?: [^\W\d_]+)*", text)}
    prefixes = ["", *sorted(words, key=lambda w: (-len(w), w))[:6]]
    units = CHARS + ["".join(p) for p in itertools.product(PAIRED, repeat=2) if p[0] != p[1]]
    return [prefix + " " * bool(prefix) + "\0" + unit for prefix in prefixes for unit in units]


def _run(compiled: re.Pattern[str] | re.Pattern[bytes], text: str | bytes, how: str) -> float:
    started = time.perf_counter()
    if how == "search":  # every match, as sub, split and findall look for them
        for _ in compiled.finditer(text):  # type: ignore[arg-type]
            pass
    compiled.match(text)  # type: ignore[arg-type]
    compiled.fullmatch(text)  # type: ignore[arg-type]
    return time.perf_counter() - started


def _attack(prefix: str, unit: str, length: int, binary: bool) -> str | bytes:
    text = prefix + unit * (length // len(unit))
    return text.encode("utf-8") if binary else text


def test_the_package_has_patterns_to_check() -> None:
    assert len(PATTERNS) > 40  # the collector works: if it found nothing, the next test would prove nothing
    assert "generator.vn._SYMBOL_ONLY" in PATTERNS


@pytest.mark.slow
@pytest.mark.parametrize("where", sorted(PATTERNS))
def test_no_pattern_grows_faster_than_its_input(where: str) -> None:
    pattern, flags, how = PATTERNS[where]
    compiled = re.compile(pattern, flags)
    binary = isinstance(pattern, bytes)
    slow = []
    for item in _units(pattern):
        prefix, unit = item.split("\0")
        long_time = _run(compiled, _attack(prefix, unit, LONG, binary), how)
        if long_time < NOTICED:
            continue
        short_time = min(_run(compiled, _attack(prefix, unit, SHORT, binary), how) for _ in range(3))
        long_time = min(long_time, *(_run(compiled, _attack(prefix, unit, LONG, binary), how) for _ in range(2)))
        if long_time > 20 * max(short_time, NOTICED / 8):
            slow.append(f"{prefix!r} + {unit!r}×n: {short_time:.4f} s at {SHORT}, {long_time:.4f} s at {LONG}")
            if len(slow) == 3:  # enough to show the fault; the rest would only cost minutes
                break
    assert not slow, f"{where} /{pattern!r}/ grows faster than its input:\n" + "\n".join(slow)
