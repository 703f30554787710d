"""click's own messages in Vietnamese, through the gettext hook every click module calls (``_`` and ``ngettext``).

Only the messages a clerk can meet are listed; anything else keeps click's wording, and a test runs every command
with every kind of bad argument so that a missing one is noticed.
"""

from __future__ import annotations

import click
import click.core
import click.decorators
import click.exceptions
import click.formatting
import click.parser
import click.termui
import click.types

CATALOG = {
    "Aborted!": "Đã dừng.",
    "Commands": "Lệnh",
    "Options": "Tùy chọn",
    "Usage:": "Cách dùng:",
    "Error: {message}": "Lỗi: {message}",
    "Got unexpected extra argument ({args})": "thừa đối số: {args}",
    "Got unexpected extra arguments ({args})": "thừa đối số: {args}",
    "Missing command.": "thiếu tên lệnh",
    "Missing argument": "thiếu đối số",
    "Missing option": "thiếu tùy chọn",
    "Missing parameter": "thiếu giá trị",
    "Missing parameter: {param_name}": "thiếu giá trị: {param_name}",
    "Missing {param_type}": "thiếu {param_type}",
    "argument": "đối số",
    "option": "tùy chọn",
    "parameter": "giá trị",
    "No such command {name!r}.": "không có lệnh {name!r} (các lệnh: validate, build, adapt, diff, xem, nhap)",
    "No such option {name!r}.": "không có tùy chọn {name!r}",
    "Did you mean {possibility}?": "— có phải {possibility}?",
    "(Did you mean one of: {possibilities}?)": "(có phải một trong: {possibilities}?)",
    "Invalid value for {param_hint}: {message}": "giá trị không hợp lệ cho {param_hint}: {message}",
    "Invalid value: {message}": "giá trị không hợp lệ: {message}",
    "Try '{command} {option}' for help.": "Xem hướng dẫn: {command} {option}",
    "Could not open file {filename!r}: {message}": "không mở được tệp {filename!r}: {message}",
    "unknown error": "lỗi không rõ",
    "Option {name!r} does not take a value.": "tùy chọn {name!r} không nhận giá trị",
    "Option {name!r} requires an argument.": "tùy chọn {name!r} cần một giá trị",
    "Option {name!r} requires {nargs} arguments.": "tùy chọn {name!r} cần {nargs} giá trị",
    "Argument {name!r} takes {nargs} values.": "đối số {name!r} cần {nargs} giá trị",
    "Show the version and exit.": "Hiện phiên bản rồi thoát.",
    "Show this message and exit.": "Hiện hướng dẫn này rồi thoát.",
    "file": "tệp",
    "directory": "thư mục",
    "path": "đường dẫn",
    "{name} {filename!r} does not exist.": "không có {filename!r} — kiểm tra lại đường dẫn",
    "{name} {filename!r} is a directory.": "{filename!r} là một thư mục — cần tên một tệp",
    "{name} {filename!r} is a file.": "{filename!r} là một tệp — cần tên một thư mục",
    "{name} {filename!r} is not readable.": "không đọc được {filename!r} — kiểm tra quyền đọc",
    "{name} {filename!r} is not writable.": "không ghi được vào {filename!r} — kiểm tra quyền ghi",
    "{name} {filename!r} is not executable.": "không chạy được {filename!r}",
    "{value!r} is not a valid {number_type}.": "{value!r} không phải số hợp lệ",
    "{value!r} is not a valid boolean. Recognized values: {states}": "{value!r} không hợp lệ — ghi một trong: {states}",
    "{value!r} is not one of {choices}.": "{value!r} không thuộc các lựa chọn {choices}",
    "{value!r} is not {choice}.": "{value!r} không phải {choice}",
    "{value} is not in the range {range}.": "{value} nằm ngoài khoảng {range}",
    "required": "bắt buộc",
    "default: {default}": "mặc định: {default}",
}


def translate(message: str) -> str:
    return CATALOG.get(message, message)


def ntranslate(singular: str, plural: str, count: int) -> str:
    return translate(singular if count == 1 else plural)


def install() -> None:
    """Point every click module's gettext functions at the catalog (idempotent)."""
    for module in (click.core, click.decorators, click.exceptions, click.formatting, click.parser, click.termui,
                   click.types):
        if hasattr(module, "_"):
            module._ = translate  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ntranslate  # type: ignore[attr-defined]
