"""Wording as the bureau's forms and a careful reader want it, in every sample's draft (issue 15): comparisons in
words, one precision of score per sentence, weights and whole shares without decimals, no doubled 项目, no fact said
twice, a list introduced with 「：」, a list numeral never run into a digit, a title not run into its first item."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from paths import SAMPLES
from reportgen import api
from reportgen.render.blocks import Cover, Heading, Paragraph
from reportgen.render.environment import answers_lead, project_name, stated_cause, whole_pct
from reportgen.render.wording import in_words

STEMS = sorted(p.stem for p in SAMPLES.glob("*.yaml"))


@pytest.fixture(scope="module")
def drafts() -> dict[str, api.DraftedReport]:
    return {stem: api.draft(SAMPLES / f"{stem}.yaml") for stem in STEMS}


def running_text(draft: api.DraftedReport) -> list[str]:
    """The paragraphs and headings: running text, where the forms' signs and cells do not apply."""
    return [
        b.full_text if isinstance(b, Heading) else b.text for b in draft.blocks if isinstance(b, Heading | Paragraph)
    ]


def sentences(draft: api.DraftedReport) -> list[str]:
    return [s for text in running_text(draft) for s in re.split(r"(?<=[。！？])", text) if s]


# ---------------------------------------------------------------- the filters, one behaviour each


@pytest.mark.parametrize(
    ("target", "words"),
    [
        ("≤30.50万元", "不超过30.50万元"),
        ("≥95%", "不低于95%"),
        ("＞3家", "超过3家"),
        ("<5%", "低于5%"),
        ("100%", "100%"),
    ],
)
def test_a_comparison_in_running_text_is_said_in_words(target, words):
    assert in_words(target) == words


@pytest.mark.parametrize(
    ("value", "text"), [(Decimal("10"), "10%"), (Decimal("100.00"), "100%"), (Decimal("33.333"), "33.33%")]
)
def test_a_share_of_weights_or_of_the_budget_prints_whole_when_it_is_whole(value, text):
    assert whole_pct(value) == text


@pytest.mark.parametrize(
    ("name", "phrase"),
    [
        ("大楼运行维护费", "大楼运行维护费项目"),
        ("档案保护开发和档案资源建设项目", "档案保护开发和档案资源建设项目"),
        ("市档案馆智慧档案一期项目建设", "市档案馆智慧档案一期项目建设"),
    ],
)
def test_a_name_that_says_项目_is_not_given_another(name, phrase):
    assert project_name(name) == phrase


@pytest.mark.parametrize(
    ("cause", "written"),
    [
        ("年初预算未足额安排，年中追加人员经费", "主要原因是年初预算未足额安排，年中追加人员经费。"),
        ("受疫情影响，项目延期。", "受疫情影响，项目延期。"),  # it says so itself
        ("由于人员不足", "由于人员不足。"),
    ],
)
def test_a_cause_is_written_so_the_checker_reads_it_as_one(cause, written):
    from reportgen.rubrics import load_standard

    assert stated_cause(cause, load_standard().lexicon.cause_markers) == written


class _Item:
    def __init__(self, id_=None, answers=()):
        self.id, self.answers = id_, list(answers)


@pytest.mark.parametrize(
    ("answers", "position", "lead"),
    [
        (["2"], 1, "针对上述第二个问题，"),
        (["2"], 2, ""),  # its own number pairs it already
        (["1", "3"], 2, "针对上述第一个问题、第三个问题，"),
        ([], 1, ""),
    ],
)
def test_a_measure_names_the_problems_it_answers_by_their_numbers(answers, position, lead):
    problems = [_Item("1"), _Item("2"), _Item("3")]
    assert answers_lead(_Item(answers=answers), problems, position) == lead


# ---------------------------------------------------------------- every sample's draft


@pytest.mark.parametrize("stem", STEMS)
def test_no_comparison_sign_in_running_text(drafts, stem):
    assert [t for t in running_text(drafts[stem]) if re.search("[≤≥＜＞<>]", t)] == []


@pytest.mark.parametrize("stem", STEMS)
def test_no_doubled_项目(drafts, stem):
    assert [t for t in running_text(drafts[stem]) if re.search("项目项目|项目建设项目", t)] == []


@pytest.mark.parametrize("stem", STEMS)
def test_a_list_numeral_never_runs_into_a_digit(drafts, stem):
    assert [t for t in running_text(drafts[stem]) if re.match(r"\d+\.\d", t)] == []


@pytest.mark.parametrize("stem", STEMS)
def test_a_score_has_two_decimals_or_none(drafts, stem):
    assert [s for s in sentences(drafts[stem]) if re.search(r"(?<![\d.])\d+\.\d分", s)] == []


@pytest.mark.parametrize("stem", STEMS)
def test_the_scores_of_one_sentence_share_one_precision(drafts, stem):
    mixed = []
    for sentence in sentences(drafts[stem]):
        scores = re.findall(
            r"(?:得|自评|得分|总分为|，其中[^，。；0-9]{2,8}|，[^，。；0-9（]{2,6}指标)(\d+(?:\.\d+)?)分", sentence
        )
        if len({"." in score for score in scores}) > 1:
            mixed.append(sentence)
    assert mixed == []


def test_weights_and_whole_shares_print_as_the_forms_do(drafts):
    guangzhou = "\n".join(running_text(drafts["guangzhou_center_2021"]))
    assert "其中预算执行10分，占比10%，产出指标50分，占比50%" in guangzhou and "占比10.00%" not in guangzhou
    assert "实际完成指标33个，指标完成率100%" in guangzhou
    assert "完成预算的100%。" in "\n".join(running_text(drafts["haizhu_2023"]))


def test_a_weight_is_not_read_as_a_score(drafts):
    yueyang = "\n".join(running_text(drafts["yueyang_2023"]))
    assert "其中：预算执行（分值10分）执行率92.98%，得9.30分；产出指标（分值50分）得50.00分；" in yueyang
    assert "预算执行10.00分" not in yueyang


def test_a_fact_is_stated_once(drafts):
    # 人员编制.说明 states 编制 and 实有 itself: the figures are not said again before it
    (staffing,) = [t for t in running_text(drafts["yueyang_2023"]) if "编制" in t and "实有" in t and "控制率" in t]
    assert staffing.count("编制21人") == 1 and staffing.count("19人") == 1
    assert "在职人员控制率90.48%；退休人员21人。" in staffing  # 19 ÷ 21
    assert [n for n in drafts["yueyang_2023"].notes if n.rule == "staffing-note-differs"] == []


def test_a_note_that_states_other_staff_numbers_is_warned(tmp_path):
    text = (
        (SAMPLES / "yueyang_2023.yaml").read_text(encoding="utf-8").replace("  实有人数: 19\n", "  实有人数: 21\n", 1)
    )
    path = tmp_path / "input.yaml"
    path.write_text(text, encoding="utf-8")
    notes = [n.message for n in api.draft(path).notes if n.rule == "staffing-note-differs"]
    assert notes == [
        "「人员编制.说明」写的实有人数是19人，「人员编制.实有人数」是21人；报告采用说明原文，在职人员控制率按实有人数21人计算，"
        "请核对"
    ]


def test_a_list_is_introduced_with_a_colon(drafts):
    text = running_text(drafts["nanchang_2022"])
    at = text.index("实际完成情况如下：")
    assert text[at + 1].startswith("一是")


def test_a_title_over_several_items_is_not_run_into_the_first(drafts):
    text = running_text(drafts["huaihua_2024_project"])
    at = text.index("不断完善档案资源体系建设：")
    assert text[at + 1].startswith("分类指导，提高档案接收的实效。")
    assert not any(t.startswith("不断完善档案资源体系建设。分类指导") for t in text)


def test_a_numbered_item_starting_with_a_year_keeps_its_numeral_apart(drafts):
    text = running_text(drafts["yueyang_2023"])
    assert any(t.startswith("10. 2023年，全馆17人次外出培训") for t in text)


@pytest.mark.parametrize(
    ("stem", "cover"),
    [
        (
            "yueyang_2023",
            Cover(
                ("2023年度岳阳市档案馆", "部门（单位）整体支出绩效自评报告"),
                ("部门（单位）名称：岳阳市档案馆（盖章）", "2024年6月27日"),
            ),
        ),
        (
            "huaihua_2024_project",
            Cover(
                ("2024年度怀化市档案馆", "项目支出绩效自评报告"), ("单位名称：怀化市档案馆（盖章）", "　　年　月　日")
            ),
        ),
    ],
)
def test_the_cover_has_title_unit_stamp_and_date(drafts, stem, cover):
    assert drafts[stem].blocks[0] == cover
