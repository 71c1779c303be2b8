"""The batch summary's .xlsx writer: what openpyxl reads back from it."""

from __future__ import annotations

from decimal import Decimal

from openpyxl import load_workbook

from reportgen.check.xlsx import Sheet, write_workbook


def test_values_types_and_layout_read_back(tmp_path):
    path = tmp_path / "汇总.xlsx"
    rows = [
        ["甲.docx", 2023, Decimal("87.5"), 3.25, "含<标签>与&符号"],
        ["乙.txt", None, 0, -1, ""],
        ["丙\x01\x0b.md", 2024, 100, 0.1, "第一行\n第二行"],  # control characters a hostile file may carry
    ]
    write_workbook(
        path, [Sheet("汇总", ["文件", "年度", "得分", "差额", "说明"], iter(rows)), Sheet("明细", ["规则"], [])]
    )

    workbook = load_workbook(path)
    assert workbook.sheetnames == ["汇总", "明细"]
    sheet = workbook["汇总"]
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert values[0] == ["文件", "年度", "得分", "差额", "说明"]
    assert values[1] == ["甲.docx", 2023, 87.5, 3.25, "含<标签>与&符号"]
    assert values[2] == ["乙.txt", None, 0, -1, None]
    assert values[3] == ["丙.md", 2024, 100, 0.1, "第一行\n第二行"]
    assert isinstance(values[1][1], int) and isinstance(values[1][2], float)
    assert sheet.freeze_panes == "B2" and sheet.auto_filter.ref == "A1:E4"
    assert sheet["A1"].font.b and sheet["A1"].fill.fgColor.rgb == "FFDDEBF7" and not sheet["A2"].font.b
    assert sheet.column_dimensions["E"].width > sheet.column_dimensions["B"].width >= 6
    empty = workbook["明细"]
    assert [c.value for c in empty[1]] == ["规则"] and empty.auto_filter.ref == "A1:A1"


def test_a_streaming_reader_sees_every_row(tmp_path):
    path = tmp_path / "明细.xlsx"
    write_workbook(path, [Sheet("问题明细", ["文件", "扣分"], ([f"{i}.txt", i] for i in range(450)))])
    sheet = load_workbook(path, read_only=True)["问题明细"]
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 451 and rows[0] == ("文件", "扣分") and rows[-1] == ("449.txt", 449)
