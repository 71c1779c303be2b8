"""Every route of the web page over plain HTTP (Starlette's TestClient): what a clerk gets back, and what is refused."""

from __future__ import annotations

import asyncio
import io
import re
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

import docx
import httpx2
import openpyxl
import pytest
import yaml
from starlette.testclient import TestClient

from conftest import LOCAL, TEST_LIMIT
from paths import FIXTURES, SAMPLES
from reportgen import api
from reportgen.web.app import create_app
from reportgen.web.store import Store
from workbook_fill import Filler

MINIMAL = {"单位名称": "测试档案馆", "年度": 2023, "支出": {"基本支出": {"合计": 100}, "项目支出": {"合计": 50}}}


def upload(client, path: Path, name: str | None = None, **data):
    return client.post(
        "/draft", files={"input": (name or path.name, path.read_bytes())}, data=data, follow_redirects=False
    )


def drafted_page(client, path: Path, name: str | None = None):
    response = upload(client, path, name)
    assert response.status_code == 303
    return response.headers["location"], client.get(response.headers["location"])


def check(client, *files: tuple[str, bytes]):
    return client.post("/check", files=[("reports", file) for file in files])


def errors(html: str) -> list[str]:
    block = re.search(r'<div class="errors" role="alert">(.*?)</div>', html, re.S)
    assert block, "no error list on the page"
    return [unescape(item) for item in re.findall(r"<li>(.*?)</li>", block.group(1), re.S)]


def unescape(text: str) -> str:
    import html

    return html.unescape(text)


# ------------------------------------------------------------------------------------------------ the home page


def test_home_has_a_draft_form_with_a_file_input_and_a_check_form_for_several_files(client):
    html = client.get("/").text
    assert re.search(r'<form action="[^"]*/draft" method="post" enctype="multipart/form-data"', html)
    assert '<input id="draft-input" name="input" type="file"' in html
    assert re.search(r'<input id="check-reports" name="reports" type="file"[^>]* multiple', html)
    # the file choosers offer what the command line reads
    assert 'accept=".yaml,.yml,.json,.xlsx"' in html and 'accept=".docx,.pdf,.txt,.text,.md,.markdown"' in html
    for field in ("template-profile", "draft-input", "draft-profile", "check-reports"):
        assert f'<label for="{field}">' in html  # every control has its label


def test_static_files_are_served(client):
    assert "font-family" in client.get("/static/style.css").text
    assert "addEventListener" in client.get("/static/app.js").text


def test_an_unknown_page_says_so_in_chinese(client):
    response = client.get("/nothing-here")
    assert response.status_code == 404
    assert errors(response.text) == ["找不到这个页面"]


# ----------------------------------------------------------------------------------------- the fill-in workbook


@pytest.mark.parametrize("profile", ["guangdong", "hunan", "jiangxi", "project"])
def test_template_downloads_the_workbook_of_the_format(client, profile):
    response = client.get("/template", params={"profile": profile})
    assert response.status_code == 200
    assert f"filename*=UTF-8''{quote(f'填报表-{profile}.xlsx')}" in response.headers["content-disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[0] == "说明"
    assert book["基本信息"] is not None


def test_template_of_an_unknown_format_is_refused(client):
    response = client.get("/template", params={"profile": "../../etc"})
    assert response.status_code == 400
    assert errors(response.text) == ["没有名为「../../etc」的报告格式"]


# ------------------------------------------------------------------------------------------------ drafting


@pytest.fixture
def without_table(tmp_path) -> Path:
    """The 海珠 sample without its 部门整体自评表: its draft loses the points of that attachment."""
    data = yaml.safe_load((SAMPLES / "haizhu_2023.yaml").read_text(encoding="utf-8"))
    del data["部门整体自评表"]
    source = tmp_path / "海珠.yaml"
    source.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return source


def test_draft_page_shows_the_report_its_score_and_its_warnings(client):
    _, page = drafted_page(client, SAMPLES / "yueyang_2023.xlsx")
    assert page.status_code == 200
    html = page.text
    assert "<h1>2023年度岳阳市档案馆部门（单位）整体支出绩效自评报告</h1>" in html
    assert '<h3 class="h1">一、部门（单位）基本情况</h3>' in html
    assert re.search(r'<td rowspan="\d+"', html)  # the attached tables keep their merged cells
    assert '<p class="big"><strong>70</strong> / 70 分</p>' in html  # the sample earns every point it can
    assert "没有失分。" in html
    drafted = api.draft(SAMPLES / "yueyang_2023.xlsx")
    assert f"数据核对（{len(drafted.notes) + len(drafted.unused)} 条）" in html
    for note in drafted.notes:
        assert unescape(note.message) in unescape(html)


def test_a_missing_attachment_says_what_to_fill_in(client, without_table):
    _, page = drafted_page(client, without_table)
    assert "失分之处和补法" in page.text
    assert (
        '缺少附件「部门整体支出绩效自评表」<br><span class="fix">怎样改：在填报表中填写「部门整体自评表」即可生成'
        in page.text
    )


def test_every_marker_is_listed_and_highlighted(client, tmp_path):
    source = tmp_path / "最少.yaml"
    source.write_text(yaml.safe_dump(MINIMAL, allow_unicode=True), encoding="utf-8")
    _, page = drafted_page(client, source)
    expected = api.draft(source).markers
    assert expected
    listed = re.findall(r'<li><a href="#(marker-\d+)">(.*?)</a></li>', page.text)
    assert [unescape(text) for _, text in listed] == expected
    for anchor, text in listed:
        assert f'<mark id="{anchor}" class="fill" title="待补充">{text}</mark>' in page.text


def test_chosen_candidates_go_in_as_to_be_confirmed(client):
    location, page = drafted_page(client, SAMPLES / "haizhu_2023.xlsx")
    boxes = re.findall(r'<input type="checkbox" id="suggest-(\d+)" name="suggest" value="\d+">', page.text)
    assert boxes == ["0", "1"]
    assert 'class="confirm"' not in page.text  # nothing is inserted unasked
    chosen = client.get(location, params={"suggest": "1"}).text
    assert chosen.count('class="confirm"') == 1
    assert '<input type="checkbox" id="suggest-1" name="suggest" value="1" checked>' in chosen
    document = client.get(f"{location}/report.docx", params={"suggest": "1"})
    texts = [p.text for p in docx.Document(io.BytesIO(document.content)).paragraphs]
    assert sum("【待确认" in text for text in texts) == 1


def test_downloads_are_the_report_as_docx_and_markdown(client):
    location, _ = drafted_page(client, SAMPLES / "haizhu_2023.yaml")
    title = "2023年度海珠区国家档案馆部门整体支出绩效自评报告"
    document = client.get(f"{location}/report.docx")
    assert document.status_code == 200
    assert f"filename*=UTF-8''{quote(title)}.docx" in document.headers["content-disposition"]
    assert docx.Document(io.BytesIO(document.content)).paragraphs[0].text == title
    markdown = client.get(f"{location}/report.md")
    assert markdown.text.startswith(f"# {title}\n")
    assert markdown.headers["content-type"].startswith("text/markdown")


@pytest.mark.parametrize("typed", ["9" * 5000, "²", "-1", "x"])
def test_a_candidate_that_is_no_position_is_ignored(client, typed):
    location, _ = drafted_page(client, SAMPLES / "haizhu_2023.yaml")
    page = client.get(location, params={"suggest": typed})
    assert page.status_code == 200 and 'class="confirm"' not in page.text


def test_an_unknown_draft_token_says_it_has_expired(client):
    response = client.get("/draft/no-such-token")
    assert response.status_code == 404
    assert errors(response.text) == ["这份起草结果已过期或不存在，请重新上传填报表"]
    assert client.get("/draft/no-such-token/report.docx").status_code == 404


def test_a_draft_is_downloaded_only_as_docx_or_markdown(client):
    location, _ = drafted_page(client, SAMPLES / "haizhu_2023.yaml")
    assert client.get(f"{location}/report.exe").status_code == 404


def test_a_bad_workbook_lists_the_cell(client, bad_workbook):
    path, where = bad_workbook
    response = upload(client, path)
    assert response.status_code == 422
    listed = errors(response.text)
    assert f"填报表.xlsx {where}：应为数字（金额以万元为单位，如 858.57），实际填写的是「八百万」" in listed
    assert "Traceback" not in response.text and "/tmp" not in response.text


def test_a_format_typed_over_the_input_is_used(client):
    _, page = drafted_page(client, SAMPLES / "haizhu_2023.yaml")
    assert "格式 guangdong" in page.text
    response = upload(client, SAMPLES / "haizhu_2023.yaml", profile="jiangxi")
    assert "格式 jiangxi" in client.get(response.headers["location"]).text


@pytest.mark.parametrize(
    ("name", "content", "status", "message"),
    [
        ("报告.docx", b"PK", 415, "「报告.docx」的文件类型「.docx」无法使用；请上传 .yaml、.yml、.json、.xlsx 文件"),
        ("无扩展名", b"x", 415, "「无扩展名」的文件类型「无扩展名」无法使用；请上传 .yaml、.yml、.json、.xlsx 文件"),
        (
            "大.yaml",
            b"x" * (TEST_LIMIT + 1),
            413,
            "「大.yaml」有 1.0 MB，超过上传上限 1.0 MB；请确认是否选错了文件，或把它分成几个文件",
        ),
    ],
)
def test_a_file_that_cannot_be_drafted_is_refused_in_chinese(client, name, content, status, message):
    response = client.post("/draft", files={"input": (name, content)})
    assert response.status_code == status
    assert errors(response.text) == [message]


def test_a_draft_without_a_file_asks_for_one(client):
    response = client.post("/draft", files={"input": ("", b"")})
    assert response.status_code == 400
    assert errors(response.text) == ["请先选择要上传的文件"]


def test_a_request_far_over_the_limit_is_refused_before_it_is_read(client):
    response = client.post("/draft", files={"input": ("大.yaml", b"x" * (3 * TEST_LIMIT))})
    assert response.status_code == 413
    assert errors(response.text) == [
        "上传的内容共 3.0 MB，超过每次上传的上限 1.0 MB（每个文件最多 1.0 MB，每次最多 1 个文件）；请分批上传"
    ]


def test_files_each_within_the_limit_are_refused_when_together_over_the_total(tmp_path):
    app = create_app(max_upload_bytes=TEST_LIMIT, max_total_bytes=2 * TEST_LIMIT)
    files = [("reports", (f"{n}.txt", b"x" * (TEST_LIMIT - 1000))) for n in range(3)]
    with TestClient(app, base_url=LOCAL) as client:
        response = client.post("/check", files=files)
    assert response.status_code == 413
    assert errors(response.text) == [
        "上传的内容共 3.0 MB，超过每次上传的上限 2.0 MB（每个文件最多 1.0 MB，每次最多 200 个文件）；请分批上传"
    ]


def _streamed(app, files, *, chunk: int = 64 * 1024, declared: int | None = None, watch: Path | None = None):
    """Post ``files`` to /check as a browser streams them, in chunks (the Content-Length as ``declared``, when
    given); the status, the page, and the largest file seen under ``watch`` between chunks."""
    request = httpx2.Request("POST", f"{LOCAL}/check", files=files)
    body = request.read()
    headers = {**request.headers, "content-length": str(len(body) if declared is None else declared)}
    if declared == -1:  # sent without a length (chunked)
        del headers["content-length"]
    chunks = [body[i : i + chunk] for i in range(0, len(body), chunk)]
    sent: list[dict] = []
    largest = [0]

    async def receive():
        if watch is not None:
            on_disk = [p.stat().st_size for p in watch.rglob("*") if p.is_file() and p.name != "jieba.cache"]
            largest[0] = max([largest[0], *on_disk])
        if chunks:
            return {"type": "http.request", "body": chunks.pop(0), "more_body": bool(chunks)}
        return {"type": "http.disconnect"}

    async def send(message):
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/check",
        "raw_path": b"/check",
        "query_string": b"",
        "root_path": "",
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 80),
    }
    with ThreadPoolExecutor(1) as thread:  # a loop of its own: the browser tests' may be running in this thread
        thread.submit(asyncio.run, app(scope, receive, send)).result()
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    page = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body").decode()
    return status, page, largest[0]


def test_an_oversize_file_stops_being_saved_once_past_the_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    app = create_app(max_upload_bytes=TEST_LIMIT)
    status, page, largest = _streamed(app, {"reports": ("大.txt", b"x" * (3 * TEST_LIMIT))}, watch=tmp_path)
    assert status == 413
    assert errors(page) == ["「大.txt」有 3.0 MB，超过上传上限 1.0 MB；请确认是否选错了文件，或把它分成几个文件"]
    assert 0 < largest <= TEST_LIMIT  # saved (anywhere in the temporary folder) while within the limit, never past it
    assert [p.name for p in tmp_path.iterdir() if p.name != "jieba.cache"] == []


def test_an_upload_sending_more_than_it_declared_is_cut_off_at_the_total(tmp_path):
    app = create_app(max_upload_bytes=TEST_LIMIT, max_total_bytes=2 * TEST_LIMIT)
    files = [("reports", (f"{n}.txt", b"x" * (TEST_LIMIT - 1000))) for n in range(3)]
    status, page, _ = _streamed(app, files, declared=1000)
    assert status == 413
    assert errors(page) == [
        "上传的内容超过每次上传的上限 2.0 MB（每个文件最多 1.0 MB，每次最多 200 个文件）；请分批上传"
    ]


UNREADABLE = "上传的内容无法读取，请用页面上的表单重新上传"


@pytest.mark.parametrize(
    ("headers", "body", "status", "message"),
    [
        ({"content-type": "multipart/form-data"}, b"x", 400, UNREADABLE),  # no boundary
        ({"content-type": "multipart/form-data; boundary=b"}, b"--b\r\nnot a header line\r\n\r\n", 400, UNREADABLE),
        ({"content-type": "text/plain"}, b"x", 400, UNREADABLE),
    ],
)
def test_a_request_not_made_by_the_form_is_refused_in_chinese(client, headers, body, status, message):
    response = client.post("/check", content=body, headers=headers)
    assert response.status_code == status
    assert errors(response.text) == [message]


def test_an_upload_without_its_length_is_refused(tmp_path):
    app = create_app(max_upload_bytes=TEST_LIMIT)
    status, page, _ = _streamed(app, {"reports": ("a.txt", b"x")}, declared=-1)
    assert status == 411
    assert errors(page) == ["上传请求缺少内容长度，请用页面上的表单上传"]


def test_a_client_file_name_is_shown_not_used(client, tmp_path):
    source = tmp_path / "x.yaml"
    source.write_text(yaml.safe_dump(MINIMAL, allow_unicode=True), encoding="utf-8")
    _, page = drafted_page(client, source, name="../../etc/输入<x>&.yaml")
    assert "由「输入&lt;x&gt;&amp;.yaml」起草" in page.text


def test_text_typed_into_an_input_is_escaped(client, tmp_path):
    source = tmp_path / "x.yaml"
    data = {**MINIMAL, "单位名称": '<script>alert("档案馆")</script>'}
    source.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    _, page = drafted_page(client, source)
    assert "<script>alert" not in page.text
    assert "&lt;script&gt;alert(&#34;档案馆&#34;)&lt;/script&gt;" in page.text


def test_uploads_leave_no_file_behind(client, tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    drafted_page(client, SAMPLES / "haizhu_2023.xlsx")
    check(client, ("a.txt", (FIXTURES / "library_2023_slips.txt").read_bytes()))
    check(client, ("a.txt", (FIXTURES / "library_2023_slips.txt").read_bytes()), ("b.md", b"# x"))
    left = [p.name for p in tmp_path.iterdir() if p.name != "jieba.cache"]  # the word splitter's own cache
    assert left == []


# ------------------------------------------------------------------------------------------------ checking


def test_checking_one_report_lists_every_finding_with_its_quote_marked(client):
    response = check(client, ("图书馆.txt", (FIXTURES / "library_2023_slips.txt").read_bytes()))
    assert response.status_code == 200
    html = response.text
    assert "<h1>检查结果：图书馆.txt</h1>" in html
    levels = re.findall(r'<span class="level level-(\w+)">(\w+)</span>', html)
    assert levels and all({"error": "错误", "warning": "警告", "info": "提示"}[en] == zh for en, zh in levels)
    items = re.findall(r'<li id="item-(\d+)">', html)
    assert items == [str(n) for n in range(1, len(items) + 1)]
    assert f"发现的问题（{len(items)} 条）" in html
    marked = re.findall(r'<mark id="(finding-\d+)" class="quote">', html)
    assert marked and all(f'href="#{anchor}"' in html for anchor in marked)
    assert re.search(r'<mark id="finding-\d+" class="quote"><span class="tag">\w+ \d+</span>[^<]*和和', html)


def test_an_unreadable_report_is_said_with_its_own_name(client):
    response = check(client, ("空白.txt", b"   "))
    assert response.status_code == 422
    assert errors(response.text) == ["空白.txt 是空文件，没有可检查的内容"]


def test_checking_several_reports_gives_the_batch_table_and_summary(client):
    response = check(
        client,
        ("甲.txt", (FIXTURES / "library_2023_slips.txt").read_bytes()),
        ("乙.txt", (FIXTURES / "rubric_full.txt").read_bytes()),
        ("丙.exe", b"MZ"),
        ("丁.docx", b"not a zip"),
    )
    assert response.status_code == 200
    html = response.text
    assert "<h1>批量检查结果（4 份）</h1>" in html and "其中 2 份无法检查" in html
    head = re.findall(r'<th scope="col">(.*?)</th>', html)
    assert head[:6] == ["文件", "单位名称", "年度", "格式", "类型", "报告格式"] and "得分" in head
    assert "「丙.exe」的文件类型「.exe」无法使用" in html
    assert re.search(r"<td>丁\.docx</td>.*丁\.docx", html, re.S)  # its reason names it, not the temporary file
    link = re.search(r'href="([^"]+/summary\.xlsx)"', html).group(1)
    summary = client.get(link)
    book = openpyxl.load_workbook(io.BytesIO(summary.content))
    assert book.sheetnames == ["汇总", "问题明细"]
    files = sorted(row[0] for row in book["汇总"].iter_rows(min_row=2, values_only=True))
    assert files == sorted(["甲.txt", "乙.txt", "丙.exe", "丁.docx"])


def test_an_unknown_summary_token_says_it_has_expired(client):
    response = client.get("/check/no-such-token/summary.xlsx")
    assert response.status_code == 404
    assert errors(response.text) == ["汇总表已过期或不存在，请重新检查"]


def test_too_many_files_at_once_are_refused(tmp_path):
    with TestClient(create_app(max_upload_bytes=TEST_LIMIT), base_url=LOCAL) as client:
        response = client.post("/draft", files=[("input", ("a.yaml", b"x")), ("input", ("b.yaml", b"x"))])
    assert response.status_code == 413
    assert errors(response.text) == ["每次最多上传 1 个文件；请分批上传"]


def test_a_fault_of_ours_still_answers_with_the_page(monkeypatch):
    def broken(*args, **kwargs):
        raise ZeroDivisionError

    monkeypatch.setattr(api, "draft", broken)
    with TestClient(create_app(), base_url=LOCAL, raise_server_exceptions=False) as client:
        response = upload(client, SAMPLES / "haizhu_2023.yaml")
    assert response.status_code == 500
    assert errors(response.text) == ["处理时出错（ZeroDivisionError），请把所用的文件反馈给开发者"]


@pytest.mark.parametrize("host", ["127.0.0.1:8765", "localhost:8765"])
def test_this_computers_names_are_answered(host):
    with TestClient(create_app(), base_url=f"http://{host}") as client:
        assert client.get("/").status_code == 200


def test_another_name_for_this_computer_is_refused():
    # A web page the clerk visits could point a name of its own at 127.0.0.1 (DNS rebinding) and read the answers.
    with TestClient(create_app(), base_url="http://rebound.example:8765") as client:
        assert client.get("/").status_code == 400


def test_a_page_open_beyond_this_computer_says_so():
    with TestClient(create_app(exposed=True)) as client:
        assert "本页面正在局域网中开放" in client.get("/").text


# ------------------------------------------------------------------------------------------------ the store


def test_the_store_keeps_a_bounded_number_of_entries():
    store: Store[bytes] = Store(len, max_entries=2)
    tokens = [store.put(b"x") for _ in range(3)]
    assert store.get(tokens[0]) is None and store.get(tokens[2]) == b"x"
    assert len(store) == 2


def test_the_store_keeps_a_bounded_number_of_bytes_but_always_the_newest():
    store: Store[bytes] = Store(len, max_bytes=10)
    small = store.put(b"12345")
    big = store.put(b"x" * 20)
    assert store.get(small) is None and store.get(big) == b"x" * 20


def test_the_store_forgets_what_was_not_used_for_a_while():
    now = [0.0]
    store: Store[bytes] = Store(len, lifetime=60, clock=lambda: now[0])
    token = store.put(b"x")
    now[0] = 59
    assert store.get(token) == b"x"  # using it keeps it
    now[0] = 118
    assert store.get(token) == b"x"
    now[0] = 179
    assert store.get(token) is None


def test_tokens_are_unguessable():
    store: Store[bytes] = Store(len)
    tokens = {store.put(b"") for _ in range(20)}
    assert len(tokens) == 20 and all(len(token) >= 20 for token in tokens)


# ------------------------------------------------------------------------------------------------ safety


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (
            {"评分方案": "/etc/passwd"},
            "x.yaml 第8行「评分方案」：「/etc/passwd」不是内置的评分方案；网页上只能用内置方案（default、guangdong_department），"
            "自己的方案文件请用命令行 reportgen draft",
        ),
        ({"评分方案": "../方案.yaml"}, "x.yaml 第8行「评分方案」：「../方案.yaml」不是内置的评分方案"),
        (
            {"格式": "/etc"},
            "x.yaml 第8行「格式」：「/etc」不是内置的报告格式；网页上只能用内置格式（guangdong、hunan、jiangxi、project），"
            "自己的格式文件夹请用命令行 reportgen draft",
        ),
    ],
)
def test_an_input_naming_a_file_on_this_computer_is_refused(client, tmp_path, typed, message):
    # The command line reads a 格式 folder or 评分方案 file beside the input; the page would read this computer's.
    source = tmp_path / "x.yaml"
    source.write_text(yaml.safe_dump({**MINIMAL, **typed}, allow_unicode=True, sort_keys=False), encoding="utf-8")
    response = upload(client, source)
    assert response.status_code == 422
    (listed,) = errors(response.text)
    assert listed.startswith(message)
    assert "无法读取" not in response.text and "最外层" not in response.text  # nothing was read from there


def test_a_workbook_naming_a_scheme_file_is_refused_at_its_cell(client, tmp_path):
    book = Filler(shutil.copy(SAMPLES / "haizhu_2023.xlsx", tmp_path / "填报表.xlsx"))
    sheet = book.book["基本信息"]
    row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "评分方案")
    sheet.cell(row, 2).value = "/etc/passwd"
    response = upload(client, book.save())
    assert response.status_code == 422
    assert errors(response.text) == [
        f"填报表.xlsx 「基本信息」表第{row}行 B列「评分方案」：「/etc/passwd」不是内置的评分方案；"
        "网页上只能用内置方案（default、guangdong_department），自己的方案文件请用命令行 reportgen draft"
    ]


def test_a_builtin_scheme_is_drafted_with(client, tmp_path):
    source = tmp_path / "x.yaml"
    source.write_text(yaml.safe_dump({**MINIMAL, "评分方案": "default"}, allow_unicode=True), encoding="utf-8")
    assert upload(client, source).status_code == 303


@pytest.mark.parametrize(
    "headers",
    [{"origin": "http://example.com"}, {"sec-fetch-site": "cross-site"}, {"origin": "null"}],
)
@pytest.mark.parametrize("route", ["/draft", "/check"])
def test_an_upload_posted_by_another_site_is_refused(client, headers, route):
    field = "input" if route == "/draft" else "reports"
    response = client.post(route, files={field: ("x.yaml", b"x")}, headers=headers)
    assert response.status_code == 403
    assert errors(response.text) == ["这次上传来自其他网站的页面，已拒绝；请在本页面上选择文件上传"]


def test_an_upload_posted_by_this_page_is_taken(client):
    headers = {"origin": LOCAL, "sec-fetch-site": "same-origin"}
    response = client.post("/check", files={"reports": ("空白.txt", b"   ")}, headers=headers)
    assert response.status_code == 422  # read, and found empty


def test_every_answer_keeps_the_page_to_itself(client):
    for response in (client.get("/"), client.get("/nothing-here"), client.get("/static/style.css")):
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "same-origin"


def test_a_download_name_has_every_reserved_character_encoded():
    from reportgen.web.app import _download

    disposition = _download(b"", "甲/乙;报告.docx", "application/octet-stream").headers["content-disposition"]
    assert (
        disposition
        == "attachment; filename=\"report.docx\"; filename*=UTF-8''%E7%94%B2%2F%E4%B9%99%3B%E6%8A%A5%E5%91%8A.docx"
    )


def test_a_fault_while_checking_is_said_under_the_check_form(monkeypatch):
    import reportgen.check.read

    def broken(*args, **kwargs):
        raise ZeroDivisionError

    monkeypatch.setattr(reportgen.check.read, "read_draft", broken)
    with TestClient(create_app(), base_url=LOCAL, raise_server_exceptions=False) as client:
        response = check(client, ("a.txt", b"x"))
    assert response.status_code == 500
    html = response.text
    assert html.index('class="errors"') > html.index('id="check-title"')  # in the check card, not the draft card
