"""Legacy Vietnamese encodings in .txt files: windows-1258, TCVN3 (ABC), VNI; UTF-16; failures."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.errors import ReadError
from pipeline.readers import read_document
from pipeline.readers.legacy import _TCVN3, _VNI, decode_tcvn3, decode_vni, syllable_score
from pipeline.readers.normalize import normalize_text

# Real sentences from ../shared/corpus (copied so the tests run without it).
SENTENCES = {
    "000_duc-pho": "Ban Chỉ đạo thị xã đã thành lập 10 đoàn kiểm tra, giám sát việc thực hiện quy chế dân chủ ở cơ sở",
    "001_xoa-bo": "toàn tỉnh còn 10.689 hộ nghèo, chiếm tỷ lệ 3,2% so với tổng số hộ dân cư",
    "005_tphcm": "luỹ kế đến ngày 15/12/2020, Cục Hải quan TPHCM đã thu đạt kết quả trên 100.090 tỷ đồng, "
    "đạt 87,0% dự toán",
    "077_xay-dung": "Xây dựng 1.000 cơ sở hạ tầng nông thôn, sự bứt phá của huyện nghèo",
}

# Independent examples of each legacy encoding, as published by converters.
KNOWN = [
    pytest.param(decode_tcvn3, "B¶o Th¾ng", "Bảo Thắng", id="tcvn3: Bảo Thắng"),
    pytest.param(decode_tcvn3, "M\xadêng Kh\xad¬ng", "Mường Khương", id="tcvn3: Mường Khương"),
    pytest.param(decode_tcvn3, "B¸t X¸t", "Bát Xát", id="tcvn3: Bát Xát"),
    pytest.param(decode_vni, "Xin chaøo caùc baïn", "Xin chào các bạn", id="vni: Xin chào các bạn"),
    pytest.param(decode_vni, "Vieät Nam", "Việt Nam", id="vni: Việt Nam"),
]


@pytest.mark.parametrize(("decode", "legacy", "expected"), KNOWN)
def test_known_legacy_strings(decode, legacy: str, expected: str) -> None:
    assert decode(legacy) == expected


def to_tcvn3(text: str) -> bytes:
    """Encode lower-case Vietnamese as TCVN3 bytes (VN3 has no upper-case toned letters)."""
    reverse = {v: k for k, v in _TCVN3.items()}
    return "".join(reverse.get(c, c) for c in unicodedata.normalize("NFC", text)).encode("latin-1")


def to_vni(text: str) -> bytes:
    reverse = {v: k for k, v in _VNI.items()}
    return "".join(reverse.get(c, c) for c in unicodedata.normalize("NFC", text)).encode("latin-1")


def to_cp1258(text: str) -> bytes:
    """windows-1258 holds some precomposed letters and the five tone marks as combining characters."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFD", char)
            tone = "".join(c for c in decomposed if c in "\u0300\u0301\u0303\u0309\u0323")
            base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in tone))
            out += base.encode("cp1258") + tone.encode("cp1258")
    return bytes(out)


def _read(tmp_path: Path, data: bytes, name: str = "doc.txt"):
    path = tmp_path / name
    path.write_bytes(data)
    return read_document(path, tmp_path)


@pytest.mark.parametrize("origin", sorted(SENTENCES))
def test_windows_1258_converted_with_warning(tmp_path: Path, origin: str) -> None:
    text = SENTENCES[origin]
    doc = _read(tmp_path, to_cp1258(text))
    assert doc.encoding == "windows-1258"
    assert doc.text == normalize_text(text)
    assert any("windows-1258" in w for w in doc.warnings)


@pytest.mark.parametrize("origin", sorted(SENTENCES))
def test_tcvn3_bytes_converted(tmp_path: Path, origin: str) -> None:
    text = SENTENCES[origin].lower()
    doc = _read(tmp_path, to_tcvn3(text))
    assert doc.encoding == "tcvn3"
    assert doc.text == normalize_text(text)
    assert any("TCVN3" in w for w in doc.warnings)


@pytest.mark.parametrize("origin", sorted(SENTENCES))
def test_vni_bytes_converted(tmp_path: Path, origin: str) -> None:
    text = SENTENCES[origin]
    doc = _read(tmp_path, to_vni(text))
    assert doc.encoding == "vni"
    assert doc.text == normalize_text(text)


def test_tcvn3_typed_into_unicode(tmp_path: Path) -> None:
    """A .txt saved as UTF-8 whose text was typed in a .VnTime font: the Latin-1 look-alikes are converted."""
    text = SENTENCES["001_xoa-bo"]
    garbled = to_tcvn3(text.lower()).decode("latin-1")
    doc = _read(tmp_path, garbled.encode("utf-8"))
    assert doc.encoding == "utf-8"
    assert doc.text == normalize_text(text.lower())
    assert any("TCVN3" in w for w in doc.warnings)


def test_unicode_with_latin1_symbols_left_alone(tmp_path: Path) -> None:
    text = "Nhiệt độ 25°C, giá 1.200 € (±5%), «trích dẫn» — " + SENTENCES["000_duc-pho"]
    doc = _read(tmp_path, text.encode("utf-8"))
    assert doc.text == text and doc.warnings == []


@pytest.mark.parametrize(
    ("codec", "bom"),
    [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"), ("utf-8", b"\xef\xbb\xbf")],
    ids=["utf-16-le-bom", "utf-16-be-bom", "utf-8-bom"],
)
def test_boms(tmp_path: Path, codec: str, bom: bytes) -> None:
    text = SENTENCES["005_tphcm"] + "\r\n" + SENTENCES["077_xay-dung"]
    doc = _read(tmp_path, bom + text.encode(codec))
    assert doc.text == normalize_text(text)
    assert doc.text.startswith("lũy kế") and "\r" not in doc.text
    assert not doc.text.startswith("\ufeff")


def test_utf16_without_bom(tmp_path: Path) -> None:
    doc = _read(tmp_path, SENTENCES["001_xoa-bo"].encode("utf-16-le"))
    assert doc.text == SENTENCES["001_xoa-bo"]
    assert doc.warnings


def test_utf8_with_one_broken_byte_is_kept(tmp_path: Path) -> None:
    text = SENTENCES["077_xay-dung"] * 3
    data = text.encode("utf-8")
    doc = _read(tmp_path, data[:40] + b"\xff" + data[40:])
    assert doc.encoding == "utf-8" and "1 invalid UTF-8" in doc.warnings[0]
    assert doc.text.replace("\ufffd", "") == text


def test_undecodable_is_e103(tmp_path: Path) -> None:
    """Shift-JIS Japanese is neither UTF-8 nor any Vietnamese encoding."""
    data = ("東京都の人口は約1400万人です。" * 20).encode("shift_jis")
    with pytest.raises(ReadError) as caught:
        _read(tmp_path, data)
    assert caught.value.code == "E103"
    assert "doc.txt" in caught.value.message


def test_unmappable_legacy_font_is_e104(tmp_path: Path) -> None:
    """TCVN3-looking text with many bytes no table maps (VN1 variant codes) fails naming the encoding."""
    half = to_tcvn3(SENTENCES["000_duc-pho"].lower())
    data = half + bytes([0x80, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8A, 0x8B, 0x8C])
    with pytest.raises(ReadError) as caught:
        _read(tmp_path, data)
    assert caught.value.code == "E104"
    assert "TCVN3" in caught.value.message


_LOWER_VIETNAMESE = st.text(
    alphabet=st.sampled_from(sorted(set("".join(_TCVN3.values()).lower()) | set("bcdghklmnpqrstvx .,0123456789"))),
    max_size=40,
)


@given(_LOWER_VIETNAMESE)
def test_tcvn3_round_trip(text: str) -> None:
    assert decode_tcvn3(to_tcvn3(text).decode("latin-1")) == text


@given(_LOWER_VIETNAMESE.map(lambda t: t.title()))
def test_vni_round_trip(text: str) -> None:
    """Longest match first: a base letter followed by a mark byte is never read as two letters."""
    assert decode_vni(to_vni(text).decode("latin-1")) == text


@pytest.mark.parametrize("origin", sorted(SENTENCES))
def test_raw_legacy_bytes_do_not_score_as_vietnamese(origin: str) -> None:
    text = SENTENCES[origin].lower()
    assert syllable_score(text)[0] == 1.0
    for encode in (to_tcvn3, to_vni):
        assert syllable_score(encode(text).decode("latin-1"))[0] < 0.5
