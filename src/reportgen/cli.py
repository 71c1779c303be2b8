"""Command line: ``reportgen template|draft|validate|convert|import|profiles|check|serve`` with Chinese help and messages."""

from __future__ import annotations

import argparse
import sys
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TextIO

from reportgen import __version__
from reportgen.errors import ReportgenError
from reportgen.findings import Finding, Level
from reportgen.limits import MAX_UPLOAD_BYTES, MB
from reportgen.numbers import format_marks
from reportgen.web import DEFAULT_PORT

if TYPE_CHECKING:  # api is imported where a command runs it
    from reportgen.api import DraftedReport

# argparse looks its own messages up through ``argparse._`` at call time; answer in Chinese.
_ARGPARSE_ZH = {
    "usage: ": "用法：",
    "positional arguments": "参数",
    "options": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选项 %(value)r（可选：%(choices)s）",
    "expected one argument": "需要一个参数值",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确，可能是：%(matches)s",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "show program's version number and exit": "显示版本号并退出",
}
argparse._ = lambda message: _ARGPARSE_ZH.get(message, message)  # type: ignore[attr-defined]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # exit code 2 like every unusable-input error
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：错误：{message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="reportgen",
        description="绩效自评报告工具：由结构化数据起草部门整体支出或项目支出绩效自评报告（Word），并检查数据是否前后一致。",
        epilog="示例：reportgen template --profile hunan -o 填报表.xlsx；填好后 reportgen draft 填报表.xlsx",
    )
    parser.add_argument("--version", action="version", version=f"reportgen {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)
    commands.required = True

    template = commands.add_parser(
        "template",
        help="生成 Excel 填报表",
        description="生成某一报告格式的 Excel 填报表（每部分输入一张工作表，带填写说明、示例行和下拉列表）。"
        "填好后用 reportgen draft 填报表.xlsx 起草报告。",
    )
    template.add_argument(
        "--profile", metavar="格式", help="报告格式（guangdong、hunan、jiangxi、project）；默认 guangdong"
    )
    template.add_argument(
        "-o", "--output", metavar="输出文件", default="填报表.xlsx", help="填报表文件名（默认：填报表.xlsx）"
    )
    template.add_argument("--force", action="store_true", help="输出文件已存在时覆盖它")

    draft = commands.add_parser(
        "draft",
        help="由输入文件起草报告",
        description="读取 Excel 填报表（.xlsx）、YAML 或 JSON 输入文件，计算全部合计、占比、执行率和得分，生成报告。"
        "不会写在输入文件上；输出文件已存在时不覆盖，除非加 --force。",
    )
    draft.add_argument(
        "input", metavar="输入文件", help="Excel 填报表（.xlsx）、YAML（.yaml/.yml）或 JSON（.json）输入文件"
    )
    draft.add_argument(
        "-o",
        "--output",
        metavar="输出文件",
        help="输出文件路径（默认：与输入文件同一文件夹，名为「<年度><单位名称><报告名称>」，如「2024年度怀化市档案馆项目支出绩效自评报告」）",
    )
    draft.add_argument(
        "--format",
        choices=("docx", "md"),
        default=None,
        metavar="docx|md",
        help="输出格式：docx（Word 文档，默认）或 md（Markdown 文本）",
    )
    draft.add_argument(
        "--profile", metavar="格式", help="报告格式（如 guangdong、hunan、project）；默认取输入文件中的「格式」"
    )
    draft.add_argument(
        "--suggest",
        action="store_true",
        help="把由数据推断出的问题（执行率低、预算调整率高、三公经费增加、指标未达成）以【待确认】条目插入报告",
    )
    draft.add_argument("--force", action="store_true", help="输出文件已存在时覆盖它（其中修改过的内容会丢失）")

    validate = commands.add_parser(
        "validate",
        help="只检查输入文件，不生成任何文件",
        description="检查输入文件的格式、必填项和数字是否一致，列出全部错误和警告，不写任何文件。",
    )
    validate.add_argument("input", metavar="输入文件", help="Excel 填报表（.xlsx）、YAML 或 JSON 输入文件")
    validate.add_argument("--profile", metavar="格式", help="报告格式；默认取输入文件中的「格式」")

    convert = commands.add_parser(
        "convert",
        help="在 Excel 填报表与 YAML/JSON 之间转换",
        description="把 YAML 或 JSON 输入文件转换为 Excel 填报表，或把填报表转换为 YAML/JSON。"
        "输入先按起草时的要求检查，有误时列出全部错误，不生成文件。",
    )
    convert.add_argument("input", metavar="输入文件", help="Excel 填报表（.xlsx）、YAML 或 JSON 输入文件")
    convert.add_argument(
        "-o",
        "--output",
        metavar="输出文件",
        help="输出文件（.xlsx、.yaml 或 .json）；默认：与输入文件同名，填报表转为 .yaml，YAML/JSON 转为 .xlsx",
    )
    convert.add_argument("--profile", metavar="格式", help="报告格式；默认取输入文件中的「格式」")
    convert.add_argument("--force", action="store_true", help="输出文件已存在时覆盖它")

    imported = commands.add_parser(
        "import",
        help="由上年的报告生成本年的填报表",
        description="读取上一年度的绩效自评报告（Word .docx、PDF、.txt 或 .md），把单位情况、主要职能、工作任务、"
        "绩效目标、项目和自评表指标等带入新一年的 Excel 填报表（或 YAML/JSON）；金额、实际完成值、重点工作完成情况和"
        "本年的问题、措施留空待填，上年的问题和措施另列一表供参考。不会写在报告上；输出文件已存在时不覆盖，除非加 --force。",
    )
    imported.add_argument("report", metavar="上年报告", help="上一年度的报告（.docx、.pdf、.txt 或 .md）")
    imported.add_argument(
        "-o",
        "--output",
        metavar="输出文件",
        help="填报表（.xlsx）或 YAML/JSON 文件；默认：与报告同一文件夹，名为「<新年度>年填报表.xlsx」",
    )
    imported.add_argument("--year", type=_year, metavar="年度", help="新填报表的年度（四位数）；默认为报告的年度加 1")
    imported.add_argument(
        "--profile", metavar="格式", help="报告格式（guangdong、hunan、jiangxi、project）；默认自动识别"
    )
    imported.add_argument("--force", action="store_true", help="输出文件已存在时覆盖它")

    commands.add_parser("profiles", help="列出可用的报告格式", description="列出可用的报告格式及其说明。")

    check = commands.add_parser(
        "check",
        help="检查已写好的报告并估计附件5得分",
        description="读取绩效自评报告（Word .docx、PDF、.txt 或 .md），按附件5评分表逐项估分，列出每处失分的原因、"
        "原文、位置和改进方法，以及合计不符、前后数字不一致、编号跳号、空白部分等问题。"
        "可一次检查多个文件或整个文件夹（含子文件夹），并导出汇总表。"
        "退出码：0 无错误，1 有错误（批量时：有报告存在错误或无法读取），2 文件无法读取（批量时：一份也读不了）。",
        epilog="佐证材料文件（YAML）示例：\n" + _EVIDENCE_EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument(
        "drafts",
        nargs="+",
        metavar="报告文件或文件夹",
        help="要检查的报告（.docx/.pdf/.txt/.md），可以是多个文件或文件夹",
    )
    check.add_argument(
        "--jobs", type=_positive_int, default=None, metavar="N", help="批量检查时同时运行的进程数（默认为 CPU 核数）"
    )
    check.add_argument(
        "--summary",
        metavar="汇总文件",
        help="批量检查结果写入汇总表：.xlsx（汇总和问题明细两张表）或 .csv（汇总表，Excel 可直接打开）",
    )
    check.add_argument("--profile", metavar="格式", help="报告格式（guangdong/hunan/jiangxi/project）；默认自动识别")
    check.add_argument(
        "--evidence", metavar="佐证材料", help="布置工作、实施评价的佐证材料清单（YAML）；不提供则这两项不评分"
    )
    check.add_argument(
        "--attach", metavar="附表文件", action="append", default=[], help="单独提供的附表（如自评表 .docx），可重复使用"
    )
    check.add_argument(
        "--rubric",
        metavar="评分标准",
        help="本地区的评分标准文件（YAML，写「base: default」和与内置 附件5 不同的部分）；"
        "默认用格式文件夹中的 rubric.yaml，没有则用内置标准",
    )
    check.add_argument(
        "--lexicon", metavar="词表", help="本地区的词表文件（YAML，写「base: default」和要改的词表）；默认同上"
    )
    check.add_argument(
        "--format",
        choices=("text", "json", "md"),
        default="text",
        metavar="text|json|md",
        help="输出格式：text（终端，默认）、json 或 md（Markdown）",
    )
    _add_serve(commands)
    return parser


def _add_serve(commands: argparse._SubParsersAction) -> None:
    serve = commands.add_parser(
        "serve",
        help="在浏览器中使用：起草和检查报告的本机网页",
        description="启动本机网页（默认只有本机能访问）并打开浏览器：下载填报表、上传填好的填报表预览和下载报告、"
        "上传报告检查。按 Ctrl-C 停止。",
    )
    serve.add_argument(
        "--port", type=_positive_int, default=DEFAULT_PORT, metavar="端口", help=f"端口号（默认 {DEFAULT_PORT}）"
    )
    serve.add_argument(
        "--host",
        metavar="地址",
        help="监听地址（默认 127.0.0.1，只有本机能访问；给出其他地址时局域网中的电脑也能访问，请谨慎使用）",
    )
    serve.add_argument("--no-browser", action="store_true", help="不自动打开浏览器")
    serve.add_argument(
        "--max-upload-mb",
        type=_positive_int,
        default=None,
        metavar="MB",
        help=f"每个上传文件的大小上限（默认 {MAX_UPLOAD_BYTES // MB} MB）",
    )


def _serve(args: argparse.Namespace) -> int:
    from reportgen.web import serve

    limit = args.max_upload_mb * MB if args.max_upload_mb else MAX_UPLOAD_BYTES
    serve(args.host, args.port, open_browser=not args.no_browser, max_upload_bytes=limit)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "template":
            return _template(args, sys.stdout)
        if args.command == "draft":
            return _draft(args, sys.stdout)
        if args.command == "convert":
            return _convert(args, sys.stdout)
        if args.command == "validate":
            return _validate(args, sys.stdout)
        if args.command == "import":
            return _import(args, sys.stdout)
        if args.command == "profiles":
            return _profiles(sys.stdout)
        if args.command == "check":
            return _check(args, sys.stdout)
        if args.command == "serve":
            return _serve(args)
    except ReportgenError as exc:
        print(exc.user_message(), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("已中断，未写入任何文件。", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into head or similar: nothing left to say
        sys.stderr.close()
        return 0
    return 2  # pragma: no cover - argparse rejects unknown commands


def _print_notes(draft_: DraftedReport, out: TextIO) -> None:
    for note in draft_.notes:
        print(f"  {note.describe()}", file=out)


def _print_unused(draft_: DraftedReport, out: TextIO) -> None:
    unused = draft_.unused
    if unused:
        print(f"未写入报告的内容（{len(unused)} 项，{draft_.profile.name}格式没有这些部分）：", file=out)
        for note in unused:
            print(f"  {note.describe()}", file=out)


def _draft(args: argparse.Namespace, out: TextIO) -> int:
    from reportgen import api

    fmt = args.format or (Path(args.output).suffix.lstrip(".").lower() if args.output else "docx")
    if fmt not in api.FORMATS:
        raise api.OutputError(f"无法从输出文件名「{args.output}」判断格式；请使用 .docx 或 .md，或加上 --format")
    draft_ = api.draft(args.input, args.profile, suggest=args.suggest)
    output = Path(args.output) if args.output else draft_.default_output(fmt)
    written = api.save(draft_, output, fmt, force=args.force)
    print(f"已生成：{written}", file=out)
    if draft_.notes:
        print(f"数据核对（{len(draft_.notes)} 条）：", file=out)
        _print_notes(draft_, out)
    _print_unused(draft_, out)
    if draft_.markers:
        print(f"还有 {len(draft_.markers)} 处需要补充或确认（已在文档中以黄色标出）：", file=out)
        for marker in draft_.markers:
            print(f"  - {marker}", file=out)
    _print_self_check(written, draft_, suggested=args.suggest, out=out)
    return 0


TOP_ADVICE = 3


def _print_self_check(written: Path, draft_: DraftedReport, *, suggested: bool, out: TextIO) -> None:
    """Grade what was just written, and offer the problems the figures suggest."""
    from reportgen.api import MISSING_ATTACHMENT
    from reportgen.check import check_file
    from reportgen.render.wording import candidate_text

    try:
        result = check_file(written, draft_.profile)
    except ReportgenError as exc:  # the draft is written; a failed self-check must not undo that
        print(f"（未能自动检查生成的报告：{exc.user_message()}）", file=out)
        return
    print(f"按附件5估计，自评报告部分得分 {_score(result.total)} / {_score(result.max)}。", file=out)
    gaps = [f for f in result.findings if f.points_lost and f.rule != MISSING_ATTACHMENT]  # those: listed below
    advice = sorted(gaps, key=lambda f: -f.points_lost)[:TOP_ADVICE]
    if advice:
        print("最值得补充的内容：", file=out)
        for finding in advice:
            print(f"  - 失{_score(finding.points_lost)}分：{finding.message}；{finding.fix}", file=out)
    _print_omitted_attachments(result.findings, out)
    candidates = draft_.candidates
    if candidates and not suggested:
        print("根据数据，可考虑在“存在的问题”中补充（加 --suggest 可插入为【待确认】条目）：", file=out)
        for candidate in candidates:
            print(f"  - [{candidate.aspect.value}] {candidate_text(candidate)}", file=out)


def _print_omitted_attachments(findings: list[Finding], out: TextIO) -> None:
    """Every attachment the draft could not make, what it costs and what to fill in, however small the cost: an
    optional input (基础数据表) left out must not cost points silently."""
    from reportgen.api import MISSING_ATTACHMENT, drafting_fix

    omitted = [f for f in findings if f.rule == MISSING_ATTACHMENT]
    if omitted:
        print("未生成的附件（输入文件中没有相应数据）：", file=out)
    for finding in omitted:
        hint = drafting_fix(finding)
        print(f"  - {finding.message.removeprefix('缺少附件')}：失{_score(finding.points_lost)}分；{hint}", file=out)


def _score(value: Decimal) -> str:
    return format_marks(value)


def _template(args: argparse.Namespace, out: TextIO) -> int:
    from reportgen import api

    written = api.write_template(args.profile, Path(args.output), force=args.force)
    print(f"已生成填报表：{written}（格式：{args.profile or api.DEFAULT_PROFILE}）", file=out)
    print(f"填好后运行：reportgen validate {written} 检查填写，再运行 reportgen draft {written} 起草报告。", file=out)
    return 0


def _convert(args: argparse.Namespace, out: TextIO) -> int:
    from reportgen import api
    from reportgen.load import is_workbook

    source = Path(args.input)
    output = Path(args.output) if args.output else source.with_suffix(".yaml" if is_workbook(source) else ".xlsx")
    written, notes = api.convert_input(source, output, args.profile, force=args.force)
    print(f"已转换：{source} → {written}", file=out)
    for note in notes:
        print(f"  {note.describe()}", file=out)
    return 0


def _validate(args: argparse.Namespace, out: TextIO) -> int:
    from reportgen import api

    draft_ = api.draft(args.input, args.profile)
    warnings = [n for n in draft_.notes if n.level is Level.WARNING]
    print(f"{args.input}：输入有效（格式：{draft_.profile.name}）。", file=out)
    if draft_.notes:
        print(f"数据核对（{len(warnings)} 条警告，{len(draft_.notes) - len(warnings)} 条提示）：", file=out)
        _print_notes(draft_, out)
    else:
        print("数据核对：各项合计、执行数均一致。", file=out)
    _print_unused(draft_, out)
    return 0


def _import(args: argparse.Namespace, out: TextIO) -> int:
    from reportgen.importer import import_report

    output = Path(args.output) if args.output else None
    done = import_report(args.report, output, year=args.year, profile=args.profile, force=args.force)
    read_as = f"{done.last_year}年度报告" if done.last_year else "报告"
    print(
        f"已生成：{done.output}（{done.year}年度，格式：{done.profile.name}；依据：{done.source.name}，{read_as}）",
        file=out,
    )
    print(f"识别：{done.basis}", file=out)
    print("已带入（按工作表）：", file=out)
    for sheet, count in done.carried.items():
        print(f"  {sheet}：{count} 项", file=out)
    if done.to_fill:
        print(f"待填写的必填项（{sum(len(v) for v in done.to_fill.values())} 处，按工作表）：", file=out)
        for sheet, paths in done.to_fill.items():
            shown = "、".join(dict.fromkeys(_field_name(p) for p in paths))
            print(f"  {sheet}：{len(paths)} 处（{shown}）", file=out)
    if done.new_parts:
        print(f"另请填写本年的新内容：{'、'.join(done.new_parts)}。", file=out)
    if done.confirm:
        print("请确认：", file=out)
        for line in done.confirm:
            print(f"  - {line}", file=out)
    if done.uncertain:
        print(f"读取时不确定的地方（{len(done.uncertain)} 处，请核对）：", file=out)
        for line in done.uncertain:
            print(f"  - {line}", file=out)
    print(
        f"填好后运行：reportgen validate {done.output} 检查填写，再运行 reportgen draft {done.output} 起草报告。",
        file=out,
    )
    return 0


def _field_name(path: str) -> str:
    """``支出.项目支出.项目[2].全年执行数`` → ``全年执行数``: the column a clerk looks for."""
    import re

    return re.sub(r"\[\d+\]", "", path).split(".")[-1]


def _year(text: str) -> int:
    if not text.isdigit() or not 2000 <= int(text) <= 2100:
        raise argparse.ArgumentTypeError(f"应为四位数的年度，如 2024，实际是「{text}」")
    return int(text)


def _profiles(out: TextIO) -> int:
    from reportgen.profiles import builtin_profiles

    for profile in builtin_profiles().values():
        usage = "" if profile.templates else "（目前仅用于检查）"
        print(f"{profile.name:<12}{profile.description}{usage}", file=out)
    return 0


_EVIDENCE_EXAMPLE = """  自评通知: {已印发: true, 要素: [自评范围, 自评主要依据, 自评主要内容, 自评程序和步骤, 有关要求, 附件]}
  工作小组: true
  未自查单位: []
  报送截止日期: 2024-03-29
  报送日期: 2024-04-02"""


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"应为正整数，实际是「{text}」") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"应为正整数，实际是「{text}」")
    return value


def _check(args: argparse.Namespace, out: TextIO) -> int:
    from reportgen.check import check_file
    from reportgen.check.report import print_terminal, to_json, to_markdown

    single = len(args.drafts) == 1 and not Path(args.drafts[0]).is_dir() and not args.summary
    if not single:
        return _check_batch(args, out)
    result = check_file(
        args.drafts[0], args.profile, args.evidence, args.attach, rubric=args.rubric, lexicon=args.lexicon
    )
    if args.format == "json":
        print(to_json(result), file=out)
    elif args.format == "md":
        print(to_markdown(result), file=out, end="")
    else:
        print_terminal(result, out)
    return result.exit_code


def _check_batch(args: argparse.Namespace, out: TextIO) -> int:
    import os

    from reportgen.api import check_suffix
    from reportgen.check import batch
    from reportgen.check.report import print_batch
    from reportgen.errors import DraftReadError, OutputError

    if args.attach:
        raise OutputError("--attach 只能用于检查单个报告")
    summary = Path(args.summary) if args.summary else None
    if summary is not None:
        check_suffix(summary, (".xlsx", ".csv"), "汇总文件")
    paths, skipped = batch.collect(args.drafts)
    if skipped:
        listed = "、".join(s.path.name for s in skipped[:10]) + ("等" if len(skipped) > 10 else "")
        print(f"已跳过 {len(skipped)} 个不是报告的文件：{listed}", file=sys.stderr)
    if not paths:
        raise DraftReadError(f"在 {'、'.join(args.drafts)} 中没有找到可检查的报告（.docx/.pdf/.txt/.md）")
    options = batch.CheckOptions(args.profile, args.evidence, args.rubric, args.lexicon)
    jobs = min(args.jobs or os.cpu_count() or 1, len(paths))
    rows = _with_progress(paths, options, jobs)
    if summary is not None:
        written = batch.write_summary(rows, summary)
        print(f"汇总表已写入：{written}", file=sys.stderr)
    print_batch(rows, args.format, out)
    if all(row.result is None for row in rows):
        return 2
    return 1 if any(row.has_errors for row in rows) else 0


def _with_progress(paths: list[Path], options, jobs: int):
    """Check ``paths`` with a progress bar on the terminal: done / total, the file being read, elapsed, remaining."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from reportgen.check import batch

    console = Console(file=sys.stderr)
    columns = (
        TextColumn("检查"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("已用"),
        TimeElapsedColumn(),
        TextColumn("剩余"),
        TimeRemainingColumn(),
        TextColumn("{task.fields[current]}"),
    )
    with Progress(*columns, console=console, transient=True, disable=not console.is_terminal) as progress:
        task = progress.add_task("检查", total=len(paths), current="")
        return batch.run(
            paths,
            options,
            jobs=jobs,
            on_start=lambda path: progress.update(task, current=path.name),
            on_done=lambda row: progress.advance(task),
        )


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
