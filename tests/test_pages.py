"""Every sample's draft as LibreOffice prints it: no blank page, no page holding only a signature line, and a
cover page without a page number (see tests/pages.py; `make pages` renders the same pages as PNG)."""

from __future__ import annotations

import pytest

from pages import SAMPLES, layout_faults, page_lines, page_numbers, soffice, to_pdf
from reportgen import api

STEMS = sorted(p.stem for p in SAMPLES.glob("*.yaml"))
pytestmark = pytest.mark.skipif(
    soffice() is None,
    reason="LibreOffice with a Chinese font is not installed: apt-get install -y libreoffice-writer-nogui "
    "fonts-wqy-zenhei (make system-deps)",
)


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    """Every sample drafted and converted in one LibreOffice run."""
    folder = tmp_path_factory.mktemp("pages")
    docxs = [api.save(api.draft(SAMPLES / f"{stem}.yaml"), folder / f"{stem}.docx", "docx") for stem in STEMS]
    return dict(zip(STEMS, to_pdf(docxs, folder), strict=True))


@pytest.mark.parametrize("stem", STEMS)
def test_no_blank_page_and_no_page_holding_only_a_signature_line(pdfs, stem):
    assert layout_faults(page_lines(pdfs[stem])) == []


@pytest.mark.parametrize(
    ("stem", "title", "stamp"),
    [
        (
            "yueyang_2023",
            ["2023年度岳阳市档案馆", "部门（单位）整体支出绩效自评报告"],
            "部门（单位）名称：岳阳市档案馆（盖章）",
        ),
        ("huaihua_2024_project", ["2024年度怀化市档案馆", "项目支出绩效自评报告"], "单位名称：怀化市档案馆（盖章）"),
    ],
)
def test_the_cover_has_title_unit_stamp_and_date_and_no_page_number(pdfs, stem, title, stamp):
    cover = [line.replace(" ", "") for line in page_lines(pdfs[stem])[0]]
    assert cover[: len(title)] == title
    assert stamp in cover
    assert any(line.endswith("日") for line in cover[len(title) :])  # the date, or 年 月 日 to fill in
    numbers = page_numbers(pdfs[stem])
    assert numbers[:3] == [None, "1", "2"]  # the body is numbered from 1


def test_a_report_without_a_cover_is_numbered_from_its_first_page(pdfs):
    assert page_numbers(pdfs["haizhu_2023"])[:2] == ["1", "2"]


def test_the_faults_are_found(tmp_path):
    pages = [
        ["一、基本情况", "正文"],
        [],
        ["填表人：周雅琴　　填报日期：2024年6月27日　　联系电话：0730-5550172　　单位负责人签字："],
    ]
    assert layout_faults(pages) == ["第2页是空白页", "第3页只有签字栏：" + pages[2][0]]
