"""The message catalog of the command line and console reports: Vietnamese first, English too.

Every user-facing string of ``datacheck`` on the terminal comes from :data:`CATALOG`, keyed by
a dotted id, with one template per language. Templates use :meth:`str.format` fields, filled
by :func:`t`. Numbers are written the way readers of each language expect (Vietnamese:
``1.234.567`` and ``99,5``; English: ``1,234,567`` and ``99.5``).

Messages of the library itself (errors, check reasons, result notes) carry their own two
languages (:meth:`datacheck.DatacheckError.message`, :meth:`datacheck.CheckResult.reason`);
this catalog holds only the words around them.

Examples
--------
>>> from datacheck.i18n import t
>>> t("status.fail", "vi")
'Không đạt'
>>> t("lint.ok", "en", checks=3, results=4)
'OK: 3 checks, 4 results'
>>> format_int(1234567, "vi")
'1.234.567'
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Final, cast, get_args

from datacheck.errors import Lang

__all__ = [
    "CATALOG",
    "DEFAULT_LANG",
    "LANGS",
    "format_int",
    "format_number",
    "format_percent",
    "format_score",
    "lang_from_env",
    "t",
]

LANGS: Final[tuple[Lang, ...]] = cast("tuple[Lang, ...]", get_args(Lang))
"""The supported languages, Vietnamese first."""

DEFAULT_LANG: Final[Lang] = "vi"
"""The language used when none is chosen."""

CATALOG: Final[Mapping[str, Mapping[Lang, str]]] = {
    # -- statuses, steps ----------------------------------------------------------------
    "status.pass": {"vi": "Đạt", "en": "pass"},
    "status.warn": {"vi": "Cảnh báo", "en": "warn"},
    "status.fail": {"vi": "Không đạt", "en": "fail"},
    "status.not_applicable": {"vi": "Không áp dụng", "en": "not applicable"},
    "status.error": {"vi": "Lỗi", "en": "error"},
    "step.read": {"vi": "Đang đọc dữ liệu", "en": "Reading data"},
    "step.plan": {"vi": "Đang lập kế hoạch kiểm tra", "en": "Planning checks"},
    "step.metrics": {
        "vi": "Đang tính các chỉ số (một lượt quét)",
        "en": "Computing metrics (one pass)",
    },
    "step.samples": {"vi": "Đang lấy mẫu bản ghi lỗi", "en": "Collecting failing samples"},
    "step.score": {"vi": "Đang tính điểm", "en": "Scoring"},
    "step.other": {"vi": "Đang xử lý: {name}", "en": "Working: {name}"},
    # -- console report -----------------------------------------------------------------
    "report.suite": {"vi": "Bộ kiểm tra", "en": "Suite"},
    "report.owner": {"vi": "Cơ quan chủ quản", "en": "Owner"},
    "report.source": {"vi": "Nguồn dữ liệu", "en": "Source"},
    "report.as_of": {"vi": "Thời điểm đánh giá", "en": "As of"},
    "report.col.check": {"vi": "Phép kiểm tra", "en": "Check"},
    "report.col.evaluated": {"vi": "Đã đánh giá", "en": "Evaluated"},
    "report.col.failed": {"vi": "Bản ghi lỗi", "en": "Failed"},
    "report.col.pass_rate": {"vi": "Tỉ lệ đạt", "en": "Pass rate"},
    "report.col.score": {"vi": "Điểm", "en": "Score"},
    "report.col.status": {"vi": "Trạng thái", "en": "Status"},
    "report.col.note": {"vi": "lý do", "en": "reason"},
    "report.dimension": {
        "vi": "{label} — điểm {score} · {band}",
        "en": "{label} — score {score} · {band}",
    },
    "report.dimension_no_score": {
        "vi": "{label} — chưa có điểm (không phép kiểm tra nào áp dụng được)",
        "en": "{label} — no score (no check was applicable)",
    },
    "report.dataset_score": {
        "vi": "Điểm chất lượng tập dữ liệu: {score} — {band}",
        "en": "Dataset score: {score} — {band}",
    },
    "report.dataset_no_score": {
        "vi": "Điểm chất lượng tập dữ liệu: không có (không phép kiểm tra nào áp dụng được)",
        "en": "Dataset score: none (no check was applicable)",
    },
    "report.rows": {"vi": "Số bản ghi: {rows}", "en": "Rows: {rows}"},
    "report.rows_empty": {
        "vi": "Số bản ghi: 0 — tập dữ liệu rỗng",
        "en": "Rows: 0 — the dataset is empty",
    },
    "report.seconds": {"vi": "Thời gian chạy: {seconds} giây", "en": "Run time: {seconds} s"},
    "report.counts": {"vi": "Kết quả: {counts}", "en": "Results: {counts}"},
    "report.tiers": {"vi": "Phân hạng bản ghi: {parts}", "en": "Record tiers: {parts}"},
    "report.no_checks": {
        "vi": "Bộ kiểm tra không có phép kiểm tra nào.",
        "en": "The suite has no checks.",
    },
    "report.notes": {"vi": "Lưu ý", "en": "Notes"},
    "report.samples": {"vi": "Mẫu bản ghi không đạt", "en": "Failing samples"},
    "report.samples_check": {
        "vi": "{id}: {failed} bản ghi lỗi, hiển thị {shown}",
        "en": "{id}: {failed} failing, showing {shown}",
    },
    "report.sample_key": {"vi": "khoá", "en": "key"},
    "report.summary": {
        "vi": "{suite}: điểm {score} — {band}; {failing} phép kiểm tra không đạt hoặc lỗi",
        "en": "{suite}: score {score} — {band}; {failing} check(s) failed or errored",
    },
    "report.summary_no_score": {
        "vi": "{suite}: chưa có điểm; {failing} phép kiểm tra không đạt hoặc lỗi",
        "en": "{suite}: no score; {failing} check(s) failed or errored",
    },
    "report.summary_warned": {
        "vi": "{summary}, {warned} cảnh báo",
        "en": "{summary}, {warned} warned",
    },
    "report.none": {"vi": "—", "en": "—"},
    # -- command line: messages -----------------------------------------------------------
    "cli.error": {"vi": "Lỗi: {message}", "en": "Error: {message}"},
    "cli.warning": {"vi": "Cảnh báo: {message}", "en": "Warning: {message}"},
    "cli.usage": {
        "vi": "Lỗi cú pháp lệnh: {message} (xem `{command} --help`)",
        "en": "Usage error: {message} (see `{command} --help`)",
    },
    "cli.internal": {
        "vi": "Lỗi nội bộ của datacheck (đây là lỗi phần mềm, không phải lỗi dữ liệu): "
        "{kind}: {message}. {report}; đặt DATACHECK_DEBUG=1 để xem chi tiết.",
        "en": "Internal error in datacheck (a bug, not a problem with your data): "
        "{kind}: {message}. {report}; set DATACHECK_DEBUG=1 to see the traceback.",
    },
    "cli.report_at": {
        "vi": "Vui lòng báo lỗi tại {tracker}, kèm câu lệnh bạn đã chạy, dòng này và kết quả "
        "của `datacheck --version`",
        "en": "Please report it at {tracker} with the command you ran, this line and the "
        "output of `datacheck --version`",
    },
    "cli.report": {
        "vi": "Vui lòng báo lỗi cho những người duy trì datacheck, kèm câu lệnh bạn đã chạy, "
        "dòng này và kết quả của `datacheck --version`",
        "en": "Please report it to the datacheck maintainers with the command you ran, this "
        "line and the output of `datacheck --version`",
    },
    "cli.empty_dataset": {
        "vi": "tập dữ liệu rỗng: nguồn dữ liệu ({source}) có 0 bản ghi, không có gì để kiểm "
        "tra; cần ít nhất một bản ghi",
        "en": "empty dataset: the source ({source}) has 0 rows, there is nothing to check; "
        "expected at least one row",
    },
    "cli.empty_database": {
        "vi": "cơ sở dữ liệu {suite}: tập dữ liệu rỗng, nguồn dữ liệu ({source}) có 0 bản ghi "
        "nên không được chấm điểm; cần ít nhất một bản ghi",
        "en": "database {suite}: empty dataset, the source ({source}) has 0 rows, so it is not "
        "scored; expected at least one row",
    },
    "cli.output_not_folder": {
        "vi": "{option} {path} là một tệp, không phải thư mục; cần một thư mục (hoặc một đường "
        "dẫn chưa có để tạo thư mục)",
        "en": "{option} {path} is a file, not a folder; expected a folder (or a path where one "
        "can be created)",
    },
    "cli.bad_last": {
        "vi": "--last cần một số nguyên dương (số lần chạy hiển thị), nhận được {value}",
        "en": "--last expected a positive whole number (how many runs to show), found {value}",
    },
    "cli.history_no_suite": {
        "vi": "kho lịch sử {store} không có lần chạy nào của bộ kiểm tra '{suite}'{hint}; các bộ "
        "có trong kho: {known}",
        "en": "the history store {store} has no runs of suite '{suite}'{hint}; suites in the "
        "store: {known}",
    },
    # -- command line: Click/Typer's own texts (Vietnamese mode; English keeps Click's) -------
    "usage.missing_argument": {"vi": "thiếu đối số {name}", "en": "missing argument {name}"},
    "usage.missing_option": {
        "vi": "thiếu tuỳ chọn {name}{choices}",
        "en": "missing option {name}{choices}",
    },
    "usage.choose_from": {"vi": "; chọn một trong: {choices}", "en": "; choose from: {choices}"},
    "usage.bad_value": {
        "vi": "giá trị không hợp lệ cho {name}: {value}{expected}",
        "en": "invalid value for {name}: {value}{expected}",
    },
    "usage.expected": {"vi": "; cần {what}", "en": "; expected {what}"},
    "usage.one_of": {"vi": "một trong: {choices}", "en": "one of: {choices}"},
    "usage.a_number": {"vi": "một số", "en": "a number"},
    "usage.an_integer": {"vi": "một số nguyên", "en": "a whole number"},
    "usage.at_least": {"vi": "một số ≥ {limit}", "en": "a number >= {limit}"},
    "usage.above": {"vi": "một số > {limit}", "en": "a number > {limit}"},
    "usage.at_most": {"vi": "một số ≤ {limit}", "en": "a number <= {limit}"},
    "usage.below": {"vi": "một số < {limit}", "en": "a number < {limit}"},
    "usage.no_such_option": {
        "vi": "không có tuỳ chọn {name}{hint}",
        "en": "no such option {name}{hint}",
    },
    "usage.did_you_mean": {"vi": " (có phải ý bạn là {names}?)", "en": " (did you mean {names}?)"},
    "usage.needs_value": {
        "vi": "tuỳ chọn {name} cần một giá trị",
        "en": "option {name} requires a value",
    },
    "usage.needs_values": {
        "vi": "tuỳ chọn {name} cần {count} giá trị",
        "en": "option {name} requires {count} values",
    },
    "usage.takes_no_value": {
        "vi": "tuỳ chọn {name} không nhận giá trị",
        "en": "option {name} does not take a value",
    },
    "usage.extra_arguments": {
        "vi": "thừa đối số: {args}",
        "en": "unexpected extra argument(s): {args}",
    },
    "usage.no_such_command": {
        "vi": "không có lệnh '{name}'{hint}; các lệnh: {commands}",
        "en": "no such command '{name}'{hint}; commands: {commands}",
    },
    "usage.missing_command": {
        "vi": "thiếu lệnh; các lệnh: {commands}",
        "en": "missing command; commands: {commands}",
    },
    "help.help": {"vi": "In trợ giúp này rồi thoát.", "en": "Show this message and exit."},
    "help.usage": {"vi": "Cách dùng: ", "en": "Usage: "},
    "help.required": {"vi": "bắt buộc", "en": "required"},
    "help.default": {"vi": "mặc định: {default}", "en": "default: {default}"},
    "help.env_var": {"vi": "biến môi trường: {var}", "en": "env var: {var}"},
    "help.dynamic": {"vi": "(động)", "en": "(dynamic)"},
    "help.deprecated": {"vi": "(không còn dùng) ", "en": "(deprecated) "},
    "help.arguments": {"vi": "Đối số", "en": "Arguments"},
    "help.options": {"vi": "Tuỳ chọn", "en": "Options"},
    "help.commands": {"vi": "Lệnh", "en": "Commands"},
    "cli.interrupted": {"vi": "Đã dừng theo yêu cầu.", "en": "Interrupted."},
    "cli.bad_reference": {
        "vi": "--reference cần dạng TÊN=ĐƯỜNG_DẪN, nhận được {value!r}",
        "en": "--reference expected NAME=PATH, found {value!r}",
    },
    "cli.duplicate_reference": {
        "vi": "--reference '{name}' được chỉ định hai lần",
        "en": "--reference '{name}' is given twice",
    },
    "cli.unknown_reference": {
        "vi": "--reference '{name}': bộ kiểm tra '{suite}' không khai báo tham chiếu này"
        "{hint}; các tham chiếu đã khai báo: {known}",
        "en": "--reference '{name}': suite '{suite}' declares no such reference{hint}; "
        "declared references: {known}",
    },
    "cli.none": {"vi": "(không có)", "en": "(none)"},
    "cli.write_failed": {
        "vi": "không ghi được tệp {path}: {error}",
        "en": "cannot write {path}: {error}",
    },
    "cli.output_is_input": {
        "vi": "{option} {path} sẽ ghi đè lên {input}: datacheck không bao giờ ghi vào dữ liệu "
        "đầu vào; cần một đường dẫn ghi ra khác bộ kiểm tra, nguồn dữ liệu và dữ liệu tham chiếu",
        "en": "{option} {path} would overwrite {input}: datacheck never writes to its inputs; "
        "expected an output path other than the suite, the sources and the references",
    },
    "cli.output_in_source": {
        "vi": "{option} {path} nằm trong thư mục nguồn dữ liệu {folder}: datacheck không bao giờ "
        "ghi vào dữ liệu đang kiểm tra; cần một đường dẫn ghi ra ngoài thư mục này",
        "en": "{option} {path} is inside the source folder {folder}: datacheck never writes to "
        "the data under test; expected an output path outside that folder",
    },
    "cli.input.suite": {"vi": "tệp bộ kiểm tra {path}", "en": "the suite file {path}"},
    "cli.input.national": {
        "vi": "tệp danh sách cơ sở dữ liệu {path}",
        "en": "the national list {path}",
    },
    "cli.input.source": {"vi": "nguồn dữ liệu {path}", "en": "the source {path}"},
    "cli.input.reference": {
        "vi": "dữ liệu tham chiếu '{name}' ({path})",
        "en": "the reference '{name}' ({path})",
    },
    "cli.source_twice": {
        "vi": "tệp {file} được đọc hai lần, qua SOURCE {first} và {second}: mỗi phân vùng chỉ "
        "tính một lần; cần mỗi tệp dữ liệu xuất hiện trong đúng một SOURCE",
        "en": "the file {file} is read twice, through SOURCE {first} and {second}: a partition "
        "counts once; expected each data file in exactly one SOURCE",
    },
    "cli.not_a_folder": {
        "vi": "{option} {path} không ghi được: {folder} không phải thư mục; cần một đường dẫn "
        "nằm trong một thư mục",
        "en": "{option} {path} cannot be written: {folder} is not a folder; expected a path "
        "inside a folder",
    },
    "cli.json_written": {"vi": "Đã ghi kết quả JSON: {path}", "en": "JSON result written: {path}"},
    "cli.failures_written": {
        "vi": "Đã ghi các bản ghi lỗi: {path}",
        "en": "Failing records written: {path}",
    },
    "help.failures": {
        "vi": "Ghi mỗi bản ghi lỗi (khoá, phép kiểm tra không đạt, giá trị) vào tệp Parquet này.",
        "en": "Write every failing record (key, failed checks, values) to this Parquet file.",
    },
    "help.failures_site": {
        "vi": "Ghi thêm các bản ghi lỗi của từng cơ sở dữ liệu (<tên>.failures.parquet).",
        "en": "Also write each database's failing records (<name>.failures.parquet).",
    },
    "cli.scorecard_written": {
        "vi": "Đã ghi bảng điểm quốc gia và kết quả từng cơ sở dữ liệu vào: {path}",
        "en": "National scorecard and per-database results written to: {path}",
    },
    "cli.scorecard_summary": {
        "vi": "{name}: điểm quốc gia {score} — {band}; {databases} cơ sở dữ liệu, {failing} có "
        "phép kiểm tra không đạt hoặc lỗi, {unchecked} không kiểm tra được; đã ghi vào {path}",
        "en": "{name}: national score {score} — {band}; {databases} database(s), {failing} with "
        "failed or errored checks, {unchecked} not checked; written to {path}",
    },
    "cli.scorecard_summary_no_score": {
        "vi": "{name}: chưa có điểm quốc gia; {databases} cơ sở dữ liệu, {failing} có phép kiểm "
        "tra không đạt hoặc lỗi, {unchecked} không kiểm tra được; đã ghi vào {path}",
        "en": "{name}: no national score; {databases} database(s), {failing} with failed or "
        "errored checks, {unchecked} not checked; written to {path}",
    },
    "national.title": {
        "vi": "Bảng điểm chất lượng dữ liệu quốc gia",
        "en": "National data-quality scorecard",
    },
    "national.database": {"vi": "Cơ sở dữ liệu", "en": "Database"},
    "national.owner": {"vi": "Cơ quan chủ quản", "en": "Owner"},
    "national.weight": {"vi": "Trọng số", "en": "Weight"},
    "national.rows": {"vi": "Số bản ghi", "en": "Rows"},
    "national.score": {"vi": "Điểm", "en": "Score"},
    "national.band": {"vi": "Xếp loại", "en": "Band"},
    "national.failing": {"vi": "Phép KT không đạt", "en": "Failing checks"},
    "national.total": {
        "vi": "Điểm quốc gia: {score} — {band}",
        "en": "National score: {score} — {band}",
    },
    "national.worst": {
        "vi": "Các phép kiểm tra điểm thấp nhất",
        "en": "Lowest-scoring checks",
    },
    "national.worst_line": {
        "vi": "{suite} · {id} ({dimension}): điểm {score}, {failed}/{evaluated} bản ghi lỗi",
        "en": "{suite} · {id} ({dimension}): score {score}, {failed}/{evaluated} records failed",
    },
    "national.progress": {
        "vi": "Đang kiểm tra {suite} ({index}/{total})",
        "en": "Checking {suite} ({index}/{total})",
    },
    "national.seconds": {"vi": "Thời gian chạy: {seconds} giây", "en": "Run time: {seconds} s"},
    "help.samples": {
        "vi": "Sinh các cơ sở dữ liệu mẫu liên kết (có lỗi cài sẵn và manifest số lỗi chính xác).",
        "en": "Generate the linked sample databases (with injected defects and an exact manifest).",
    },
    "help.samples_out": {
        "vi": "Thư mục ghi dữ liệu mẫu.",
        "en": "Folder to write the samples to.",
    },
    "help.scale": {
        "vi": "Quy mô: 1 = 1.000.000 bản ghi dân cư (khoảng 10 triệu bản ghi tất cả).",
        "en": "Scale: 1 = 1,000,000 population rows (about 10 million rows in all).",
    },
    "help.seed": {"vi": "Hạt giống ngẫu nhiên.", "en": "Random seed."},
    "help.clean": {
        "vi": "Không cài lỗi nào (mọi phép kiểm tra đều đạt).",
        "en": "Inject no defects (every check passes).",
    },
    "cli.samples_unavailable": {
        "vi": "trình sinh dữ liệu mẫu (thư mục samples/) chỉ có trong mã nguồn datacheck; "
        "hãy chạy lệnh này từ một bản sao của kho mã",
        "en": "the sample generator (the samples/ folder) ships with the datacheck source; "
        "run this command from a clone of the repository",
    },
    "cli.bad_scale": {
        "vi": "--scale phải nằm trong (0, 100], nhận được {scale}",
        "en": "--scale must be in (0, 100], got {scale}",
    },
    "cli.samples_progress": {
        "vi": "Đang sinh {rows} bản ghi dân cư và các cơ sở dữ liệu liên kết…",
        "en": "Generating {rows} population rows and the linked databases…",
    },
    "cli.samples_written": {
        "vi": "Đã ghi {tables} cơ sở dữ liệu ({rows} bản ghi, {defects} bản ghi lỗi cài sẵn) "
        "và manifest.json vào {path} ({seconds} giây)",
        "en": "Wrote {tables} databases ({rows} rows, {defects} injected defective rows) "
        "and manifest.json to {path} ({seconds} s)",
    },
    "help.history_store": {
        "vi": "Ghi thêm kết quả lần chạy vào kho lịch sử (Parquet) này để vẽ xu hướng.",
        "en": "Append this run's results to this history store (Parquet) for trends.",
    },
    "help.history": {
        "vi": "In bảng xu hướng điểm từ kho lịch sử và các cảnh báo.",
        "en": "Print the score trend from a history store, with alerts.",
    },
    "help.history_dir": {"vi": "Thư mục kho lịch sử.", "en": "The history store folder."},
    "help.history_suite": {
        "vi": "Chỉ bộ kiểm tra này.",
        "en": "Only this suite.",
    },
    "help.history_last": {
        "vi": "Số lần chạy gần nhất hiển thị.",
        "en": "How many recent runs to show.",
    },
    "help.history_drop": {
        "vi": "Cảnh báo khi điểm giảm quá số điểm này giữa hai lần chạy (mặc định 2).",
        "en": "Alert when a score drops by more than this between runs (default 2).",
    },
    "help.history_dimensions": {
        "vi": "Hiện cả điểm từng chiều chất lượng.",
        "en": "Also show the dimension scores.",
    },
    "help.history_all_alerts": {
        "vi": "Mọi cảnh báo trong lịch sử, không chỉ của lần chạy gần nhất.",
        "en": "Every alert in the history, not only those of the latest runs.",
    },
    "help.history_json": {
        "vi": "In xu hướng và cảnh báo dạng JSON.",
        "en": "Print the trend and alerts as JSON.",
    },
    "help.convert": {
        "vi": "Chuyển lược đồ pandera hoặc bộ kỳ vọng Great Expectations thành bộ kiểm tra YAML.",
        "en": "Convert a pandera schema or a Great Expectations suite to a YAML suite.",
    },
    "help.convert_file": {
        "vi": "Tệp nguồn: tệp Python/YAML/JSON của pandera, hoặc tệp JSON của GX.",
        "en": "The input: a pandera Python/YAML/JSON file, or a GX JSON file.",
    },
    "help.convert_from": {
        "vi": "Định dạng nguồn: pandera hoặc gx.",
        "en": "Input kind: pandera or gx.",
    },
    "help.convert_object": {
        "vi": "Tên đối tượng lược đồ trong tệp Python (khi có nhiều).",
        "en": "The schema object's name in a Python file (when there are several).",
    },
    "cli.convert_skipped": {
        "vi": "Cảnh báo: {message}",
        "en": "Warning: {message}",
    },
    "help.suggest": {
        "vi": "Lập hồ sơ dữ liệu trong một lượt quét và in bộ kiểm tra gợi ý có chú thích (YAML).",
        "en": "Profile a dataset in one streaming pass and print a suggested, commented suite "
        "(YAML).",
    },
    "help.suggest_name": {
        "vi": "Mã bộ kiểm tra (mặc định: tên tệp/thư mục).",
        "en": "Suite id (default: file or folder name).",
    },
    "help.sample_rows": {
        "vi": "Chỉ lập hồ sơ N bản ghi đầu.",
        "en": "Profile only the first N rows.",
    },
    "help.scorecard": {
        "vi": "Chạy mọi cơ sở dữ liệu trong danh sách quốc gia và ghi bảng điểm.",
        "en": "Run every database of the national list and write the scorecard.",
    },
    "help.national": {
        "vi": "Tệp YAML danh sách cơ sở dữ liệu quốc gia (suites/national.yaml).",
        "en": "The national list YAML (suites/national.yaml).",
    },
    "help.out": {
        "vi": "Thư mục ghi trang điểm (index.html và một trang HTML mỗi cơ sở dữ liệu) cùng "
        "các kết quả JSON (mặc định: site/).",
        "en": "Folder for the scorecard site (index.html and an HTML page per database) and "
        "the JSON results (default: site/).",
    },
    "cli.html_written": {"vi": "Đã ghi báo cáo HTML: {path}", "en": "HTML report written: {path}"},
    "cli.version": {
        "vi": "datacheck {version} (polars {polars})",
        "en": "datacheck {version} (polars {polars})",
    },
    # -- lint -------------------------------------------------------------------------------
    "lint.ok": {
        "vi": "OK: {checks} phép kiểm tra, {results} kết quả",
        "en": "OK: {checks} checks, {results} results",
    },
    "lint.suite": {"vi": "Bộ kiểm tra '{name}' ({file})", "en": "Suite '{name}' ({file})"},
    "lint.no_checks": {
        "vi": "bộ kiểm tra '{name}' không có phép kiểm tra nào ('checks' trống hoặc không có): "
        "chạy nó không đo được gì; hãy thêm các phép kiểm tra (xem `datacheck checks`)",
        "en": "suite '{name}' has no checks ('checks' is empty or missing): running it measures "
        "nothing; add checks (see `datacheck checks`)",
    },
    # -- checks -----------------------------------------------------------------------------
    "checks.title": {
        "vi": "Các phép kiểm tra của datacheck ({count}), theo chiều chất lượng mặc định",
        "en": "datacheck checks ({count}), by default quality dimension",
    },
    "checks.col.check": {"vi": "Tên (check:)", "en": "Name (check:)"},
    "checks.col.summary": {"vi": "Kiểm tra điều gì", "en": "What it checks"},
    "checks.col.params": {"vi": "Tham số", "en": "Parameters"},
    "checks.required": {"vi": "bắt buộc", "en": "required"},
    "checks.default": {"vi": "mặc định {value}", "en": "default {value}"},
    "checks.no_params": {"vi": "(không có tham số riêng)", "en": "(no own parameters)"},
    "checks.per_column": {"vi": "mỗi cột một kết quả", "en": "one result per column"},
    "checks.optional": {"vi": "tuỳ chọn", "en": "optional"},
    "checks.common": {
        "vi": "Tham số chung của mọi phép kiểm tra:",
        "en": "Parameters common to every check:",
    },
    "checks.column_alias": {
        "vi": "Ở phép kiểm tra có tham số 'columns', có thể viết 'column: tên_cột' cho một cột.",
        "en": "Where a check takes 'columns', 'column: name' may be written for one column.",
    },
    "checks.dimension": {
        "vi": "{label} ({id}): {description}",
        "en": "{label} ({id}): {description}",
    },
    "type.string": {"vi": "chuỗi", "en": "string"},
    "type.integer": {"vi": "số nguyên", "en": "integer"},
    "type.number": {"vi": "số", "en": "number"},
    "type.boolean": {"vi": "true/false", "en": "true/false"},
    "type.date": {"vi": "ngày (YYYY-MM-DD)", "en": "date (YYYY-MM-DD)"},
    "type.datetime": {"vi": "ngày-giờ", "en": "date-time"},
    "type.duration": {"vi": "khoảng thời gian (vd. 365d)", "en": "duration (e.g. 365d)"},
    "type.list": {"vi": "danh sách {item}", "en": "list of {item}"},
    "type.any": {"vi": "giá trị bất kỳ", "en": "any value"},
    "type.or": {"vi": " hoặc ", "en": " or "},
    # -- help texts ---------------------------------------------------------------------------
    "help.app": {
        "vi": "Đo chất lượng dữ liệu: đúng – đủ – sạch – sống – thống nhất – dùng chung.",
        "en": "Measure data quality: correct, complete, clean, live, consistent, shared.",
    },
    "help.run": {
        "vi": "Chạy một bộ kiểm tra trên dữ liệu và in kết quả theo từng chiều chất lượng. "
        "Mã thoát: 0 = đạt, 1 = có phép kiểm tra không đạt, 2 = đầu vào sai, 3 = lỗi nội bộ.",
        "en": "Run a suite over data and print the results by quality dimension. "
        "Exit codes: 0 = passed, 1 = checks failed, 2 = bad input, 3 = internal error.",
    },
    "help.checks": {
        "vi": "Liệt kê các phép kiểm tra (từ vựng của bộ kiểm tra YAML) theo chiều.",
        "en": "List the checks (the vocabulary of YAML suites) by dimension.",
    },
    "help.lint": {
        "vi": "Kiểm tra cú pháp một bộ kiểm tra mà không cần dữ liệu.",
        "en": "Validate a suite without data.",
    },
    "help.version": {"vi": "In phiên bản rồi thoát.", "en": "Print the version and exit."},
    "help.suite": {"vi": "Tệp YAML của bộ kiểm tra.", "en": "The suite's YAML file."},
    "help.suggest_source": {
        "vi": "Dữ liệu cần lập hồ sơ (Parquet, Arrow, CSV, thư mục hoặc glob).",
        "en": "Data to profile (Parquet, Arrow, CSV, a folder or a glob).",
    },
    "help.source": {
        "vi": "Dữ liệu cần kiểm tra (Parquet, Arrow, CSV, thư mục hoặc glob); mặc định là "
        "'source' của bộ kiểm tra.",
        "en": "Data to check (Parquet, Arrow, CSV, a folder or a glob); defaults to the "
        "suite's 'source'.",
    },
    "help.as_of": {
        "vi": "Thời điểm đánh giá (YYYY-MM-DD hoặc ngày-giờ ISO 8601); mặc định là bây giờ.",
        "en": "The as-of instant (YYYY-MM-DD or an ISO 8601 date-time); defaults to now.",
    },
    "help.json": {
        "vi": "Ghi kết quả JSON vào tệp này (ghi trọn vẹn: không bao giờ để lại tệp ghi dở).",
        "en": "Write the JSON result to this file (atomically).",
    },
    "help.html": {"vi": "Ghi báo cáo HTML vào tệp này.", "en": "Write the HTML report here."},
    "help.lang": {
        "vi": "Ngôn ngữ hiển thị: vi hoặc en (biến môi trường DATACHECK_LANG).",
        "en": "Display language: vi or en (environment variable DATACHECK_LANG).",
    },
    "help.reference": {
        "vi": "Dữ liệu tham chiếu TÊN=ĐƯỜNG_DẪN, thay cho khai báo trong bộ kiểm tra; "
        "dùng nhiều lần được.",
        "en": "Reference dataset NAME=PATH, overriding the suite's; may be repeated.",
    },
    "help.fail_on": {
        "vi": "Mức gây mã thoát 1: fail (không đạt hoặc lỗi), warn (cả cảnh báo), never.",
        "en": "What gives exit code 1: fail (failed or errored checks), warn (warnings too), "
        "never.",
    },
    "help.engine": {
        "vi": "Bộ máy chạy: local (Polars, mặc định), partitioned (từng phân vùng, gộp trạng "
        "thái), dask (cụm Dask, cần gói phụ 'dask') hoặc spark (cụm Spark, cần gói phụ 'spark'); "
        "mọi bộ máy cho cùng một kết quả.",
        "en": "Execution engine: local (Polars, the default), partitioned (partition by "
        "partition, states merged), dask (a Dask cluster, needs the 'dask' extra) or spark (a "
        "Spark cluster, needs the 'spark' extra); every engine gives the same result.",
    },
    "help.scheduler": {
        "vi": "Với --engine dask: địa chỉ scheduler của cụm Dask (tcp://máy:8786); mặc định "
        "một cụm cục bộ.",
        "en": "With --engine dask: the Dask cluster's scheduler (tcp://host:8786); default a "
        "local cluster.",
    },
    "help.state": {
        "vi": "Chạy gia tăng: gộp các phân vùng mới vào trạng thái đã lưu trong tệp JSON này "
        "(tạo mới ở lần đầu) và cho kết quả trên toàn bộ dữ liệu.",
        "en": "Incremental run: merge the new partitions into the state saved in this JSON file "
        "(created on the first run) and give the result over all the data.",
    },
    "cli.dask_option": {
        "vi": "--scheduler chọn cụm Dask: hãy thêm --engine dask",
        "en": "--scheduler chooses a Dask cluster: add --engine dask",
    },
    "cli.state_failures": {
        "vi": "--failures cần toàn bộ dữ liệu, còn --state chỉ đọc các phân vùng mới: hãy chạy "
        "--failures riêng, không kèm --state",
        "en": "--failures needs all the data but --state reads only the new partitions: run "
        "--failures separately, without --state",
    },
    "help.master": {
        "vi": "Với --engine spark: địa chỉ master của cụm Spark (spark://máy:7077, yarn, "
        "local[4]); mặc định local[*].",
        "en": "With --engine spark: the Spark cluster's master URL (spark://host:7077, yarn, "
        "local[4]); default local[*].",
    },
    "help.remote": {
        "vi": "Với --engine spark: máy chủ Spark Connect (sc://máy:15002) thay cho --master.",
        "en": "With --engine spark: a Spark Connect server (sc://host:15002) instead of --master.",
    },
    "cli.spark_option": {
        "vi": "{option} chọn cụm Spark: hãy thêm --engine spark",
        "en": "{option} chooses a Spark cluster: add --engine spark",
    },
    "help.unmask": {
        "vi": "Hiện dữ liệu cá nhân không che trong mẫu bản ghi lỗi (cần được phép).",
        "en": "Show personal data unmasked in failing samples (requires authorisation).",
    },
    "help.quiet": {
        "vi": "Không hiện tiến trình; chỉ in một dòng tóm tắt.",
        "en": "No progress display; print a one-line summary only.",
    },
    "help.checks_json": {
        "vi": "In danh sách dưới dạng JSON.",
        "en": "Print the list as JSON.",
    },
    # -- HTML scorecards (datacheck/report/html.py and its templates) ----------------------
    "html.skip": {"vi": "Chuyển đến nội dung chính", "en": "Skip to main content"},
    "html.footer": {
        "vi": "Tạo bởi datacheck {version}. Trang chỉ hiển thị kết quả đã ghi của lần chạy, "
        "không tính lại điểm.",
        "en": "Made by datacheck {version}. The page shows the recorded results of the run; "
        "it recomputes nothing.",
    },
    "html.none": {"vi": "—", "en": "—"},
    "html.colon": {"vi": ": ", "en": ": "},
    "html.separator": {"vi": " · ", "en": " · "},
    "html.date": {"vi": "{day}/{month}/{year}", "en": "{year}-{month}-{day}"},
    "html.datetime": {"vi": "{date} {time} ({zone})", "en": "{date} {time} ({zone})"},
    "html.datetime_naive": {"vi": "{date} {time}", "en": "{date} {time}"},
    "html.null": {"vi": "(rỗng)", "en": "(null)"},
    "html.out_of": {"vi": "/ 100 điểm", "en": "/ 100 points"},
    "html.as_of": {"vi": "Thời điểm đánh giá", "en": "As of"},
    "html.band.none": {"vi": "Chưa xếp loại", "en": "No band"},
    "html.status.pass": {"vi": "Đạt", "en": "Pass"},
    "html.status.warn": {"vi": "Cảnh báo", "en": "Warning"},
    "html.status.fail": {"vi": "Không đạt", "en": "Fail"},
    "html.status.not_applicable": {"vi": "Không áp dụng", "en": "Not applicable"},
    "html.status.error": {"vi": "Lỗi", "en": "Error"},
    "html.national.kicker": {
        "vi": "Bảng điểm chất lượng dữ liệu: đúng – đủ – sạch – sống – thống nhất – dùng chung",
        "en": "Data-quality scorecard: correct, complete, clean, live, consistent, shared",
    },
    "html.national.heading": {
        "vi": "Bảng điểm chất lượng dữ liệu quốc gia",
        "en": "National data-quality scorecard",
    },
    "html.national_score": {"vi": "Điểm quốc gia", "en": "National score"},
    "html.databases_count": {
        "vi": "Tính trên {count} cơ sở dữ liệu, theo trọng số",
        "en": "Weighted over {count} databases",
    },
    "html.incomplete": {
        "vi": "Bảng điểm chưa đầy đủ: {count} cơ sở dữ liệu không kiểm tra được "
        "và không được tính điểm.",
        "en": "Incomplete scorecard: {count} database(s) could not be checked and are not scored.",
    },
    "html.not_checked": {"vi": "Không kiểm tra được", "en": "Not checked"},
    "html.errors.heading": {
        "vi": "Cơ sở dữ liệu không kiểm tra được",
        "en": "Databases that could not be checked",
    },
    "html.databases.heading": {"vi": "Các cơ sở dữ liệu", "en": "Databases"},
    "html.databases.caption": {
        "vi": "Điểm của từng cơ sở dữ liệu và sáu chiều chất lượng.",
        "en": "Each database's score and its six quality dimensions.",
    },
    "html.heat_legend": {
        "vi": "Màu ô chiều theo xếp loại; màu càng đậm, điểm càng xa 100.",
        "en": "Dimension cells are coloured by band; the deeper the shade, the further from 100.",
    },
    "html.sort_hint": {
        "vi": " Bấm vào tiêu đề cột để sắp xếp.",
        "en": " Select a column heading to sort.",
    },
    "html.heat_title": {
        "vi": "{database} — {label}: {score}",
        "en": "{database} — {label}: {score}",
    },
    "html.col.database": {"vi": "Cơ sở dữ liệu", "en": "Database"},
    "html.col.owner": {"vi": "Cơ quan chủ quản", "en": "Owner"},
    "html.col.score": {"vi": "Điểm", "en": "Score"},
    "html.col.band": {"vi": "Xếp loại", "en": "Band"},
    "html.col.rows": {"vi": "Số bản ghi", "en": "Rows checked"},
    "html.col.as_of": {"vi": "Thời điểm", "en": "As of"},
    "html.col.check": {"vi": "Phép kiểm tra", "en": "Check"},
    "html.col.columns": {"vi": "Cột", "en": "Column(s)"},
    "html.col.dimension": {"vi": "Chiều", "en": "Dimension"},
    "html.col.evaluated": {"vi": "Đã đánh giá", "en": "Evaluated"},
    "html.col.failed": {"vi": "Bản ghi lỗi", "en": "Failed"},
    "html.col.failed_of": {"vi": "Lỗi / đã đánh giá", "en": "Failed / evaluated"},
    "html.col.pass_rate": {"vi": "Tỉ lệ đạt", "en": "Pass rate"},
    "html.col.status": {"vi": "Trạng thái", "en": "Status"},
    "html.col.threshold": {"vi": "Ngưỡng đạt", "en": "Threshold"},
    "html.col.date": {"vi": "Ngày", "en": "Date"},
    "html.failed_of": {"vi": "{failed} / {evaluated}", "en": "{failed} / {evaluated}"},
    "html.charts.heading": {"vi": "Biểu đồ", "en": "Charts"},
    "html.chart.databases": {"vi": "Điểm theo cơ sở dữ liệu", "en": "Score by database"},
    "html.chart.dimensions": {
        "vi": "Điểm quốc gia theo chiều chất lượng",
        "en": "National score by quality dimension",
    },
    "html.chart.bars_desc": {
        "vi": "Biểu đồ thanh ngang: {count} giá trị, trục điểm từ {low} đến 100.",
        "en": "Horizontal bar chart: {count} values, score axis from {low} to 100.",
    },
    "html.chart.bar_title": {"vi": "{label}: {score}", "en": "{label}: {score}"},
    "html.chart.axis_note": {
        "vi": "Trục điểm bắt đầu từ {low}, không phải từ 0, để thấy rõ chênh lệch.",
        "en": "The score axis starts at {low}, not 0, so differences are visible.",
    },
    "html.worst.heading": {
        "vi": "Các phép kiểm tra điểm thấp nhất",
        "en": "Lowest-scoring checks",
    },
    "html.worst.caption": {
        "vi": "Phép kiểm tra không đạt hoặc cảnh báo, điểm thấp nhất trước.",
        "en": "Failed or warning checks, lowest score first.",
    },
    "html.worst.none": {
        "vi": "Không có phép kiểm tra nào không đạt.",
        "en": "No check failed.",
    },
    "html.nav.label": {"vi": "Điều hướng", "en": "Navigation"},
    "html.nav.national": {"vi": "← Bảng điểm quốc gia", "en": "← National scorecard"},
    "html.database.kicker": {
        "vi": "Bảng điểm chất lượng dữ liệu của cơ sở dữ liệu",
        "en": "Database data-quality scorecard",
    },
    "html.database.score": {"vi": "Điểm chất lượng", "en": "Quality score"},
    "html.suite": {"vi": "Bộ kiểm tra", "en": "Suite"},
    "html.owner": {"vi": "Cơ quan chủ quản", "en": "Owner"},
    "html.source": {"vi": "Nguồn dữ liệu", "en": "Source"},
    "html.rows": {"vi": "Số bản ghi", "en": "Rows checked"},
    "html.run_time": {"vi": "Thời gian chạy", "en": "Run time"},
    "html.seconds": {"vi": "{seconds} giây", "en": "{seconds} s"},
    "html.dimensions.heading": {
        "vi": "Điểm theo chiều chất lượng",
        "en": "Scores by quality dimension",
    },
    "html.gauge.title": {
        "vi": "{label}: điểm {score} — {band}",
        "en": "{label}: score {score} — {band}",
    },
    "html.gauge.no_score": {
        "vi": "{label}: chưa có điểm",
        "en": "{label}: no score",
    },
    "html.no_checks": {"vi": "Chưa có phép kiểm tra", "en": "No checks"},
    "html.dimension.counts": {
        "vi": "{applicable}/{checks} phép kiểm tra áp dụng được, {failing} không đạt",
        "en": "{applicable}/{checks} checks applicable, {failing} not passed",
    },
    "html.trend.heading": {"vi": "Xu hướng", "en": "Trend"},
    "html.trend.empty": {
        "vi": "Chưa có dữ liệu lịch sử: biểu đồ xu hướng hiện khi các lần chạy được ghi lại.",
        "en": "No history recorded yet: the trend chart appears once runs are recorded.",
    },
    "html.trend.database": {
        "vi": "Điểm cơ sở dữ liệu theo thời gian",
        "en": "Database score over time",
    },
    "html.trend.point": {"vi": "{date}: {score}", "en": "{date}: {score}"},
    "html.trend.desc": {
        "vi": "Biểu đồ đường: {count} lần chạy, từ {first} đến {last}; điểm gần nhất {score}.",
        "en": "Line chart: {count} runs from {first} to {last}; latest score {score}.",
    },
    "html.trend.data": {"vi": "Số liệu của biểu đồ", "en": "Chart data"},
    "html.alerts.heading": {"vi": "Cảnh báo", "en": "Alerts"},
    "html.notes.heading": {"vi": "Lưu ý", "en": "Notes"},
    "html.checks.heading": {
        "vi": "Các phép kiểm tra theo chiều chất lượng",
        "en": "Checks by quality dimension",
    },
    "html.checks.caption": {
        "vi": "Các phép kiểm tra của chiều {label}",
        "en": "Checks of the {label} dimension",
    },
    "html.checks.none": {
        "vi": "Bộ kiểm tra không có phép kiểm tra nào.",
        "en": "The suite has no checks.",
    },
    "html.masked": {
        "vi": "Dữ liệu cá nhân trong mẫu bản ghi lỗi được che theo quy định bảo vệ dữ liệu "
        "cá nhân.",
        "en": "Personal data in failing samples is masked, as personal-data protection rules "
        "require.",
    },
    "html.unmasked": {
        "vi": "Cảnh báo: dữ liệu cá nhân trong mẫu bản ghi lỗi KHÔNG được che.",
        "en": "Warning: personal data in failing samples is NOT masked.",
    },
    "html.severity.critical": {"vi": "nghiêm trọng", "en": "critical"},
    "html.threshold_warn": {
        "vi": "{threshold} (cảnh báo từ {warn})",
        "en": "{threshold} (warning from {warn})",
    },
    "html.reason": {"vi": "Không chạy được: {reason}", "en": "Could not run: {reason}"},
    "html.samples.summary": {
        "vi": "Mẫu bản ghi lỗi: {shown} trên {failed} bản ghi lỗi",
        "en": "Failing samples: {shown} of {failed} failing records",
    },
    "html.samples.caption": {
        "vi": "Mẫu bản ghi lỗi của {id}",
        "en": "Failing samples of {id}",
    },
    "html.samples.key": {"vi": "(khoá)", "en": "(key)"},
    # -- record quality tiers (datacheck/tiers.py; report/html.py) ----------------------
    "html.tier.heading": {"vi": "Phân hạng bản ghi", "en": "Record quality tiers"},
    "html.tier.intro": {
        "vi": "Mỗi bản ghi được xếp vào một hạng theo các phép kiểm tra mà nó không đạt.",
        "en": "Each record falls in one tier by the checks it fails.",
    },
    "html.tier.usable": {"vi": "Sử dụng được", "en": "Usable"},
    "html.tier.needs_correction": {"vi": "Cần chỉnh lý", "en": "Needs correction"},
    "html.tier.unusable": {"vi": "Không sử dụng được", "en": "Unusable"},
    "html.tier.col.tier": {"vi": "Hạng", "en": "Tier"},
    "html.tier.col.records": {"vi": "Số bản ghi", "en": "Records"},
    "html.tier.col.share": {"vi": "Tỉ lệ", "en": "Share"},
    "html.tier.caption": {"vi": "Số bản ghi theo hạng", "en": "Records per tier"},
    "html.tier.part": {"vi": "{label}: {count} ({share})", "en": "{label}: {count} ({share})"},
    "html.tier.bar": {
        "vi": "Tỉ lệ bản ghi theo hạng — {parts}",
        "en": "Share of records per tier — {parts}",
    },
    "html.tier.rules": {"vi": "Quy tắc phân hạng", "en": "Tier rules"},
    "html.tier.rule": {
        "vi": "{label}: không đạt một phép kiểm tra {what}",
        "en": "{label}: fails a check {what}",
    },
    "html.tier.rule.never": {"vi": "{label}: không dùng", "en": "{label}: not used"},
    "html.tier.rule.any": {"vi": "bất kỳ", "en": "of any kind"},
    "html.tier.rule.severity": {"vi": "mức độ {values}", "en": "of severity {values}"},
    "html.tier.rule.dimension": {"vi": "thuộc chiều {values}", "en": "in dimension {values}"},
    "html.tier.rule.checks": {"vi": "trong số {values}", "en": "among {values}"},
    "html.tier.rule.and": {"vi": " và ", "en": " and "},
    "html.tier.rule.or": {"vi": ", hoặc ", "en": ", or "},
    "html.tier.severity.normal": {"vi": "thường", "en": "normal"},
    "html.tier.severity.critical": {"vi": "nghiêm trọng", "en": "critical"},
    "html.tier.national.heading": {
        "vi": "Phân hạng bản ghi theo cơ sở dữ liệu",
        "en": "Record quality tiers by database",
    },
    "html.tier.national.caption": {
        "vi": "Số bản ghi sử dụng được, cần chỉnh lý và không sử dụng được của mỗi cơ sở dữ liệu",
        "en": "Usable, needs-correction and unusable records of each database",
    },
    "html.tier.cell": {"vi": "{count} ({share})", "en": "{count} ({share})"},
    "html.tier.total": {"vi": "Tổng cộng", "en": "Total"},
    # -- history store: trends and alerts (datacheck/history.py, report/history.py) ------
    "history.date": {"vi": "{day}/{month}/{year}", "en": "{year}-{month}-{day}"},
    "history.datetime": {"vi": "{date} {time}", "en": "{date} {time}"},
    "history.rules": {
        "vi": "Cảnh báo: điểm giảm hơn {drop} điểm giữa hai lần chạy liên tiếp; tỉ lệ bản ghi "
        "lỗi vượt trung bình + {k} × độ lệch chuẩn của {window} lần chạy trước (cao hơn trung "
        "bình ít nhất {floor} điểm phần trăm, khi đã có {min_runs} lần chạy)",
        "en": "Alerts: a score drop of more than {drop} points between consecutive runs; a "
        "failed rate above the mean + {k} × std of the previous {window} runs (at least "
        "{floor} percentage point above the mean, after {min_runs} runs)",
    },
    "history.alert.database": {
        "vi": "Điểm của {database} giảm {drop} điểm: từ {before} ({start}) xuống {after} ({end})",
        "en": "Score of {database} dropped by {drop} points: from {before} ({start}) to "
        "{after} ({end})",
    },
    "history.alert.dimension": {
        "vi": "Điểm chiều {dimension} của {database} giảm {drop} điểm: từ {before} ({start}) "
        "xuống {after} ({end})",
        "en": "{dimension} score of {database} dropped by {drop} points: from {before} "
        "({start}) to {after} ({end})",
    },
    "history.alert.national": {
        "vi": "Điểm toàn quốc ({database}) giảm {drop} điểm: từ {before} ({start}) xuống "
        "{after} ({end})",
        "en": "National score ({database}) dropped by {drop} points: from {before} ({start}) "
        "to {after} ({end})",
    },
    "history.alert.national_dimension": {
        "vi": "Điểm toàn quốc chiều {dimension} ({database}) giảm {drop} điểm: từ {before} "
        "({start}) xuống {after} ({end})",
        "en": "National {dimension} score ({database}) dropped by {drop} points: from {before} "
        "({start}) to {after} ({end})",
    },
    "history.alert.failed_rate": {
        "vi": "Tỉ lệ bản ghi lỗi của {check} trong {database} tăng bất thường ngày {end}: "
        "{after}, so với trung bình {mean} của {runs} lần chạy trước (ngưỡng {limit})",
        "en": "Failed rate of {check} in {database} rose abnormally on {end}: {after} against "
        "a mean of {mean} over the previous {runs} runs (limit {limit})",
    },
    "history.title": {"vi": "Xu hướng điểm chất lượng dữ liệu", "en": "Data quality trend"},
    "history.col.database": {"vi": "Cơ sở dữ liệu", "en": "Database"},
    "history.col.runs": {"vi": "Số lần chạy", "en": "Runs"},
    "history.col.latest": {"vi": "Lần gần nhất", "en": "Latest as of"},
    "history.col.scores": {
        "vi": "Điểm {count} lần gần nhất (cũ → mới)",
        "en": "Last {count} scores (oldest → newest)",
    },
    "history.col.score": {"vi": "Điểm", "en": "Score"},
    "history.col.change": {"vi": "Thay đổi", "en": "Change"},
    "history.national": {"vi": "{name} (toàn quốc)", "en": "{name} (national)"},
    "history.none": {"vi": "—", "en": "—"},
    "cli.history_missing": {
        "vi": "Chưa có kho lịch sử ở {store}: `datacheck run … --history {store}` sẽ tạo kho.",
        "en": "No history store at {store} yet: `datacheck run … --history {store}` creates it.",
    },
    "history.empty": {
        "vi": "Kho lịch sử chưa ghi lần chạy nào.",
        "en": "The history store has no recorded runs yet.",
    },
    "history.alerts": {
        "vi": "Cảnh báo ở lần chạy gần nhất ({count})",
        "en": "Alerts at the latest run ({count})",
    },
    "history.alerts_all": {"vi": "Tất cả cảnh báo ({count})", "en": "All alerts ({count})"},
    "history.alerts_none": {
        "vi": "Không có cảnh báo ở lần chạy gần nhất.",
        "en": "No alerts at the latest run.",
    },
    # -- HTML scorecards: band legend, error counts, check details, trends, samples ------
    # -- band legend and band names in the heat map -------------------------------------
    "html.bands.heading": {
        "vi": "Ngưỡng xếp loại (điểm 0–100):",
        "en": "Band thresholds (scores 0–100):",
    },
    "html.bands.meets": {"vi": "từ {meets} trở lên", "en": "{meets} or more"},
    "html.bands.improve": {
        "vi": "từ {improve} đến dưới {meets}",
        "en": "{improve} to under {meets}",
    },
    "html.bands.fails": {"vi": "dưới {improve}", "en": "under {improve}"},
    "html.bands.own": {
        "vi": "Một số cơ sở dữ liệu đặt ngưỡng riêng trong bộ kiểm tra; ô chiều của chúng "
        "xếp loại theo ngưỡng đó.",
        "en": "Some databases set their own thresholds in their suites; their dimension "
        "cells are banded by those.",
    },
    "html.heat_title_band": {
        "vi": "{database} — {label}: {score} ({band})",
        "en": "{database} — {label}: {score} ({band})",
    },
    # -- a dimension's counts when some checks could not run ----------------------------
    "html.dimension.counts_errors": {
        "vi": "{applicable}/{checks} phép kiểm tra áp dụng được, {failing} không đạt, "
        "{errors} lỗi (không chạy được)",
        "en": "{applicable}/{checks} checks applicable, {failing} not passed, "
        "{errors} could not run",
    },
    # -- check details ------------------------------------------------------------------
    "html.details.label": {"vi": "Chi tiết của {id}", "en": "Details of {id}"},
    "html.detail.groups": {"vi": "Nhóm khoá bị trùng", "en": "Duplicated key groups"},
    "html.detail.surplus": {
        "vi": "Bản ghi thừa (ngoài bản đầu mỗi nhóm)",
        "en": "Surplus records (beyond each group's first)",
    },
    "html.detail.missing": {"vi": "Cột thiếu", "en": "Missing columns"},
    "html.detail.rows": {"vi": "Số bản ghi", "en": "Rows"},
    "html.detail.missing_distinct": {
        "vi": "Số giá trị khác nhau không tìm thấy",
        "en": "Distinct values not found",
    },
    "html.detail.ambiguous_keys": {
        "vi": "Khoá khớp nhiều bản ghi tham chiếu khác nhau",
        "en": "Keys matching differing reference records",
    },
    "html.detail.in_other_vintage": {
        "vi": "Mã của danh mục thời kỳ khác",
        "en": "Codes of another vintage",
    },
    "html.detail.unknown_commune": {
        "vi": "Mã xã không có trong danh mục",
        "en": "Commune codes not in the list",
    },
    "html.detail.successor_whole": {
        "vi": "Đã nhập trọn vào đơn vị mới",
        "en": "Merged whole into a new unit",
    },
    "html.detail.successor_split": {
        "vi": "Đã chia vào nhiều đơn vị mới",
        "en": "Split among new units",
    },
    "html.detail.no_successor": {"vi": "Không có đơn vị kế thừa", "en": "No successor unit"},
    "html.detail.unknown": {"vi": "Mã không xác định", "en": "Unknown codes"},
    "html.detail.bad_length_or_digits": {
        "vi": "Sai độ dài hoặc có ký tự không phải số",
        "en": "Wrong length or not digits",
    },
    "html.detail.bad_province": {"vi": "Mã tỉnh không hợp lệ", "en": "Invalid province code"},
    "html.detail.bad_century": {
        "vi": "Mã thế kỷ và giới tính không hợp lệ",
        "en": "Invalid century and sex digit",
    },
    "html.detail.future_birth_year": {
        "vi": "Năm sinh ở tương lai",
        "en": "Birth year in the future",
    },
    "html.detail.century_mismatch": {
        "vi": "Thế kỷ sinh không khớp",
        "en": "Birth century disagrees",
    },
    "html.detail.year_mismatch": {"vi": "Năm sinh không khớp", "en": "Birth year disagrees"},
    "html.detail.sex_mismatch": {"vi": "Giới tính không khớp", "en": "Sex disagrees"},
    "html.detail.bad_format": {"vi": "Sai định dạng", "en": "Wrong format"},
    "html.detail.bad_branch": {
        "vi": "Mã chi nhánh không hợp lệ (000)",
        "en": "Invalid branch suffix (000)",
    },
    "html.detail.bad_check_digit": {"vi": "Sai chữ số kiểm tra", "en": "Wrong check digit"},
    "html.detail.bad_personal_id": {
        "vi": "Số định danh cá nhân không hợp lệ",
        "en": "Invalid personal id",
    },
    "html.detail.bhxh_mismatch": {
        "vi": "Không khớp mã số bảo hiểm xã hội",
        "en": "Disagrees with the social-insurance code",
    },
    "html.detail.stale": {
        "vi": "Số di động 11 số cũ (01x)",
        "en": "Retired 11-digit mobile number (01x)",
    },
    "html.detail.landline_not_allowed": {
        "vi": "Số cố định (không được phép)",
        "en": "Landline (not allowed)",
    },
    "html.detail.bad_prefix": {"vi": "Đầu số không hợp lệ", "en": "Invalid prefix"},
    "html.detail.bad_series": {"vi": "Sê-ri không hợp lệ", "en": "Invalid series"},
    "html.detail.repeated": {"vi": "Một chữ số lặp lại", "en": "One repeated digit"},
    "html.detail.ascending": {"vi": "Dãy số tăng dần", "en": "Ascending digit run"},
    "html.detail.descending": {"vi": "Dãy số giảm dần", "en": "Descending digit run"},
    "html.detail.listed": {
        "vi": "Giá trị giữ chỗ trong danh sách",
        "en": "Listed placeholder value",
    },
    "html.detail.not_nfc": {"vi": "Chưa chuẩn Unicode NFC", "en": "Not Unicode NFC"},
    "value.not_nfc": {"vi": "chưa chuẩn NFC", "en": "not NFC"},
    "html.detail.spacing": {"vi": "Khoảng trắng sai", "en": "Spacing"},
    "html.detail.characters": {"vi": "Ký tự không hợp lệ", "en": "Invalid characters"},
    "html.detail.capitalisation": {"vi": "Viết hoa sai", "en": "Capitalisation"},
    "html.detail.eth": {"vi": "Chữ Ð (eth) thay cho Đ", "en": "Eth (Ð) for Đ"},
    "html.detail.nbsp": {"vi": "Dấu cách không ngắt", "en": "Non-breaking spaces"},
    "html.detail.invisible": {"vi": "Ký tự ẩn", "en": "Invisible characters"},
    "html.detail.control": {"vi": "Ký tự điều khiển", "en": "Control characters"},
    "html.detail.utf8": {"vi": "UTF-8 bị đọc sai bảng mã", "en": "UTF-8 read as another code page"},
    "html.detail.cp1258": {"vi": "Windows-1258 bị đọc sai", "en": "Windows-1258 misread"},
    "html.detail.vni": {"vi": "Phông VNI-Windows", "en": "VNI-Windows font codes"},
    "html.detail.tcvn3": {"vi": "Phông TCVN3 (ABC)", "en": "TCVN3 (ABC) font codes"},
    "html.detail.lossy": {"vi": "Mất ký tự khi chuyển mã", "en": "Characters lost in conversion"},
    "html.detail.old_style": {"vi": "Bỏ dấu kiểu cũ (hòa)", "en": "Old-style tone marks (hòa)"},
    "html.detail.new_style": {"vi": "Bỏ dấu kiểu mới (hoà)", "en": "New-style tone marks (hoà)"},
    "html.detail.extra_spellings": {
        "vi": "Cách viết dấu khác của cùng tên",
        "en": "Extra spellings of the same name",
    },
    # -- trends: the national page, a single run, the shared axis of dimension charts -----
    "html.trend.national": {
        "vi": "Điểm quốc gia theo thời gian",
        "en": "National score over time",
    },
    "html.trend.single": {
        "vi": "Mới ghi một lần chạy ({date}): chưa có xu hướng. Biểu đồ xu hướng hiện từ "
        "lần chạy thứ hai.",
        "en": "Only one run recorded ({date}): no trend yet. The trend chart appears from "
        "the second run.",
    },
    "html.trend.shared_axis": {
        "vi": "Các biểu đồ theo chiều dùng chung một trục điểm, từ {low} đến 100.",
        "en": "The dimension charts share one score axis, from {low} to 100.",
    },
    "html.trend.shared_axis_cut": {
        "vi": "Các biểu đồ theo chiều dùng chung một trục điểm, từ {low} đến 100: trục bắt "
        "đầu từ {low}, không phải từ 0, nên chênh lệch nhỏ trông lớn hơn.",
        "en": "The dimension charts share one score axis, from {low} to 100: it starts at "
        "{low}, not 0, so small differences look larger.",
    },
    "html.alerts.drops": {
        "vi": "Cơ sở dữ liệu có điểm giảm hơn {limit} điểm so với lần chạy trước:",
        "en": "Databases whose score fell by more than {limit} points since the previous run:",
    },
    "html.alerts.drop": {
        "vi": "giảm {drop} điểm: từ {before} ({start}) xuống {after} ({end})",
        "en": "down {drop} points: from {before} ({start}) to {after} ({end})",
    },
    # -- failing samples: reference columns, derived columns, yes / no -------------------
    "html.samples.reference": {"vi": "{column} (tham chiếu)", "en": "{column} (reference)"},
    "html.samples.successor_2025": {
        "vi": "Mã đơn vị kế thừa (2025)",
        "en": "Successor unit code (2025)",
    },
    "html.samples.successor_2025_name": {
        "vi": "Tên đơn vị kế thừa (2025)",
        "en": "Successor unit name (2025)",
    },
    "html.samples.successor_2025_whole": {
        "vi": "Nhập trọn vào đơn vị kế thừa",
        "en": "Wholly within the successor unit",
    },
    "html.yes": {"vi": "Có", "en": "Yes"},
    "html.no": {"vi": "Không", "en": "No"},
}
"""Every CLI and console string: ``key -> {"vi": template, "en": template}``."""


def t(key: str, lang: Lang = DEFAULT_LANG, **params: Any) -> str:
    """Return the message ``key`` in ``lang``, with ``params`` filled in.

    Parameters
    ----------
    key
        A key of :data:`CATALOG`, such as ``"status.pass"``.
    lang
        ``"vi"`` (default) or ``"en"``; an unknown language falls back to Vietnamese.
    **params
        Values for the template's ``{fields}``.

    Returns
    -------
    str
        The formatted message.

    Raises
    ------
    KeyError
        If ``key`` is not in the catalog (a programming error).

    Examples
    --------
    >>> t("status.not_applicable", "en")
    'not applicable'
    >>> t("report.rows", "vi", rows="1.000")
    'Số bản ghi: 1.000'
    """
    templates = CATALOG[key]
    template = templates.get(lang) or templates[DEFAULT_LANG]
    return template.format(**params) if params else template


def lang_from_env(default: Lang = DEFAULT_LANG, environ: Mapping[str, str] | None = None) -> Lang:
    """The language chosen by ``DATACHECK_LANG`` (``vi``/``en``), else ``default``.

    Values such as ``en_US.UTF-8`` or ``vi-VN`` are read by their first two letters,
    case-insensitively; anything else gives ``default``.

    Parameters
    ----------
    default
        The language when the variable is unset or unrecognised.
    environ
        The environment to read (default :data:`os.environ`).

    Examples
    --------
    >>> lang_from_env(environ={"DATACHECK_LANG": "en_US.UTF-8"})
    'en'
    >>> lang_from_env(environ={})
    'vi'
    """
    env = os.environ if environ is None else environ
    value = env.get("DATACHECK_LANG", "").strip().lower()[:2]
    for lang in LANGS:
        if value == lang:
            return lang
    return default


def _group(digits: str, sep: str) -> str:
    head, rest = digits[: len(digits) % 3], digits[len(digits) % 3 :]
    parts = ([head] if head else []) + [rest[i : i + 3] for i in range(0, len(rest), 3)]
    return sep.join(parts)


def format_int(value: int, lang: Lang = DEFAULT_LANG) -> str:
    """Format an integer with the thousands separator of ``lang``.

    Examples
    --------
    >>> format_int(5000000, "vi"), format_int(5000000, "en"), format_int(-1234, "vi")
    ('5.000.000', '5,000,000', '-1.234')
    """
    sign = "-" if value < 0 else ""
    return sign + _group(str(abs(value)), "." if lang == "vi" else ",")


def format_number(value: float, lang: Lang = DEFAULT_LANG, decimals: int = 2) -> str:
    """Format a number with at most ``decimals`` decimals (trailing zeros dropped).

    Examples
    --------
    >>> format_number(99.5, "vi"), format_number(99.5, "en"), format_number(100.0, "vi")
    ('99,5', '99.5', '100')
    >>> format_number(12345.678, "en")
    '12,345.68'
    """
    text = f"{abs(value):.{decimals}f}"
    whole, _, frac = text.partition(".")
    frac = frac.rstrip("0")
    sign = "-" if value < 0 and (int(whole) or frac) else ""
    decimal_sep, group_sep = (",", ".") if lang == "vi" else (".", ",")
    return sign + _group(whole, group_sep) + (decimal_sep + frac if frac else "")


def _clamp_inexact(value: float, low: float, high: float, decimals: int) -> float:
    """Keep a value strictly inside ``(low, high)`` from rounding onto either end."""
    step = 10.0**-decimals
    if low < value < high:
        return min(max(value, low + step), high - step)
    return value


def format_percent(fraction: float, lang: Lang = DEFAULT_LANG, decimals: int = 2) -> str:
    """Format a fraction in ``[0, 1]`` as a percentage that never rounds to a false 100 % or 0 %.

    A pass rate just below 1 prints as ``99,99%`` (not ``100%``), so a failing check never
    looks perfect; likewise a rate just above 0 never prints as ``0%``.

    The percentage is the fraction's decimal value times 100 (``0.99975`` is ``99.975``, not
    the float product ``99.97500000000001``), so a pass rate prints with the same digits as
    the check's score ``100 × pass rate`` does through :func:`format_score`.

    Examples
    --------
    >>> format_percent(0.995, "vi"), format_percent(0.9999999, "en"), format_percent(1.0, "en")
    ('99,5%', '99.99%', '100%')
    >>> format_percent(0.99975, "vi"), format_score(99.975, "vi")
    ('99,97%', '99,97')
    """
    exact = Decimal(repr(float(fraction))) if math.isfinite(fraction) else None
    scaled = float(exact.scaleb(2)) if exact is not None else fraction * 100
    percent = _clamp_inexact(scaled, 0.0, 100.0, decimals)
    return format_number(percent, lang, decimals) + "%"


def format_score(score: float, lang: Lang = DEFAULT_LANG, decimals: int = 2) -> str:
    """Format a 0–100 score; like :func:`format_percent`, never rounds onto 0 or 100.

    Examples
    --------
    >>> format_score(97.456, "vi"), format_score(99.9999, "en"), format_score(100.0, "en")
    ('97,46', '99.99', '100')
    """
    return format_number(_clamp_inexact(score, 0.0, 100.0, decimals), lang, decimals)
