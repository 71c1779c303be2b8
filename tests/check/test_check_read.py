"""Reading drafts: .docx with headings and merged cells, PDF-wrapped text, tab-per-cell tables, unusable files."""

from __future__ import annotations

import pytest
from docx import Document

from reportgen.check import check_file
from reportgen.check.model import Paragraph, TableBlock
from reportgen.check.read import read_draft, read_text
from reportgen.errors import DraftReadError


def _docx(path):
    document = Document()
    document.add_heading("2023年度某档案馆部门整体支出绩效自评报告", level=0)
    document.add_heading("一、部门基本情况", level=1)
    document.add_paragraph("本单位是区委直属公益一类事业单位，负责档案接收、保管和利用。")
    document.add_heading("（一）部门职能", level=2)
    document.add_paragraph("负责馆藏档案的接收和保管。")
    document.add_heading("三、存在的主要问题", level=1)
    document.add_paragraph("一是预算编制不够精准，原因是需求测算不足。二是固定资产管理不规范，原因是盘点不到位。")
    document.add_paragraph("附件2")
    document.add_paragraph("部门整体支出绩效自评表")
    table = document.add_table(rows=4, cols=7)
    header = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"]
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    rows = [
        ["产出指标", "数量指标", "接收档案", "1000卷", "1000卷", "50", "50"],
        ["", "", "整理档案", "2000卷", "2000卷", "40", "40"],
        ["满意度指标", "服务对象满意度指标", "社会公众满意度", "≥96%", "98%", "10", "10"],
    ]
    for r, values in enumerate(rows, start=1):
        for cell, text in zip(table.rows[r].cells, values, strict=True):
            cell.text = text
    table.cell(1, 0).merge(table.cell(2, 0))  # 一级指标 merged over two rows
    table.cell(1, 1).merge(table.cell(2, 1))
    document.save(path)
    return path


def test_docx_paragraphs_and_merged_table_in_order(tmp_path):
    blocks = read_draft(_docx(tmp_path / "报告.docx"))
    texts = [b.text for b in blocks if isinstance(b, Paragraph)]
    assert texts[1:3] == ["一、部门基本情况", "本单位是区委直属公益一类事业单位，负责档案接收、保管和利用。"]
    tables = [b for b in blocks if isinstance(b, TableBlock)]
    assert len(tables) == 1 and isinstance(blocks[-1], TableBlock)
    assert tables[0].rows[2][:3] == ["产出指标", "数量指标", "整理档案"]  # merged cells repeat their text


def test_docx_sections_and_indicator_table_are_graded(tmp_path):
    result = check_file(_docx(tmp_path / "报告.docx"))
    items = {i.id: i for i in result.items}
    assert items["自评报告.绩效自评表.三级细化"].score == 5
    assert items["自评报告.完整性.附件"].score == 7
    assert not [f for f in result.findings if f.rule == "indicator.no_table"]


def test_pdf_wrapped_lines_are_joined_and_page_numbers_dropped():
    lines = ["一、部门基本情况"] + ["本单位负责档案接收和保管工作，开展档案查阅利用服务和档"] * 6
    text = "\n\n".join(lines[:4]) + "\n\n— 5 —\n\n" + "\n\n".join(lines[4:]) + "\n\n工作。"
    blocks = read_text(text)
    assert blocks[0].text == "一、部门基本情况"
    assert len(blocks) == 2 and "— 5 —" not in blocks[1].text and blocks[1].text.endswith("档工作。")


def test_tab_per_cell_table_is_recognised():
    text = "附件2\n自评表\n\t一级指标\n\t二级指标\n\t三级指标\n\n\t产出指标\n\n(50分)\n\t数量指标\n\t接收档案\n\n后记。"
    tables = [b for b in read_text(text) if isinstance(b, TableBlock)]
    assert tables[0].rows == [["一级指标", "二级指标", "三级指标"], ["产出指标\n(50分)", "数量指标", "接收档案"]]


def test_web_chrome_is_dropped():
    text = "您所在的位置: 首页 >财务公开\n一、单位概况\n本单位负责预算绩效管理。\nCopyright 2020 某档案馆"
    assert [b.text for b in read_text(text)] == ["一、单位概况", "本单位负责预算绩效管理。"]


def _encrypted_pdf(path):
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt("secret")
    with open(path, "wb") as handle:
        writer.write(handle)
    return path


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("空.txt", b"", "空文件"),
        ("乱码.txt", bytes(range(256)) * 20, "不是文本文件"),
        ("坏.pdf", b"%PDF-1.4 garbage that is not a pdf", "PDF"),
        ("坏.docx", b"PK\x03\x04 not really a zip", "Word"),
        ("报告.xls", b"anything", "不支持的文件类型"),
        ("旧版.doc", b"anything", "另存为"),
        ("英文.txt", b"This is an English memo about lunch.", "中文"),
        (
            "菜谱.txt",
            (
                "番茄炒蛋的做法：先把鸡蛋打散，锅中放油烧热，倒入蛋液炒熟盛出，再炒番茄，最后一起翻炒加盐出锅。" * 2
            ).encode(),
            "不是绩效自评报告",
        ),
    ],
)
def test_unusable_files_raise_a_chinese_error(tmp_path, name, content, words):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(DraftReadError) as info:
        read_draft(path)
    assert words in info.value.user_message()


def test_encrypted_pdf_raises_a_chinese_error(tmp_path):
    with pytest.raises(DraftReadError, match="加密"):
        read_draft(_encrypted_pdf(tmp_path / "加密.pdf"))


def test_missing_file_raises_a_chinese_error(tmp_path):
    with pytest.raises(DraftReadError, match="找不到文件"):
        read_draft(tmp_path / "没有.docx")


def test_gbk_text_is_read(tmp_path):
    path = tmp_path / "报告.txt"
    body = "本单位负责预算绩效管理和档案接收、保管、利用工作，全年预算执行情况良好。"
    path.write_bytes(f"一、部门基本情况\n{body}".encode("gb18030"))
    assert read_draft(path)[1].text == body


def _project_docx(path):
    """A 项目支出绩效自评表 laid out like ours: label and name cells merged across columns."""
    document = Document()
    document.add_heading("2023年度某档案馆部门整体支出绩效自评报告", level=0)
    document.add_heading("一、部门基本情况", level=1)
    document.add_paragraph("本单位是区委直属公益一类事业单位，负责档案接收、保管和利用。")
    document.add_paragraph("附件3")
    document.add_paragraph("2023年度项目支出绩效自评表")
    table = document.add_table(rows=3, cols=8)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "项目支出名称"
    table.cell(0, 2).merge(table.cell(0, 7)).text = "档案保管保护费"
    header = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
    values = ["产出指标", "数量指标", "修裱档案", "100卷", "90卷", "50", "45", ""]
    for r, texts in ((1, header), (2, values)):
        for cell, text in zip(table.rows[r].cells, texts, strict=True):
            cell.text = text
    table.cell(2, 6).merge(table.cell(2, 7)).text = "【待补充：偏差原因】"
    document.save(path)
    return path


def test_docx_merged_cells_are_known_and_counted_once(tmp_path):
    table = next(b for b in read_draft(_project_docx(tmp_path / "报告.docx")) if isinstance(b, TableBlock))
    assert table.rows[0][:3] == ["项目支出名称", "项目支出名称", "档案保管保护费"]  # columns stay aligned
    assert (0, 1) in table.merged and (0, 3) in table.merged and (0, 2) not in table.merged
    assert table.distinct_cells()[:2] == ["项目支出名称", "档案保管保护费"]


def test_docx_project_name_is_the_merged_value_not_its_label(tmp_path):
    from reportgen.check.read import read_draft as read
    from reportgen.check.structure import parse_draft
    from reportgen.check.tables import indicator_tables

    tables = indicator_tables(parse_draft(read(_project_docx(tmp_path / "报告.docx"))))
    assert [(t.kind, t.name) for t in tables] == [("project", "档案保管保护费")]


def test_docx_marker_in_a_merged_cell_is_reported_once(tmp_path):
    result = check_file(_project_docx(tmp_path / "报告.docx"))
    assert len([f for f in result.findings if f.rule == "placeholder.marker"]) == 1


def _toc_entry_xml(title: str, page: int) -> str:
    """A Word table-of-contents entry: a hyperlink, a tab and the page number as a PAGEREF field's result."""
    field = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGEREF _Toc1 \\h </w:instrText></w:r>'
        f'<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>{page}</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    link = f"<w:r><w:t>{title}</w:t></w:r><w:r><w:tab/></w:r>{field}"
    return f'<w:p><w:hyperlink w:anchor="_Toc1">{link}</w:hyperlink></w:p>'


def test_docx_table_of_contents_in_a_content_control_is_skipped_and_wrapped_text_kept(tmp_path):
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = Document()
    document.add_paragraph("2023年度某县文化馆部门整体支出绩效自评报告")
    entries = "".join(_toc_entry_xml(t, p) for t, p in [("一、部门基本情况", 1), ("二、绩效自评情况", 2)])
    toc = parse_xml(
        f'<w:sdt {nsdecls("w")}><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/>'
        f"</w:docPartObj></w:sdtPr><w:sdtContent><w:p><w:r><w:t>目录</w:t></w:r></w:p>{entries}</w:sdtContent></w:sdt>"
    )
    wrapped = parse_xml(
        f"<w:sdt {nsdecls('w')}><w:sdtContent><w:p><w:r><w:t>一、部门基本情况</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>本馆负责全县群众文化活动的组织和辅导。</w:t></w:r></w:p></w:sdtContent></w:sdt>"
    )
    body = document.element.body
    body.insert(1, toc)
    body.insert(2, wrapped)
    path = tmp_path / "目录.docx"
    document.save(path)
    texts = [b.text for b in read_draft(path) if isinstance(b, Paragraph)]
    assert texts[1:] == ["一、部门基本情况", "本馆负责全县群众文化活动的组织和辅导。"]
