"""What the .docx reader takes as a paragraph's text and a table's cells, pinned on documents written here as
raw WordprocessingML: which runs count (hyperlinks, fields, insertions, moved-to text, content controls) and
which do not (deleted and moved-away text, text boxes, fallback content), how tabs, breaks and hyphens read,
and how merged cells repeat."""

from __future__ import annotations

import zipfile
from pathlib import Path

from reportgen.check.docx_read import read_docx
from reportgen.check.model import Paragraph, TableBlock

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="word/document.xml"'
    ' Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
    "</Relationships>"
)


def _docx(folder: Path, body: str) -> Path:
    """A package holding only a main document with ``body`` (no styles, no numbering)."""
    path = folder / "runs.docx"
    document = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"'
        ' xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
        ' xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
        ' xmlns:v="urn:schemas-microsoft-com:vml">'
        f"<w:body>{body}<w:sectPr/></w:body></w:document>"
    )
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("_rels/.rels", _RELS)
        package.writestr("word/document.xml", document)
    return path


def _r(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def _p(*runs: str) -> str:
    return "<w:p>" + "".join(runs) + "</w:p>"


def test_tabs_breaks_and_hyphens_read_as_characters(tmp_path):
    run = (
        '<w:r><w:t>项目</w:t><w:tab/><w:t>金额</w:t><w:ptab w:alignment="right"/><w:t>万元</w:t><w:br/>'
        "<w:t>第二行</w:t><w:cr/><w:t>A</w:t><w:noBreakHyphen/><w:t>B</w:t><w:softHyphen/></w:r>"
    )
    path = _docx(tmp_path, _p(run) + _p(_r("尾部空格\u00a0\u00a0 ")))

    assert [block.text for block in read_docx(path) if isinstance(block, Paragraph)] == [
        "项目\t金额\t万元\n第二行\nA-B",
        "尾部空格",
    ]


def test_runs_inside_links_fields_insertions_and_content_controls_count(tmp_path):
    paragraph = _p(
        _r("见"),
        f"<w:hyperlink>{_r('附表1')}</w:hyperlink>",
        f"<w:fldSimple>{_r('（第3页）')}</w:fldSimple>",
        f"<w:ins>{_r('，已补充')}</w:ins>",
        f"<w:moveTo>{_r('，移来')}</w:moveTo>",
        f"<w:sdt><w:sdtContent>{_r('，控件中')}</w:sdtContent></w:sdt>",
    )
    path = _docx(tmp_path, paragraph)

    assert [block.text for block in read_docx(path)] == ["见附表1（第3页），已补充，移来，控件中"]


def test_deleted_moved_away_text_box_and_fallback_text_do_not_count(tmp_path):
    text_box = (
        '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>'
        f"{_p(_r('文本框里的字'))}</w:txbxContent></wps:txbx></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict>{_r('旧版替代内容')}</w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )
    vml_box = f"<w:r><w:pict><v:shape><v:textbox><w:txbxContent>{_p(_r('另一个框'))}</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
    paragraph = _p(
        _r("保留"),
        f"<w:del><w:r><w:delText>删去的字</w:delText></w:r>{_r('删去的正文')}</w:del>",
        f"<w:moveFrom>{_r('移走的字')}</w:moveFrom>",
        text_box,
        vml_box,
        _r("结尾"),
    )
    path = _docx(tmp_path, paragraph)

    assert [block.text for block in read_docx(path)] == ["保留结尾"]


def test_paragraphs_in_content_controls_and_custom_xml_are_read_in_order(tmp_path):
    body = (
        _p(_r("前言"))
        + f"<w:sdt><w:sdtPr/><w:sdtContent>{_p(_r('目录'))}"
        + f"<w:sdt><w:sdtContent>{_p(_r('一、基本情况'))}</w:sdtContent></w:sdt></w:sdtContent></w:sdt>"
        + f"<w:customXml>{_p(_r('二、绩效目标'))}<w:customXml>{_p(_r('三、自评结论'))}</w:customXml></w:customXml>"
        + _p(_r("结语"))
    )
    blocks = read_docx(_docx(tmp_path, body))

    assert [(block.text, block.line) for block in blocks if isinstance(block, Paragraph)] == [
        ("前言", 1),
        ("目录", 2),
        ("一、基本情况", 3),
        ("二、绩效目标", 4),
        ("三、自评结论", 5),
        ("结语", 6),
    ]


def _tc(content: str, properties: str = "") -> str:
    return f"<w:tc><w:tcPr>{properties}</w:tcPr>{content}</w:tc>"


def test_merged_cells_repeat_and_a_nested_table_is_not_cell_text(tmp_path):
    nested = f"<w:tbl><w:tr>{_tc(_p(_r('内层表格')))}</w:tr></w:tbl>"
    span, start, carry_on = '<w:gridSpan w:val="2"/>', '<w:vMerge w:val="restart"/>', '<w:vMerge w:val="continue"/>'
    table = (
        "<w:tbl>"
        f"<w:tr>{_tc(_p(_r('指标')), span)}{_tc(_p(_r('分值')), start)}</w:tr>"
        f"<w:tr>{_tc(_p(_r('产出')))}{_tc(_p(_r('数量')) + _p(_r('质量')))}{_tc(_p(), '<w:vMerge/>')}</w:tr>"
        f"<w:tr>{_tc(_p(_r('效益')) + nested + _p(_r('满意度')))}{_tc(_p(_r('时效')))}{_tc(_p(_r('续')), carry_on)}</w:tr>"
        "</w:tbl>"
    )
    blocks = read_docx(_docx(tmp_path, table))

    assert len(blocks) == 1 and isinstance(blocks[0], TableBlock)
    assert blocks[0].rows == [
        ["指标", "指标", "分值"],
        ["产出", "数量\n质量", "分值"],
        ["效益\n满意度", "时效", "分值"],
    ]
    assert blocks[0].merged == {(0, 1), (1, 2), (2, 2)}
