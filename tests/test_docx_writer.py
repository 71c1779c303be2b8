"""The element-level writer: merged cells, widths, row properties, runs, sections and the package."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm
from lxml import etree

from paths import SAMPLES
from reportgen import api
from reportgen.docx import oxml
from reportgen.docx.writer import DocxWriter, docx_bytes
from reportgen.render.blocks import Cell, Cover, Heading, PageBreak, Paragraph, Table, Title

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def document_xml(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read("word/document.xml"))


def table_xml(table: Table) -> etree._Element:
    writer = DocxWriter()
    writer.add_table(table)
    return document_xml(writer.to_bytes()).find(f"{W}body/{W}tbl")


def cell_properties(tbl: etree._Element) -> list[list[tuple[str, int, str | None, int]]]:
    """Per row, per w:tc: (text, gridSpan, vMerge value or "continue", tcW)."""
    rows = []
    for tr in tbl.iter(f"{W}tr"):
        cells = []
        for tc in tr.iter(f"{W}tc"):
            tcpr = tc.find(f"{W}tcPr")
            span = tcpr.find(f"{W}gridSpan")
            merge = tcpr.find(f"{W}vMerge")
            text = "".join(t.text or "" for t in tc.iter(f"{W}t"))
            cells.append(
                (
                    text,
                    int(span.get(f"{W}val")) if span is not None else 1,
                    None if merge is None else merge.get(f"{W}val", "continue"),
                    int(tcpr.find(f"{W}tcW").get(f"{W}w")),
                )
            )
        rows.append(cells)
    return rows


# A 自评表 corner: 产出指标 spans two rows; 分值 spans two columns in the header; 合计 spans two rows and columns.
MERGED = Table(
    rows=[
        [Cell("一级"), Cell("二级"), Cell("分值", merge_right=1), None],
        [Cell("产出指标", merge_down=1), Cell("数量指标"), Cell("3"), Cell("3")],
        [None, Cell("质量指标"), Cell("3"), Cell("2")],
        [Cell("合计", merge_down=1, merge_right=1), None, Cell("6"), Cell("5")],
        [None, None, Cell("说明"), Cell("")],
    ],
    widths_mm=[30, 40, 20, 25],
)
TWIPS = [Mm(width).twips for width in MERGED.widths_mm]


def test_merged_cells_are_written_once_with_span_and_vmerge():
    assert cell_properties(table_xml(MERGED)) == [
        [("一级", 1, None, TWIPS[0]), ("二级", 1, None, TWIPS[1]), ("分值", 2, None, TWIPS[2] + TWIPS[3])],
        [
            ("产出指标", 1, "restart", TWIPS[0]),
            ("数量指标", 1, None, TWIPS[1]),
            ("3", 1, None, TWIPS[2]),
            ("3", 1, None, TWIPS[3]),
        ],
        [
            ("", 1, "continue", TWIPS[0]),
            ("质量指标", 1, None, TWIPS[1]),
            ("3", 1, None, TWIPS[2]),
            ("2", 1, None, TWIPS[3]),
        ],
        [("合计", 2, "restart", TWIPS[0] + TWIPS[1]), ("6", 1, None, TWIPS[2]), ("5", 1, None, TWIPS[3])],
        [("", 2, "continue", TWIPS[0] + TWIPS[1]), ("说明", 1, None, TWIPS[2]), ("", 1, None, TWIPS[3])],
    ]


def test_grid_columns_take_the_given_widths_and_the_layout_is_fixed():
    tbl = table_xml(MERGED)
    assert [int(col.get(f"{W}w")) for col in tbl.iter(f"{W}gridCol")] == TWIPS
    assert tbl.find(f"{W}tblPr/{W}tblLayout").get(f"{W}type") == "fixed"


def test_without_widths_the_text_width_is_shared_out():
    tbl = table_xml(Table(rows=[[Cell("a"), Cell("b"), Cell("c")]]))
    text_width = Mm(210 - 28 - 26).twips
    assert [int(col.get(f"{W}w")) for col in tbl.iter(f"{W}gridCol")] == [text_width // 3] * 3
    assert tbl.find(f"{W}tblPr/{W}tblLayout") is None


def test_python_docx_reads_the_merges_back():
    writer = DocxWriter()
    writer.add_table(MERGED)
    table = Document(io.BytesIO(writer.to_bytes())).tables[0]
    assert table.cell(1, 0)._tc is table.cell(2, 0)._tc
    assert table.cell(0, 2)._tc is table.cell(0, 3)._tc
    assert table.cell(3, 0)._tc is table.cell(4, 1)._tc
    assert table.cell(4, 2).text == "说明"


def test_rows_cannot_split_unless_taller_than_half_a_page_and_header_rows_repeat():
    paragraph_of_a_row = "长" * 61  # five lines in a 156 mm cell: kept whole
    half_a_page = "长" * 61 * 30  # some 150 lines: it may split rather than leave a page empty
    tbl = table_xml(Table(rows=[[Cell("表头")], [Cell(paragraph_of_a_row)], [Cell(half_a_page)]], header_rows=1))
    flags = [
        (tr.find(f"{W}trPr/{W}tblHeader") is not None, tr.find(f"{W}trPr/{W}cantSplit") is not None)
        for tr in tbl.iter(f"{W}tr")
    ]
    assert flags == [(True, True), (False, True), (False, False)]


def test_cell_lines_are_paragraphs_in_the_table_text_style():
    tbl = table_xml(Table(rows=[[Cell("第一行\n第二行", align="left", bold=True)]]))
    paragraphs = tbl.findall(f"{W}tr/{W}tc/{W}p")
    assert ["".join(p.itertext()) for p in paragraphs] == ["第一行", "第二行"]
    for p in paragraphs:
        assert p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "表格文字"
        assert p.find(f"{W}pPr/{W}jc").get(f"{W}val") == "left"
        assert p.find(f"{W}r/{W}rPr/{W}b") is not None


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([[Cell("a", merge_right=1), Cell("b")]], "covered by the cell (0, 0) merged right"),
        ([[Cell("a", merge_down=1)], [Cell("b")]], "covered by the cell (0, 0) merged down"),
        ([[Cell("a", merge_right=2), None]], "across the table's edge"),
        ([[Cell("a", merge_down=1)]], "past the table's last row"),
        ([[Cell("a"), Cell("b", merge_down=1)], [Cell("c", merge_right=1), None]], "across the table's edge or a"),
    ],
)
def test_a_merge_that_would_lose_text_or_leave_the_table_is_refused(rows, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        table_xml(Table(rows=rows))


def test_a_large_merged_table_is_well_formed_with_every_row(tmp_path):
    # 3,000 indicators in groups of five under one merged 一级指标 cell, ten grid columns as the 自评表.
    rows: list[list[Cell | None]] = [[Cell(f"列{c}") for c in range(10)]]
    for i in range(3000):
        first = Cell(f"一级{i // 5}", merge_down=4) if i % 5 == 0 else None
        rows.append([first, *[Cell(f"{i}-{c}") for c in range(1, 8)], Cell(f"说明{i}", merge_right=1), None])
    writer = DocxWriter()
    writer.add_table(Table(rows=rows, widths_mm=[20.0] * 10, landscape=True))
    path = tmp_path / "large.docx"
    writer.save(path)
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))  # raises if not well-formed
    trs = root.findall(f"{W}body/{W}tbl/{W}tr")
    assert len(trs) == 3001
    spans = {sum(_span(tc) for tc in tr.findall(f"{W}tc")) for tr in trs}
    assert spans == {10}
    restarts = root.findall(f".//{W}vMerge[@{W}val='restart']")
    assert len(restarts) == 600
    assert len(root.findall(f".//{W}vMerge")) == 3000


def _span(tc: etree._Element) -> int:
    span = tc.find(f"{W}tcPr/{W}gridSpan")
    return 1 if span is None else int(span.get(f"{W}val"))


@pytest.mark.parametrize(
    ("text", "children"),
    [
        ("一\t二", ["t:一", "tab", "t:二"]),
        ("一\n二", ["t:一", "br", "t:二"]),
        ("一二", ["t:一二"]),
    ],
)
def test_tabs_and_line_breaks_in_a_run_become_elements(text, children):
    run = run_element(text)
    found = [f"t:{c.text}" if c.tag == f"{W}t" else c.tag.removeprefix(W) for c in run]
    assert found == children


@pytest.mark.parametrize(("text", "preserved"), [("　　缩进", True), ("结尾 ", True), ("正文", False)])
def test_leading_or_trailing_spaces_are_preserved(text, preserved):
    run = run_element(text)
    assert (run.find(f"{W}t").get(qn("xml:space")) == "preserve") is preserved


@pytest.mark.parametrize("text", ["A & B", "<w:t>", "a > b", "&amp;"])
def test_markup_characters_in_text_are_escaped(text):
    assert "".join(run_element(text).itertext()) == text


@pytest.mark.parametrize("text", ["垂直\x0b制表", "\x00", "\ud800"])
def test_text_xml_cannot_carry_is_refused(text):
    with pytest.raises(ValueError, match="XML cannot carry"):
        oxml.run(text)


def run_element(text: str, **options) -> etree._Element:
    return etree.fromstring(f'<w:body xmlns:w="{W[1:-1]}">{oxml.run(text, **options)}</w:body>')[0]


def test_markers_are_highlighted_runs():
    writer = DocxWriter()
    writer.add_paragraph("收入增加【待补充：原因】，支出持平。")
    p = document_xml(writer.to_bytes()).find(f"{W}body/{W}p")
    runs = [("".join(r.itertext()), r.find(f"{W}rPr/{W}highlight") is not None) for r in p.iter(f"{W}r")]
    assert runs == [("收入增加", False), ("【待补充：原因】", True), ("，支出持平。", False)]


def test_a_landscape_table_gets_its_own_section_and_the_text_after_it_a_portrait_one():
    data = docx_bytes(
        [
            Title("标题"),
            Table(rows=[[Cell("表")]], landscape=True),
            Paragraph("正文"),
        ]
    )
    document = Document(io.BytesIO(data))
    orientations = [(s.page_width > s.page_height) for s in document.sections]
    assert orientations == [False, True, False]
    body = document_xml(data).find(f"{W}body")
    last = body[-1]
    assert last.tag == f"{W}sectPr" and last.find(f"{W}footerReference") is None  # inherited from the first
    first = body.find(f"{W}p/{W}pPr/{W}sectPr")
    assert first.find(f"{W}footerReference") is not None and not any("rsid" in a for a in first.attrib)


def test_the_package_has_the_parts_python_docx_writes_and_the_three_footers():
    # odd and even page numbers, and an empty footer for a cover's first page
    python_docx = io.BytesIO()
    Document().save(python_docx)
    with zipfile.ZipFile(python_docx) as plain, zipfile.ZipFile(io.BytesIO(docx_bytes([Title("标题")]))) as ours:
        footers = {"word/footer1.xml", "word/footer2.xml", "word/footer3.xml"}
        assert set(ours.namelist()) == set(plain.namelist()) | footers
        assert ours.testzip() is None


def test_each_writer_starts_from_an_empty_body():
    first = docx_bytes([Heading(1, "一、", "第一份")])
    second = docx_bytes([Heading(1, "一、", "第二份")])
    assert "第一份" not in "".join(document_xml(second).itertext())
    assert "第一份" in "".join(document_xml(first).itertext())


# Schema order of the property elements the writer fills (ECMA-376 Part 1, §17); Word rejects any other.
SCHEMA = {
    "pPr": [
        "pStyle",
        "keepNext",
        "pageBreakBefore",
        "widowControl",
        "spacing",
        "ind",
        "jc",
        "outlineLvl",
        "rPr",
        "sectPr",
    ],
    "rPr": ["rStyle", "rFonts", "b", "i", "color", "sz", "szCs", "highlight", "lang"],
    "tcPr": ["tcW", "gridSpan", "vMerge", "vAlign"],
    "tblPr": ["tblStyle", "tblW", "jc", "tblBorders", "tblLayout", "tblLook"],
}


@pytest.fixture(scope="module")
def yueyang_xml() -> etree._Element:
    return document_xml(docx_bytes(api.draft(SAMPLES / "yueyang_2023.yaml").blocks))


@pytest.mark.parametrize("element", sorted(SCHEMA))
def test_property_children_follow_the_schema_order(yueyang_xml, element):
    order = SCHEMA[element]
    found = list(yueyang_xml.iter(f"{W}{element}"))
    assert found
    for properties in found:
        names = [child.tag.removeprefix(W) for child in properties]
        assert set(names) <= set(order), names
        assert names == sorted(names, key=order.index)


def test_the_sample_has_its_tables_and_merges(yueyang_xml):
    tables = yueyang_xml.findall(f"{W}body/{W}tbl")
    assert len(tables) == 8
    for tbl in tables:
        columns = len(tbl.findall(f"{W}tblGrid/{W}gridCol"))
        assert {sum(_span(tc) for tc in tr.findall(f"{W}tc")) for tr in tbl.findall(f"{W}tr")} == {columns}


# ---------------------------------------------------------------- pages: breaks, sections, keeping together


def body_of(blocks) -> etree._Element:
    return document_xml(docx_bytes(blocks)).find(f"{W}body")


def paragraph_text(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(f"{W}t"))


def test_a_page_break_is_page_break_before_on_the_next_paragraph_never_an_empty_paragraph():
    body = body_of([Paragraph("甲"), PageBreak(), Paragraph("乙")])
    paragraphs = body.findall(f"{W}p")
    assert [paragraph_text(p) for p in paragraphs] == ["甲", "乙"]
    assert [p.find(f"{W}pPr/{W}pageBreakBefore") is not None for p in paragraphs] == [False, True]
    assert not list(body.iter(f"{W}br"))


def test_a_table_on_a_new_page_breaks_before_its_label_and_keeps_label_and_caption_with_it():
    table = Table(rows=[[Cell("项目名称")], [Cell("甲")]], label="附件1", caption="基础数据表", new_page=True)
    label, caption = body_of([Paragraph("正文"), table]).findall(f"{W}p")[1:3]
    assert (paragraph_text(label), paragraph_text(caption)) == ("附件1", "基础数据表")
    assert label.find(f"{W}pPr/{W}pageBreakBefore") is not None
    assert all(p.find(f"{W}pPr/{W}keepNext") is not None for p in (label, caption))


def _kept(tbl: etree._Element) -> list[bool]:
    """Per row: whether its paragraphs keep with the next."""
    return [all(p.find(f"{W}pPr/{W}keepNext") is not None for p in tr.iter(f"{W}p")) for tr in tbl.iter(f"{W}tr")]


def test_a_table_that_fits_on_a_page_is_kept_whole_with_its_signature_line():
    table = Table(rows=[[Cell("指标")], *([[Cell("行")]] * 5)], notes=["说明：……", "填表人：甲"], header_rows=1)
    body = body_of([table])
    assert _kept(body.find(f"{W}tbl")) == [True] * 6
    notes = body.findall(f"{W}p")[-2:]
    assert [p.find(f"{W}pPr/{W}keepNext") is not None for p in notes] == [True, False]


def test_a_table_longer_than_a_page_keeps_its_head_and_its_last_rows_with_the_signature():
    rows = [[Cell("指标")], *([[Cell("很长的指标说明" * 12)]] * 40)]
    tbl = body_of([Table(rows=rows, notes=["填表人：甲"], header_rows=1)]).find(f"{W}tbl")
    assert _kept(tbl) == [True] + [False] * 37 + [True] * 3


def test_a_section_ends_in_its_last_paragraph_or_a_one_point_one_after_a_table():
    landscape = Table(rows=[[Cell("甲")]], landscape=True)
    signed = Table(rows=[[Cell("乙")]], landscape=True, notes=["填表人：甲"], new_page=True)
    body = body_of([Paragraph("正文"), landscape, Paragraph("后文"), signed, Paragraph("再后")])
    ends = [p for p in body.findall(f"{W}p") if p.find(f"{W}pPr/{W}sectPr") is not None]

    def shown(p: etree._Element) -> str:
        spacing = p.find(f"{W}pPr/{W}spacing")
        one_point = spacing is not None and (spacing.get(f"{W}line"), spacing.get(f"{W}lineRule")) == ("20", "exact")
        return paragraph_text(p) or ("一磅" if one_point else "空段")

    assert [shown(p) for p in ends] == ["正文", "一磅", "后文", "填表人：甲"]


def test_a_cover_has_a_section_of_its_own_without_a_page_number_and_the_body_is_numbered_from_one():
    body = body_of(
        [
            Cover(("2023年度某馆", "整体支出绩效自评报告"), ("单位名称：某馆（盖章）", "2024年6月27日")),
            Title("2023年度某馆整体支出绩效自评报告"),
            Paragraph("正文"),
        ]
    )
    cover_end = body.find(f"{W}p/{W}pPr/{W}sectPr")
    assert cover_end.find(f"{W}titlePg") is not None
    assert cover_end.find(f"{W}footerReference[@{W}type='first']") is not None
    assert cover_end.find(f"{W}pgNumType") is None
    last = body[-1]
    assert last.find(f"{W}titlePg") is None and last.find(f"{W}pgNumType").get(f"{W}start") == "1"


def test_two_tables_of_one_attachment_are_kept_apart_and_together():
    first = Table(rows=[[Cell("甲")], [Cell("乙")]], continued=True)
    body = body_of([first, Table(rows=[[Cell("丙")]], notes=["填表人：甲"])])
    children = [child.tag.removeprefix(W) for child in body]
    assert children[:3] == ["tbl", "p", "tbl"]
    assert body[1].find(f"{W}pPr/{W}keepNext") is not None
