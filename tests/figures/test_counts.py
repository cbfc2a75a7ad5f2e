"""Counts: a whole number and what it counts, with the traps real documents hold."""

import pytest

from tests.figures.conftest import found

CASES = [
    (
        "000_duc-pho: three counts in one clause",
        "Ban Chỉ đạo đã tổ chức 10 đoàn kiểm tra, giám sát tại 10 đơn vị; mở 04 lớp tuyên truyền, tập huấn; tổ chức 35 "
        "hội nghị đối thoại cấp thị xã",
        [(10, "đoàn kiểm tra", "exact"), (10, "đơn vị", "exact"), (4, "lớp", "exact"), (35, "hội nghị", "exact")],
    ),
    (
        "000_duc-pho: the quoted name still counts its trips",
        "tổ chức 6 “chuyến xe 0 đồng” chở nhu yếu phẩm",
        [(6, "chuyến xe", "exact")],
    ),
    (
        "002_thanh-tan: numbers in words before known nouns",
        "toàn xã có ba hợp tác xã, bảy doanh nghiệp, 37 tổ hợp nghề, hàng trăm cơ sở dịch vụ",
        [(3, "hợp tác xã", "exact"), (7, "doanh nghiệp", "exact"), (37, "tổ hợp", "exact")],
    ),
    ("002_thanh-tan: achieved/total pair", "đã có 6/7 thôn đạt chuẩn", [(6, "thôn", "exact"), (7, "thôn", "exact")]),
    (
        "051_tap-trung: pair with leading zeros",
        "có 04/05 chi hội đạt vững mạnh",
        [(4, "chi hội", "exact"), (5, "chi hội", "exact")],
    ),
    (
        "002_thanh-tan: gần and hơn",
        "giải quyết việc làm cho gần 1.000 công nhân và hơn 2.300 người",
        [(1000, "công nhân", "less_than"), (2300, "người", "more_than")],
    ),
    (
        "004_ban-chap-hanh: triệu with a noun is a count",
        "dân số hơn 3,153 triệu người",
        [(3_153_000, "người", "more_than")],
    ),
    ("003_chu-tich: number glued to its noun", "kết nạp 48.676hội viên mới", [(48676, "hội viên", "exact")]),
    (
        "084_tphcm: a comma list of counts",
        "TPHCM sẽ có 19 quận, 259 phường không tổ chức HĐND",
        [(19, "quận", "exact"), (259, "phường", "exact")],
    ),
    (
        "053_can-bo: trong số introduces a count",
        "trong số 7 trường hợp thì có 3 người là đối tượng",
        [(7, "trường hợp", "exact"), (3, "người", "exact")],
    ),
    (
        "035_hai-quan: vượt 3 chỉ tiêu is the verb",
        "Hải quan Quảng Ninh vượt 3 chỉ tiêu thu ngân sách",
        [(3, "chỉ tiêu", "exact")],
    ),
    ("084_tphcm: không quá", "có không quá 3 Phó chủ tịch", [(3, "phó chủ tịch", "less_than")]),
    (
        "078_loc-hoa-dau: giờ công is a noun, not hours",
        "BSR đã đạt 30 triệu giờ công an toàn",
        [(30_000_000, "giờ công", "exact")],
    ),
    ("007_ninh-binh: một trong sáu xã", "Văn Hải là một trong sáu xã được huyện Kim Sơn chọn", [(6, "xã", "exact")]),
    (
        "102_cho-don: breakdown in brackets",
        "công nhận 55 mô hình (29 tập thể, 26 cá nhân)",
        [(55, "mô hình", "exact"), (29, "tập thể", "exact"), (26, "cá nhân", "exact")],
    ),
    ("052_ty-le: năm ngân hàng is five banks", "năm ngân hàng thương mại", [(5, "ngân hàng", "exact")]),
    (
        "B04_hiep-hoi: titles are counted like nouns",
        "Ban Thường trực có 5 thành viên: Chủ tịch và 04 Phó Chủ tịch",
        [(5, "thành viên", "exact"), (4, "phó chủ tịch", "exact")],
    ),
    (
        "B01: kinds of documents are counted like nouns",
        "Chính phủ ban hành 02 Nghị định, 05 Thông tư",
        [(2, "nghị định", "exact"), (5, "thông tư", "exact")],
    ),
    ("hơn 3 lần bounds a count of times, no ratio", "đã kiểm tra hơn 3 lần trong năm", [(3, "lần", "more_than")]),
    (
        "002_thanh-tan: một in a list of counts is one",
        "hệ thống thủy lợi với sáu trạm bơm tưới, tiêu, một âu đập chống úng",
        [(6, "trạm bơm", "exact"), (1, "âu đập", "exact")],
    ),
]

NOT_COUNTS = [
    ("000_duc-pho: Covid-19", "phòng chống dịch bệnh Covid-19 và Covid -19 tại địa phương"),
    ("000_duc-pho: year span", "nhiệm kỳ 2021-2026 và giai đoạn 2022 - 2025"),
    ("031_hoi-nong-dan: duration", "kỷ niệm 92 năm ngày thành lập"),
    ("033_ha-nam: 28 days", "thiết lập vùng cách ly y tế 28 ngày với toàn bộ thôn"),
    ("009_hoi-nghi: ordinal", "Nghị quyết Hội nghị Trung ương lần thứ 11"),
    ("010_hai-quan: ratio", "dăm gỗ xuất khẩu tăng gần 7 lần"),
    ("082_tinh-doan: one of", "là 1 trong 28"),
    ("002_thanh-tan: một xã is an article", "đổi mới cơ bản từ một xã thuần nông"),
    ("034_phat-trien: mỗi năm is a year", "bình quân mỗi năm HTX có doanh thu"),
    ("004_ban-chap-hanh: label", "mô hình tổ chức chính quyền địa phương 2 cấp"),
    ("084_tphcm: district names", "quận 2, quận 9 và quận Thủ Đức"),
    ("027_nhieu-hoat-dong: vague", "hàng trăm người và hàng chục đơn vị"),
    ("077_xay-dung: averages are no counts", "bình quân 1 xã có 13,3 trạm"),
    ("077_xay-dung: một after an average stays an article", "bình quân 1 xã có 13,3 trạm, một thôn có 2,2 trạm"),
    ("B01 footnote marker", "ứng dụng công nghệ\n7 Công văn số 150/STP-QLTDPL ngày 20/5/2025"),
    ("053_can-bo: không is a negation", "không tổ chức hội nghị xét duyệt"),
    ("time of day", "lúc 17h ngày 29/4 và 7h30 sáng"),
]


@pytest.mark.parametrize(("sentence", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_counts(sentence, expected):
    assert found(sentence, "count") == expected


@pytest.mark.parametrize("sentence", [c[1] for c in NOT_COUNTS], ids=[c[0] for c in NOT_COUNTS])
def test_not_counts(sentence):
    assert found(sentence, "count") == []
