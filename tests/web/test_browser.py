"""End to end in Chromium: draft from a workbook, check a report, and the errors a clerk can meet."""

from __future__ import annotations

import docx
import openpyxl
import pytest

from conftest import TEST_LIMIT, screenshot
from paths import FIXTURES, SAMPLES

pytestmark = pytest.mark.browser


def test_draft_from_a_workbook_shows_preview_score_and_downloads_docx(page, tmp_path):
    page.set_input_files("#draft-input", str(SAMPLES / "yueyang_2023.xlsx"))
    page.get_by_role("button", name="起草报告").click()
    page.wait_for_selector("article.paper")
    assert page.locator("h1").inner_text() == "2023年度岳阳市档案馆部门（单位）整体支出绩效自评报告"
    assert page.locator("article.paper h3").first.inner_text().startswith("一、")
    assert page.locator("article.paper td[rowspan]").count() > 0  # the 自评表, merged cells kept
    score = page.locator(".big strong").inner_text()
    assert score.isdigit() or score.replace(".", "", 1).isdigit()
    assert page.locator(".findings .level").first.inner_text() in ("错误", "警告", "提示")
    screenshot(page, "serve-draft.png")

    page.get_by_label("［", exact=False).first.check()  # the first problem read from the figures
    page.get_by_role("button", name="按勾选重新起草").click()
    page.wait_for_selector("mark.confirm")
    with page.expect_download() as download:
        page.click("#download-docx")
    saved = tmp_path / "报告.docx"
    download.value.save_as(saved)
    assert download.value.suggested_filename == "2023年度岳阳市档案馆部门（单位）整体支出绩效自评报告.docx"
    texts = [p.text for p in docx.Document(str(saved)).paragraphs]
    assert "2023年度岳阳市档案馆部门（单位）整体支出绩效自评报告" in texts
    assert any("【待确认" in text for text in texts)


def test_check_a_report_shows_findings_with_quotes_marked(page):
    page.set_input_files("#check-reports", str(FIXTURES / "library_2023_slips.txt"))
    page.get_by_role("button", name="开始检查").click()
    page.wait_for_selector("ol.findings")
    assert page.locator("h1").inner_text() == "检查结果：library_2023_slips.txt"
    levels = page.locator("ol.findings .level").all_inner_texts()
    assert levels and set(levels) <= {"错误", "警告", "提示"}
    assert page.get_by_text("和和").count() >= 1
    marks = page.locator("mark.quote")
    assert marks.count() >= 1
    screenshot(page, "serve-check.png")
    first = page.locator(".quote-line a").first
    first.press("Enter")  # the links to the quotes work from the keyboard
    target = first.get_attribute("href")
    assert page.locator(f"{target}:target").count() == 1


def test_checking_several_reports_shows_progress_then_the_batch_table(page, tmp_path):
    reports = [str(FIXTURES / "library_2023_slips.txt"), str(FIXTURES / "rubric_full.txt")]
    form = page.locator("form:has(#check-reports)")
    form.evaluate("f => f.addEventListener('submit', e => e.preventDefault(), {once: true})")  # hold it still
    page.set_input_files("#check-reports", reports)
    page.get_by_role("button", name="开始检查").click()
    assert form.locator(".busy").inner_text().strip() == "正在检查 2 个文件…"
    assert form.get_by_role("button", name="开始检查").is_disabled()

    page.reload()
    page.set_input_files("#check-reports", reports)
    page.get_by_role("button", name="开始检查").click()
    page.wait_for_selector("#download-summary")
    assert page.locator("h1").inner_text() == "批量检查结果（2 份）"
    assert page.locator("tbody tr").count() == 2
    with page.expect_download() as download:
        page.click("#download-summary")
    saved = tmp_path / "汇总.xlsx"
    download.value.save_as(saved)
    assert openpyxl.load_workbook(saved).sheetnames == ["汇总", "问题明细"]


def test_a_bad_workbook_names_the_cell(page, bad_workbook):
    path, where = bad_workbook
    page.set_input_files("#draft-input", str(path))
    page.get_by_role("button", name="起草报告").click()
    errors = page.locator(".errors")
    errors.wait_for()
    assert f"{where}：应为数字" in errors.inner_text()


def test_an_oversize_file_is_refused_with_the_limit(page, tmp_path):
    big = tmp_path / "大文件.txt"
    big.write_bytes(b"x" * (TEST_LIMIT + 1))
    page.set_input_files("#check-reports", str(big))
    page.get_by_role("button", name="开始检查").click()
    errors = page.locator(".errors")
    errors.wait_for()
    assert "「大文件.txt」有 1.0 MB，超过上传上限 1.0 MB" in errors.inner_text()


def test_a_form_of_another_site_cannot_post_to_the_page(page, server_url):
    # What a web site the clerk has open could do: post a file to the page. The browser's own headers (Origin,
    # Sec-Fetch-Site) are what refuse it, so it is tried in the browser.
    form = (
        f'<form action="{server_url}/check" method="post" enctype="multipart/form-data">'
        '<input id="f" name="reports" type="file"><button>go</button></form>'
    )
    page.route("http://other.example/", lambda route: route.fulfill(body=form, content_type="text/html"))
    page.goto("http://other.example/")
    page.set_input_files("#f", str(FIXTURES / "library_2023_slips.txt"))
    page.click("button")
    errors = page.locator(".errors")
    errors.wait_for()
    assert "这次上传来自其他网站的页面，已拒绝" in errors.inner_text()
