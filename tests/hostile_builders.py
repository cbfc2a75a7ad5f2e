"""Hostile and odd inputs built from bytes, shared by the hostile-batch tests and the reliability suite.

Every builder makes real files a user might send (or an attacker craft): PDFs that are truncated,
encrypted, scanned or 2,000 pages long, zip bombs honest and lying, billion laughs, deep HTML, legacy
Vietnamese encodings, odd file names. Text comes from the real corpus (corpus/000_duc-pho-quy-che-dan-chu.txt
for the seed lines).
"""

from __future__ import annotations

import io
import random
import struct
import unicodedata
import zipfile
import zlib

from pipeline.readers.legacy import _TCVN3, _VNI

TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def to_cp1258(text: str) -> bytes:
    """windows-1258 as Vietnamese Windows writes it: base letter, then a combining tone mark."""
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            tones = "".join(c for c in parts if c in TONE_MARKS)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONE_MARKS))
            out += (base + tones).encode("cp1258", errors="replace")
    return bytes(out)


def _pdf(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A small valid PDF from numbered object bodies, with a correct xref table."""
    body, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, obj in enumerate(objects, 1):
        offsets.append(len(body))
        body += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    body += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    body += b"trailer\n<< /Size %d /Root 1 0 R %s>>\n" % (len(objects) + 1, trailer)
    body += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(body)


PAGE_TREE = [
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
]
DRAWING = b"0 0 1 rg 50 50 200 200 re f"  # a filled square and no text: what a scan looks like to a parser


def image_only_pdf() -> bytes:
    return _pdf([*PAGE_TREE, b"<< /Length %d >>\nstream\n%s\nendstream" % (len(DRAWING), DRAWING)])


def encrypted_pdf() -> bytes:
    encrypt = b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P -4 >>" % (b"ab" * 32, b"cd" * 32)
    return _pdf(
        [*PAGE_TREE, b"<< /Length 0 >>\nstream\n\nendstream", encrypt],
        trailer=b"/Encrypt 5 0 R /ID [<%s> <%s>] " % (b"01" * 16, b"01" * 16),
    )


def zip_bomb_docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<w:t>" + b"0" * 20_000_000 + b"</w:t>")  # ~1000:1
    return buffer.getvalue()


def zip_without_document() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "Xin chào")
    return buffer.getvalue()


SEED_LINES = (
    "Ban Chỉ đạo đã tổ chức 10 đoàn kiểm tra, giám sát tại 10 đơn vị.",  # corpus/000_duc-pho
    "Tổ chức 35 hội nghị đối thoại cấp thị xã và cấp xã, phường.",
    "Kêu gọi ủng hộ với tổng giá trị hơn 3,4 tỷ đồng.",
)


def deep_html(depth: int) -> bytes:
    first, deep, last = SEED_LINES
    return (
        f"<html><body><p>{first}</p>" + "<div>" * depth + deep + "</div>" * depth + f"<p>{last}</p></body></html>"
    ).encode("utf-8")


def lying_docx(inflated: int = 1 << 30, declared: int = 4096, noise: bool = False) -> bytes:
    """A .docx whose word/document.xml declares `declared` bytes and inflates to `inflated` (zeros, or
    incompressible noise that no ratio check would flag)."""

    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    rng = random.Random(7)
    blocks = (rng.randbytes(1 << 20) if noise else b"\0" * (1 << 20) for _ in range(inflated >> 20))
    packed = b"".join(deflate.compress(block) for block in blocks) + deflate.flush()
    members = [
        (b"[Content_Types].xml", 0, b"<Types/>", len(b"<Types/>"), zlib.crc32(b"<Types/>")),
        (b"word/document.xml", 8, packed, declared, zlib.crc32(b"\0" * declared)),
    ]
    body, directory = b"", b""
    for name, method, data, size, crc in members:
        directory += (
            struct.pack(
                "<4sHHHHHHIIIHHHHHII",
                b"PK\x01\x02",
                20,
                20,
                0,
                method,
                0,
                0,
                crc,
                len(data),
                size,
                len(name),
                0,
                0,
                0,
                0,
                0,
                len(body),
            )
            + name
        )
        body += (
            struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, method, 0, 0, crc, len(data), size, len(name), 0)
            + name
            + data
        )
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(members), len(members), len(directory), len(body), 0)
    return body + directory + end


def to_tcvn3(text: str) -> bytes:
    """Lower-case Vietnamese as TCVN3 bytes (VN3 has no upper-case toned letters)."""
    reverse = {v: k for k, v in _TCVN3.items()}
    return "".join(reverse.get(c, c) for c in unicodedata.normalize("NFC", text.lower())).encode("latin-1", "replace")


def to_vni(text: str) -> bytes:
    reverse = {v: k for k, v in _VNI.items()}
    return "".join(reverse.get(c, c) for c in unicodedata.normalize("NFC", text)).encode("latin-1", "replace")


def pdf_pages(n: int) -> bytes:
    """An n-page PDF, one line of text per page (Helvetica, so ASCII: 'Trang 7: 12 ho ngheo')."""
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(n))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", f"<< /Type /Pages /Kids [{kids}] /Count {n} >>".encode()]
    font = 3 + 2 * n
    for i in range(n):
        stream = f"BT /F1 12 Tf 72 720 Td (Trang {i + 1}: {12 + i} ho ngheo) Tj ET".encode()
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {4 + 2 * i} 0 R "
            f"/Resources << /Font << /F1 {font} 0 R >> >> >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    return _pdf(objects)


def billion_laughs(kind: str) -> bytes:
    """Nine levels of entities, each ten of the last: 10^9 'lol's if a parser expanded them."""
    entities = '<!ENTITY lol0 "lol">' + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    if kind == "html":
        return (f"<!DOCTYPE html [{entities}]><html><body><p>{SEED_LINES[0]} &lol9;</p></body></html>").encode()
    document = (
        f'<?xml version="1.0"?><!DOCTYPE w:document [{entities}]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        f"<w:p><w:r><w:t>{SEED_LINES[0]} &lol9;</w:t></w:r></w:p></w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", PACKAGE_RELS)
        archive.writestr("word/document.xml", document)
    return buffer.getvalue()


CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
    '"/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.'
    'document.main+xml"/></Types>'
)
PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
    '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)

# File names people and old tools produce: each must come back as its own doc_id, named in its records.
ODD_NAMES = (
    "-rf.txt",
    "tên có\nxuống dòng.txt",
    "nháy 'đơn' và \"kép\".txt",
    "gạch\\ngược.txt",
    "😀 biểu tượng.txt",
    " dấu cách đầu.txt",
    "CHỮ HOA.TXT",
    "nhiều.dấu.chấm.txt",
    "dài " + "ư" * 120 + ".txt",
    unicodedata.normalize("NFD", "Báo cáo tổng hợp.txt"),
)
