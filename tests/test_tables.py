"""The attached tables take every total from the figures and the scoring scheme, never from sums of their own."""

from __future__ import annotations

import pytest
import yaml

from reportgen.figures import compute
from reportgen.models import DepartmentReport
from reportgen.models.indicators import PerformanceTable
from reportgen.render.blocks import Table
from reportgen.render.tables import basic_data_tables, performance_table
from reportgen.scoring import load_scheme, score_table

TABLE = {
    "名称": "测试项目",
    "资金": {"全年预算数": 100, "全年执行数": 100},
    "指标": [
        {
            "一级指标": "产出指标",
            "二级指标": "数量指标",
            "三级指标": "接收档案",
            "年度指标值": "1000卷",
            "实际完成值": "1000卷",
            "分值": 25,
        },
        {
            "一级指标": "效益指标",
            "二级指标": "社会效益指标",
            "三级指标": "查阅利用",
            "年度指标值": "≥3000人次",
            "实际完成值": "3085人次",
            "分值": 15,
        },
        {
            "一级指标": "满意度指标",
            "二级指标": "服务对象满意度指标",
            "三级指标": "满意度",
            "年度指标值": "≥96%",
            "实际完成值": "98%",
            "分值": 5,
        },
    ],
}

#: The default scheme at half the marks: 项目总分 50.
HALF = {
    "base": "default",
    "name": "半分方案",
    "total": 50,
    "categories": {
        "预算执行": {"weight": 5},
        "产出指标": {"weight": 25},
        "效益指标": {"weight": 15},
        "满意度指标": {"weight": 5},
    },
}


def texts(table: Table) -> list[list[str]]:
    return [[cell.text if cell else "" for cell in row] for row in table.rows]


def row_starting(table: Table, first: str) -> list[str]:
    return next(row for row in texts(table) if row[0] == first)


@pytest.fixture
def half_scheme(tmp_path):
    path = tmp_path / "half.yaml"
    path.write_text(yaml.safe_dump(HALF, allow_unicode=True), encoding="utf-8")
    return load_scheme(path)


def drawn(scheme) -> Table:
    table = PerformanceTable.model_validate(TABLE)
    return performance_table(table, score_table(table, scheme), label="", caption="自评表", name_label="项目支出名称")


def test_total_marks_cell_follows_the_scheme_total(half_scheme):
    assert row_starting(drawn(half_scheme), "总分")[6:8] == ["50", "50.00"]


def test_level1_weights_come_from_the_score(half_scheme):
    cells = [text for row in texts(drawn(half_scheme)) for text in row]
    assert {"产出指标\n（25分）", "效益指标\n（15分）", "满意度指标\n（5分）"} <= set(cells)


def test_the_default_scheme_still_prints_100():
    table = PerformanceTable.model_validate(
        {**TABLE, "指标": [{**row, "分值": row["分值"] * 2} for row in TABLE["指标"]]}
    )
    drawn_table = performance_table(
        table, score_table(table, load_scheme()), label="", caption="自评表", name_label="项目支出名称"
    )
    assert row_starting(drawn_table, "总分")[6] == "100"


def project(name, category, last_year, budget, executed):
    return {"名称": name, "类别": category, "上年决算数": last_year, "全年预算数": budget, "全年执行数": executed}


DEPARTMENT = {
    "单位名称": "测试档案馆",
    "年度": 2023,
    "支出": {
        "基本支出": {"合计": 100},
        "项目支出": {
            "项目": [
                project("档案保管保护费", "业务工作经费", "17.95", "17.95", "17.71"),
                project("大楼运行维护费", "运行维护经费", 105, 105, "103.86"),
                project("库房密集架建设", "专项资金", 0, 191, "191.21"),
                project("临时项目", None, 1, 2, 2),
            ],
            "合计": "314.79",  # the projects add up to 314.78: within rounding, so the stated 合计 stands
        },
    },
    "三公经费": {
        "公务用车购置": {"上年决算": 0, "本年预算": 1, "本年决算": "0.5"},
        "公务用车运行维护": {"上年决算": "1.66", "本年预算": 3, "本年决算": "0.56"},
        "公务接待": {"上年决算": "1.02", "本年预算": 2, "本年决算": "1.36"},
    },
    "基础数据表": {"楼堂馆所": {"批复规模": 1000, "实际规模": 950, "预算投资": 200, "实际投资": 210}},
}


@pytest.fixture
def basic_data() -> list[Table]:
    report = DepartmentReport.model_validate(DEPARTMENT)
    return basic_data_tables(report, compute(report), label="附件1")


def test_project_spending_row_states_the_figures_total(basic_data):
    assert row_starting(basic_data[0], "项目支出")[1:] == ["123.95", "315.95", "314.79"]


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("　　1、业务工作经费", ["17.95", "17.95", "17.71"]),
        ("　　2、运行维护经费", ["105.00", "105.00", "103.86"]),
        ("　　3、市级专项资金", ["0.00", "191.00", "191.21"]),
        ("　　4、其他项目", ["1.00", "2.00", "2.00"]),
        ("　　1、公务用车购置和维护经费", ["1.66", "4.00", "1.06"]),
        ("三公经费", ["2.68", "6.00", "2.42"]),
    ],
)
def test_group_rows_state_the_figures_group_totals(basic_data, label, expected):
    assert row_starting(basic_data[0], label)[1:] == expected


def test_building_control_rates_come_from_the_figures(basic_data):
    assert texts(basic_data[1])[1][3::3] == ["95.00%", "105.00%"]


# ---------------------------------------------------------------- column widths fit their headers

# The rows that head columns, and the label cells of the first columns (资金（万元）, 产出指标（50分）…).
_HEADER_WORDS = ("年初预算数", "一级指标", "编制数", "批复规模", "项目名称", "年度资金总额")
_LABEL_RE = __import__("re").compile(
    r"^(?:资金\n（万元）|绩效指标|.{2,5}指标\n（\d+分）|部门（单位）名称|项目支出名称|主管部门|实施单位)$"
)


def _header_cells(table: Table) -> list[tuple[str, float]]:
    """(text, width in mm) of every header cell of ``table``, its merged columns added up."""
    found = []
    for row in table.rows:
        heads = any(cell is not None and cell.text in _HEADER_WORDS for cell in row)
        for c, cell in enumerate(row):
            if cell is None or not cell.text or not (heads or _LABEL_RE.match(cell.text)):
                continue
            found.append((cell.text, sum(table.widths_mm[c : c + 1 + cell.merge_right])))
    return found


@pytest.mark.parametrize("stem", ["yueyang_2023", "huaihua_2024_project", "guangzhou_center_2021"])
def test_every_column_header_fits_its_column_on_its_lines(stem):
    from paths import SAMPLES
    from reportgen import api
    from reportgen.docx.writer import fits_in_cell

    tables = [b for b in api.draft(SAMPLES / f"{stem}.yaml").blocks if isinstance(b, Table)]
    cells = [cell for table in tables for cell in _header_cells(table)]
    assert ("资金\n（万元）", 19.0) in cells or stem == "guangzhou_center_2021"
    assert [(text, width) for text, width in cells if not fits_in_cell(text, width)] == []


@pytest.mark.parametrize(
    ("text", "width", "fits"),
    [("（万元）", 19.0, True), ("（万元）", 12.0, False), ("资金（万元）", 19.0, False), ("满意度指标", 23.0, True)],
)
def test_a_cell_fits_when_each_of_its_lines_does(text, width, fits):
    from reportgen.docx.writer import fits_in_cell

    assert fits_in_cell(text, width) is fits
