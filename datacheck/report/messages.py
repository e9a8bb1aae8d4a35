"""Words of the HTML scorecards that :data:`datacheck.i18n.CATALOG` does not hold yet.

The scorecards take every word from the message catalogue; the messages below were added
with the band legend, the error counts of a dimension and the check details. They follow the
catalogue's rules (``html.*`` keys, one template per language, :meth:`str.format` fields) and
can move into :data:`~datacheck.i18n.CATALOG` unchanged; :func:`t` reads both, so a key
must never be in both (the HTML tests check it).

Examples
--------
>>> t("html.bands.fails", "en", improve="80")
'under 80'
>>> t("html.status.pass", "vi")  # a key of the main catalogue
'Đạt'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from datacheck import i18n
from datacheck.errors import Lang

__all__ = ["MESSAGES", "t"]

MESSAGES: Final[Mapping[str, Mapping[Lang, str]]] = {
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
"""The scorecards' messages not (yet) in :data:`datacheck.i18n.CATALOG`."""


def t(key: str, lang: Lang = i18n.DEFAULT_LANG, **params: Any) -> str:
    """Like :func:`datacheck.i18n.t`, reading :data:`MESSAGES` first.

    Raises
    ------
    KeyError
        If ``key`` is in neither catalogue (a programming error).
    """
    templates = MESSAGES.get(key)
    if templates is None:
        return i18n.t(key, lang, **params)
    template = templates.get(lang) or templates[i18n.DEFAULT_LANG]
    return template.format(**params) if params else template
