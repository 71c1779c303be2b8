"""The Starlette application behind ``reportgen serve``: draft from a workbook, check reports, download.

Every route calls the same plain functions as the command line (``api.draft``, ``check``, ``check.batch``);
what one page hands to the next (an uploaded input, a summary workbook) is kept in a bounded in-memory store
under a random token, never on disk beyond the request that uses it.
"""

from __future__ import annotations

import dataclasses
import http
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import jinja2
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from reportgen import __version__, api
from reportgen.check.model import CheckResult
from reportgen.check.read import SUFFIXES
from reportgen.errors import InputError, ReportgenError
from reportgen.findings import Finding, Level
from reportgen.limits import MAX_UPLOAD_BYTES, MAX_UPLOAD_TOTAL_BYTES, size_text
from reportgen.web.preview import Marker, ViewBlock, draft_view, reading_view
from reportgen.web.store import Store
from reportgen.web.uploads import Saved, UploadError, received, total_limit

HERE = Path(__file__).parent
LOCAL_HOST = "127.0.0.1"
#: What a clerk may upload: what the command line drafts from, and what it checks.
DRAFT_SUFFIXES = api.CONVERTIBLE
CHECK_SUFFIXES = SUFFIXES
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class DraftInput:
    """An uploaded input kept for the draft page: its bytes, how it was named, and the format asked for."""

    name: str
    suffix: str
    data: bytes
    profile: str | None


@dataclass(frozen=True)
class Summary:
    """A batch's summary workbook, kept for its download link."""

    data: bytes


@dataclass(frozen=True)
class Drafted:
    """What the draft page shows."""

    draft: api.DraftedReport
    view: list[ViewBlock]
    markers: list[Marker]
    docx: bytes
    check: CheckResult | None  # the drafted .docx checked, or None when it could not be (``check_error`` says why)
    check_error: str


def create_app(
    *, max_upload_bytes: int = MAX_UPLOAD_BYTES, max_total_bytes: int = MAX_UPLOAD_TOTAL_BYTES, exposed: bool = False
) -> Starlette:
    """The web application; ``exposed`` when it listens beyond this computer (the page then says so); an upload may
    hold files of ``max_upload_bytes`` each, ``max_total_bytes`` together."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("reportgen.web", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(version=__version__, exposed=exposed, max_upload=size_text(max_upload_bytes), levels=Level)
    env.globals.update(max_total=size_text(total_limit(max_total_bytes, max_upload_bytes)))
    env.globals.update(draft_accept=",".join(DRAFT_SUFFIXES), check_accept=",".join(CHECK_SUFFIXES))
    env.filters["score"] = _score
    templates = Jinja2Templates(env=env)
    inputs: Store[DraftInput] = Store(lambda kept: len(kept.data))
    summaries: Store[Summary] = Store(lambda kept: len(kept.data))

    def page(request: Request, template_name: str, status: int = 200, **context: Any) -> HTMLResponse:
        response = templates.TemplateResponse(request, template_name, context, status_code=status)
        assert isinstance(response, HTMLResponse)
        return response

    def home(request: Request, status: int = 200, **context: Any) -> HTMLResponse:
        context.setdefault("draft_errors", [])
        context.setdefault("check_errors", [])
        context.setdefault("draft_file", "")
        return page(request, "index.html", status, profiles=_drafting_profiles(), **context)

    async def index(request: Request) -> Response:
        return home(request)

    async def template(request: Request) -> Response:
        name = request.query_params.get("profile") or api.DEFAULT_PROFILE
        if name not in _drafting_profiles():
            return home(request, 400, draft_errors=[f"没有名为「{name}」的报告格式"])
        data = await run_in_threadpool(_template_bytes, name)
        return _download(data, f"填报表-{name}.xlsx", XLSX)

    async def draft_upload(request: Request) -> Response:
        try:
            _same_site(request)
            async with received(request, "input", DRAFT_SUFFIXES, max_bytes=max_upload_bytes, max_files=1) as (
                files,
                form,
            ):
                upload = files[0]
                profile = str(form.get("profile") or "") or None
                if profile is not None and profile not in _drafting_profiles():
                    raise UploadError(f"没有名为「{profile}」的报告格式")
                stored = DraftInput(upload.name, upload.suffix, upload.usable().read_bytes(), profile)
        except UploadError as exc:
            return home(request, exc.status, draft_errors=[exc.message])
        try:
            await run_in_threadpool(_drafted, stored, [])
        except ReportgenError as exc:
            return home(request, 422, draft_errors=_messages(exc, stored.name), draft_file=stored.name)
        token = inputs.put(stored)
        return RedirectResponse(request.url_for("draft_page", token=token), status_code=303)

    def stored_input(request: Request) -> tuple[str, DraftInput, list[int]]:
        token = request.path_params["token"]
        stored = inputs.get(token)
        if stored is None:
            raise HTTPException(404, "这份起草结果已过期或不存在，请重新上传填报表")
        # A candidate's position: a few ASCII digits ("²" is a digit int() refuses; 5,000 digits too many for it).
        chosen = sorted({int(v) for v in request.query_params.getlist("suggest") if re.fullmatch(r"[0-9]{1,4}", v)})
        return token, stored, chosen

    async def draft_page(request: Request) -> Response:
        token, stored, chosen = stored_input(request)
        try:
            drafted = await run_in_threadpool(_drafted, stored, chosen)
        except ReportgenError as exc:  # the same input drafted before; only a vanished scheme file gets here
            return home(request, 422, draft_errors=_messages(exc, stored.name), draft_file=stored.name)
        query = urlencode([("suggest", i) for i in chosen])
        return page(
            request,
            "draft.html",
            token=token,
            name=stored.name,
            result=drafted,
            chosen=chosen,
            query=f"?{query}" if query else "",
            candidates=_candidates(drafted.draft),
            notes=[*drafted.draft.notes, *drafted.draft.unused],
            lost=_lost(drafted.check),
        )

    async def draft_download(request: Request) -> Response:
        _, stored, chosen = stored_input(request)
        fmt = request.path_params["fmt"]
        if fmt not in api.FORMATS:
            raise HTTPException(404)
        drafted = await run_in_threadpool(_drafted, stored, chosen)
        name = drafted.draft.profile.output_name(drafted.draft.report.year, drafted.draft.report.unit_name)
        if fmt == "docx":
            return _download(drafted.docx, f"{name}.docx", DOCX)
        return _download(drafted.draft.markdown().encode("utf-8"), f"{name}.md", "text/markdown; charset=utf-8")

    async def check_upload(request: Request) -> Response:
        try:
            _same_site(request)
            async with received(
                request, "reports", CHECK_SUFFIXES, max_bytes=max_upload_bytes, max_total=max_total_bytes
            ) as (files, _):
                if len(files) == 1:
                    single = files[0]
                    single.usable()
                    context = await run_in_threadpool(_check_one, single)
                    return page(request, "check.html", **context)
                rows, head, table, summary = await run_in_threadpool(_check_many, files)
        except UploadError as exc:
            return home(request, exc.status, check_errors=[exc.message])
        except ReportgenError as exc:
            return home(request, 422, check_errors=[_as_named(exc.user_message(), files[0])])
        token = summaries.put(Summary(summary))
        failed = sum(1 for row in rows if not row.checked)
        return page(request, "batch.html", head=head, table=table, token=token, count=len(rows), failed=failed)

    async def summary_download(request: Request) -> Response:
        summary = summaries.get(request.path_params["token"])
        if summary is None:
            raise HTTPException(404, "汇总表已过期或不存在，请重新检查")
        return _download(summary.data, "汇总.xlsx", XLSX)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        said = {404: "找不到这个页面", 405: "请用页面上的表单提交"}
        message = exc.detail if exc.detail not in _STATUS_PHRASES else said.get(exc.status_code, "无法处理这个请求")
        return home(request, exc.status_code, draft_errors=[message])

    async def server_error(request: Request, exc: Exception) -> Response:
        # A fault of ours (not of the file's: those are ReportgenErrors) still answers with the page, in Chinese.
        message = f"处理时出错（{type(exc).__name__}），请把所用的文件反馈给开发者"
        form = "check_errors" if request.url.path.startswith("/check") else "draft_errors"  # under the form used
        return home(request, 500, **{form: [message]})

    routes = [
        Route("/", index),
        Route("/template", template),
        Route("/draft", draft_upload, methods=["POST"]),
        Route("/draft/{token}", draft_page, name="draft_page"),
        Route("/draft/{token}/report.{fmt:str}", draft_download, name="draft_download"),
        Route("/check", check_upload, methods=["POST"]),
        Route("/check/{token}/summary.xlsx", summary_download, name="summary_download"),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    # Only this computer's own names are answered unless the page is exposed: a web site the clerk visits cannot
    # point a name of its own at 127.0.0.1 (DNS rebinding) and read the page.
    hosts = ["*"] if exposed else [LOCAL_HOST, "localhost"]
    middleware = [Middleware(TrustedHostMiddleware, allowed_hosts=hosts), Middleware(_Guarded)]
    app = Starlette(
        routes=routes, middleware=middleware, exception_handlers={HTTPException: http_error, Exception: server_error}
    )
    app.state.inputs = inputs
    return app


_STATUS_PHRASES = {status.phrase for status in http.HTTPStatus}

#: Every answer: the page's own scripts and styles only, never inside another site's frame, and no address of a
#: draft (its token) passed on to another site.
_HEADERS = [
    (b"content-security-policy", b"default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
]


class _Guarded:
    """Adds :data:`_HEADERS` to every response."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        async def guarded(message: Any) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], *_HEADERS]
            await send(message)

        await self.app(scope, receive, guarded if scope["type"] == "http" else send)


def _same_site(request: Request) -> None:
    """An upload is taken only from this page: another web site the clerk has open cannot post files to it (the
    browser says where a form came from in Sec-Fetch-Site and Origin)."""
    site = request.headers.get("sec-fetch-site")
    origin = request.headers.get("origin")
    foreign = site is not None and site not in ("same-origin", "none")
    if origin is not None and not foreign:
        foreign = urlsplit(origin).netloc != request.headers.get("host")
    if foreign:
        raise UploadError("这次上传来自其他网站的页面，已拒绝；请在本页面上选择文件上传", status=403)


def _drafting_profiles() -> dict[str, str]:
    """Formats that can draft, with their descriptions."""
    return {name: profile.description for name, profile in api.drafting_profiles().items()}


def _template_bytes(profile: str) -> bytes:
    with tempfile.TemporaryDirectory(prefix="reportgen-web-") as folder:
        return api.write_template(profile, Path(folder) / "填报表.xlsx").read_bytes()


def _drafted(stored: DraftInput, chosen: list[int]) -> Drafted:
    """Draft the kept input (in a temporary folder of its own) with the chosen candidates, and grade the .docx."""
    from reportgen.check import check_file
    from reportgen.docx.writer import docx_bytes

    with tempfile.TemporaryDirectory(prefix="reportgen-web-") as folder:
        source = Path(folder) / f"input{stored.suffix}"
        source.write_bytes(stored.data)
        _builtin_only(source, stored.profile)
        drafted = api.draft(source, stored.profile, suggest=chosen)
        data = docx_bytes(drafted.blocks)
        written = Path(folder) / "report.docx"
        written.write_bytes(data)
        check, check_error = None, ""
        try:
            check = check_file(written, drafted.profile)
        except ReportgenError as exc:  # the draft stands; a failed self-check must not hide it
            check_error = exc.user_message()
    view, markers = draft_view(drafted.blocks)
    return Drafted(drafted, view, markers, data, check, check_error)


def _builtin_only(source: Path, profile: str | None) -> None:
    """Refuse an input whose 格式 or 评分方案 names a file or folder (placed at its cell or line): the command line
    reads those beside the input, the page would read them from this computer's disk for whoever uploads."""
    from reportgen.load import LineLocator, Locator, is_workbook, read_data
    from reportgen.profiles import builtin_profiles
    from reportgen.scoring.scheme import builtin_schemes

    data: Any
    locator: Locator
    if is_workbook(source):
        from reportgen.workbook import LAYOUTS, open_workbook, read_workbook

        opened = open_workbook(source)
        named = opened.profile
        chosen = builtin_profiles().get(profile or named or api.DEFAULT_PROFILE)
        kind = chosen.kind if chosen and chosen.kind in LAYOUTS else opened.kind or "department"
        data, locator, _ = read_workbook(opened, LAYOUTS[kind])
    else:
        data, lines = read_data(source)
        locator = LineLocator(lines)
        named = (data.get("格式") or data.get("profile")) if isinstance(data, dict) else None
    issues = []
    if profile is None and named is not None and str(named) not in builtin_profiles():
        known = "、".join(_drafting_profiles())
        why = f"「{named}」不是内置的报告格式；网页上只能用内置格式（{known}），自己的格式文件夹请用命令行 reportgen draft"
        issues.append(locator.issue(("格式",), why))
    scheme = data.get("评分方案") if isinstance(data, dict) else None
    if scheme is not None and str(scheme) not in builtin_schemes():
        known = "、".join(builtin_schemes())
        why = (
            f"「{scheme}」不是内置的评分方案；网页上只能用内置方案（{known}），自己的方案文件请用命令行 reportgen draft"
        )
        issues.append(locator.issue(("评分方案",), why))
    if issues:
        raise InputError(str(source), issues)


def _messages(exc: ReportgenError, name: str) -> list[str]:
    """The error as a list a clerk reads: one line per input issue, named by the uploaded file's name."""
    if isinstance(exc, InputError):
        return [issue.describe(name) for issue in exc.issues]
    return [exc.user_message()]


def _as_named(message: str, saved: Saved) -> str:
    """A message with the temporary file's path (or name) replaced by the name the clerk gave the file."""
    return message.replace(str(saved.path), saved.name).replace(saved.path.name, saved.name)


def _candidates(drafted: api.DraftedReport) -> list[tuple[int, str, str]]:
    from reportgen.render.wording import candidate_text

    return [(i, c.aspect.value, candidate_text(c)) for i, c in enumerate(drafted.candidates)]


def _lost(check: CheckResult | None) -> list[tuple[Finding, str]]:
    """Every finding of a draft that costs points, most first, with its fix (a missing attachment's names the
    workbook field that would make it, as ``reportgen draft`` says it)."""
    if check is None:
        return []
    lost = sorted((f for f in check.findings if f.points_lost), key=lambda f: -f.points_lost)
    return [(finding, api.drafting_fix(finding, "填报表")) for finding in lost]


def _check_one(saved: Saved) -> dict[str, Any]:
    from reportgen.check import check_draft, standard_for
    from reportgen.check.read import read_draft
    from reportgen.check.structure import parse_draft

    blocks = read_draft(saved.path)
    report = parse_draft(list(blocks))
    result = check_draft(report, saved.name, None, standard_for(report.profile))
    view, quotes = reading_view(blocks, result.findings)
    counts = {level: sum(1 for f in result.findings if f.level is level) for level in Level}
    return {"name": saved.name, "result": result, "view": view, "quotes": quotes, "counts": counts}


def _check_many(files: list[Saved]) -> tuple[list[Any], list[str], list[list[Any]], bytes]:
    """Each file checked in turn (one that cannot be read, or was refused, is a row with its reason), the summary
    table, and the summary workbook."""
    from reportgen.check import batch

    rows = []
    for saved in files:
        if saved.problem:
            rows.append(batch.BatchRow(saved.name, error=saved.problem))
            continue
        row = batch.check_one(str(saved.path), batch.CheckOptions())
        rows.append(dataclasses.replace(row, path=saved.name, error=_as_named(row.error, saved)))
    head, table = batch.summary_table(rows)
    with tempfile.TemporaryDirectory(prefix="reportgen-web-") as folder:
        data = batch.write_summary(rows, Path(folder) / "summary.xlsx").read_bytes()
    return rows, head, table, data


def _download(data: bytes, filename: str, media_type: str) -> Response:
    ascii_name = "report" + Path(filename).suffix
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"
    return Response(data, media_type=media_type, headers={"Content-Disposition": disposition})


def _score(value: Any) -> str:
    from decimal import Decimal

    from reportgen.numbers import format_marks

    if value is None:
        return "—"
    return format_marks(Decimal(str(value)))
