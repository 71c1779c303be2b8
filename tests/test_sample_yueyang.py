"""The yueyang sample drafts seed 002 in its own words: ten sections, seven scored tables, warnings at the seed's
inconsistent figures (its indicators, staff numbers and causes are made consistent)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from docx_digest import digest
from paths import SAMPLES
from reportgen import api
from reportgen.render.blocks import Heading, Table
from samples import sample_fixtures

draft, document = sample_fixtures("yueyang_2023")


HUNAN_SECTIONS = [
    "一、部门（单位）基本情况",
    "二、一般公共预算支出情况",
    "三、政府性基金预算支出情况",
    "四、国有资本经营预算支出情况",
    "五、社会保险基金预算支出情况",
    "六、部门整体支出绩效情况",
    "七、存在的问题及原因分析",
    "八、下一步改进措施",
    "九、部门整体支出绩效自评结果拟应用和公开情况",
    "十、其他需要说明的情况",
]


def test_ten_sections_in_order(draft):
    assert [b.full_text for b in draft.blocks if isinstance(b, Heading) and b.level == 1] == HUNAN_SECTIONS


def test_profile_comes_from_the_input(draft):
    assert draft.profile.name == "hunan"


def test_seven_attachments_labelled_in_order(draft):
    labels = [b.label for b in draft.blocks if isinstance(b, Table) and b.label]
    assert labels == [f"附件{n}" for n in range(1, 8)]
    listed = draft.text().split("附件：\n")[1].splitlines()[:7]
    assert listed == [
        "1.部门整体支出绩效评价基础数据表",
        "2.部门整体支出绩效自评表",
        "3.档案保管保护费项目支出绩效自评表",
        "4.大楼运行维护费项目支出绩效自评表",
        "5.档案保护开发和档案资源建设项目支出绩效自评表",
        "6.市档案馆库房密集架建设项目支出绩效自评表",
        "7.市档案馆智慧档案一期项目建设支出绩效自评表",  # the name says 项目 already
    ]


# Totals by hand: 10 × 执行率 (capped) + indicator scores; seed 002 prints 99.9 for the first two
# because it rounded 98.66% and 98.91% to 99% before multiplying.
@pytest.mark.parametrize(
    ("name", "rate", "budget_score", "total", "grade"),
    [
        ("档案保管保护费", "98.66", "9.87", "99.87", "优"),
        ("大楼运行维护费", "98.91", "9.89", "99.89", "优"),
        ("档案保护开发和档案资源建设项目", "100.00", "10.00", "100.00", "优"),
        ("市档案馆库房密集架建设", "100.11", "10.00", "99.99", "优"),  # cost row: 13 × 191/191.21 = 12.99
        ("市档案馆智慧档案一期项目建设", "63.97", "6.40", "96.40", "优"),  # 6.40 + 90: 115.78 ≤ 181 keeps its 10
    ],
)
def test_project_scores(draft, name, rate, budget_score, total, grade):
    (project,) = [p for p in draft.figures.scored_projects if p.name == name]
    score = project.score
    assert (score.budget.rate, score.budget.score) == (Decimal(rate), Decimal(budget_score))
    assert (score.total, score.grade) == (Decimal(total), grade)


def test_department_score(draft):
    # 全年预算 475.88 (基本) + 654.95 (项目) = 1130.83, not the seed's 1049.31; 执行 1051.44:
    # 执行率 92.98% → 预算执行 9.30, indicators 90 → 99.30.
    score = draft.figures.department_score
    assert (score.budget.rate, score.total, score.grade) == (Decimal("92.98"), Decimal("99.30"), "优")


@pytest.mark.parametrize(
    ("code", "fragment"),
    [
        (
            "restated-figure",
            "部门整体支出的全年预算数在「部门整体自评表.资金」中为1049.31万元，在「支出（基本支出与项目支出之和）」中为1130.83万元",
        ),
        (
            "restated-figure",
            "部门整体支出的全年执行数在「部门整体自评表.资金」中为1051.31万元，在「支出（基本支出与项目支出之和）」中为1051.44万元",
        ),
        ("total-mismatch", "462.88万元 + 「支出.项目支出」588.56万元 = 1051.44万元，与「支出.合计」1051.31万元"),
        (
            "restated-figure",
            "档案保护开发和档案资源建设项目的全年预算数在「支出.项目支出.项目[3].自评表.资金」中为158.50万元",
        ),
    ],
)
def test_warnings_point_at_the_seeds_defects(draft, code, fragment):
    assert any(n.rule == code and fragment in n.message for n in draft.notes), [n.message for n in draft.notes]


def test_the_sample_gives_every_required_reason(draft):
    assert draft.markers == []
    assert "执行率偏低的原因：项目尚未竣工验收，合同约定的验收款未支付。" in draft.text()
    # the overspend of 0.21万元 is explained in its 自评表, where the checker reads it
    assert "超出预算0.21万元，原因是安装中增加了防倾倒连接件；今后在合同中预留变更费用。" in draft.text()


def test_a_missing_reason_becomes_a_marker(tmp_path):
    text = (SAMPLES / "yueyang_2023.yaml").read_text(encoding="utf-8")
    text = text.replace("偏差原因: 项目尚未竣工验收，合同约定的验收款未支付。", "# 偏差原因未填")
    path = tmp_path / "input.yaml"
    path.write_text(text, encoding="utf-8")
    assert api.draft(path).markers == ["【待补充：市档案馆智慧档案一期项目建设执行率偏低的原因】"]


def test_budget_structure_is_stated(draft):
    text = draft.text()
    assert "基本支出462.88万元，占总支出的44.02%" in text  # of 1051.44, the sum of its parts
    assert "人员经费395.02万元，占基本支出的85.34%" in text
    assert (
        "年初预算批复的项目支出为122.95万元，全年预算合计654.95万元，实际决算支出588.56万元，年末结余66.39万元" in text
    )
    assert (
        "市档案馆智慧档案一期项目建设全年预算181.00万元，执行115.78万元，执行率63.97%；项目支出绩效自评得分96.40分"
        in text
    )


def test_docx_has_the_seven_attachment_tables(document):
    # 附件1 is two tables (经费控制 and 楼堂馆所); then one table per 自评表.
    assert len(document.tables) == 8


def test_performance_table_merges_level_cells_and_adds_up(document):
    table = document.tables[7]  # 附件7, 智慧档案一期
    texts = [[c.text for c in row.cells] for row in table.rows]
    header = next(i for i, row in enumerate(texts) if row[1] == "一级指标")
    rows = texts[header + 1 : -1]
    assert len(rows) == 8
    output_cell = table.cell(header + 1, 1)
    assert all(table.cell(header + 1 + k, 1)._tc is output_cell._tc for k in range(5))
    assert output_cell.text == "产出指标\n（50分）"
    scores = sum(Decimal(row[7]) for row in rows)
    funds_score = Decimal(next(row for row in texts if row[1] == "年度资金总额")[8])
    assert scores + funds_score == Decimal(texts[-1][7]) == Decimal("96.40")
    assert table.rows[0]._tr.trPr is not None


def test_basic_data_table_rows(document):
    rows = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert ["三公经费", "2.68", "5.00", "1.92"] in rows  # 1.66 + 1.02; 3 + 2; 0.56 + 1.36
    assert ["项目支出", "122.95", "654.95", "588.56"] in rows
    assert ["", "21", "19", "90.48%"] in rows  # 实有19 of 编制21


def test_text_snapshot(draft, snapshot_md):
    assert draft.markdown() == snapshot_md


def test_docx_digest_snapshot(document, snapshot_txt):
    assert digest(document) == snapshot_txt
