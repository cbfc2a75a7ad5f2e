"""Runs built by hand from real corpus sentences, shared by the diff, eval and review tests.

Each helper writes what `solieu run` writes (documents, metrics, entities, errors, run.json, summary.json)
from pydantic records, so those tests need no extraction to have a run to read.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path

from schemas import Document, Entity, ErrorRecord, Mention, Summary

# Real text, cut from corpus/000_duc-pho-quy-che-dan-chu.txt and
# corpus/001_xoa-bo-tinh-trang-ngheo-cung-cuc-cho-tat-ca-moi.txt
DUC_PHO = "000_duc-pho-quy-che-dan-chu.txt"
DUC_PHO_TEXT = (
    "Chiều ngày 07/01/2022, Ban Chỉ đạo thực hiện quy chế dân chủ ở cơ sở thị xã tổ chức hội nghị "
    "tổng kết việc thực hiện Quy chế dân chủ ở cơ sở năm 2021 và triển khai phương hướng, nhiệm vụ năm "
    "2022. Hội nghị do đồng chí Bùi Văn Lý - Phó Bí thư Thường trực Thị ủy - Trưởng Ban Chỉ đạo thị xã "
    "chủ trì.\nBan Chỉ đạo đã tổ chức 10 đoàn kiểm tra, giám sát tại 10 đơn vị; mở 04 lớp tuyên truyền, "
    "tập huấn; tổ chức 35 hội nghị đối thoại cấp thị xã và cấp xã, phường giữa người đứng đầu cấp ủy, "
    "chính quyền với người dân và doanh nghiệp.\nKêu gọi tổ chức cá nhân tham gia ủng hộ cho công tác "
    "phòng, chống dịch Covid-19 với tổng giá trị hơn 3,4 tỷ đồng; tổ chức thực hiện các chính sách hỗ "
    "trợ người dân gặp khó khăn do đại dịch Covid-19 với tổng kinh phí trên 655 triệu đồng.\nĐồng chí "
    "đề nghị khẩn trương tham mưu Kế hoạch thực hiện Kết luận số 120-KL/TW ngày 07/01/2016 của Bộ "
    "Chính trị."
)
XOA_NGHEO = "001_xoa-bo-tinh-trang-ngheo-cung-cuc-cho-tat-ca-moi.txt"
XOA_NGHEO_TEXT = (
    "Trong năm 2022, UBND tỉnh ban hành Kế hoạch số 3341/KH-UBND ngày 06/10/2022 về rà soát hộ nghèo.\n"
    "Hộ nghèo có 10.689 hộ, chiếm 3,20% so với tổng số hộ toàn tỉnh (tăng 137 hộ so với đầu năm, chiếm tỷ lệ "
    "0,04%)."
)


def document(doc_id: str, text: str) -> Document:
    return Document(
        doc_id=doc_id,
        source_path=f"corpus/{doc_id}",
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        format="txt",
        size_bytes=len(text.encode()),
        text=text,
    )


def figure(
    doc_id: str,
    text: str,
    needle: str,
    kind: str,
    value: object,
    unit: str | None = None,
    qualifier: str | None = "exact",
    occurrence: int = 0,
    **extra: object,
) -> Mention:
    """A Mention of `needle` (its `occurrence`-th appearance) in `text`, with true offsets."""
    at = -1
    for _ in range(occurrence + 1):
        at = text.index(needle, at + 1)
    if kind in ("date", "doc_ref"):
        qualifier = None
    return Mention(
        doc_id=doc_id,
        kind=kind,
        value=value,
        unit=unit,
        qualifier=qualifier,
        text=needle,
        start=at,
        end=at + len(needle),
        **extra,
    )


def person(doc_id: str, text: str, name: str, titles: Iterable[str] = ()) -> Entity:
    at = text.index(name)
    return Entity(doc_id=doc_id, type="PER", text=name, start=at, end=at + len(name), name=name, titles=list(titles))


def duc_pho_figures(text: str = DUC_PHO_TEXT) -> list[Mention]:
    return [
        figure(DUC_PHO, text, "07/01/2022", "date", "2022-01-07"),
        figure(DUC_PHO, text, "10 đoàn", "count", 10, "đoàn"),
        figure(DUC_PHO, text, "10 đơn vị", "count", 10, "đơn vị"),
        figure(DUC_PHO, text, "04 lớp", "count", 4, "lớp"),
        figure(DUC_PHO, text, "35 hội nghị", "count", 35, "hội nghị", metric="meetings"),
        figure(DUC_PHO, text, "hơn 3,4 tỷ đồng", "money", 3_400_000_000, "VND", "more_than"),
        figure(DUC_PHO, text, "trên 655 triệu đồng", "money", 655_000_000, "VND", "more_than"),
        figure(DUC_PHO, text, "Kết luận số 120-KL/TW", "doc_ref", "120-KL/TW", doc_type="Kết luận"),
        figure(DUC_PHO, text, "07/01/2016", "date", "2016-01-07"),
    ]


def xoa_ngheo_figures() -> list[Mention]:
    t = XOA_NGHEO_TEXT
    return [
        figure(XOA_NGHEO, t, "Kế hoạch số 3341/KH-UBND", "doc_ref", "3341/KH-UBND"),
        figure(XOA_NGHEO, t, "06/10/2022", "date", "2022-10-06"),
        figure(XOA_NGHEO, t, "10.689 hộ", "count", 10689, "hộ"),
        figure(XOA_NGHEO, t, "3,20%", "percent", 3.2),
        figure(XOA_NGHEO, t, "137 hộ", "count", 137, "hộ"),
        figure(XOA_NGHEO, t, "0,04%", "percent", 0.04),
    ]


def write_jsonl(path: Path, records: Iterable[object]) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for r in records:
            line = r.model_dump_json() if hasattr(r, "model_dump_json") else json.dumps(r, ensure_ascii=False)
            f.write(line + "\n")


def write_run(
    out: Path,
    documents: Iterable[Document],
    mentions: Iterable[Mention] = (),
    entities: Iterable[Entity] = (),
    errors: Iterable[ErrorRecord] = (),
    summary: Summary | None = None,
) -> Path:
    """A run folder as `solieu run` writes it, built from pydantic records."""
    out.mkdir(parents=True, exist_ok=True)
    write_jsonl(out / "documents.jsonl", documents)
    write_jsonl(out / "metrics.jsonl", mentions)
    write_jsonl(out / "entities.jsonl", entities)
    write_jsonl(out / "errors.jsonl", errors)
    (out / "run.json").write_text(json.dumps({"solieu_version": "test"}), encoding="utf-8")
    if summary is not None:
        (out / "summary.json").write_text(summary.model_dump_json(), encoding="utf-8")
    return out


def base_run(out: Path) -> Path:
    return write_run(
        out,
        [document(DUC_PHO, DUC_PHO_TEXT), document(XOA_NGHEO, XOA_NGHEO_TEXT)],
        duc_pho_figures() + xoa_ngheo_figures(),
        [person(DUC_PHO, DUC_PHO_TEXT, "Bùi Văn Lý", ["Phó Bí thư Thường trực Thị ủy"])],
    )


# A document that quotes markup, as a scraped page or a pasted report can: the review page must show it, never run it.
HOSTILE = "099_hostile.txt"
HOSTILE_TEXT = (
    "Báo cáo <script>document.title='pwned'</script> có 12 hộ nghèo "
    "<img src=x onerror=\"document.title='img'\"> và 3 & 4 < 5 \" ' hộ."
)


def review_run(tmp_path: Path) -> Path:
    """The seed and the poverty article with a summary, a failed scan and the hostile document."""
    from schemas import ErrorRecord, MentionRef, SummaryRow

    summary = Summary(
        rows=[
            SummaryRow(
                metric="support_money",
                label="Tiền hỗ trợ",
                kind="money",
                unit="VND",
                reporting_unit="thị xã Đức Phổ",
                period="2021",
                total=4_055_000_000,
                bound="lower_bound",
                n_mentions=2,
                n_documents=1,
                mentions=[
                    MentionRef(doc_id=m.doc_id, start=m.start, end=m.end, value=m.value, qualifier=m.qualifier)
                    for m in duc_pho_figures()
                    if m.kind == "money"
                ],
            )
        ]
    )
    failure = ErrorRecord(
        doc_id="050_bao-cao-scan.pdf",
        source_path="corpus/050_bao-cao-scan.pdf",
        code="E203",
        error="pdf_no_text_layer",
        message="scanned pages <b>without</b> text",
    )
    hostile_figures = [
        figure(HOSTILE, HOSTILE_TEXT, "12 hộ", "count", 12, "hộ"),
        figure(HOSTILE, HOSTILE_TEXT, "<script>document.title='pwned'</script>", "count", 1, "x"),
    ]
    return write_run(
        tmp_path / "out",
        [document(DUC_PHO, DUC_PHO_TEXT), document(XOA_NGHEO, XOA_NGHEO_TEXT), document(HOSTILE, HOSTILE_TEXT)],
        duc_pho_figures() + xoa_ngheo_figures() + hostile_figures,
        [
            person(DUC_PHO, DUC_PHO_TEXT, "Bùi Văn Lý", ["Phó Bí thư Thường trực Thị ủy"]),
            # an entity overlapping a figure: the doc_ref's issuer
            person(DUC_PHO, DUC_PHO_TEXT, "120-KL/TW ngày 07/01/2016 của Bộ Chính trị"),
        ],
        [failure],
        summary,
    )


def many_documents_run(out: Path, n: int) -> Path:
    """A run of `n` documents (the seed and the poverty article in turn, each with its own number), one in 50 failed.

    Written line by line from records, so a 2,000-document run takes a second, not a batch.
    """
    from schemas import ErrorRecord

    out.mkdir(parents=True, exist_ok=True)
    with (
        open(out / "documents.jsonl", "w", encoding="utf-8") as docs,
        open(out / "metrics.jsonl", "w", encoding="utf-8") as figs,
        open(out / "entities.jsonl", "w", encoding="utf-8") as ents,
        open(out / "errors.jsonl", "w", encoding="utf-8") as errs,
    ):
        for i in range(n):
            doc_id = f"{i // 500:03d}/bao-cao-{i:05d}.txt"
            if i % 50 == 49:
                errs.write(
                    ErrorRecord(
                        doc_id=doc_id,
                        source_path=doc_id,
                        code="E203",
                        error="pdf_no_text_layer",
                        message=f"{doc_id}: scanned pages without text",
                    ).model_dump_json()
                    + "\n"
                )
                continue
            seed = i % 2 == 0
            text = (DUC_PHO_TEXT if seed else XOA_NGHEO_TEXT) + f"\nHồ sơ số {i:05d}."
            docs.write(document(doc_id, text).model_dump_json() + "\n")
            made = duc_pho_figures(text) if seed else xoa_ngheo_figures()
            for m in made:
                figs.write(m.model_copy(update={"doc_id": doc_id}).model_dump_json() + "\n")
            if seed:
                ents.write(
                    person(doc_id, text, "Bùi Văn Lý", ["Phó Bí thư Thường trực Thị ủy"]).model_dump_json() + "\n"
                )
    (out / "run.json").write_text(json.dumps({"solieu_version": "test"}), encoding="utf-8")
    return out
