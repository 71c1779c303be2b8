"""Structure: the report's kind and profile (generic where no region fits), headings that are not numbering
defects, and numbering rules on reports laid out as other provinces lay them out (fixtures written by us)."""

from __future__ import annotations

import json

import pytest

from paths import FIXTURES
from reportgen.check import check_file, check_text
from reportgen.check.model import DEFECT_CATEGORIES, Paragraph
from reportgen.check.read import read_text
from reportgen.check.report import to_markdown
from reportgen.check.structure import detect_kind, parse_draft, parse_numeral
from reportgen.findings import Category, Level

# fixture stem → (profile, kind): three provinces without a built-in profile, and a fund report laid out as ours
FIXTURE_PROFILES = {
    "structure_yunnan": ("generic", "部门整体支出"),  # 一、自评结论 first
    "structure_hubei": ("generic", "部门整体支出"),  # short form, 预算执行 20 分
    "structure_sichuan": ("generic", "部门整体支出"),  # 自评表 with 指标性质 and 度量单位 columns
    "structure_project_fund": ("project", "项目支出"),  # 衔接资金, no 项目支出 in the title
}

# fixture stem → (rule, words its message, section or evidence must contain) planted in the _defects version
PLANTED = {
    "structure_yunnan": [
        ("numbering.heading_skip", ["（二）", "（四）", "缺少（三）"]),
        ("numbering.mixed_style", ["「1.」", "「2、」"]),
        ("numbering.malformed", ["「（三」", "缺少右括号"]),
        ("numbering.inline", ["「2.」之后是「4.」", "缺少3."]),
        ("section.empty", ["（一）收入情况"]),
    ],
    "structure_hubei": [
        ("numbering.heading_skip", ["「2.」之后是「4.」"]),
        ("numbering.mixed_style", ["「（1）」", "「3）」"]),
        ("numbering.malformed", ["「(二）」", "全角", "半角", "「（二）」"]),
        ("numbering.inline", ["「2.」出现了两次"]),
        ("section.empty", ["（三）满意度指标"]),
    ],
    "structure_sichuan": [
        ("numbering.heading_skip", ["（二）", "（四）"]),
        ("numbering.mixed_style", ["「一、」", "「五.」"]),
        ("numbering.malformed", ["「（三）、」", "多了「、」"]),
        ("numbering.inline", ["「2.」之后是「4.」"]),
        ("section.empty", ["（一）预算管理"]),
    ],
    "structure_project_fund": [
        ("numbering.heading_skip", ["（二）", "（四）"]),
        ("numbering.mixed_style", ["「1.」", "「2、」"]),
        ("numbering.malformed", ["「二）」", "缺少左括号", "「（二）」"]),
        ("numbering.inline", ["「3.」出现了两次"]),
        ("section.empty", ["（三）财务管理情况"]),
    ],
}
STEMS = sorted(FIXTURE_PROFILES)


@pytest.fixture(scope="module")
def checked():
    return {
        f"{stem}_{version}": check_file(FIXTURES / f"{stem}_{version}.txt")
        for stem in STEMS
        for version in ("clean", "defects")
    }


@pytest.mark.parametrize("version", ["clean", "defects"])
@pytest.mark.parametrize("stem", STEMS)
def test_fixture_is_graded_against_a_fitting_profile(checked, stem, version):
    result = checked[f"{stem}_{version}"]
    assert (result.profile, result.kind) == FIXTURE_PROFILES[stem]
    assert result.profile_detected and result.detection is not None
    assert [f.message for f in result.findings if f.rule == "section.missing"] == []


@pytest.mark.parametrize(
    ("stem", "rule", "words"), [(stem, rule, words) for stem, rows in PLANTED.items() for rule, words in rows]
)
def test_planted_defect_is_found(checked, stem, rule, words):
    found = [f for f in checked[f"{stem}_defects"].findings if f.rule == rule]
    assert any(all(w in f.message + f.section + f.evidence for w in words) for f in found), [f.message for f in found]


@pytest.mark.parametrize("stem", STEMS)
def test_clean_twin_has_no_defect_error(checked, stem):
    errors = [
        f"{f.rule}: {f.message}"
        for f in checked[f"{stem}_clean"].findings
        if f.level is Level.ERROR and f.category in DEFECT_CATEGORIES
    ]
    assert errors == []


@pytest.mark.parametrize("stem", STEMS)
def test_clean_twin_has_no_numbering_or_empty_section_finding(checked, stem):
    found = [
        f.message
        for f in checked[f"{stem}_clean"].findings
        if f.category in (Category.NUMBERING, Category.SECTION_EMPTY, Category.SECTION_MISSING)
    ]
    assert found == []


@pytest.mark.parametrize("stem", STEMS)
def test_defect_twin_has_only_the_planted_numbering_and_section_findings(checked, stem):
    planted = {rule for rule, _ in PLANTED[stem]}
    found = [
        f.rule
        for f in checked[f"{stem}_defects"].findings
        if f.category in (Category.NUMBERING, Category.SECTION_EMPTY, Category.SECTION_MISSING)
    ]
    assert sorted(found) == sorted(planted)


# --- kind --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("2023年度某县图书馆项目支出绩效自评报告", "project"),
        ("2023年度某县档案数字化项目绩效自评报告", "project"),
        ("关于2023年度农村公路养护转移支付资金绩效自评的报告", "project"),
        ("2023年度某县衔接推进乡村振兴补助资金绩效自评报告", "project"),
        ("2023年度某县残疾人就业专项资金绩效自评报告", "project"),
        ("2023年度某县图书馆部门整体支出绩效自评报告", "department"),
        ("2023年度某县文化馆部门（单位）整体支出绩效自评报告", "department"),
        ("2023年度某县文化馆绩效自评报告", "department"),
    ],
)
def test_kind_from_the_title(title, kind):
    guess = detect_kind(title, [], [])
    assert guess.kind == kind
    assert guess.confidence >= (0.75 if "某县文化馆绩效" not in title else 0.5)


def test_kind_without_a_telling_title_is_a_guess():
    guess = detect_kind("2023年度某县文化馆绩效自评报告", [], [])
    assert (guess.kind, guess.confidence) == ("department", 0.5)
    assert "没有找到项目支出报告的特征" in guess.basis


def test_kind_from_project_headings_and_one_project_table():
    text = (
        "2023年度古籍修复绩效自评报告\n一、项目概况\n本项目修复古籍120册。\n二、项目资金使用情况\n"
        "全年预算20万元，执行20万元。\n三、项目实施情况\n按计划完成。\n"
        "附件1\n绩效自评表\n\t项目名称\n\t古籍修复\n\n\t一级指标\n\t二级指标\n\t三级指标\n\t年度指标值\n"
        "\t实际完成值\n\t分值\n\t得分\n\n\t产出指标\n\t数量指标\n\t修复古籍\n\t120册\n\t120册\n\t50\n\t50\n\n"
    )
    report = parse_draft(read_text(text))
    assert report.kind == "项目支出"
    assert report.detection is not None and "附有1张项目支出绩效自评表" in report.detection.basis


# --- profile -----------------------------------------------------------------------------------------


def test_a_guangdong_report_missing_one_part_stays_guangdong():
    text = "一、部门基本情况\n本馆是事业单位。\n二、绩效自评情况\n自评得分96分。\n三、存在的主要问题\n预算编制不精准。"
    result = check_text(text)
    assert result.profile == "guangdong"
    assert [f.message for f in result.findings if f.rule == "section.missing"] == [
        "缺少正文部分「下一步改进措施」（广东格式部门整体支出绩效自评报告要求）"
    ]


def test_generic_counts_a_heading_that_names_two_parts_and_a_part_one_level_down():
    text = (
        "2023年度某县科协部门整体绩效自评报告\n一、部门概况\n（一）主要职能\n负责科普工作。\n（二）年度绩效目标\n"
        "举办科普活动30场。\n二、预算执行情况\n全年预算100万元，执行100万元。\n三、绩效目标完成情况\n举办科普活动32场。\n"
        "四、存在问题及改进措施\n科普阵地利用率不高，原因是宣传不足。下一步将加强宣传。\n五、结果应用情况\n自评结果已公开。"
    )
    result = check_text(text)
    assert result.profile == "generic"
    body = next(i for i in result.items if i.id == "自评报告.完整性.正文")
    assert body.score == 8, body.basis


def test_generic_reports_a_part_it_cannot_find_by_its_generic_name():
    text = (
        "2023年度某县科协部门整体绩效自评报告\n一、部门概况\n负责科普工作。\n二、绩效目标完成情况\n举办科普活动32场。\n"
        "三、存在问题\n科普阵地利用率不高，原因是宣传不足。\n四、改进建议\n加强宣传。\n五、其他事项\n无。"
    )
    result = check_text(text)
    missing = {f.message.split("」")[0] for f in result.findings if f.rule == "section.missing"}
    assert result.profile == "generic"
    assert missing == {"缺少正文部分「绩效目标", "缺少正文部分「预算执行情况", "缺少正文部分「结果应用和公开情况"}


def test_generic_given_on_the_command_line_takes_the_documents_kind():
    result = check_file(FIXTURES / "structure_project_fund_clean.txt", "generic")
    assert (result.profile, result.kind, result.profile_detected) == ("generic", "项目支出", False)
    assert result.detection is not None and result.detection.profile_confidence is None


def test_detection_is_in_the_json_and_the_markdown(checked):
    result = checked["structure_yunnan_clean"]
    data = json.loads(json.dumps(result.to_dict(), ensure_ascii=False))
    assert set(data["detection"]) == {"profile_confidence", "kind_confidence", "basis"}
    assert "没有相符的地区格式" in data["detection"]["basis"]
    markdown = to_markdown(result)
    assert "- 报告格式：通用格式绩效自评报告（generic）；" in markdown
    assert "- 识别依据：格式：没有相符的地区格式（最接近的" in markdown
    assert "可信度" not in markdown  # the figures are for tools (the JSON above), the reasons for the clerk


# --- headings that are not numbering defects ---------------------------------------------------------


def _numbering_and_empty(text_or_blocks) -> list[str]:
    if isinstance(text_or_blocks, str):
        result = check_text(text_or_blocks)
    else:
        from reportgen.check import check_draft

        result = check_draft(parse_draft(text_or_blocks), "<blocks>")
    return [f.message for f in result.findings if f.category in (Category.NUMBERING, Category.SECTION_EMPTY)]


def test_a_list_of_unit_names_is_not_empty_sections():
    text = (
        "一、部门基本情况\n本局指导的单位有：\n（1）甲乡人民政府\n（2）乙镇人民政府\n（3）丙街道办事处\n"
        "以上单位均按时报送了自评材料。\n二、存在的主要问题\n预算编制不够精准。"
    )
    assert _numbering_and_empty(text) == []
    report = parse_draft(read_text(text))
    assert [s.heading for s in report.sections()] == ["一、部门基本情况", "二、存在的主要问题"]


def test_two_names_of_bodies_are_a_list_too():
    text = "一、部门基本情况\n参与单位：\n（1）甲县财政局\n（2）乙县水务局\n二、存在的主要问题\n预算编制不够精准。"
    assert _numbering_and_empty(text) == []


@pytest.mark.parametrize("heading", ["（一）单位机构设置情况。", "（一）单位机构设置情况"])
def test_a_heading_split_from_its_run_in_text_has_that_text_as_its_body(heading):
    blocks = [
        Paragraph("一、部门基本情况", 1),
        Paragraph(heading, 2),
        Paragraph("局机关设办公室等三个股室。", 3),
        Paragraph("（二）人员情况", 4),
        Paragraph("年末在编12人。", 5),
    ]
    report = parse_draft(blocks)
    first = report.root.children[0].children[0]
    assert (first.heading, first.body_text()) == ("（一）单位机构设置情况", "局机关设办公室等三个股室。")
    assert _numbering_and_empty(blocks) == []


def test_run_in_headings_left_in_one_paragraph_are_not_level_one_numbering():
    text = (
        "一、部门基本情况\n（一）单位机构设置情况。局机关设办公室、财务股两个股室，负责日常运转。\n"
        "（二）人员情况。年末在编12人，实有11人，退休人员5人。"
    )
    assert _numbering_and_empty(text) == []


def test_paragraphs_numbered_with_second_level_numerals_are_not_called_level_one():
    text = (
        "一、部门基本情况\n（一）我局坚持以绩效为导向，把绩效目标管理贯穿预算编制、执行和监督的全过程，年初逐项审核绩效目标。\n"
        "（二）我局建立了绩效运行监控机制，每季度对重点项目的执行进度和目标完成情况开展监控，发现问题及时纠偏。"
    )
    assert _numbering_and_empty(text) == []


def test_a_title_ending_in_a_full_stop_is_a_heading_when_its_text_follows():
    text = "一、部门基本情况\n（一）主要工作\n1.绩效目标设定。\n年初设定了6项绩效目标。\n2.运行监控。\n每季度监控一次。"
    report = parse_draft(read_text(text))
    work = report.root.children[0].children[0]
    assert [(c.heading, c.body_text()) for c in work.children] == [
        ("1.绩效目标设定", "年初设定了6项绩效目标。"),
        ("2.运行监控", "每季度监控一次。"),
    ]


def test_short_sentences_ending_in_a_full_stop_one_after_another_are_items():
    text = "一、部门基本情况\n（一）主要工作\n1.完成档案接收2600卷。\n2.完成数字化30万页。\n3.接待查档1300人次。"
    report = parse_draft(read_text(text))
    work = report.root.children[0].children[0]
    assert work.children == [] and len(work.paragraphs()) == 3


# --- numerals ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "numeral", "value", "rest", "malformed", "expected"),
    [
        ("（一）基本情况", "（一）", 1, "基本情况", "", ""),
        ("(二)人员情况", "(二)", 2, "人员情况", "", ""),
        ("（一绩效目标完成情况", "（一", 1, "绩效目标完成情况", "缺少右括号「）」", "（一）"),
        ("二）人员情况", "二）", 2, "人员情况", "缺少左括号「（」", "（二）"),
        ("(三）资产情况", "(三）", 3, "资产情况", "的左右括号一个全角一个半角", "（三）"),
        ("（四)资产情况", "（四)", 4, "资产情况", "的左右括号一个全角一个半角", "（四）"),
        ("（一）、机构设置", "（一）、", 1, "机构设置", "的括号后面多了「、」", "（一）"),
        ("二，部门职能", "二，", 2, "部门职能", "后面用了逗号", "二、"),
        ("（3完成情况", "（3", 3, "完成情况", "缺少右括号「）」", "（3）"),
    ],
)
def test_numerals_well_and_badly_written(text, numeral, value, rest, malformed, expected):
    found = parse_numeral(text)
    assert found is not None
    assert (found.numeral, found.value, found.rest, found.malformed, found.expected) == (
        numeral,
        value,
        rest,
        malformed,
        expected,
    )


@pytest.mark.parametrize(
    "text",
    ["（一般公共预算拨款）86万元", "（十分重要）的工作", "一般公共预算", "（2023年）", "（1月至6月）", "一是加强管理"],
)
def test_text_that_only_looks_like_a_malformed_numeral(text):
    found = parse_numeral(text)
    assert found is None or not found.malformed


@pytest.mark.parametrize(
    ("numeral", "form"),
    [("一、", "C、"), ("二.", "C."), ("（三）", "(C)"), ("1、", "N、"), ("2．", "N."), ("（3）", "(N)"), ("4）", "N)")],
)
def test_a_numerals_form_is_its_shape_without_its_value(numeral, form):
    found = parse_numeral(numeral + "标题")
    assert found is not None and found.form == form


def test_a_list_written_on_inside_a_paragraph_continues_the_next_paragraphs_numbers():
    text = "一、部门基本情况\n（一）主要工作\n1.完成档案接收。2.完成档案数字化。\n3.接待查档1300人次，比上年增长8%。"
    assert _numbering_and_empty(text) == []
