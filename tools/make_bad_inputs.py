"""Write the bad-input corpus in tests/data/bad/: plans, templates and received Word files an attacker or a
careless clerk could give.

Run from the repository root after changing a case: ``python tools/make_bad_inputs.py``. The files are committed;
``tests/test_bad_inputs.py`` runs kehoach on every one of them.
"""

from __future__ import annotations

import io
import shutil
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BAD = ROOT / "tests" / "data" / "bad"
MINIMAL = (ROOT / "tests" / "data" / "valid" / "minimal.yaml").read_text(encoding="utf-8")


def swap(old: str, new: str, text: str = MINIMAL) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def alias_bomb(levels: int, key: str = "x") -> str:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, levels)]
    lines.append(f"{key}: *a{levels - 1}")
    return "\n".join(lines) + "\n"


YAML = {
    "tab": swap("  dia_danh: Mẫu", "\tdia_danh: Mẫu"),
    "thieu-ngoac-kep-dong": swap("trich_yeu: Thử nghiệm", 'trich_yeu: "Thử nghiệm'),
    "dau-hai-cham-trong-chu": swap("trich_yeu: Thử nghiệm", "trich_yeu: Thử nghiệm: giai đoạn 2"),
    "thut-le-sai": swap("  dia_danh: Mẫu", " dia_danh: Mẫu"),
    "thieu-ngoac-vuong": swap("chu_tri: [cong-an-xa]", "chu_tri: [cong-an-xa"),
    "thieu-ngoac-nhon": swap("chu_tri: [cong-an-xa]", "chu_tri: {a: cong-an-xa"),
    "bi-danh-chua-khai-bao": swap("chu_tri: [cong-an-xa]", "chu_tri: *don-vi"),
    "ky-tu-thoat-la": swap("trich_yeu: Thử nghiệm", 'trich_yeu: "Thử \\q nghiệm"'),
    "a-cong-dau-gia-tri": swap("trich_yeu: Thử nghiệm", "trich_yeu: @Thử nghiệm"),
    "hai-tai-lieu": MINIMAL + "---\nco_quan_ban_hanh: {}\n",
    "khoi-chu-sai": swap("trich_yeu: Thử nghiệm", "trich_yeu: |Thử nghiệm\n    tiếp"),
    "bi-danh-tro-vao-chinh-no": swap("chu_tri: [cong-an-xa]", "chu_tri: &vong [*vong]"),
    "bom-bi-danh-10-tang": alias_bomb(10),
    "bom-bi-danh-trong-noi-dung": swap("phu_luc:", alias_bomb(9, "bom").replace("bom: ", "noi_dung:\n  - tieu_de: a\n"
                                                                                  "    muc: ") + "phu_luc:"),
    "bi-danh-chep-qua-nhieu": swap("phu_luc:", alias_bomb(4, "bom").replace("bom: ", "noi_dung:\n  - tieu_de: a\n"
                                                                              "    muc: ") + "phu_luc:"),
    "long-500-tang": "a: " + "[" * 500 + "]" * 500 + "\n",
    "long-60-tang": "a:\n" + "".join("  " * i + "- \n" for i in range(1, 61)),
    "tep-rong": "",
    "chi-co-chu-thich": "# kế hoạch\n# chưa viết gì\n",
    "danh-sach-o-ngoai-cung": "- a\n- b\n",
    "mot-gia-tri-o-ngoai-cung": "kế hoạch\n",
    "byte-nul": swap("Thử nghiệm", "Thử\x00nghiệm"),
    "ky-tu-dieu-khien-tho": swap("Thử nghiệm", "Thử\x07nghiệm"),
    "khoa-lap-lai": swap("  dia_danh: Mẫu", "  dia_danh: Mẫu\n  dia_danh: Xốp"),
    "khoa-la-danh-sach": swap("  dia_danh: Mẫu", "  [a, b]: Mẫu"),
}

ENCODING = {
    "cp1258": MINIMAL.encode("cp1258", errors="replace"),
    "tcvn3": MINIMAL.replace("Thử nghiệm", "Th\u00f7 nghi\u00d6m").encode("latin-1", errors="replace"),
    "utf16": MINIMAL.encode("utf-16"),
    "utf32": MINIMAL.encode("utf-32"),
    "latin1": swap("Mẫu\n  ngay", "Caf\u00e9\n  ngay").encode("latin-1", errors="replace"),
    "anh-png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
    "nua-ky-tu-utf8": MINIMAL.encode("utf-8")[:40] + "ệ".encode()[:2] + b"\n",
    "surrogate": swap("trich_yeu: Thử nghiệm", 'trich_yeu: "Thử \\uD800 nghiệm"').encode(),
    "surrogate-trong-khoa": swap("  dia_danh: Mẫu", '  "dia\\uDC00": Mẫu').encode(),
    "surrogate-trong-ten-don-vi": swap("ten: Công an xã", 'ten: "Công an \\uDBFF xã"').encode(),
    "fffe": swap("trich_yeu: Thử nghiệm", 'trich_yeu: "Thử \\uFFFE nghiệm"').encode(),
    "ffff": swap("noi_dung: Kiểm tra", 'noi_dung: "Kiểm \\uFFFF tra"').encode(),
    "chuong-bao": swap("noi_dung: Kiểm tra", 'noi_dung: "Kiểm \\a tra"').encode(),
    "nul-thoat": swap("noi_dung: Kiểm tra", 'noi_dung: "Kiểm \\0 tra"').encode(),
    "tab-doc": swap("noi_dung: Kiểm tra", 'noi_dung: "Kiểm \\v tra"').encode(),
    "esc": swap("ho_ten: Nguyễn Văn A", 'ho_ten: "Nguyễn \\e[31mVăn A"').encode(),
    "c1": swap("ho_ten: Nguyễn Văn A", 'ho_ten: "Nguyễn \\x9bVăn A"').encode(),
}

SEMANTIC = {
    "don-vi-khong-co": swap("chu_tri: [cong-an-xa]", "chu_tri: [cong-an]"),
    "ngay-khong-co-that": swap("ngay: 5/3/2026", "ngay: 30/02/2026"),
    "ngay-chu-so-mu": swap("ngay: 5/3/2026", "ngay: 5/3/2026²"),
    "ngay-chu-so-a-rap": swap("ngay: 5/3/2026", "ngay: ٥/٣/٢٠٢٦"),
    "ngay-so-4300-chu-so": swap("ngay: 5/3/2026", "ngay: 5/3/" + "2" * 4300),
    "ngay-nam-99999": swap("ngay: 5/3/2026", "ngay: 5/3/99999"),
    "ngay-thang-13": swap("ngay: 5/3/2026", "ngay: 5/13/2026"),
    "ngay-bang-chu": swap("ngay: 5/3/2026", "ngay: hôm qua"),
    "han-thieu-ngay": swap("chu_tri: [cong-an-xa]", "chu_tri: [cong-an-xa]\n          han: 3/2026"),
    "stt-4300-chu-so": swap("        - stt: 2", "        - stt: " + "9" * 4300),
    "ma-nhiem-vu-trung": swap("        - stt: 2", "        - stt: 1"),
    "thieu-chu-tri": swap("          chu_tri: [cong-an-xa]", "          phoi_hop: [phong-kinh-te]"),
    "vua-chu-tri-vua-phoi-hop": swap("phoi_hop: [cong-an-xa]", "phoi_hop: [phong-kinh-te]"),
    "so-thu-tu-sai": swap("        - stt: 2", "        - stt: 5"),
    "noi-dung-trong": swap("noi_dung: Kiểm tra", 'noi_dung: ""'),
    "khoa-viet-sai": swap("trich_yeu:", "trich_yue:"),
    "thieu-truong-bat-buoc": swap("  ky_hieu: KH-UBND\n", ""),
    "sai-kieu": swap("chu_tri: [cong-an-xa]", "chu_tri: {ma: cong-an-xa}"),
    "ma-don-vi-trung": swap("ma: cong-an-xa", "ma: phong-kinh-te"),
    "thanh-vien-khong-phai-tap-the": swap("    ten: Công an xã",
                                          "    ten: Công an xã\n    thanh_vien: [phong-kinh-te]"),
    "tap-the-trong-tap-the": swap("  - ma: cong-an-xa", "  - ma: cac-phong\n    ten: Các phòng\n    tap_the: true\n"
                                  "    thanh_vien: [cac-phong]\n  - ma: cong-an-xa"),
    "muc-khong-co-nhiem-vu": swap("phu_luc:\n  ten: Nhiệm vụ\n  muc:\n", "phu_luc:\n  ten: Nhiệm vụ\n  muc:\n"
                                  "    - ten: Trống\n      nhiem_vu: []\n"),
    "tap-the-la-co": swap("    ten: Công an xã", "    ten: Công an xã\n    tap_the: có"),
    "ke-thua-khong-co-tep": "ke_thua: khong-co.yaml\n",
    "ke-thua-chinh-no": "ke_thua: ke-thua-chinh-no.yaml\n",
    "ke-thua-vong-tron": "ke_thua: phu/vong-b.yaml\n",
    "ke-thua-qua-sau": "ke_thua: phu/chuoi-01.yaml\n",
    "ke-thua-rong": "ke_thua: ''\n",
    "sua-ma-khong-co": "ke_thua: ../../valid/minimal.yaml\nphu_luc:\n  sua:\n    I.9: {bo: true}\n",
    "doi-don-vi-khong-co": "ke_thua: ../../valid/minimal.yaml\ndoi_don_vi:\n  phong-kinh-te: phong-khong-co\n",
    "thay-chu-thieu-thay": "ke_thua: ../../valid/minimal.yaml\nthay_chu:\n  - {tim: Kiểm tra}\n",
    "them-sau-ma-khong-co": "ke_thua: ../../valid/minimal.yaml\nphu_luc:\n  them:\n    - sau: IX.1\n"
                            "      noi_dung: Mới\n      chu_tri: [cong-an-xa]\n",
}
HELPERS = {  # files the semantic cases point to; in phu/, which the corpus test does not run on its own
    "vong-b.yaml": "ke_thua: ../ke-thua-vong-tron.yaml\n",
    **{f"chuoi-{i:02d}.yaml": f"ke_thua: chuoi-{i + 1:02d}.yaml\n" for i in range(1, 12)},
    "chuoi-12.yaml": "ke_thua: ../../../valid/minimal.yaml\n",
}


def docx_with(template: Path, extra: str) -> bytes:
    """A copy of a default template with one more paragraph holding ``extra`` (a template tag)."""
    import docx

    document = docx.Document(str(template))
    document.add_paragraph(extra)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def zip_bomb() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"\0" * (101 * 1024 * 1024))
    return buf.getvalue()


def rezipped(template: Path, document: Callable[[bytes], bytes | None]) -> bytes:
    """The template with word/document.xml replaced by ``document(original)`` (left out when it gives None)."""
    src = zipfile.ZipFile(template)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for item in src.infolist():
            data: bytes | None = src.read(item)
            if item.filename == "word/document.xml":
                data = document(data)
            if data is not None:
                z.writestr(item, data)
    return buf.getvalue()


def parts_without(package: Path, name: str) -> bytes:
    src = zipfile.ZipFile(package)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for item in src.infolist():
            if item.filename != name:
                z.writestr(item, src.read(item))
    return buf.getvalue()


def received() -> dict[str, bytes]:
    """Damaged received Word files (the big hostile ones are made by tests/test_received.py, not stored)."""
    typed = ROOT / "tests" / "data" / "nhan" / "xa-xop-go-tay.docx"

    def body(xml: str) -> bytes:
        return rezipped(typed, lambda part: part.replace(b"<w:body>", b"<w:body>" + xml.encode(), 1))

    def cell(prop: str) -> bytes:
        return rezipped(typed, lambda part: part.replace(b"<w:tc>", f"<w:tc><w:tcPr>{prop}</w:tcPr>".encode(), 1))

    doctype = '<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
    external = '<!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    whole = typed.read_bytes()
    return {
        "khong-phai-zip": "Kế hoạch số 15/KH-UBND (đây là văn bản, không phải .docx)".encode(),
        "rong": b"",
        "cat-doi": whole[: len(whole) // 2],
        "doc-cu-mang-ten-docx": bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 504,
        "khong-phai-xml": rezipped(typed, lambda part: "Đây không phải XML".encode()),
        "xml-cat-doi": rezipped(typed, lambda part: part[: len(part) // 2]),
        "doctype-thuc-the": rezipped(typed, lambda part: part.replace(b"<w:document", doctype.encode() + b"<w:document",
                                                                      1).replace(b"<w:t>", b"<w:t>&b;", 1)),
        "thuc-the-ngoai": rezipped(typed, lambda part: part.replace(b"<w:document", external.encode() + b"<w:document",
                                                                    1).replace(b"<w:t>", b"<w:t>&x;", 1)),
        "ky-tu-dieu-khien": body("<w:p><w:r><w:t>a&#x1;b</w:t></w:r></w:p>"),
        "thieu-document-xml": rezipped(typed, lambda part: None),
        "thieu-content-types": parts_without(typed, "[Content_Types].xml"),
        "gop-cot-bang-chu": cell('<w:gridSpan w:val="abc"/>'),
        "gop-cot-so-qua-lon": cell('<w:gridSpan w:val="99999999999999999999"/>'),
        "bang-long-5000-tang": body("<w:tbl><w:tr><w:tc>" * 5000 + "<w:p/>" + "</w:tc></w:tr></w:tbl>" * 5000
                                    + "<w:p/>"),
    }


def templates() -> dict[str, bytes]:
    t = ROOT / "templates"
    return {
        "phu-luc--khong-phai-zip": "đây là văn bản, không phải .docx".encode(),
        "phu-luc--rong": b"",
        "cong-van--doc-cu": bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 504,
        "ke-hoach--xml-hong": rezipped(t / "ke-hoach.docx", lambda xml: xml[: len(xml) // 2]),
        "ke-hoach--thieu-document-xml": rezipped(t / "ke-hoach.docx", lambda xml: None),
        "ke-hoach--bom-zip": zip_bomb(),
        "cong-van--the-sai-cu-phap": docx_with(t / "cong-van.docx", "{{ thieu_dau_dong "),
        "cong-van--bien-khong-co": docx_with(t / "cong-van.docx", "{{ bien_khong_co }}"),
        "bao-cao--the-nguy-hiem": docx_with(t / "bao-cao.docx", "{{ cycler.__init__.__globals__.os.getcwd() }}"),
        "bao-cao--thieu-endfor": docx_with(t / "bao-cao.docx", "{% for x in rows %}{{ x.id }}"),
        "phu-luc--vong-lap-vo-han": docx_with(
            t / "phu-luc.docx", "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"),
        "phu-luc--sinh-qua-nhieu-chu": docx_with(
            t / "phu-luc.docx", "{% for i in range(100000) %}{% for j in range(1000) %}xxxxxxxxxx{% endfor %}"
                                "{% endfor %}"),
        "tong-hop--nhan-so-lon": docx_with(t / "tong-hop.docx", "{{ 'x' * 100000000 }}"),
        "tong-hop--luy-thua-lon": docx_with(t / "tong-hop.docx", "{{ 10 ** 100000 }}"),
        "ke-hoach--ham-so-lon": docx_with(t / "ke-hoach.docx", "{{ 'x'.center(1000000000) }}"),
    }


def main() -> None:
    shutil.rmtree(BAD, ignore_errors=True)
    for folder, cases, ext in (("yaml", YAML, ".yaml"), ("noi-dung", SEMANTIC, ".yaml")):
        (BAD / folder).mkdir(parents=True)
        for name, text in cases.items():
            (BAD / folder / f"{name}{ext}").write_bytes(text.encode("utf-8"))
    (BAD / "noi-dung" / "phu").mkdir()
    for name, text in HELPERS.items():
        (BAD / "noi-dung" / "phu" / name).write_text(text, encoding="utf-8")
    (BAD / "ma-hoa").mkdir()
    for name, data in ENCODING.items():
        (BAD / "ma-hoa" / f"{name}.yaml").write_bytes(data)
    (BAD / "mau").mkdir()
    for name, data in templates().items():
        (BAD / "mau" / f"{name}.docx").write_bytes(data)
    (BAD / "nhan").mkdir()
    for name, data in received().items():
        (BAD / "nhan" / f"{name}.docx").write_bytes(data)
    count = sum(1 for p in BAD.rglob("*") if p.is_file() and p.parent.name != "phu")
    print(f"{count} bad inputs in {BAD.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
