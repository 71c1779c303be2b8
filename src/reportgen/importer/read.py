"""Read last year's report (as the checker parses it) into the input fields that carry over to the next year."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from reportgen.check.model import Paragraph, Section
from reportgen.check.read import fold
from reportgen.check.structure import ParsedReport, parse_numeral, title_key
from reportgen.check.tables import IndicatorTable, basic_data_tables, indicator_tables, label, number
from reportgen.profiles import Profile

#: Section titles of each carried-over list, as reports word them (matched on the folded title).
DUTIES_RE = re.compile(r"职能|主要职责|部门职责|单位职责")
TASKS_RE = re.compile(r"重点工作任务|年度总体工作|工作任务|年度工作计划")
GOALS_RE = re.compile(r"整体(?:支出)?绩效目标")
BODIES_RE = re.compile(r"内设机构|机构设置|组织架构")
# The heading of a problems or measures part, not an item that says 问题 or 改进 (「反馈与改进机制尚需加强」).
PROBLEMS_RE = re.compile(r"存在.{0,8}问题|^(?:主要|存在)?问题")
MEASURES_RE = re.compile(r"改进的?(?:措施|方向|建议|意见)|建议$|^建议|整改(?:措施|方向)|下一步")
#: A title that names the section's words but is about something else (绩效目标设定, 绩效目标完成情况).
_NOT_GOALS_RE = re.compile(r"设定|完成|实现|管理|申报|项目")
_INLINE_RE = re.compile(r"(?:^|(?<=[。；;，,：:\s]))([一二三四五六七八九十]{1,3})是")
_BARE_NUMBER_RE = re.compile(r"^\d{1,2}\s*(?=[\u4e00-\u9fff])(?![年月日号个项次万元])")
_LEADING_NUMBER_RE = re.compile(r"^\s*(?:\d{1,2}\s*[.、．]|[（(]\d{1,2}[)）]|\d{1,2}[)）]|[①-⑳])\s*")
_DUTIES_LEAD_RE = re.compile(
    r"[，,]?\s*(?:其|本单位的?|本部门的?|单位的?|部门的?)?主要(?:职责|职能)(?:及业务范围)?(?:是|为|如下|有)?\s*[:：]\s*$"
)


@dataclass
class Carried:
    """What was read from last year's report: input data (Chinese keys) and notes on how sure the reading is."""

    data: dict[str, Any] = field(default_factory=dict)
    uncertain: list[str] = field(default_factory=list)  # where the reading may be wrong, in Chinese
    confirm: list[str] = field(default_factory=list)  # carried over, but to be confirmed for the new year


@dataclass(frozen=True)
class Items:
    """A section's list: the words before it, its items, and how the list was written."""

    intro: list[str]
    items: list[str]
    how: str  # "numbered", "inline" (一是……二是……), "semicolons", "paragraphs"


def read_carried(parsed: ParsedReport, target: Profile) -> Carried:
    """The fields of ``target``'s input that carry over from the parsed report; figures and results stay out."""
    carried = Carried()
    data = carried.data
    if parsed.unit:
        data["单位名称"] = parsed.unit
    if target.kind == "department":
        _department_text(parsed, carried)
    tables = indicator_tables(parsed)
    _indicators_and_projects(parsed, tables, target, carried)
    if target.kind == "department" and "部门整体自评表" not in carried.data:
        _prose_indicators(parsed, carried)
    if target.kind == "department":
        _basic_data(parsed, target, carried)
    else:
        _specific_goals(parsed, carried)
    _previous_problems(parsed, carried)
    return carried


# ---------------------------------------------------------------- sections and their lists


def _sections(parsed: ParsedReport, pattern: re.Pattern[str], exclude: re.Pattern[str] | None = None) -> list[Section]:
    """Sections whose title matches, in reading order; a section one of whose own sub-sections matches gives
    way to it (「部门（单位）年度整体支出绩效目标」 to its 「1.整体支出绩效目标」)."""
    found = [
        s for s in parsed.sections() if pattern.search(fold(s.title)) and not (exclude and exclude.search(s.title))
    ]
    inner = [s for s in found if not any(o is not s and _within(o, s) for o in found)]
    return sorted(inner, key=lambda s: s.line)


def _within(section: Section, ancestor: Section) -> bool:
    node = section.parent
    while node is not None:
        if node is ancestor:
            return True
        node = node.parent
    return False


def _entries(section: Section) -> list[tuple[int, str, str | None, bool]]:
    """(line, text, numeral style or None, is a heading) of the section's paragraphs and of its sub-sections'
    headings and paragraphs, in reading order; what lies deeper comes as one text, its style ``deeper``."""
    found: list[tuple[int, str, str | None, bool]] = []
    for block in section.body:
        if isinstance(block, Paragraph):
            found.append(_entry(block))
    for child in section.children:
        found.append((child.line, child.title, child.style or "heading", True))
        found.extend(_entry(block) for block in child.body if isinstance(block, Paragraph))
        for deeper in child.children:
            found.append((deeper.line, f"{deeper.heading}{deeper.all_text()}".replace("\n", ""), "deeper", False))
    return sorted(found, key=lambda entry: entry[0])


def _entry(block: Paragraph) -> tuple[int, str, str | None, bool]:
    numeral = parse_numeral(block.text)
    if numeral is not None and not numeral.malformed:
        return block.line, numeral.rest, numeral.style, False
    return block.line, block.text.strip(), None, False


def list_items(section: Section, *, semicolons: bool = False) -> Items:
    """The items a section lists: numbered paragraphs or sub-sections, 一是……二是…… in running text, items
    separated by ； after a colon (with ``semicolons``), else one item per paragraph."""
    entries = _entries(section)
    numbered = [e for e in entries if e[2] is not None]
    if numbered:
        first, style = numbered[0][0], numbered[0][2]
        intro = [text for line, text, _, _ in entries if line < first]
        items: list[str] = []
        titled = False  # the last item is a heading's title, its text to follow after 「：」
        for line, text, own, heading in entries:
            if line < first:
                continue
            if own == style:
                items.append(text)
                titled = heading
            elif own is None and style in ("num_dot", "num_dun") and (bare := _BARE_NUMBER_RE.match(text)):
                items.append(text[bare.end() :])  # 「4 确保……」: the numeral lost its dot
                titled = False
            elif items and (own is not None or titled or not re.search(r"[。！？]$", items[-1])):
                # a line that continues the item, the text under its title, or a deeper point of it
                items[-1] += ("：" if titled and not re.search(r"[。！？：:]$", items[-1]) else "") + text
                titled = False
        return Items(intro, [_tidy(i) for i in items if _tidy(i)], "numbered")
    texts = [text for _, text, _, _ in entries if text]
    joined = "".join(texts)
    marks = list(_INLINE_RE.finditer(joined))
    if len(marks) >= 2:
        lead = joined[: marks[0].start()].strip()
        parts = [
            joined[m.end() : (marks[i + 1].start() if i + 1 < len(marks) else len(joined))] for i, m in enumerate(marks)
        ]
        return Items([lead] if lead else [], [_tidy(p) for p in parts if _tidy(p)], "inline")
    if semicolons and len(texts) == 1 and (colon := re.search(r"[：:]", texts[0])):
        head, rest = texts[0][: colon.start()], texts[0][colon.end() :]
        parts = [p for p in re.split(r"[；;]", rest) if _tidy(p)]
        if len(parts) >= 2:
            return Items([head + "："], [_tidy(p).rstrip("。.") for p in parts], "semicolons")
    return Items([], [_tidy(t) for t in texts if _tidy(t)], "paragraphs")


def _tidy(text: str) -> str:
    """An item without the separator that joined it to the next (；，) or a doubled full stop."""
    text = re.sub(r"\s+", "", text) if re.fullmatch(r"[\u3000-\u9fff\uff00-\uffef\s]+", text) else text.strip()
    text = text.strip().rstrip("；;，,、")
    return re.sub(r"。{2,}$", "。", text)


def _department_text(parsed: ParsedReport, carried: Carried) -> None:
    data = carried.data
    duties = _sections(parsed, DUTIES_RE, exclude=re.compile(r"内设|机构|履职|效能"))
    if duties:
        found = list_items(duties[0])
        if found.how == "numbered":
            data["主要职能"] = found.items
            _matched(carried, duties[0], "主要职能")
        intro = "".join(found.intro)
        intro = _DUTIES_LEAD_RE.sub("", intro).rstrip("，,")
        if intro:
            data["单位简介"] = intro if intro.endswith("。") else intro + "。"
    else:
        _intro_of_basic_section(parsed, carried)
    tasks = _sections(parsed, TASKS_RE, exclude=re.compile(r"完成|总体目标$"))
    if tasks:
        found = list_items(tasks[0])
        if found.items:
            data["年度总体工作和重点工作任务"] = found.items
            _matched(carried, tasks[0], "年度总体工作和重点工作任务")
    goals = [s for s in _sections(parsed, GOALS_RE) if not _NOT_GOALS_RE.search(s.title.replace("整体支出", ""))]
    if goals:
        found = list_items(goals[0], semicolons=True)
        if found.items:
            data["整体支出绩效目标"] = found.items
            _matched(carried, goals[0], "整体支出绩效目标")
    _bodies_and_staff(parsed, carried)


def _matched(carried: Carried, section: Section, field_name: str) -> None:
    """A note when the section was found by a word of its title, or as the format's part by another name."""
    if section.spec_title is None:
        carried.uncertain.append(f"「{field_name}」取自章节「{section.path}」（按标题中的字样识别，请核对）")
    elif title_key(section.title) != title_key(section.spec_title):
        carried.uncertain.append(
            f"「{field_name}」取自章节「{section.path}」（按格式中「{section.spec_title}」的别名识别，请核对）"
        )


_INTRO_RE = re.compile(r"^[^。]{2,80}?(?:系|是|为)[^。]{2,80}?(?:单位|机构|部门)。")
#: A sentence that states the unit's staff or money: the words introducing the unit end before it.
_FIGURES_SENTENCE_RE = re.compile(r"编制|实有|在职|退休|\d+(?:\.\d+)?\s*(?:万元|元|人|名)")


def _intro_of_basic_section(parsed: ParsedReport, carried: Carried) -> None:
    """A format without a duties section (hunan) opens its 基本情况 with the sentences that introduce the unit:
    those before the sentence that states its staff (the same paragraph, as such a report is drafted), else
    the opening sentence that says what the unit is (「某馆系……单位。」)."""
    for section in _sections(parsed, re.compile(r"基本情况|概况")):
        paragraphs = section.paragraphs()
        if not paragraphs:
            continue
        text = paragraphs[0].text.strip()
        sentences = re.findall(r"[^。]+。?", text)
        stated = next((i for i, s in enumerate(sentences) if _FIGURES_SENTENCE_RE.search(s)), None)
        if stated:
            carried.data["单位简介"] = "".join(sentences[:stated])
            return
        if match := _INTRO_RE.match(text):
            carried.data["单位简介"] = match.group(0)
            return


_BODY_LIST_RE = re.compile(
    r"内设(?:机构)?(?:有)?(?:\d+|[一二三四五六七八九十]+)?个?([正副]?[科处股]级)?(?:内设)?(?:机构|部门|科室)?[:：]([^。]+)"
)
_UNDER_RE = re.compile(r"下设(.+?)等(?:\d+|[一二三四五六七八九十]+)个")
_BODY_DUTY_RE = re.compile(
    r"^([\u4e00-\u9fff（）()]{2,24}?(?:部|科|室|处|股|中心|支部|委员会|办|馆|队|站)(?:[（(][^）)]{2,20}[）)])?)[:：，,。]\s*(.+)$"
)


def _bodies_and_staff(parsed: ParsedReport, carried: Carried) -> None:
    data = carried.data
    bodies: list[dict[str, Any]] = []
    sections = _sections(parsed, BODIES_RE)
    for section in sections:
        for paragraph in section.paragraphs():
            match = _BODY_DUTY_RE.match(paragraph.text.strip())
            if match and len(section.paragraphs()) > 1:
                bodies.append({"名称": match.group(1), "职责": match.group(2).strip()})
    if not bodies:
        text = "\n".join(p.text for s in parsed.sections() for p in s.paragraphs())
        if found := _BODY_LIST_RE.search(text):
            level = found.group(1)
            names = [n for n in re.split(r"[、，,]|和|及", found.group(2).strip()) if 1 < len(n.strip()) <= 24]
            bodies = [{"名称": n.strip(), **({"级别": level} if level else {})} for n in names]
        elif found := _UNDER_RE.search(text):
            names = [n for n in re.split(r"[、，,]|及", found.group(1)) if 1 < len(n.strip()) <= 24]
            bodies = [{"名称": n.strip()} for n in names]
    if bodies:
        data["内设机构"] = bodies
        carried.confirm.append(f"内设机构（{len(bodies)}个）取自上年报告，请核对本年是否有调整")
    staffing = _staffing(parsed, "\n".join(p.text for s in parsed.sections() for p in s.paragraphs()))
    if staffing:
        data["人员编制"] = staffing
        carried.confirm.append("人员编制（编制数、实有人数等）取自上年报告，请改为本年年末的人数")


_STAFF_PATTERNS = {
    "编制数": re.compile(r"编制(?:人数|数)?(?:为|共)?(\d{1,5})\s*[人名]"),
    "实有人数": re.compile(r"实有(?:在职)?(?:人数|人员)?(?:为|共)?(\d{1,5})\s*[人名]"),
    "退休人数": re.compile(r"退休(?:人员)?(?:人数)?(?:为|共)?(\d{1,5})\s*[人名]"),
}


def _staffing(parsed: ParsedReport, text: str) -> dict[str, int]:
    """编制数 and 实有人数: from the 基础数据表's 财政供养人员 row where there is one, else from the text."""
    found: dict[str, int] = {}
    for _, table in basic_data_tables(parsed):
        for r, row in enumerate(table.rows[:-1]):
            heads = [label(c) for c in row]
            if heads and "财政供养人员" in heads[0]:
                values = table.rows[r + 1]
                for c, head in enumerate(heads):
                    amount = number(values[c]) if c < len(values) else None
                    if amount is None:
                        continue
                    if head.startswith("编制"):
                        found["编制数"] = int(amount)
                    elif "在职" in head or "实有" in head:
                        found["实有人数"] = int(amount)
    for key, pattern in _STAFF_PATTERNS.items():
        if key not in found and (match := pattern.search(text)):
            found[key] = int(match.group(1))
    return found if "编制数" in found and "实有人数" in found else {}


# ---------------------------------------------------------------- 自评表 and projects


def indicator_data(table: IndicatorTable, carried: Carried) -> list[dict[str, Any]]:
    """Each 三级 indicator of a 自评表 as input rows: 一级/二级/三级, 年度指标值, 分值; 实际完成值 left to fill."""
    rows: list[dict[str, Any]] = []
    for index, row in enumerate(table.indicators, start=1):
        name = _cell(row.name)
        item: dict[str, Any] = {
            "一级指标": _cell(row.level1),
            "二级指标": _cell(row.level2),
            "三级指标": _LEADING_NUMBER_RE.sub("", name) or name,
        }
        if row.target:
            item["年度指标值"] = _cell(row.target)
        where = f"{table.title}第{index}个指标「{item['三级指标']}」"
        if row.weight is not None:
            item["分值"] = row.weight
        elif row.shared:
            carried.uncertain.append(f"{where}：分值是与上一行合并的单元格，未带入，请填写本行的分值")
        else:
            carried.uncertain.append(f"{where}：没有读到分值")
        above = rows[-1] if rows else None
        if row.level1 and not row.level2 and above and above["一级指标"] == item["一级指标"] and above["二级指标"]:
            # A merged 二级 cell read (from a PDF) into its first row only: the rows under it are of the same 二级.
            item["二级指标"] = above["二级指标"]
            carried.uncertain.append(
                f"{where}：二级指标为空（应是合并单元格），按上一行取「{above['二级指标']}」，请核对"
            )
        elif not row.level1 or not row.level2:
            carried.uncertain.append(f"{where}：没有读到一级或二级指标（可能是合并单元格），请核对")
        rows.append(item)
    return rows


def _cell(text: str) -> str:
    """A table cell's text without the line breaks a Markdown table writes as ``<br>``."""
    return re.sub(r"<br\s*/?>", "", text).strip()


_PROJECT_GOAL_RE = re.compile(r"^(.{2,60}?)的?绩效目标(?:是|为)?[:：]\s*(.+)$")


def _project_goals(parsed: ParsedReport, names: list[str]) -> dict[str, str]:
    """Each project's 绩效目标 as a report states it: 「某某项目绩效目标：……」 or 「某某项目的绩效目标是：……」."""
    goals: dict[str, str] = {}
    for section in parsed.sections():
        for paragraph in section.paragraphs():
            numeral = parse_numeral(paragraph.text)
            text = numeral.rest if numeral else paragraph.text.strip()
            match = _PROJECT_GOAL_RE.match(text)
            if not match:
                continue
            said = match.group(1)
            for name in names:
                if name not in goals and said in (name, name + "项目", name.removesuffix("项目")):
                    goals[name] = match.group(2).strip()
    return goals


_CAPTION_NAME_RE = re.compile(r"项目\s*(?:支出)?\s*名\s*称\s*[:：]?\s*(.+?)\s*(?:主管部门|实施单位|$)")


def _caption_name(parsed: ParsedReport, table: IndicatorTable) -> str:
    """A project's name read into its attachment's caption when the name row was not read as the table's."""
    for attachment in parsed.attachments:
        if table.table in attachment.tables and (match := _CAPTION_NAME_RE.search(attachment.caption)):
            return match.group(1).strip()
    return ""


_NAME_COLUMN_RE = re.compile(r"项目(?:支出)?名称")


def _named_in_tables(parsed: ParsedReport) -> list[str]:
    """Project names listed in a table with a 项目名称 column (a 资金 table of a project report)."""
    names: list[str] = []
    for _, table in parsed.all_tables():
        for r, row in enumerate(table.rows):
            heads = [label(c) for c in row]
            column = next((i for i, h in enumerate(heads) if _NAME_COLUMN_RE.search(h)), None)
            if column is None or len([h for h in heads if h]) < 3:
                continue
            for data in table.rows[r + 1 :]:
                name = data[column].strip() if column < len(data) else ""
                if name and not re.fullmatch(r"合计|总计|小计", label(name)) and number(name) is None:
                    names.append(name)
            break
    return list(dict.fromkeys(names))


def _indicators_and_projects(
    parsed: ParsedReport, tables: list[IndicatorTable], target: Profile, carried: Carried
) -> None:
    data = carried.data
    projects: dict[str, dict[str, Any]] = {}
    for table in tables:
        if table.kind == "department":
            if target.kind != "department":
                carried.uncertain.append(f"{table.title}：项目支出格式没有部门整体支出绩效自评表，未带入")
                continue
            if "部门整体自评表" in data:
                carried.uncertain.append(f"{table.title}：已有一张部门整体支出绩效自评表，这一张未带入")
                continue
            indicators = indicator_data(table, carried)
            if indicators:
                # Named, so that the workbook's 自评表 sheet has the table's row for its 资金 to be filled in.
                data["部门整体自评表"] = {"名称": parsed.unit or table.name, "指标": indicators}
            if any("管理效能" in row.name for row in table.other_scores):
                data["评分方案"] = "guangdong_department"
            continue
        name = table.name or _caption_name(parsed, table)
        if not name:
            name = f"项目{len(projects) + 1}"
            carried.uncertain.append(f"{table.title}：没有读到项目名称，暂称「{name}」，请改为项目的名称")
        project = projects.setdefault(name, {"名称": name})
        indicators = indicator_data(table, carried)
        if indicators:
            project["自评表"] = {"指标": indicators}
        if (
            target.kind == "department"
            and table.funding is not None
            and table.funding.executed is not None
            and target.uses_field(("支出", "项目支出", "项目", "上年决算数"))
        ):
            project["上年决算数"] = table.funding.executed
    if target.kind == "project" and not projects:
        for name in _named_in_tables(parsed):
            projects[name] = {"名称": name}
    goals = _project_goals(parsed, list(projects))
    for name, goal in goals.items():
        projects[name]["绩效目标"] = goal
    if not projects:
        return
    listed = list(projects.values())
    if target.kind == "department":
        data["支出"] = {"项目支出": {"项目": listed}}
    else:
        data["项目"] = listed


# ---------------------------------------------------------------- indicators stated in running text

#: A section analysing one 二级 of indicators in words (「产出数量指标评价分析」「服务对象满意度指标分析」).
_ANALYSIS_RE = re.compile(r"^(.{1,12}?)指标(?:评价)?分析")
#: The 二级 a section's words name, and its 一级.
_LEVEL2_WORDS = [
    ("数量", "产出指标", "数量指标"),
    ("质量", "产出指标", "质量指标"),
    ("时效", "产出指标", "时效指标"),
    ("成本", "产出指标", "成本指标"),
    ("经济效益", "效益指标", "经济效益指标"),
    ("社会效益", "效益指标", "社会效益指标"),
    ("生态效益", "效益指标", "生态效益指标"),
    ("可持续", "效益指标", "可持续影响指标"),
    ("满意度", "满意度指标", "服务对象满意度指标"),
]
_STATED_TARGET_RE = re.compile(
    r"^(.+?)[。，,：:]?\s*年度指标(?:值)?为[:：]\s*(.+?)[。，,；;]?\s*分值\s*(\d+(?:\.\d+)?)\s*分"
)
_INLINE_TARGET_RE = re.compile(
    r"^(.+?)\s*((?:[≥≤><]=?|不低于|不高于|不少于|不超过)\s*\d[\d.]*\s*%?|\d[\d.]*\s*%)[。，,]?\s*分值\s*(\d+(?:\.\d+)?)\s*分"
)


def _prose_indicators(parsed: ParsedReport, carried: Carried) -> None:
    """A report without a 自评表 that analyses its indicators in words: after 「产出数量指标评价分析」 (a heading
    or the start of a paragraph), one numbered paragraph each, 「1.名称。年度指标为：……。分值4分。」 or
    「7.故障排除及时率≥98%，分值4分。」."""
    groups: list[tuple[list[str], list[str]]] = []  # (一级, 二级), the items' texts
    for block in parsed.blocks:
        if not isinstance(block, Paragraph):
            continue
        numeral = parse_numeral(block.text)
        rest = numeral.rest if numeral else block.text.strip()
        heading = _ANALYSIS_RE.match(fold(rest))
        levels = next((lv for word, *lv in _LEVEL2_WORDS if heading and word in heading.group(1)), None)
        if levels is not None:
            groups.append((levels, []))
        elif not groups:
            continue
        elif numeral is not None and numeral.style in ("cn_dun", "cn_paren"):
            groups.append(([], []))  # the next part of the report: the analysis has ended
        elif numeral is not None:
            groups[-1][1].append(rest)
        elif groups[-1][1]:
            groups[-1][1][-1] += block.text.strip()
    rows: list[dict[str, Any]] = []
    for levels, items in groups:
        for item in items if levels else []:
            text = re.sub(r"\s+", "", item)
            match = _STATED_TARGET_RE.match(text) or _INLINE_TARGET_RE.match(text)
            if match is None:
                continue
            name = re.sub(r"^.{0,12}指标[：:]", "", match.group(1)).rstrip("。，,：: ")
            rows.append(
                {
                    "一级指标": levels[0],
                    "二级指标": levels[1],
                    "三级指标": name,
                    "年度指标值": match.group(2).strip(),
                    "分值": Decimal(match.group(3)),
                }
            )
    where = "、".join(dict.fromkeys(row["二级指标"] for row in rows))
    if not rows:
        return
    carried.data["部门整体自评表"] = {"指标": rows}
    carried.uncertain.append(
        f"报告没有附部门整体支出绩效自评表，{len(rows)}个指标（{where}）读自正文的指标分析，"
        "请对照上年的自评表核对指标名称、年度指标值和分值"
    )
    text = "".join(fold(p.text) for s in parsed.sections() for p in s.paragraphs())
    if re.search(r"管理效能\d+分", text) and re.search(r"履职效能\d+分", text):
        carried.data.setdefault("评分方案", "guangdong_department")


# ---------------------------------------------------------------- a project report's 具体绩效目标

_GOALS_MARK_RE = re.compile(r"具体绩效目标")
_GOALS_END_RE = re.compile(r"申报内容|相符|自评步骤|评价原则")


def _specific_goals(parsed: ParsedReport, carried: Carried) -> None:
    """The titles of a project report's 具体绩效目标: the numbered goals after the heading that names them, one
    numeral style, numbered on (a point numbered out of turn, 「3.」 after 「3.」, belongs to the goal before);
    their text is the new year's to write."""
    titles: list[str] = []
    lead = ""
    style, value = "", 0
    marked = False
    for block in parsed.blocks:
        if not isinstance(block, Paragraph):
            continue
        numeral = parse_numeral(block.text)
        rest = numeral.rest if numeral else block.text.strip()
        if not marked:
            marked = numeral is not None and bool(_GOALS_MARK_RE.search(rest))
            continue
        if _GOALS_END_RE.search(rest[:20]) or (numeral and numeral.style in ("cn_dun", "cn_paren") and titles):
            break
        if numeral is None:
            if not titles and not lead and re.search(r"[：:]$", rest):
                lead = rest
            continue
        if not style and numeral.style not in ("cn_dun", "cn_paren"):
            style, value = numeral.style, numeral.value - 1
        if numeral.style == style and numeral.value == value + 1:
            titles.append(re.split(r"[。；;]", rest, maxsplit=1)[0].strip())
            value = numeral.value
    if not titles:
        return
    goals: dict[str, Any] = {"具体绩效目标": [{"标题": title} for title in titles]}
    if lead:
        goals = {"说明": lead, **goals}
    carried.data["项目绩效目标"] = goals


# ---------------------------------------------------------------- 基础数据表: last year's 决算 as 上年决算

#: Rows of the 基础数据表 (by a word of their label) and where their 决算 goes in the next year's input.
_LAST_YEAR_ROWS: list[tuple[re.Pattern[str], tuple[str, ...]]] = [
    (re.compile(r"^公车购置|^公务用车购置$"), ("三公经费", "公务用车购置")),
    (re.compile(r"^公车运行维护|^公务用车运行维护"), ("三公经费", "公务用车运行维护")),
    (re.compile(r"^(?:因公)?出国"), ("三公经费", "因公出国（境）")),
    (re.compile(r"^公务接待"), ("三公经费", "公务接待")),
    (re.compile(r"^公用经费"), ("基础数据表", "公用经费", "合计")),
    (re.compile(r"^办公经费"), ("基础数据表", "公用经费", "办公经费")),
    (re.compile(r"^水费|^水电"), ("基础数据表", "公用经费", "水电差旅")),
    (re.compile(r"^会议费|^会议培训"), ("基础数据表", "公用经费", "会议培训")),
    (re.compile(r"^政府采购"), ("基础数据表", "政府采购金额")),
    (re.compile(r"^(?:部门)?基本支出预算调整"), ("基础数据表", "基本支出预算调整")),
]


def _basic_data(parsed: ParsedReport, target: Profile, carried: Carried) -> None:
    """Last year's 决算 column of the 基础数据表, as the next year's 上年决算 (三公经费 and 基础数据表 lines)."""
    for _, table in basic_data_tables(parsed):
        column = None
        for row in table.rows:
            name = _row_name(row)
            heads = [label(c) for c in row]
            if "经费控制" in (heads[0] if heads else ""):
                finals = [i for i, h in enumerate(heads) if "决算" in h]
                column = finals[-1] if finals else None
                continue
            if column is None or column >= len(row):
                continue
            amount = number(row[column])
            if amount is None:
                continue
            for pattern, path in _LAST_YEAR_ROWS:
                if pattern.search(name) and target.uses_field(path):
                    _put(carried.data, (*path, "上年决算"), amount)
                    break


def _row_name(row: list[str]) -> str:
    name = re.sub(r"\s+", "", label(row[0])) if row else ""
    name = re.sub(r"^其中[:：]?", "", name)
    return re.sub(r"^\d+\s*[、.．]", "", name)


def _put(data: dict[str, Any], path: tuple[str, ...], value: Decimal) -> None:
    node = data
    for key in path[:-1]:
        node = node.setdefault(key, {})
    node.setdefault(path[-1], value)


# ---------------------------------------------------------------- last year's problems, for reference


def _previous_problems(parsed: ParsedReport, carried: Carried) -> None:
    """Last year's problems and measures, each one line, from the innermost sections that state them."""
    problems: list[str] = []
    measures: list[str] = []
    for section in _sections(parsed, re.compile(f"{PROBLEMS_RE.pattern}|{MEASURES_RE.pattern}")):
        title = fold(section.title)
        items = list_items(section).items
        if PROBLEMS_RE.search(title) and not (MEASURES_RE.search(title) and _measures_first(title)):
            both = MEASURES_RE.search(title) is not None  # 「存在问题和改进方向」: each problem, then what to do
            problems.extend(item for item in items if not (both and _MEASURE_OPENING_RE.match(item)))
            measures.extend(item for item in items if both and _MEASURE_OPENING_RE.match(item))
        else:
            measures.extend(items)
    if problems:
        carried.data["上年问题"] = list(dict.fromkeys(problems))
    if measures:
        carried.data["上年改进措施"] = list(dict.fromkeys(measures))


#: How a paragraph that says what to do next opens, in a section that states problems and measures together.
_MEASURE_OPENING_RE = re.compile(r"^(?:下一步|今后|为此|针对(?:上述|以上|这些)?问题|建议|拟)")


def _measures_first(title: str) -> bool:
    """「存在问题和改进方向」 holds both: read as problems; 「改进措施」 alone as measures."""
    return title.find("改进") < title.find("问题") if "问题" in title else True
