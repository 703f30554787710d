"""Issue 19: a commune's plan made from the province's is the commune's.

A commune file made with ``kehoach tao-xa`` and only its "# điền" lines filled builds a bundle in which no
paragraph, letter, form, Nơi nhận or signature speaks as the province: every document's text is scanned for the
base's unit names and level words outside citations of the base plan.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.build import bundle_files
from generator.cli import main
from generator.commune import propose, split_name
from generator.issuing import cite_base
from generator.levels import LevelRewriter, is_template, locality, same_issuer
from generator.load import load_plan
from generator.render.engine import default_templates
from generator.validate import validate

from .golden import document_text

ROOT = Path(__file__).resolve().parent.parent
BASES = {
    "kon-tum": ROOT / "plan_data" / "kon-tum.yaml",
    "bac-ninh": ROOT / "plan_data" / "vi-du" / "bac-ninh-144-kh-ubnd-2025.yaml",
    "dong-nai": ROOT / "plan_data" / "vi-du" / "dong-nai-179-kh-ubnd-2025.yaml",
}


# --- levels: the province's words about itself, in the commune's --------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("Kinh tế số chiếm 45% GRDP tỉnh.", "Kinh tế số chiếm 45% GRDP xã."),
    ("trên địa bàn tỉnh, kể cả vùng sâu", "trên địa bàn xã, kể cả vùng sâu"),
    ("Cổng Dữ liệu mở tỉnh Bắc Ninh", "Cổng Dữ liệu mở xã Tân Phú Đông"),
    ("Chủ tịch UBND tỉnh chỉ đạo", "Chủ tịch UBND xã Tân Phú Đông chỉ đạo"),
    ("Quyết định của Ủy ban nhân dân tỉnh, huyện, thành phố", "Quyết định của Ủy ban nhân dân xã Tân Phú Đông"),
    ("Giúp các sở, UBND các phường, xã thực hiện", "Giúp các sở, UBND xã Tân Phú Đông thực hiện"),
    ("Ban Thường vụ Tỉnh ủy", "Ban Thường vụ Đảng ủy xã"),
    ("để Bắc Ninh bứt phá. Bắc Ninh chủ động", "để xã Tân Phú Đông bứt phá. Xã Tân Phú Đông chủ động"),
    # other bodies and tiers stay: another province, all provinces, the provincial tier, a provincial road
    ("UBND tỉnh Gia Lai và các tỉnh", "UBND tỉnh Gia Lai và các tỉnh"),
    ("Nền tảng dữ liệu cấp tỉnh; tỉnh lộ 5; Báo Bắc Ninh", "Nền tảng dữ liệu cấp tỉnh; tỉnh lộ 5; Báo Bắc Ninh"),
    # the province written with a capital as some provinces write their own (Đồng Tháp's Kế hoạch 617), and "Uỷ"
    ("HKD trên địa bàn Tỉnh ứng dụng công nghệ số", "HKD trên địa bàn xã ứng dụng công nghệ số"),
    ("sự phát triển kinh tế - xã hội của Tỉnh.", "sự phát triển kinh tế - xã hội của xã."),
    ("báo cáo Uỷ ban nhân dân Tỉnh; Tỉnh Đoàn", "báo cáo Uỷ ban nhân dân xã Tân Phú Đông; Tỉnh Đoàn"),
])
def test_level_words_of_the_province_become_the_communes(text: str, expected: str) -> None:
    rewriter = LevelRewriter("Ủy ban nhân dân tỉnh Bắc Ninh", "Ủy ban nhân dân xã Tân Phú Đông")
    assert rewriter.rewrite(text) == expected


def test_what_still_speaks_as_the_province_is_found() -> None:
    rewriter = LevelRewriter("Ủy ban nhân dân tỉnh Bắc Ninh", "Ủy ban nhân dân xã Tân Phú Đông")
    assert rewriter.leftovers("Báo Bắc Ninh đưa tin; UBND tỉnh Bắc Ninh") == ["UBND tỉnh Bắc Ninh", "tỉnh Bắc Ninh",
                                                                                  "Bắc Ninh"]
    assert rewriter.leftovers(rewriter.rewrite("UBND tỉnh chỉ đạo")) == []
    # the province's reporting line, inherited: a commune reports to the province, not to a Bộ
    assert rewriter.leftovers("tham mưu UBND tỉnh báo cáo Bộ Khoa học và Công nghệ") == ["UBND tỉnh", "báo cáo Bộ"]


def test_a_template_passes_its_identity_a_real_issuer_does_not() -> None:
    assert locality("Ủy ban nhân dân thành phố Hà Nội").level == "thành phố"
    assert is_template("Ủy ban nhân dân xã") and not is_template("Ủy ban nhân dân xã Xốp")
    assert same_issuer("Ủy ban nhân dân xã", "Ủy ban nhân dân xã Xốp")
    assert not same_issuer("Ủy ban nhân dân tỉnh Kon Tum", "Ủy ban nhân dân xã")
    assert split_name("phường Kinh Bắc", None) == ("phường", "Kinh Bắc")
    assert split_name("Tân Phú Đông", None) == ("xã", "Tân Phú Đông")


# --- identity: never inherited across issuers ----------------------------------------------------------------


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_another_issuer_must_give_its_date_and_signer(tmp_path: Path) -> None:
    shutil.copy(BASES["bac-ninh"], tmp_path / "tinh.yaml")
    path = _write(tmp_path, "xa.yaml", "ke_thua: tinh.yaml\nco_quan_ban_hanh:\n  ten: Ủy ban nhân dân xã Tân Phú Đông\n"
                  "sua_noi_dung: true\n")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 1
    assert "van_ban.ngay: chưa có ngày ban hành (không lấy ngày của kế hoạch gốc của Ủy ban nhân dân tỉnh Bắc Ninh)" \
        in result.output
    assert "nguoi_ky.ho_ten: chưa có họ tên người ký (không lấy người ký của Ủy ban nhân dân tỉnh Bắc Ninh)" \
        in result.output
    assert "Traceback" not in result.output


def test_identity_is_derived_from_the_issuer_and_the_base(tmp_path: Path) -> None:
    shutil.copy(BASES["bac-ninh"], tmp_path / "tinh.yaml")
    path = _write(tmp_path, "xa.yaml", "ke_thua: tinh.yaml\nco_quan_ban_hanh:\n  ten: Ủy ban nhân dân xã Tân Phú Đông\n"
                  "van_ban: {ngay: 12/2025}\nnguoi_ky: {ho_ten: Nguyễn Văn Mẫu}\n")
    plan, base = load_plan(path), load_plan(tmp_path / "tinh.yaml")
    assert not [p for p in validate(plan) if not p.warning]
    assert (plan.number, plan.number_text.strip(), plan.place) == ("", "/KH-UBND", "Tân Phú Đông")
    assert plan.signer.authority == base.signer.authority and plan.signer.name == "Nguyễn Văn Mẫu"
    assert plan.references == (cite_base(base),) and plan.preamble == ()
    assert plan.recipients[0] == "Ủy ban nhân dân tỉnh Bắc Ninh (b/c)"
    assert base.number_text not in " ".join(plan.recipients) and plan.archive == "VT"


def test_a_revision_by_the_same_issuer_inherits_as_before(xa_xop) -> None:
    # xa-xop extends the template for every commune (issuer "Ủy ban nhân dân xã"): date, signer and Nơi nhận kept
    template = load_plan(ROOT / "plan_data" / "kon-tum-cap-xa.yaml")
    assert xa_xop.recipients == template.recipients and xa_xop.signer.authority == template.signer.authority


def test_giu_noi_dung_keeps_the_text_and_says_what_still_names_the_base(tmp_path: Path) -> None:
    shutil.copy(BASES["bac-ninh"], tmp_path / "tinh.yaml")
    path = _write(tmp_path, "xa.yaml", "ke_thua: tinh.yaml\nco_quan_ban_hanh:\n  ten: Ủy ban nhân dân xã Tân Phú Đông\n"
                  "van_ban: {ngay: 12/2025}\nnguoi_ky: {ho_ten: Nguyễn Văn Mẫu}\ngiu_noi_dung: true\n")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert "còn nhắc “tỉnh Bắc Ninh”" in result.output and "bỏ giu_noi_dung" in result.output
    assert "ghi sua_noi_dung: true" not in result.output


# --- tao-xa → fill → validate → build: nothing of the province's identity left --------------------------------


def _starter(tmp_path: Path, key: str) -> tuple[Path, str]:
    base = tmp_path / BASES[key].name
    shutil.copy(BASES[key], base)
    result = CliRunner().invoke(main, ["tao-xa", str(base), "--ten", "Tân Phú Đông"])
    assert result.exit_code == 0, result.output
    assert "Còn phải điền: ngày ban hành, họ tên người ký" in result.output
    path = tmp_path / "xa-tan-phu-dong.yaml"
    return path, path.read_text(encoding="utf-8")


def _fill(text: str) -> tuple[str, int]:
    """The clerk's part: the "# điền" lines, and nothing else."""
    filled = {"  ngay:": "  ngay: 15/12/2025", "  ho_ten:": "  ho_ten: Lê Thị Điền"}
    lines, typed = [], 0
    for line in text.splitlines():
        if "# điền:" in line:
            line = filled[line.split("#")[0].rstrip()]
            typed += 1
        lines.append(line)
    return "\n".join(lines) + "\n", typed


def _scan(plan, base, kept_names: list[str], gone_names: list[str]) -> list[str]:
    """Lines of every document that name a unit of the base mapped away, or speak as the base issuer."""
    level, place = locality(base.issuer.name).level, locality(base.issuer.name).place
    allowed = [cite_base(base).cite(), base.issuer.name, f"UBND {level} {place}", *kept_names]
    own = [base.number_text] if base.number else []  # a blank number ("   /KH-UBND") is every draft's
    own += [base.signer.name] if base.signer.name else []
    speaks = re.compile(rf"\b(Ủy ban nhân dân|Uỷ ban nhân dân|UBND|HĐND|Hội đồng nhân dân) (?i:{level})\b(?! [A-ZĐ])|"
                        rf"\bTỉnh ủy\b|(địa bàn|toàn|của) (?i:{level})\b" + "".join(f"|{re.escape(t)}" for t in own))
    allowed_at = re.compile("|".join(re.escape(t) for t in sorted(allowed, key=len, reverse=True)), re.IGNORECASE)
    names = re.compile("|".join(rf"(?<!\w){re.escape(n)}(?!\w)" for n in sorted(gone_names, key=len, reverse=True)),
                       re.IGNORECASE)
    found = []
    for f in bundle_files(plan, default_templates()):
        if not f.path.endswith(".docx"):
            continue
        for line in document_text(f.data).splitlines():
            line = allowed_at.sub("", line)
            if speaks.search(line) or names.search(line):
                found.append(f"{f.path}: {line[:160]}")
    return found


@pytest.mark.slow
@pytest.mark.parametrize("key", sorted(BASES))
def test_a_commune_made_with_tao_xa_speaks_as_the_commune(tmp_path: Path, key: str) -> None:
    path, text = _starter(tmp_path, key)
    filled, typed = _fill(text)
    assert typed <= 15
    path.write_text(filled, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    plan, base = load_plan(path), load_plan(tmp_path / BASES[key].name)
    draft = propose(base, "Tân Phú Đông")
    kept = [p.base.name for p in draft.proposals if p.how == "giu"]
    ours = " ".join(u.name.lower() for u in plan.units)  # a base alias the commune's names contain is not a name
    gone = [s for p in draft.proposals if p.how != "giu" for s in (p.base.name, *p.base.aliases)
            if len(s) > 3 and s.lower() not in ours]
    assert plan.issuer.name == "Ủy ban nhân dân xã Tân Phú Đông" and plan.place == "Tân Phú Đông"
    assert plan.signer.name == "Lê Thị Điền" and plan.number == ""
    assert _scan(plan, base, kept, gone) == []


def test_tao_xa_never_overwrites_and_names_the_file(tmp_path: Path) -> None:
    path, text = _starter(tmp_path, "bac-ninh")
    result = CliRunner().invoke(main, ["tao-xa", str(tmp_path / BASES["bac-ninh"].name), "--ten", "Tân Phú Đông"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert path.read_text(encoding="utf-8") == text


def test_the_starter_comments_every_guess(tmp_path: Path) -> None:
    _, text = _starter(tmp_path, "kon-tum")
    assert "  so-tai-chinh: phong-kinh-te  # đề xuất: Sở Tài chính → Phòng Kinh tế" in text
    assert "  cong-an-tinh: cong-an-xa  # đề xuất: Công an tỉnh → Công an xã" in text
    assert ("  ubnd-cac-huyen: null  # đề xuất: Ủy ban nhân dân các huyện, thành phố: ở kế hoạch của xã, đó là "
            "chính xã") in text
    assert "  tinh-doan: doan-thanh-nien-xa  # đề xuất: Tỉnh Đoàn → Đoàn Thanh niên Cộng sản Hồ Chí Minh xã" in text
    assert text.count("# điền:") == 2


def test_validate_given_a_word_file_says_to_import_it(tmp_path: Path) -> None:
    path = tmp_path / "ke-hoach-tinh.docx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    for command in ("validate", "build"):
        result = CliRunner().invoke(main, [command, str(path)])
        assert result.exit_code == 1 and "kehoach nhap" in result.output, result.output


def test_a_unit_named_by_its_short_form_is_proposed_like_its_full_name() -> None:
    """Đồng Tháp's Kế hoạch 617 names only "Sở KH&CN": it is the Sở Khoa học và Công nghệ of the table (once
    proposed as "no unit at commune level", dropping five of its eleven tasks)."""
    import dataclasses

    base = load_plan(BASES["kon-tum"])
    units = tuple(dataclasses.replace(u, name="Sở KH&CN") if u.id == "so-tai-chinh" else u for u in base.units)
    draft = propose(dataclasses.replace(base, units=units), "Tân Phú Đông")
    [proposal] = [p for p in draft.proposals if p.base.id == "so-tai-chinh"]
    assert [draft.units[t] for t in proposal.targets] == ["Phòng Văn hóa - Xã hội"]


def test_what_communes_of_the_folder_chose_is_proposed_to_the_next(tmp_path: Path) -> None:
    """Two communes of Kon Tum gave the Sở Nội vụ's tasks to their Phòng Văn hóa - Xã hội and kept the Tỉnh Đoàn's
    as an outside body; the third commune's starter proposes the same, saying who chose it. A ward does not learn
    from communes, and a file that does not read is passed over."""
    base = tmp_path / "kon-tum.yaml"
    shutil.copy(BASES["kon-tum"], base)
    for name in ("Tân Phú Đông", "Mỹ Thọ"):
        assert CliRunner().invoke(main, ["tao-xa", str(base), "--ten", name]).exit_code == 0
    for path in (tmp_path / "xa-tan-phu-dong.yaml", tmp_path / "xa-my-tho.yaml"):
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"(?m)^  so-noi-vu: \S+  # .*$", "  so-noi-vu: phong-vhxh", text)
        text = re.sub(r"(?m)^  tinh-doan: \S+  # .*$\n", "", text)
        text = text.replace("giu_don_vi:  #", "giu_don_vi:\n  - tinh-doan\n  #", 1)
        path.write_text(text, encoding="utf-8")
    (tmp_path / "hong.yaml").write_text("ke_thua: kon-tum.yaml\n: : [\n", encoding="utf-8")
    assert CliRunner().invoke(main, ["tao-xa", str(base), "--ten", "Bờ Y"]).exit_code == 0
    third = (tmp_path / "xa-bo-y.yaml").read_text(encoding="utf-8")
    assert ("  so-noi-vu: phong-vhxh  # đề xuất: Sở Nội vụ → Phòng Văn hóa - Xã hội (như Ủy ban nhân dân xã Mỹ Thọ, "
            "Ủy ban nhân dân xã Tân Phú Đông đã chọn)") in third
    assert "  - tinh-doan  # đề xuất: Tỉnh Đoàn giữ nguyên (như" in third
    (tmp_path / "xa-bo-y.yaml").write_text(_fill(third)[0], encoding="utf-8")
    assert CliRunner().invoke(main, ["validate", str(tmp_path / "xa-bo-y.yaml")]).exit_code == 0
    assert CliRunner().invoke(main, ["tao-xa", str(base), "--ten", "phường Kinh Bắc"]).exit_code == 0
    ward = (tmp_path / "phuong-kinh-bac.yaml").read_text(encoding="utf-8")
    assert "đã chọn)" not in ward
