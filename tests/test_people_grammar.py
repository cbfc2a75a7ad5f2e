"""People as a grammar (issue 12, part 6): one table per mechanism, each row named by its origin.

Rows marked `invented` are sentences written for the mechanism in the shapes news of other fields
(law, banking, insurance, traffic, the army and the police) and unit reports of provinces and
communes use; rows marked `corpus/NNN_…` are copied from ../shared/corpus. Expected values follow
ANNOTATION.md, People: every title as written, a rank a title of its own, each capacity its own
title, a comma inside one body's name no split, the signatory's capacities without the `KT.`/`TM.`/
`TL.` lines, one wording per post (the fullest), status words no titles, bylines, credits, places
and bodies no people.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.entities import extract_entities
from extractors.entities.markup import mask_emphasis
from extractors.entities.rules import head_words
from tests.lexicon import LEXICON


def people(text: str) -> dict[str, list[str]]:
    """name -> titles (unioned over mentions, in order), as the scorer reads a run."""
    out: dict[str, list[str]] = {}
    for e in extract_entities(text, LEXICON):
        if e.type == "PER":
            titles = out.setdefault(e.name or e.text, [])
            titles += [t for t in e.titles if t not in titles]
    return out


def _check(text: str, expected: dict[str, list[str]]) -> None:
    found = people(text)
    assert set(found) == set(expected), found
    for name, titles in expected.items():
        assert sorted(found[name]) == sorted(titles), (name, found[name])


def _table(rows: list[tuple[str, str, dict[str, list[str]]]]):  # type: ignore[no-untyped-def]
    return pytest.mark.parametrize(("text", "expected"), [r[1:] for r in rows], ids=[r[0] for r in rows])


# --- a military or police rank is a title of its own --------------------------------------------

RANKS = [
    (
        "invented: rank, then the post after a comma",
        "Thượng tá Nguyễn Văn An, Phó Trưởng Công an huyện Đức Thọ, cho biết lực lượng chức năng đã tạm giữ 3 đối tượng.",
        {"Nguyễn Văn An": ["Thượng tá", "Phó Trưởng Công an huyện Đức Thọ"]},
    ),
    (
        "invented: rank, then the post after a dash",
        "Đại tá Lê Quang Đạo - Giám đốc Công an tỉnh Hà Tĩnh chủ trì hội nghị.",
        {"Lê Quang Đạo": ["Đại tá", "Giám đốc Công an tỉnh Hà Tĩnh"]},
    ),
    (
        "invented: the post, a comma, then the rank before the name",
        "Phó Giám đốc Công an tỉnh, Thượng tá Trần Hữu Bình cho biết đã khởi tố vụ án.",
        {"Trần Hữu Bình": ["Phó Giám đốc Công an tỉnh", "Thượng tá"]},
    ),
    (
        "invented: the post runs into the rank without a comma",
        "Giám đốc Công an tỉnh Đại tá Nguyễn Hồng Phong đã ký quyết định khen thưởng.",
        {"Nguyễn Hồng Phong": ["Giám đốc Công an tỉnh", "Đại tá"]},
    ),
    (
        "invented: traffic police",
        "Trung tá Phạm Văn Tùng, Đội trưởng Đội Cảnh sát giao thông số 2, cho biết tổ công tác đã lập biên bản.",
        {"Phạm Văn Tùng": ["Trung tá", "Đội trưởng Đội Cảnh sát giao thông số 2"]},
    ),
    (
        "invented: a general and the army",
        "Thiếu tướng Nguyễn Văn Hòa, Phó Tư lệnh Quân khu 4, đã đến thăm và tặng quà.",
        {"Nguyễn Văn Hòa": ["Thiếu tướng", "Phó Tư lệnh Quân khu 4"]},
    ),
    (
        "invented: honorific, rank, name",
        "Tham dự có đồng chí Đại úy Hoàng Minh Tú, Phó Trưởng Công an xã Tân Lập.",
        {"Hoàng Minh Tú": ["Đại úy", "Phó Trưởng Công an xã Tân Lập"]},
    ),
    (
        "invented: three capacities of a general",
        "Dự lễ có Thượng tướng Lê Quốc Hùng, Ủy viên Trung ương Đảng, Thứ trưởng Bộ Công an.",
        {"Lê Quốc Hùng": ["Thượng tướng", "Ủy viên Trung ương Đảng", "Thứ trưởng Bộ Công an"]},
    ),
    (
        "invented: commune police chief",
        "Trưởng Công an xã Hòa Phú, Thượng úy Lê Văn Hậu cho biết đã vận động người dân giao nộp 5 khẩu súng.",
        {"Lê Văn Hậu": ["Trưởng Công an xã Hòa Phú", "Thượng úy"]},
    ),
    (
        "corpus/019_gap-mat: a rank and a post ended by the next person",
        "Dịp này, các đại biểu còn được giao lưu với Thượng úy Nguyễn Chu Khánh, Trợ lý Công tác Quần chúng Bộ CHQS "
        "tỉnh và Tiến sĩ Lê Mộng Huyền, Giảng viên Khoa kinh tế và Kế toán, Trường Đại học Quy Nhơn trong bất kỳ hoàn "
        "cảnh nào",
        {
            "Nguyễn Chu Khánh": ["Thượng úy", "Trợ lý Công tác Quần chúng Bộ CHQS tỉnh"],
            "Lê Mộng Huyền": ["Giảng viên Khoa kinh tế và Kế toán, Trường Đại học Quy Nhơn"],
        },
    ),
]


@_table(RANKS)
def test_a_rank_is_a_title_of_its_own(text: str, expected: dict[str, list[str]]) -> None:
    _check(text, expected)


# --- several titles joined by `,`, `-`, `kiêm`, before or after the name ------------------------

CHAINS = [
    (
        "invented: dash then comma after the name",
        "Ông Nguyễn Văn Thắng - Bí thư Đảng ủy, Chủ tịch HĐND xã Quảng Phú - phát biểu khai mạc.",
        {"Nguyễn Văn Thắng": ["Bí thư Đảng ủy", "Chủ tịch HĐND xã Quảng Phú"]},
    ),
    (
        "invented: three titles after the name",
        "Dự hội nghị có bà Trần Thị Lan, Ủy viên Ban Thường vụ Huyện ủy, Trưởng Ban Dân vận Huyện ủy, Chủ tịch Ủy ban "
        "MTTQ Việt Nam huyện.",
        {
            "Trần Thị Lan": [
                "Ủy viên Ban Thường vụ Huyện ủy",
                "Trưởng Ban Dân vận Huyện ủy",
                "Chủ tịch Ủy ban MTTQ Việt Nam huyện",
            ]
        },
    ),
    (
        "invented: two titles chained before the name",
        "Ủy viên Ban Thường vụ Tỉnh ủy, Phó Chủ tịch Thường trực UBND tỉnh Võ Văn Chánh chủ trì cuộc họp.",
        {"Võ Văn Chánh": ["Ủy viên Ban Thường vụ Tỉnh ủy", "Phó Chủ tịch Thường trực UBND tỉnh"]},
    ),
    (
        "invented: two officials separated by a semicolon",
        "Đồng chí Nguyễn Văn Tuấn - Phó Bí thư Thường trực Huyện ủy, Chủ tịch HĐND huyện; đồng chí Lê Văn Nam - Phó Bí "
        "thư Huyện ủy, Chủ tịch UBND huyện.",
        {
            "Nguyễn Văn Tuấn": ["Phó Bí thư Thường trực Huyện ủy", "Chủ tịch HĐND huyện"],
            "Lê Văn Nam": ["Phó Bí thư Huyện ủy", "Chủ tịch UBND huyện"],
        },
    ),
    (
        "invented: a list closed by `và`: the title before `và` is the previous person's",
        "Đến dự có các đồng chí: Nguyễn Văn Tuấn, Phó Bí thư Thường trực Huyện ủy; Lê Văn Nam, Chủ tịch UBND huyện và "
        "Trần Thị Hoa, Phó Chủ tịch HĐND huyện.",
        {
            "Nguyễn Văn Tuấn": ["Phó Bí thư Thường trực Huyện ủy"],
            "Lê Văn Nam": ["Chủ tịch UBND huyện"],
            "Trần Thị Hoa": ["Phó Chủ tịch HĐND huyện"],
        },
    ),
    (
        "invented: kiêm joins two capacities of a company head",
        "Ông Nguyễn Văn Hòa - Chủ tịch Hội đồng quản trị kiêm Tổng Giám đốc Công ty cổ phần Đầu tư Phát triển nhà Đà "
        "Nẵng.",
        {
            "Nguyễn Văn Hòa": [
                "Chủ tịch Hội đồng quản trị",
                "Tổng Giám đốc Công ty cổ phần Đầu tư Phát triển nhà Đà Nẵng",
            ]
        },
    ),
    (
        "invented: the title in brackets",
        "Ông Lê Văn Bình (Giám đốc Sở Nội vụ) cho biết.",
        {"Lê Văn Bình": ["Giám đốc Sở Nội vụ"]},
    ),
    (
        "invented: an acting post taken by `làm`",
        "Đoàn do ông Trần Văn Hùng, Giám đốc Sở Y tế làm trưởng đoàn.",
        {"Trần Văn Hùng": ["Giám đốc Sở Y tế", "trưởng đoàn"]},
    ),
    (
        "invented: a head in lower case right before the name, and `làm` a post",
        "Hội đồng xét xử do thẩm phán Nguyễn Văn Minh làm chủ tọa.",
        {"Nguyễn Văn Minh": ["thẩm phán", "chủ tọa"]},
    ),
    (
        "invented: a pronoun and a copula later in the sentence",
        "Ông Lê Văn Tám, Chủ tịch UBND xã, cho biết trước đây ông là Trưởng Công an xã.",
        {"Lê Văn Tám": ["Chủ tịch UBND xã", "Trưởng Công an xã"]},
    ),
    (
        "corpus/038_ca-mau: a pronoun and a copula, lower case",
        "Tại buổi gặp công chức, viên chức trẻ của tỉnh Cà Mau mới đây, ông Nguyễn Phương Bắc, Giám đốc Sở Nội vụ tỉnh "
        'Cà Mau "bật mí", trước đây ông là giảng viên chính thức của trường Chính trị tỉnh, sau là thỉnh giảng',
        {"Nguyễn Phương Bắc": ["Giám đốc Sở Nội vụ tỉnh Cà Mau", "giảng viên chính thức của trường Chính trị tỉnh"]},
    ),
    (
        "invented: a group title with an honorific, then a list after the colon",
        "Tham dự có các đồng chí Phó Chủ tịch UBND tỉnh: Nguyễn Văn Hùng, Trần Thị Lan.",
        {"Nguyễn Văn Hùng": ["Phó Chủ tịch UBND tỉnh"], "Trần Thị Lan": ["Phó Chủ tịch UBND tỉnh"]},
    ),
    (
        "invented: a list of a steering committee's members",
        "1. Ông Nguyễn Văn An - Chủ tịch UBND xã - Trưởng ban;\n2. Bà Trần Thị Bình - Phó Chủ tịch UBND xã - Phó "
        "Trưởng ban;",
        {
            "Nguyễn Văn An": ["Chủ tịch UBND xã", "Trưởng ban"],
            "Trần Thị Bình": ["Phó Chủ tịch UBND xã", "Phó Trưởng ban"],
        },
    ),
    (
        "invented: a table of officials, one row each",
        "| 1 | Nguyễn Văn An | Chủ tịch UBND xã | 0912345678 |\n| 2 | Trần Thị Bình | Phó Chủ tịch UBND xã | 0987654321 |",
        {"Nguyễn Văn An": ["Chủ tịch UBND xã"], "Trần Thị Bình": ["Phó Chủ tịch UBND xã"]},
    ),
    (
        "invented: a recipient with an abbreviated post",
        "Nơi nhận:\n- Đ/c Chủ tịch UBND tỉnh;\n- Đ/c Nguyễn Văn Hùng - PCT UBND tỉnh (b/c);\n- Lưu: VT, (Hương).",
        {"Nguyễn Văn Hùng": ["PCT UBND tỉnh"]},
    ),
    (
        "invented: a copula right after the name, then a time",
        "Ông Nguyễn Văn An cho biết bà Trần Thị Bình là Chủ tịch Hội Phụ nữ xã từ năm 2015.",
        {"Nguyễn Văn An": [], "Trần Thị Bình": ["Chủ tịch Hội Phụ nữ xã"]},
    ),
    (
        "invented: a copula before no head is no title",
        "Ông Lê Văn Dũng là người có uy tín trong cộng đồng.",
        {"Lê Văn Dũng": []},
    ),
    (
        "invented: a pronoun in the next sentence is left alone",
        "Ông Nguyễn Văn Phúc cảm ơn sự hỗ trợ của tỉnh. Ông từng là Chủ tịch UBND xã Tân An.",
        {"Nguyễn Văn Phúc": []},
    ),
]


@_table(CHAINS)
def test_titles_chain_before_and_after_the_name(text: str, expected: dict[str, list[str]]) -> None:
    _check(text, expected)


# --- `(nay là …)`: a later post in brackets; a renamed place is none ----------------------------

CURRENT = [
    (
        "invented: former post, then the current one in brackets",
        "Làm việc với đoàn có ông Lê Văn Sơn, nguyên Chủ tịch UBND huyện Hòa Vang (nay là Phó Chủ tịch UBND thành phố "
        "Đà Nẵng).",
        {"Lê Văn Sơn": ["nguyên Chủ tịch UBND huyện Hòa Vang", "Phó Chủ tịch UBND thành phố Đà Nẵng"]},
    ),
    (
        "invented: a commune renamed after the 2025 merger",
        "Ông Phạm Văn Hưng, Chủ tịch UBND xã Tân Phú (nay là xã Phú Tân), cho biết xã đã hoàn thành 19 tiêu chí.",
        {"Phạm Văn Hưng": ["Chủ tịch UBND xã Tân Phú"]},
    ),
    (
        "invented: the renamed place, then one more title",
        "Bà Lò Thị Xuân, Bí thư Đảng ủy xã Mường Khoa (nay là xã Tân Uyên), Chủ tịch HĐND xã, dự và phát biểu.",
        {"Lò Thị Xuân": ["Bí thư Đảng ủy xã Mường Khoa", "Chủ tịch HĐND xã"]},
    ),
]


@_table(CURRENT)
def test_a_current_post_in_brackets(text: str, expected: dict[str, list[str]]) -> None:
    _check(text, expected)


# --- a comma inside one body's name does not split its title ------------------------------------

COMMAS = [
    (
        "invented: two fields of one office",
        "Ông Trần Quốc Việt, Trưởng phòng Văn hóa, Thông tin huyện Yên Thành, cho biết huyện có 38 làng văn hóa.",
        {"Trần Quốc Việt": ["Trưởng phòng Văn hóa, Thông tin huyện Yên Thành"]},
    ),
    (
        "invented: a committee of the National Assembly, title before the name",
        "Chủ nhiệm Ủy ban Văn hóa, Giáo dục của Quốc hội Nguyễn Đắc Vinh trình bày báo cáo thẩm tra.",
        {"Nguyễn Đắc Vinh": ["Chủ nhiệm Ủy ban Văn hóa, Giáo dục của Quốc hội"]},
    ),
    (
        "corpus/095_quoc-hoi: the standard's committee",
        "Chủ nhiệm Ủy ban Tài chính, Ngân sách của Quốc hội Nguyễn Đức Hải trình bày Báo cáo thẩm tra quyết toán NSNN "
        "năm 2015.",
        {"Nguyễn Đức Hải": ["Chủ nhiệm Ủy ban Tài chính, Ngân sách của Quốc hội"]},
    ),
    (
        "invented: three fields of one department",
        "Bà Nguyễn Thị Hà, Giám đốc Sở Văn hóa, Thể thao và Du lịch tỉnh Nghệ An, cho biết năm nay tỉnh đón 8 triệu "
        "lượt khách.",
        {"Nguyễn Thị Hà": ["Giám đốc Sở Văn hóa, Thể thao và Du lịch tỉnh Nghệ An"]},
    ),
    (
        "invented: an address, level by level",
        "Ông Lê Văn Hải, Chủ tịch UBND xã Cẩm Bình, huyện Cẩm Xuyên, tỉnh Hà Tĩnh cho biết toàn xã có 215 hộ nghèo.",
        {"Lê Văn Hải": ["Chủ tịch UBND xã Cẩm Bình, huyện Cẩm Xuyên, tỉnh Hà Tĩnh"]},
    ),
    (
        "corpus/012_quan-go-vap: a ward and its district",
        "Chị Ngô Túy Kiều (trái), Chủ tịch Hội LHPN phường 4, quận Gò Vấp thăm hỏi đời sống, sinh hoạt của một hộ "
        "nghèo trên địa bàn.",
        {"Ngô Túy Kiều": ["Chủ tịch Hội LHPN phường 4, quận Gò Vấp"]},
    ),
    (
        "invented: a village head and the commune",
        "Ông Lò Văn Pọm, Trưởng bản Nà Khoang, xã Mường Chanh, cho biết bản có 86 hộ.",
        {"Lò Văn Pọm": ["Trưởng bản Nà Khoang, xã Mường Chanh"]},
    ),
    (
        "invented: the same level after the comma is a new clause",
        "Ông Lý Văn Tài, Chủ tịch UBND xã Hòa Bình, xã Hòa Bình có 12 thôn.",
        {"Lý Văn Tài": ["Chủ tịch UBND xã Hòa Bình"]},
    ),
    (
        "invented: a second head after the comma is a second title",
        "Ông Lê Văn Hải, Giám đốc Sở Tài chính, Trưởng ban Quản lý dự án nâng cấp đê, cho biết.",
        {"Lê Văn Hải": ["Giám đốc Sở Tài chính", "Trưởng ban Quản lý dự án nâng cấp đê"]},
    ),
    (
        "invented: the body a faculty belongs to",
        "Bà Phạm Thị Thu, Trưởng phòng Đào tạo sau đại học, Trường Đại học Vinh, cho biết.",
        {"Phạm Thị Thu": ["Trưởng phòng Đào tạo sau đại học, Trường Đại học Vinh"]},
    ),
]


@_table(COMMAS)
def test_a_comma_inside_a_body_keeps_one_title(text: str, expected: dict[str, list[str]]) -> None:
    _check(text, expected)


# --- where a title ends: words are whole, the next person ends it ---------------------------------

ENDS = [
    (
        "corpus/044_hoai-an: `dự` of `dự án` is no verb",
        "Ông Võ Văn Đức, Giám đốc Ban Quản lý dự án đầu tư xây dựng và Phát triển quỹ đất huyện Hoài Ân, chia sẻ",
        {"Võ Văn Đức": ["Giám đốc Ban Quản lý dự án đầu tư xây dựng và Phát triển quỹ đất huyện Hoài Ân"]},
    ),
    (
        "invented: `làm` of `việc làm` is no verb",
        "Bà Lê Thị Hoa, Giám đốc Trung tâm Dịch vụ việc làm tỉnh Nghệ An, cho biết quý I có 2.500 lao động.",
        {"Lê Thị Hoa": ["Giám đốc Trung tâm Dịch vụ việc làm tỉnh Nghệ An"]},
    ),
    (
        "invented: `dự` a verb",
        "Giám đốc Sở Y tế Nguyễn Văn Hai dự và phát biểu tại hội nghị.",
        {"Nguyễn Văn Hai": ["Giám đốc Sở Y tế"]},
    ),
    (
        "invented: `có mặt` a verb",
        "Chủ tịch UBND tỉnh Nguyễn Văn Hai có mặt tại hiện trường từ sáng sớm.",
        {"Nguyễn Văn Hai": ["Chủ tịch UBND tỉnh"]},
    ),
    (
        "corpus/069_thu-thua: a verb after the title",
        "Bà Lê Thị Thanh Giang Chủ tịch Hội LHPN huyện tiếp đoàn.",
        {"Lê Thị Thanh Giang": ["Chủ tịch Hội LHPN huyện"]},
    ),
    (
        "invented: `TP.` is an abbreviation, no end",
        "Phó Chủ tịch UBND TP. Hà Nội Dương Đức Tuấn cho biết.",
        {"Dương Đức Tuấn": ["Phó Chủ tịch UBND TP. Hà Nội"]},
    ),
    (
        "invented: the commune's `xã` and a lower-case verb after a number",
        "Chủ tịch Hội LHPN phường 4 dẫn chúng tôi đến thăm gia đình chị Phan Thị Thúy Nga.",
        {"Phan Thị Thúy Nga": []},
    ),
]


@_table(ENDS)
def test_where_a_title_ends(text: str, expected: dict[str, list[str]]) -> None:
    _check(text, expected)


# --- names inside Markdown emphasis -------------------------------------------------------------

EMPHASIS = [
    (
        "invented: bold honorific and name",
        "**Ông Lê Văn An**, Chủ tịch UBND xã Hòa Tiến, cho biết xã đã giải ngân 12 tỷ đồng.",
        {"Lê Văn An": ["Chủ tịch UBND xã Hòa Tiến"]},
    ),
    (
        "invented: bold name after the title",
        "Phó Chủ tịch UBND tỉnh **Nguyễn Hồng Lĩnh** phát biểu chỉ đạo hội nghị.",
        {"Nguyễn Hồng Lĩnh": ["Phó Chủ tịch UBND tỉnh"]},
    ),
    (
        "invented: italic title",
        "Ông Trần Đức Minh, *Phó Giám đốc Sở Nông nghiệp và Môi trường*, cho biết.",
        {"Trần Đức Minh": ["Phó Giám đốc Sở Nông nghiệp và Môi trường"]},
    ),
    (
        "corpus/F23_hdnd-tp-hue: a bold capacity line",
        "Nơi nhận:\n- Như Điều 8;\n- Lưu: VT.\n|\n**CHỦ TỊCH**\nLê Trường Lưu\n|\n",
        {"Lê Trường Lưu": ["CHỦ TỊCH"]},
    ),
]


@_table(EMPHASIS)
def test_names_inside_emphasis(text: str, expected: dict[str, list[str]]) -> None:
    _check(text, expected)


def test_emphasis_masking_keeps_offsets() -> None:
    text = "Ông **Lê Văn An**, Chủ tịch UBND xã; file_name giữ nguyên"
    masked = mask_emphasis(text)
    assert len(masked) == len(text) and "file_name" in masked and "*" not in masked
    pers = [e for e in extract_entities(text, LEXICON) if e.type == "PER"]
    assert [text[e.start : e.end] for e in pers] == ["Lê Văn An"]


# --- the signatory: the capacities above the name, without the KT./TM./TL. lines -----------------

SIGNATURES = [
    (
        "invented: on behalf of the committee, for the chairman",
        "Nơi nhận:\n- Như Điều 3;\n- Lưu: VT, TH.\nTM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\n\nNguyễn Văn Sơn",
        {"Nguyễn Văn Sơn": ["PHÓ CHỦ TỊCH"]},
    ),
    (
        "invented: the standard's block with two capacities",
        "Nơi nhận:\n- Văn phòng Chính phủ;\n- Lưu: VT.\nTM. BAN CHỈ ĐẠO\nPHÓ TRƯỞNG BAN\nPHÓ CHỦ TỊCH UBND TỈNH\n\n"
        "Nguyễn Ngọc Phúc",
        {"Nguyễn Ngọc Phúc": ["PHÓ TRƯỞNG BAN", "PHÓ CHỦ TỊCH UBND TỈNH"]},
    ),
    (
        "corpus/B05_bcd-tinh: the block flattened onto one line of a table",
        "- Lưu: VT, NC.Châu | TM. BAN CHỈ ĐẠO PHÓ TRƯỞNG BAN PHÓ CHỦ TỊCH UBND TỈNH Nguyễn Ngọc Phúc | ",
        {"Nguyễn Ngọc Phúc": ["PHÓ TRƯỞNG BAN", "PHÓ CHỦ TỊCH UBND TỈNH"]},
    ),
    ("invented: a party committee", "TM. ĐẢNG ỦY\nBÍ THƯ\n\n\nHoàng Văn Nam", {"Hoàng Văn Nam": ["BÍ THƯ"]}),
    (
        "invented: a flattened commune block",
        "- Lưu: VT. | TM. UBND XÃ CHỦ TỊCH Lê Văn Tâm |",
        {"Lê Văn Tâm": ["CHỦ TỊCH"]},
    ),
    (
        "invented: a note between the capacity and the name",
        "đề nghị các đơn vị thực hiện./.\nKT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n(Đã ký)\nPhạm Thị Mai",
        {"Phạm Thị Mai": ["PHÓ GIÁM ĐỐC"]},
    ),
    (
        "invented: a two-column PDF interleaves the recipients",
        "Nơi nhận: KT. CHỦ TỊCH\n- Như trên; PHÓ CHỦ TỊCH\n- Lưu: VT.\nTrần Thanh Hải",
        {"Trần Thanh Hải": ["PHÓ CHỦ TỊCH"]},
    ),
    (
        "invented: an acting director",
        "báo cáo để UBND tỉnh biết./.\nQ. GIÁM ĐỐC\n\nLê Hữu Phước",
        {"Lê Hữu Phước": ["Q. GIÁM ĐỐC"]},
    ),
    (
        "invented: for the minister, by order of the chief of office",
        "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nTL. BỘ TRƯỞNG\nKT. CHÁNH VĂN PHÒNG\nPHÓ CHÁNH VĂN PHÒNG\n\nĐỗ Thị Hằng",
        {"Đỗ Thị Hằng": ["PHÓ CHÁNH VĂN PHÒNG"]},
    ),
    (
        "corpus/G07_ubnd-ha-noi: the name at the end of a recipients line, a recipient with an abbreviated title",
        "Nơi nhận: TM. ỦY BAN NHÂN DÂN\n- Như Điều 5; KT. CHỦ TỊCH\n- Thường trực HĐND Thành phố;\nPHÓ CHỦ TỊCH\n"
        "- Chủ tịch UBND Thành phố;\n- Các PCT UBND Thành phố;\n- VPUBTP: CVP, PCVP Võ Tuấn Anh; TH, ĐT;\n"
        "- Trung tâm TT, DL&CN số thành phố HN; Dương Đức Tuấn\n- Lưu : VT, ĐT.",
        {"Dương Đức Tuấn": ["PHÓ CHỦ TỊCH"], "Võ Tuấn Anh": ["PCVP"]},
    ),
    (
        "invented: a name under prose is no signatory",
        "Đề nghị các xã báo cáo kết quả trước ngày 15/12.\nNguyễn Hoàng Long\n",
        {},
    ),
]


@_table(SIGNATURES)
def test_signature_blocks_with_several_capacities(text: str, expected: dict[str, list[str]]) -> None:
    _check(text, expected)


# --- names glued to a title, or after a place word -------------------------------------------------

GLUED = [
    (
        "corpus/069_thu-thua: a name runs into the title after it",
        "Đoàn công tác Hội LHPN tỉnh Long An do bà Đặng Thị Hồng Mai Chủ tịch Hội LHPN tỉnh làm trưởng đoàn đến huyện "
        "Thủ Thừa.",
        {"Đặng Thị Hồng Mai": ["Chủ tịch Hội LHPN tỉnh", "trưởng đoàn"]},
    ),
    (
        "invented: a deputy head glued after the name",
        "Bà Nguyễn Thị Thu Hà Phó Chủ tịch UBND huyện tiếp và làm việc với đoàn.",
        {"Nguyễn Thị Thu Hà": ["Phó Chủ tịch UBND huyện"]},
    ),
    (
        "corpus/017_nam-2015: a name after the city abbreviation",
        "Theo Phó Chủ tịch HĐND TP Lê Văn Hoạt, việc xây dựng NTM là việc làm rất cần thiết.",
        {"Lê Văn Hoạt": ["Phó Chủ tịch HĐND TP"]},
    ),
    (
        "invented: a name after `UBND TP`",
        "Phó Chủ tịch UBND TP Lê Văn Cường cho biết thành phố sẽ giải ngân hết vốn.",
        {"Lê Văn Cường": ["Phó Chủ tịch UBND TP"]},
    ),
    (
        "invented: a name after `thành phố`",
        "Chủ tịch UBND thành phố Nguyễn Văn Phong ký quyết định thành lập tổ công tác.",
        {"Nguyễn Văn Phong": ["Chủ tịch UBND thành phố"]},
    ),
    (
        "invented: the city itself stays a place",
        "UBND TP Hồ Chí Minh vừa ban hành kế hoạch; Thành ủy TP Hồ Chí Minh chỉ đạo.",
        {},
    ),
    (
        "invented: a province name and then the official",
        "Chủ tịch UBND TP Hồ Chí Minh Phan Văn Mãi chủ trì hội nghị.",
        {"Phan Văn Mãi": ["Chủ tịch UBND TP Hồ Chí Minh"]},
    ),
    (
        "invented: a bare body word between the head and the name",
        "Sau khi Hội Nông dân xã ra mắt mô hình, Chủ tịch Hội Nguyễn Văn Tư cho biết có 35 hội viên tham gia.",
        {"Nguyễn Văn Tư": ["Chủ tịch Hội Nông dân xã"]},
    ),
    (
        "invented: the placeholder name of forms",
        "Thượng tá Nguyễn Văn A, Phó Trưởng Công an huyện, ký biên bản.",
        {"Nguyễn Văn A": ["Thượng tá", "Phó Trưởng Công an huyện"]},
    ),
]


@_table(GLUED)
def test_names_glued_to_a_title_or_after_a_place_word(text: str, expected: dict[str, list[str]]) -> None:
    _check(text, expected)


# --- the same post written two ways is one title, in its fullest wording ------------------------

SAME_POST = [
    (
        "invented: the ministry written with and without its head word",
        "Bộ trưởng Bộ Nội vụ Phạm Thị Thanh Trà dự hội nghị. Phát biểu tại hội nghị, Bộ trưởng Nội vụ Phạm Thị Thanh "
        "Trà nhấn mạnh yêu cầu.",
        {"Phạm Thị Thanh Trà": ["Bộ trưởng Bộ Nội vụ"]},
    ),
    (
        "corpus/B09_thong-bao: the abbreviation and the full name of the committee",
        "Kết luận của đồng chí Nguyễn Ngọc Phúc - Tỉnh ủy viên, Phó Chủ tịch Ủy ban nhân dân tỉnh. Ngày 22/01/2026, "
        "đồng chí Nguyễn Ngọc Phúc - Tỉnh ủy viên, Phó Chủ tịch UBND tỉnh chủ trì hội nghị.",
        {"Nguyễn Ngọc Phúc": ["Tỉnh ủy viên", "Phó Chủ tịch Ủy ban nhân dân tỉnh"]},
    ),
    (
        "invented: a short form and the full form with the province",
        "Phó Chủ tịch UBND tỉnh Bùi Văn Khắng chủ trì. Dự có đồng chí Bùi Văn Khắng, Phó Chủ tịch UBND tỉnh Quảng "
        "Ninh.",
        {"Bùi Văn Khắng": ["Phó Chủ tịch UBND tỉnh Quảng Ninh"]},
    ),
    (
        "invented: a former post is another post",
        "Ông Hồ Văn Minh, nguyên Chủ tịch UBND huyện, phát biểu. Chủ tịch UBND huyện Hồ Văn Minh cảm ơn.",
        {"Hồ Văn Minh": ["nguyên Chủ tịch UBND huyện", "Chủ tịch UBND huyện"]},
    ),
    (
        "corpus/000_duc-pho: two committees of one man stay two",
        "Hội nghị do đồng chí Bùi Văn Lý - Phó Bí thư Thường trực Thị ủy - Trưởng Ban Chỉ đạo thị xã chủ trì. "
        "Đồng chí Bùi Văn Lý - Phó Bí thư Thường trực Thị ủy, Trưởng Ban Chỉ đạo thực hiện quy chế dân chủ ở cơ sở "
        "thị xã phát biểu.",
        {
            "Bùi Văn Lý": [
                "Phó Bí thư Thường trực Thị ủy",
                "Trưởng Ban Chỉ đạo thị xã",
                "Trưởng Ban Chỉ đạo thực hiện quy chế dân chủ ở cơ sở thị xã",
            ]
        },
    ),
]


@_table(SAME_POST)
def test_the_same_post_written_two_ways_counts_once(text: str, expected: dict[str, list[str]]) -> None:
    _check(text, expected)


# --- status words are no titles -------------------------------------------------------------------

STATUS = [
    (
        "invented: a status between the name and the post",
        "Ông Nguyễn Văn Bảy, thương binh hạng 2/4, Chủ tịch Hội Cựu chiến binh xã Hòa Phong, chia sẻ kinh nghiệm.",
        {"Nguyễn Văn Bảy": ["Chủ tịch Hội Cựu chiến binh xã Hòa Phong"]},
    ),
    (
        "invented: a status after the post",
        "Ông Hồ Văn Nam, nguyên Bí thư Đảng ủy xã, thương binh hạng 1/4, được tặng Huy hiệu 50 năm tuổi Đảng.",
        {"Hồ Văn Nam": ["nguyên Bí thư Đảng ủy xã"]},
    ),
    (
        "invented: a membership after the post",
        "Ông Nguyễn Văn Ba, Chủ tịch Hội Nông dân xã, hội viên Hội Cựu chiến binh, cho biết mô hình có 20 hộ.",
        {"Nguyễn Văn Ba": ["Chủ tịch Hội Nông dân xã"]},
    ),
    (
        "invented: a heroic mother: the status names a place, the person follows",
        "Đoàn đã đến thăm Mẹ Việt Nam Anh hùng Nguyễn Thị Thứ và tặng quà.",
        {"Nguyễn Thị Thứ": []},
    ),
    (
        "invented: veterans and families of martyrs",
        "Cựu chiến binh Trần Văn Tư, thân nhân liệt sĩ Lê Thị Hồng cùng dự buổi gặp mặt.",
        {"Trần Văn Tư": [], "Lê Thị Hồng": []},
    ),
    (
        "corpus/019_gap-mat: a status spelt with y, and photo positions",
        "Cựu Chiến binh Võ Lụa (ngồi bên phải) và Người chiến sỹ cách mạng Lê Thị Hoa (ngồi giữa) giao lưu với các "
        "đại biểu",
        {"Võ Lụa": [], "Lê Thị Hoa": []},
    ),
    (
        "invented: a defendant and a judge",
        "Thẩm phán Nguyễn Thị Lan, Chủ tọa phiên tòa, tuyên án bị cáo Nguyễn Văn Nam (SN 1990, trú xã Hòa Bình) 7 năm "
        "tù.",
        {"Nguyễn Thị Lan": ["Thẩm phán", "Chủ tọa phiên tòa"], "Nguyễn Văn Nam": []},
    ),
    (
        "invented: a driver",
        "Tài xế Nguyễn Văn Hùng (35 tuổi, trú huyện Thanh Oai) đã bị tạm giữ.",
        {"Nguyễn Văn Hùng": []},
    ),
]


@_table(STATUS)
def test_status_words_are_no_titles(text: str, expected: dict[str, list[str]]) -> None:
    _check(text, expected)


# --- not people: bylines, credits, short references, places, bodies ------------------------------

NOT_PEOPLE = [
    (
        "invented: a photo credit of two names",
        "Lãnh đạo tỉnh trao quà cho các hộ nghèo. Ảnh: Nguyễn Hòa - Minh Anh",
        {},
    ),
    ("invented: text and photo credit", "Bài và ảnh: Trần Văn Minh", {}),
    ("invented: a credit in brackets", "Bà con thu hoạch lúa (Ảnh: Lê Hoàng).", {}),
    ("invented: a short reference with no full name", "Nơi nhận:\n- Như trên;\n- Đ/c Phúc (b/c);\n- Lưu: VT.", {}),
    (
        "corpus/043_ban-5-kg: a town named in the document is a place after a status word too",
        "Nông dân Vĩnh Châu trồng 5.400 ha hành tím. Thị xã Vĩnh Châu đã kêu gọi tiêu thụ.",
        {},
    ),
    (
        "invented: a bar association is no person",
        "Luật sư Trần Văn Hậu, Đoàn Luật sư TP Hà Nội, bào chữa cho bị cáo.",
        {"Trần Văn Hậu": []},
    ),
    ("invented: a photo credit with the agency", "Lãnh đạo huyện thăm mô hình.\nẢnh: Nguyễn Văn Tuấn/TTXVN", {}),
    ("invented: a byline and a compiler's note", "Hội nghị đã thành công tốt đẹp.\nNguyễn Hoàng (tổng hợp)", {}),
    ("invented: text and photo credits on one line", "Bài: Nguyễn Văn An; Ảnh: Trần Thị Bình", {}),
    (
        "invented: a school, a street, a prize and a fund named after people",
        "Trường THCS Nguyễn Văn Trỗi đạt chuẩn quốc gia; đường Trần Hưng Đạo được mở rộng; Giải thưởng Lê Văn Thiêm "
        "được trao; Quỹ Nguyễn Văn Hưởng tài trợ.",
        {},
    ),
    (
        "invented: the youth union and the city named after a person",
        "Đoàn TNCS Hồ Chí Minh tổ chức tại thành phố Hồ Chí Minh.",
        {},
    ),
]


@_table(NOT_PEOPLE)
def test_not_people(text: str, expected: dict[str, list[str]]) -> None:
    _check(text, expected)


# --- evidence and names: attributes, captions, typing slips ----------------------------------------

EVIDENCE = [
    (
        "corpus/061_phu-nu: a person's thought, and the president by his title",
        "Đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh; kỷ niệm ngày sinh Chủ tịch Hồ Chí "
        "Minh.",
        {"Hồ Chí Minh": ["Chủ tịch"]},
    ),
    (
        "invented: photo captions",
        "Chị Lò Thị Mai (thứ hai từ trái sang) nhận bằng khen. Vi Văn Nam (bìa phải) nhận giấy khen.",
        {"Lò Thị Mai": [], "Vi Văn Nam": []},
    ),
    (
        "corpus/063_tp-can-tho: a tone slip in one mention is the same person",
        "Ông Đinh Viết Khanh phát biểu. Theo ông Đinh Viết Khanh, năm nay đạt kế hoạch. Ông Đinh Viết Khánh cho biết "
        "thêm.",
        {"Đinh Viết Khanh": []},
    ),
    (
        "invented: names that differ in a letter are two people",
        "Ông Nguyễn Văn Hùng và ông Nguyễn Văn Hưng cùng nhận bằng khen. Ông Nguyễn Văn Hùng cảm ơn.",
        {"Nguyễn Văn Hùng": [], "Nguyễn Văn Hưng": []},
    ),
    (
        "invented: a bare body title with no body named before stays as written",
        "Ông Lê Văn Tư được bầu làm Chủ tịch Hội.",
        {"Lê Văn Tư": ["Chủ tịch Hội"]},
    ),
    (
        "corpus/057_het-minh: a bare body title takes the body named earlier in the sentence",
        "Từ năm 2003, ngay sau khi Hội Phụ nữ xã và Ngân hàng Chính sách xã hội (NHCSXH) huyện ký kết liên tịch ủy "
        "thác cho vay vốn hộ nghèo, với cương vị là Chủ tịch Hội, chị Phạm Thị Hằng Nga đã chủ động triển khai.",
        {"Phạm Thị Hằng Nga": ["Chủ tịch Hội Phụ nữ xã"]},
    ),
]


@_table(EVIDENCE)
def test_evidence_and_names(text: str, expected: dict[str, list[str]]) -> None:
    _check(text, expected)


# --- news of other fields -------------------------------------------------------------------------

OTHER_FIELDS = [
    (
        "invented: social insurance",
        "Ông Nguyễn Đức Hòa, Phó Tổng Giám đốc BHXH Việt Nam, cho biết cả nước có 18 triệu người tham gia.",
        {"Nguyễn Đức Hòa": ["Phó Tổng Giám đốc BHXH Việt Nam"]},
    ),
    (
        "invented: the central bank",
        "Phó Thống đốc Ngân hàng Nhà nước Đào Minh Tú cho biết tín dụng tăng 9%.",
        {"Đào Minh Tú": ["Phó Thống đốc Ngân hàng Nhà nước"]},
    ),
    (
        "corpus/095_quoc-hoi: the state auditor",
        "Tổng Kiểm toán Nhà nước Hồ Đức Phớc trình bày Báo cáo kiểm toán quyết toán NSNN năm 2015",
        {"Hồ Đức Phớc": ["Tổng Kiểm toán Nhà nước"]},
    ),
    (
        "invented: a prosecutor",
        "Kiểm sát viên Trần Văn Bình đề nghị mức án từ 7 đến 8 năm tù.",
        {"Trần Văn Bình": ["Kiểm sát viên"]},
    ),
    (
        "invented: traffic, a department and a rank",
        "Cục trưởng Cục CSGT, Trung tướng Nguyễn Văn Trung cho biết số vụ tai nạn giảm 12%.",
        {"Nguyễn Văn Trung": ["Cục trưởng Cục CSGT", "Trung tướng"]},
    ),
    (
        "invented: a tax department deputy",
        "Ông Nguyễn Hữu Lợi, Phó Cục trưởng Cục Thuế tỉnh, đề nghị doanh nghiệp nộp đúng hạn.",
        {"Nguyễn Hữu Lợi": ["Phó Cục trưởng Cục Thuế tỉnh"]},
    ),
    (
        "invented: a hamlet head in a commune report",
        "Ông Đinh Văn Lực – Trưởng thôn Thượng, xã Quảng Hòa cho biết thôn có 320 hộ.",
        {"Đinh Văn Lực": ["Trưởng thôn Thượng, xã Quảng Hòa"]},
    ),
    (
        "invented: a women's union and a club",
        "Bà Nguyễn Thị Thanh Hương, Phó Chủ tịch Hội LHPN tỉnh, Chủ nhiệm CLB Nữ doanh nhân tỉnh, cho biết.",
        {"Nguyễn Thị Thanh Hương": ["Phó Chủ tịch Hội LHPN tỉnh", "Chủ nhiệm CLB Nữ doanh nhân tỉnh"]},
    ),
]


@_table(OTHER_FIELDS)
def test_news_of_other_fields(text: str, expected: dict[str, list[str]]) -> None:
    _check(text, expected)


# --- real sentences of another corpus: underthesea's VLSP 2013 POS test set (law and politics) ------

VLSP = [
    (
        "vlsp2013-test: a copula with a time word",
        "Ngay từ tháng 6 năm 1987, đồng chí Nguyễn Văn Linh, lúc đó là Tổng bí thư Ban chấp hành trung ương Đảng, đã "
        "yêu cầu cần phải xóa bỏ bệnh hành chính quan liêu.",
        {"Nguyễn Văn Linh": ["Tổng bí thư Ban chấp hành trung ương Đảng"]},
    ),
    (
        "vlsp2013-test: a former post after the copula",
        "Tiếp tục tư tưởng đề cao vai trò của luật pháp và của cơ quan lập pháp, Tổng bí thư Nông Đức Mạnh, nguyên là "
        "Chủ tịch Quốc hội trong thời gian trước đó, đã nhấn mạnh.",
        {"Nông Đức Mạnh": ["Tổng bí thư", "Chủ tịch Quốc hội"]},
    ),
    (
        "vlsp2013-test: a former chairman before the name",
        "Gần đây, bình luận về vấn đề này, nguyên Chủ tịch Quốc hội Nguyễn Văn An cho rằng, tất cả những cái gì thuộc "
        "về chính sách điều chỉnh đến người dân đều phải được luật hóa.",
        {"Nguyễn Văn An": ["nguyên Chủ tịch Quốc hội"]},
    ),
    (
        "vlsp2013-test: the president by his title, a work by its author",
        "Hồi Ký Thanh Nghị của Vũ Đình Hòe cho biết ông Bùi Tường Chiều có nêu trong báo Thanh Nghị. Ủy ban dự thảo "
        "hiến pháp do Chủ tịch Hồ Chí Minh làm chủ tịch đã soạn thảo một dự thảo hiến pháp.",
        {"Vũ Đình Hòe": [], "Bùi Tường Chiều": [], "Hồ Chí Minh": ["Chủ tịch"]},
    ),
]


@_table(VLSP)
def test_sentences_of_another_corpus(text: str, expected: dict[str, list[str]]) -> None:
    _check(text, expected)


# --- the head grammar ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "head",
    [
        "Phó Chủ tịch",
        "Quyền Giám đốc",
        "Phó Tổng Biên tập",
        "Cục trưởng",
        "Phó Sư đoàn trưởng",
        "Đội phó",
        "Tổng Kiểm toán",
        "Phó Thống đốc",
    ],
)
def test_heads_are_built_from_parts(head: str) -> None:
    assert head in head_words(LEXICON.titles)


def test_a_general_part_alone_is_no_head() -> None:
    """`Biên tập`, `Kiểm toán` are posts only after `Tổng`."""
    assert not {"Biên tập", "Kiểm toán"} & set(head_words(LEXICON.titles))


# --- properties -----------------------------------------------------------------------------------

_SURNAMES = st.sampled_from(["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi", "Lò", "Hà"])
_MIDDLES = st.sampled_from(["Văn", "Thị", "Hữu", "Minh", "Thanh", "Quốc", "Ngọc"])
_GIVEN = st.sampled_from(["Nam", "Hùng", "Lan", "Tuấn", "Hạnh", "Phúc", "Bình", "Thảo", "Dũng"])
_TITLES = st.sampled_from(
    [
        "Phó Chủ tịch UBND huyện Đức Thọ",
        "Bí thư Đảng ủy xã Quảng Phú",
        "Giám đốc Sở Tài chính",
        "Trưởng Ban Dân vận Huyện ủy",
        "Phó Trưởng Công an huyện",
        "Chủ tịch Hội Nông dân tỉnh",
        "Ủy viên Ban Thường vụ Tỉnh ủy",
        "Cục trưởng Cục Thuế tỉnh",
        "Phó Giám đốc Bệnh viện đa khoa tỉnh",
    ]
)
_RANKS = st.sampled_from(["", "Thượng tá ", "Đại tá ", "Trung úy ", "Thiếu tướng "])


@settings(max_examples=120, deadline=None)
@given(
    _SURNAMES,
    _MIDDLES,
    _GIVEN,
    _RANKS,
    st.lists(_TITLES, min_size=1, max_size=3, unique=True),
    st.sampled_from([", ", " - ", " – "]),
    st.sampled_from(["cho biết", "phát biểu", "chủ trì hội nghị"]),
)
def test_any_chain_of_titles_after_a_name(
    surname: str, middle: str, given_name: str, rank: str, titles: list[str], sep: str, verb: str
) -> None:
    """`[rank] Name, Title, Title, Title verb`: the person, the rank and every title, whatever the joiner."""
    name = f"{surname} {middle} {given_name}"
    text = f"Tham dự có ông {rank}{name}{sep}{', '.join(titles)}, {verb}."
    found = people(text)
    assert list(found) == [name]
    expected = ([rank.strip()] if rank else []) + titles
    assert sorted(found[name]) == sorted(expected)


_CAPACITIES = st.sampled_from(
    ["PHÓ CHỦ TỊCH", "PHÓ GIÁM ĐỐC", "PHÓ TRƯỞNG BAN", "CHỦ TỊCH UBND XÃ", "PHÓ CHÁNH VĂN PHÒNG", "GIÁM ĐỐC SỞ NỘI VỤ"]
)


@settings(max_examples=80, deadline=None)
@given(
    _SURNAMES,
    _MIDDLES,
    _GIVEN,
    st.sampled_from(["KT. CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN", "TL. BỘ TRƯỞNG", "TM. BAN CHỈ ĐẠO", "KT. GIÁM ĐỐC"]),
    st.lists(_CAPACITIES, min_size=1, max_size=2, unique=True),
    st.sampled_from(["\n\n\n", "\n(Đã ký)\n", "\n"]),
)
def test_a_signatory_has_the_capacities_under_the_sign(
    surname: str, middle: str, given_name: str, sign: str, capacities: list[str], gap: str
) -> None:
    """`KT./TM./TL. X`, then one or two capacity lines, then the name: the capacities, never the signed line."""
    name = f"{surname} {middle} {given_name}"
    text = f"Nơi nhận:\n- Như trên;\n- Lưu: VT.\n{sign}\n" + "\n".join(capacities) + f"{gap}{name}"
    assert people(text) == {name: capacities}


@settings(max_examples=80, deadline=None)
@given(_SURNAMES, _MIDDLES, _GIVEN, st.sampled_from(["**", "*", "__", "_"]), st.sampled_from(["", "Ông "]))
def test_emphasis_never_hides_a_name(surname: str, middle: str, given_name: str, mark: str, lead: str) -> None:
    name = f"{surname} {middle} {given_name}"
    text = f"Phó Chủ tịch UBND tỉnh {mark}{lead}{name}{mark} phát biểu."
    assert people(text) == {name: ["Phó Chủ tịch UBND tỉnh"]}
