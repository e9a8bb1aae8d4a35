"""Administrative procedure dossiers (Hệ thống thông tin giải quyết thủ tục hành chính).

One row per dossier (hồ sơ thủ tục hành chính) received by a commune's one-stop office
(Trung tâm phục vụ hành chính công) in the last 350 days:

- ``dossier_id``: ``<commune code>-<yymmdd received>-<serial>``, e.g. ``00004-260315-0012``:
  the receiving commune (2025 code; 00004 is Phường Ba Đình, Hà Nội), the day received
  and the dossier's 4-digit serial of that day at that commune, in order of receipt;
- ``procedure_code`` / ``procedure_name``: the procedure (mã thủ tục hành chính ``1.NNNNNN``
  for procedures of the central catalogue, ``2.NNNNNN`` for local ones; the codes below are
  written in the catalogue's format, picked for illustration);
- ``applicant_type``: ``individual`` or ``organisation`` (an enterprise);
- ``applicant_person_id``: the personal id (ĐDCN, linked to ``dan_cu``) of the person who
  files: the individual applicant, or the organisation's legal representative (filing on
  the national public-service portal is authenticated with the filer's VNeID, so every
  dossier carries one; the 2025 target is 100 % of dossiers), and ``applicant_name``, that
  person's full name as in ``dan_cu``;
- ``applicant_tax_code``: the organisation's tax code (linked to ``doanh_nghiep``; null for
  individuals);
- ``commune_code`` / ``province_code``: the receiving commune and its province (2025 units);
- ``received_at``, ``due_at`` (the legal time limit, extended by a supplement request),
  ``returned_at`` (result returned; null while the dossier is open), ``updated_at``;
- ``status``: ``received`` (today, not yet assigned), ``in_progress``,
  ``supplement_requested`` (open), ``returned`` or ``rejected`` (closed, ``returned_at``
  set). About 7 % of dossiers are handled late (``returned_at > due_at``) and 3 % are a
  backlog not returned yet (mostly overdue), as in the portal's statistics; lateness is a
  fact of the data, not a defect.

Individual applicants are living, resident adults of ``dan_cu``; organisations are active
enterprises without defects in ``doanh_nghiep``, filed by their legal representative.
Rows are in order of receipt. Generation is vectorised and keeps only numeric columns and
string views into small pools until the frame is built, so 3.5 dossiers per resident stay
cheap.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Final, NamedTuple

import numpy as np
import polars as pl

from samples import generator as g
from samples import vn_data as vn
from samples.databases import _common as c
from samples.generator import BoolArray, IntArray

__all__ = [
    "APPLICANT_TYPES",
    "CHECKS",
    "DEFECTS",
    "MIN_ROWS",
    "OPEN_STATUSES",
    "POSITION",
    "PROCEDURES",
    "PROCEDURE_PATTERN",
    "REQUIRES",
    "SHARE",
    "STATUSES",
    "UNTARGETED",
    "WINDOW_DAYS",
    "Procedure",
    "generate",
]

#: Dossiers per row of ``dan_cu`` (the largest linked table).
SHARE: Final = 3.5
MIN_ROWS: Final = 1000
#: Dossiers are received in the last ``WINDOW_DAYS`` days before the as-of date.
WINDOW_DAYS: Final = 350
APPLICANT_TYPES: Final[tuple[str, ...]] = ("individual", "organisation")
STATUSES: Final[tuple[str, ...]] = (
    "received",
    "in_progress",
    "supplement_requested",
    "returned",
    "rejected",
)
#: Statuses of a dossier still being handled (``returned_at`` is null).
OPEN_STATUSES: Final[tuple[str, ...]] = STATUSES[:3]
#: Mã thủ tục hành chính: 1 (central catalogue) or 2 (local), a dot and six digits.
PROCEDURE_PATTERN: Final = r"^[12]\.[0-9]{6}$"
_ORGANISATION_SHARE: Final = 0.15
_SUPPLEMENT_SHARE: Final = 0.08
_LATE_SHARE: Final = 0.07
_STUCK_SHARE: Final = 0.03
_REJECTED_SHARE: Final = 0.02
_OUT_OF_PROVINCE_SHARE: Final = 0.08
_DAY_US: Final = g._DAY_S * g._US_PER_S
_EPOCH_DAY: Final = date(1970, 1, 1)


class Procedure(NamedTuple):
    """One administrative procedure: code, name, applicant type, time limit (days), frequency."""

    code: str
    name: str
    applicant: str  # one of APPLICANT_TYPES
    days: int
    weight: float


#: Procedures handled at the commune's one-stop office (codes in the catalogue's format).
PROCEDURES: Final[tuple[Procedure, ...]] = (
    Procedure(
        "2.000815", "Chứng thực bản sao từ bản chính giấy tờ, văn bản", "individual", 1, 30.0
    ),
    Procedure("2.001035", "Chứng thực chữ ký trong các giấy tờ, văn bản", "individual", 1, 8.0),
    Procedure("1.001193", "Đăng ký khai sinh", "individual", 1, 8.0),
    Procedure("1.000894", "Đăng ký kết hôn", "individual", 3, 3.0),
    Procedure("1.000656", "Đăng ký khai tử", "individual", 1, 2.0),
    Procedure("1.001612", "Đăng ký thường trú", "individual", 7, 6.0),
    Procedure("1.000695", "Đăng ký tạm trú", "individual", 3, 5.0),
    Procedure("1.004222", "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam", "individual", 10, 4.0),
    Procedure("1.002804", "Đổi giấy phép lái xe", "individual", 5, 4.0),
    Procedure(
        "1.001001",
        "Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất",
        "individual",
        10,
        6.0,
    ),
    Procedure("1.004245", "Cấp Giấy chứng nhận quyền sử dụng đất lần đầu", "individual", 20, 2.0),
    Procedure("2.000744", "Cấp giấy phép xây dựng nhà ở riêng lẻ", "individual", 15, 2.0),
    Procedure("2.000286", "Đăng ký thành lập hộ kinh doanh", "individual", 3, 3.0),
    Procedure("1.001776", "Trợ cấp xã hội hằng tháng", "individual", 20, 2.0),
    Procedure(
        "2.000046", "Đăng ký thay đổi nội dung đăng ký doanh nghiệp", "organisation", 3, 10.0
    ),
    Procedure("1.004237", "Cấp giấy phép xây dựng mới đối với công trình", "organisation", 20, 3.0),
    Procedure(
        "1.010007",
        "Cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm",
        "organisation",
        20,
        3.0,
    ),
    Procedure("1.010732", "Cấp giấy phép môi trường", "organisation", 30, 1.0),
    Procedure("2.001610", "Đăng ký nội quy lao động", "organisation", 7, 2.0),
    Procedure(
        "1.000105",
        "Cấp giấy phép lao động cho người lao động nước ngoài",
        "organisation",
        5,
        2.0,
    ),
)

#: Number in the national list (``suites/national.yaml``).
POSITION: Final = 8
#: Linked databases this one draws from.
REQUIRES: Final[tuple[str, ...]] = ("doanh_nghiep",)
#: Check ids of ``suites/thu_tuc.yaml``.
CHECKS: Final[tuple[str, ...]] = (
    "enough_rows",
    "has_required_columns",
    "not_null:dossier_id",
    "not_null:procedure_code",
    "not_null:received_at",
    "not_null:status",
    "applicant_id_present",
    "unique:dossier_id",
    "normalized_text:applicant_name",
    "pattern:procedure_code",
    "in_set:applicant_type",
    "in_set:status",
    "cccd:applicant_person_id",
    "mst:applicant_tax_code",
    "admin_unit:commune_code",
    "unit_in_province:commune_code",
    "due_after_received",
    "returned_after_received",
    "not_future:received_at",
    "not_future:returned_at",
    "exists_in:applicant_person_id",
    "exists_in:applicant_tax_code",
    "name_matches_population",
    "deceased_applicant_open",
    "returned_has_final_status",
    "admin_unit_current:commune_code",
    "fresh:updated_at",
    "not_future:updated_at",
)

#: Checks no defect kind targets (they pass on every sample).
UNTARGETED: Final = frozenset(
    {
        "enough_rows",
        "has_required_columns",
        "not_null:dossier_id",
        "not_null:procedure_code",
        "not_null:received_at",
        "not_null:status",
        "not_future:updated_at",
    }
)

DEFECTS: Final[dict[str, float]] = {
    "null_applicant_id": 3.0,
    "applicant_id_absent": 1.0,
    "applicant_id_malformed": 0.5,
    "deceased_applicant_open": 1.0,
    "applicant_name_unaccented": 1.0,
    "applicant_name_double_space": 0.5,
    "tax_code_bad_check_digit": 0.5,
    "enterprise_absent": 0.5,
    "duplicate_dossier_id_pair": 0.5,
    "procedure_code_malformed": 0.5,
    "applicant_type_out_of_set": 0.5,
    "commune_legacy_code": 1.0,
    "commune_other_province": 0.5,
    "due_before_received": 0.5,
    "received_in_future": 0.5,
    "returned_before_received": 0.5,
    "returned_in_future": 0.5,
    "returned_status_not_updated": 1.0,
    "status_out_of_set": 0.5,
    "stale_updated_at": 1.0,
}
_DESCRIPTIONS: Final[dict[str, str]] = {
    "null_applicant_id": "dossier without the applicant's personal id (ĐDCN)",
    "applicant_id_absent": "well-formed personal id that does not exist in dan_cu",
    "applicant_id_malformed": "personal id missing its last digit (11 digits)",
    "deceased_applicant_open": "open dossier whose applicant is deceased in dan_cu",
    "applicant_name_unaccented": "applicant name typed without diacritics (Nguyen Van An)",
    "applicant_name_double_space": "two spaces between the applicant's name parts",
    "tax_code_bad_check_digit": "organisation's tax code whose last digit is not the check digit",
    "enterprise_absent": "valid tax code not found in doanh_nghiep",
    "duplicate_dossier_id_pair": "one dossier number given to two dossiers",
    "procedure_code_malformed": "procedure code not in the 1.NNNNNN / 2.NNNNNN format",
    "applicant_type_out_of_set": "applicant type outside the allowed set",
    "commune_legacy_code": "receiving commune code abolished on 2025-07-01",
    "commune_other_province": "receiving commune that lies in another province",
    "due_before_received": "due date before the date received (first one: 1 s before)",
    "received_in_future": "open dossier received after the as-of instant (first one: 1 s after)",
    "returned_before_received": "result returned before the dossier was received",
    "returned_in_future": "result returned after the as-of instant (first one: 1 s after)",
    "returned_status_not_updated": "result returned but status still in_progress",
    "status_out_of_set": "open dossier whose status is outside the allowed set",
    "stale_updated_at": "updated_at older than as_of - max_age (first one: 1 s older)",
}
_BAD_PROCEDURE_CODES: Final[tuple[str, ...]] = (
    "1001193",
    "1.1193",
    "TTHC-001193",
    "01.001193",
    "1.001193.000",
)
_BAD_TYPES: Final[tuple[str, ...]] = ("Cá nhân", "CN", "to_chuc", "Doanh nghiệp", "INDIVIDUAL")
_BAD_STATUSES: Final[tuple[str, ...]] = ("Đang xử lý", "DANG_XU_LY", "processing", "Chờ bổ sung")


@dataclass
class _Dossiers:
    """Numpy columns of the dossiers before they become strings and timestamps."""

    organisation: BoolArray
    person: IntArray  # row of dan_cu: the applicant or the organisation's representative
    firm: IntArray  # row of doanh_nghiep (meaningful for organisations)
    procedure: IntArray  # index into PROCEDURES
    commune: IntArray  # index into communes()
    received: IntArray  # microseconds since 1970-01-01, naive local time
    due: IntArray
    returned: IntArray  # meaningful where done
    done: BoolArray  # result returned (returned_at set)
    status: IntArray  # index into STATUSES
    updated: IntArray


def generate(
    pop: g._Population,
    rng: np.random.Generator,
    as_of: datetime,
    rate: float,
    parts: Mapping[str, c.Part],
) -> c.Part:
    """Dossiers of the living adults of ``dan_cu`` and the active enterprises.

    Parameters
    ----------
    pop
        The population master (only its clean rows are linked).
    rng
        This database's random stream.
    as_of
        The as-of instant (naive Vietnam local time).
    rate
        Defect rate (rows per row and unit weight of each defect kind).
    parts
        The linked databases this one requires (``doanh_nghiep``).

    Returns
    -------
    Part
        The frame, its ledger, references and cross-database facts.
    """
    dn = parts["doanh_nghiep"]
    n = round(pop.frame.height * SHARE)
    t = c.new_table(
        "thu_tuc",
        n,
        rng,
        DEFECTS,
        rate,
        checks=CHECKS,
        descriptions=_DESCRIPTIONS,
        min_rows=MIN_ROWS,
    )
    d = _draw(pop, dn, rng, as_of, n)
    done_rows = int(d.done.sum())
    organisations = int(d.organisation.sum())
    # checks that only see dossiers with a returned_at, or with a tax code (organisations)
    c.expect_all(
        t,
        ("returned_after_received", "not_future:returned_at", "returned_has_final_status"),
        done_rows,
    )
    c.expect_all(t, ("exists_in:applicant_tax_code", "mst:applicant_tax_code"), organisations)

    # open dossiers are few (about 5 %): their defects take their rows first
    deceased = np.flatnonzero(c.adults(pop, as_of) & pop.people.dead)
    on_open = {
        kind: t.take(kind, eligible)
        for kind, eligible in (
            ("deceased_applicant_open", ~d.organisation & ~d.done & (deceased.size > 0)),
            ("received_in_future", ~d.done),
            ("status_out_of_set", ~d.done),
        )
    }

    # -- the applicant (before the names and ids are read) ------------------------------
    idx = on_open["deceased_applicant_open"]
    if idx.size:
        d.person[idx] = rng.choice(deceased, size=idx.size, replace=True)
    t.record(
        "deceased_applicant_open",
        "applicant_person_id",
        idx.size,
        {"deceased_applicant_open": g._fails(idx)},
    )
    pid = pop.frame["person_id"].gather(d.person)
    names = pop.frame["full_name"].gather(d.person)
    unlinked = _applicant_defects(t, pop, d, pid, names)
    tax_code, unknown = _tax_code_defects(t, dn, d)

    dossier = _dossier_ids(d)
    c.duplicate_values(
        t, "duplicate_dossier_id_pair", "dossier_id", dossier, what="duplicate dossier id"
    )
    procedure_code = g._lookup("procedure_code", tuple(p.code for p in PROCEDURES), d.procedure)
    idx = t.take("procedure_code_malformed")
    g._inject_pool(procedure_code, idx, _BAD_PROCEDURE_CODES, rng)
    t.record(
        "procedure_code_malformed",
        "procedure_code",
        idx.size,
        {"pattern:procedure_code": g._fails(idx)},
    )
    kind = g._lookup("applicant_type", APPLICANT_TYPES, d.organisation.astype(np.int64))
    c.pool_rows(
        t,
        "applicant_type_out_of_set",
        "applicant_type",
        kind,
        _BAD_TYPES,
        fails=["in_set:applicant_type"],
    )
    com = c.communes()
    commune_code = g._lookup("commune_code", com.code, d.commune)
    province = g._lookup("province_code", com.provinces, com.province[d.commune])
    c.inject_commune_defects(
        t,
        commune=d.commune,
        commune_code=commune_code,
        province=province,
        commune_column="commune_code",
        province_column="province_code",
        legacy_start=11,
    )
    _date_defects(t, d, as_of, on_open["received_in_future"])
    status = g._lookup("status", STATUSES, d.status)
    idx = on_open["status_out_of_set"]
    g._inject_pool(status, idx, _BAD_STATUSES, rng)
    t.record("status_out_of_set", "status", idx.size, {"in_set:status": g._fails(idx)})

    frame = pl.DataFrame(
        [
            dossier,
            procedure_code,
            g._lookup("procedure_name", tuple(p.name for p in PROCEDURES), d.procedure),
            kind,
            pid.alias("applicant_person_id"),
            names.alias("applicant_name"),
            tax_code.alias("applicant_tax_code"),
            commune_code,
            province,
            g._datetime_series("received_at", d.received),
            g._datetime_series("due_at", d.due),
            g._with_nulls("returned_at", g._datetime_series("returned_at", d.returned), d.done),
            status,
            g._datetime_series("updated_at", d.updated),
        ]
    )
    as_of_us = g._us(as_of)
    without_id = t.counts["null_applicant_id"]
    cross = {
        "rows": n,
        "individuals": n - organisations,
        "organisations": organisations,
        "without_applicant_id": without_id,
        "linked_to_population": n - without_id - unlinked,
        "organisations_linked_to_enterprises": organisations - unknown,
        "deceased_applicant_open": t.counts["deceased_applicant_open"],
        "returned": done_rows,
        "returned_late": int((d.done & (d.returned > d.due)).sum()),
        "open_overdue": int((~d.done & (d.due < as_of_us)).sum()),
    }
    return c.Part(
        "thu_tuc",
        frame,
        t.ledger,
        {"population": "dan_cu", "enterprises": "doanh_nghiep"},
        cross,
        t.rows,
    )


# ---------------------------------------------------------------------------------------
# clean base


def _draw(
    pop: g._Population, dn: c.Part, rng: np.random.Generator, as_of: datetime, n: int
) -> _Dossiers:
    """Clean dossiers in order of receipt: applicants, procedures, communes and times."""
    p = pop.people
    residents = np.flatnonzero(c.adults(pop, as_of) & (p.status == 0))
    firm_rows, firm_person, firm_commune = _active_firms(pop, dn)
    organisation = np.zeros(n, dtype=np.bool_)
    if firm_rows.size:
        organisation[rng.choice(n, size=round(n * _ORGANISATION_SHARE), replace=False)] = True
    orgs = np.flatnonzero(organisation)
    people = np.flatnonzero(~organisation)

    firm = np.zeros(n, dtype=np.int64)
    person = np.zeros(n, dtype=np.int64)
    commune = np.zeros(n, dtype=np.int64)
    pick = rng.integers(0, max(1, firm_rows.size), orgs.size)
    firm[orgs], person[orgs], commune[orgs] = firm_rows[pick], firm_person[pick], firm_commune[pick]
    person[people] = rng.choice(residents, size=people.size, replace=True)
    commune[people] = _communes_in(_residence(p.residence[person[people]]), rng)
    elsewhere = people[rng.random(people.size) < _OUT_OF_PROVINCE_SHARE]
    commune[elsewhere] = c.pick_communes(rng, elsewhere.size)

    procedure = np.zeros(n, dtype=np.int64)
    for applicant, rows in zip(APPLICANT_TYPES, (people, orgs), strict=True):
        choices = np.array([i for i, q in enumerate(PROCEDURES) if q.applicant == applicant])
        weights = np.array([PROCEDURES[i].weight for i in choices])
        procedure[rows] = rng.choice(choices, size=rows.size, p=weights / weights.sum())

    as_of_us = g._us(as_of)
    office = rng.integers(int(7.5 * 3600), 17 * 3600, n) * g._US_PER_S  # office hours
    received = np.sort(as_of_us - rng.integers(1, WINDOW_DAYS + 1, n) * _DAY_US + office)
    limit = np.array([q.days for q in PROCEDURES], dtype=np.int64)[procedure] * _DAY_US
    supplement = rng.random(n) < _SUPPLEMENT_SHARE
    pause = np.where(supplement, rng.integers(3, 46, n), 0) * _DAY_US
    due = received + limit + pause  # the time limit restarts after the supplement
    late = rng.random(n) < _LATE_SHARE
    factor = np.where(late, 1.0 + 1.5 * rng.random(n), 0.05 + 0.95 * rng.random(n))
    finished = received + pause + (factor * limit).astype(np.int64)
    # results are signed and returned in office hours, at least ten minutes after receipt
    # and, unless handled late, by the due time
    signed = finished // _DAY_US * _DAY_US + rng.integers(8 * 3600, 17 * 3600, n) * g._US_PER_S
    signed = np.maximum(signed, received + rng.integers(600, 3600, n) * g._US_PER_S)
    returned = np.where(late, signed, np.minimum(signed, due))
    stuck = rng.random(n) < _STUCK_SHARE  # backlog (hồ sơ tồn đọng): not returned yet
    done = (returned < as_of_us) & ~stuck
    fresh_today = received > as_of_us - _DAY_US
    status = np.where(
        done,
        np.where(rng.random(n) < _REJECTED_SHARE, 4, 3),
        np.where(supplement, 2, np.where(fresh_today, 0, 1)),
    ).astype(np.int64)
    synced = np.minimum(returned + rng.integers(60, 3600, n) * g._US_PER_S, as_of_us - 1)
    working = received + (rng.random(n) * (as_of_us - received)).astype(np.int64)
    updated = np.where(done, synced, working)
    return _Dossiers(
        organisation,
        person,
        firm,
        procedure,
        commune,
        received,
        due,
        returned,
        done,
        status,
        updated,
    )


def _active_firms(pop: g._Population, dn: c.Part) -> tuple[IntArray, IntArray, IntArray]:
    """Clean active enterprises: their rows, representatives' ``dan_cu`` rows, communes."""
    assert dn.rows is not None
    clean = ~dn.rows.used & (dn.frame["status"] == "active").to_numpy()
    rows = np.flatnonzero(clean).astype(np.int64)
    firms = dn.frame[rows].select("representative_id", "head_office_commune")
    ids = (
        pop.frame.select("person_id")
        .with_row_index("row")
        .filter(pl.col("person_id").is_in(firms["representative_id"].implode()))
    )
    people = firms.join(
        ids, left_on="representative_id", right_on="person_id", how="left", maintain_order="left"
    )
    index = {code: i for i, code in enumerate(c.communes().code)}
    commune = people["head_office_commune"].replace_strict(index, return_dtype=pl.Int64)
    return rows, people["row"].cast(pl.Int64).to_numpy(), commune.to_numpy()


def _residence(residence: IntArray) -> IntArray:
    """Index into ``communes().provinces`` of ``dan_cu``'s residence province indices."""
    position = {code: i for i, code in enumerate(c.communes().provinces)}
    mapping = np.array([position[code] for code in vn.PROVINCES_2025], dtype=np.int64)
    out: IntArray = mapping[residence]
    return out


def _communes_in(province: IntArray, rng: np.random.Generator) -> IntArray:
    """A random commune of each given province (index into ``communes()``)."""
    com = c.communes()
    order = np.argsort(com.province, kind="stable")
    counts = np.bincount(com.province, minlength=len(com.provinces))
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    offset = (rng.random(province.size) * counts[province]).astype(np.int64)
    picked: IntArray = order[starts[province] + offset].astype(np.int64)
    return picked


def _dossier_ids(d: _Dossiers) -> pl.Series:
    """``<commune>-<yymmdd>-<serial>``: serials count each commune's dossiers of the day.

    Day and serial strings come from small tables (one entry per day, per serial), so the
    only per-row string work is one concatenation.
    """
    if d.received.size == 0:
        return pl.Series("dossier_id", [], dtype=pl.String)
    day = d.received // _DAY_US
    first = int(day.min())
    offset = day - first
    span = int(offset.max()) + 1
    group = d.commune * span + offset
    order = np.argsort(group, kind="stable")  # rows are in order of receipt already
    ordered = group[order]
    starts = np.ones(ordered.size, dtype=np.bool_)
    starts[1:] = ordered[1:] != ordered[:-1]
    position = np.arange(ordered.size, dtype=np.int64)
    serial = np.empty(ordered.size, dtype=np.int64)
    serial[order] = position - np.maximum.accumulate(np.where(starts, position, 0)) + 1
    days = [(_EPOCH_DAY + timedelta(days=first + i)).strftime("%y%m%d") for i in range(span)]
    serials = [f"{i:04d}" for i in range(int(serial.max()) + 1)]
    return g._concat(
        g._lookup("c", c.communes().code, d.commune),
        "-",
        g._lookup("d", days, offset),
        "-",
        g._lookup("s", serials, serial),
    ).alias("dossier_id")


# ---------------------------------------------------------------------------------------
# defects


def _applicant_defects(
    t: g._Table, pop: g._Population, d: _Dossiers, pid: pl.Series, names: pl.Series
) -> int:
    """Missing, unknown and malformed personal ids; names that differ from ``dan_cu``.

    Returns the number of non-null ids not found in ``dan_cu`` (absent or malformed).
    """

    def gone(size: int) -> dict[str, int]:
        return {"evaluated": -size}  # the key is not found in dan_cu: not evaluated

    idx = t.take("null_applicant_id")
    g._scatter(pid, idx, None)
    t.record(
        "null_applicant_id",
        "applicant_person_id",
        idx.size,
        {
            "applicant_id_present": g._fails(idx),
            "cccd:applicant_person_id": gone(idx.size),
            "exists_in:applicant_person_id": gone(idx.size),
            "name_matches_population": gone(idx.size),
            "deceased_applicant_open": gone(idx.size),
        },
    )
    absent, malformed = c.inject_unlinked_ids(
        t,
        ("applicant_id_absent", "applicant_id_malformed"),
        "applicant_person_id",
        pid,
        pop=pop,
        person=d.person,
        unevaluated=["name_matches_population", "deceased_applicant_open"],
    )
    c.transform_rows(
        t,
        "applicant_name_unaccented",
        "applicant_name",
        names,
        _unaccented,
        fails=["name_matches_population"],
        eligible=c.nfd_changes(pop, d.person),
    )
    c.transform_rows(
        t,
        "applicant_name_double_space",
        "applicant_name",
        names,
        c.double_spaces,
        fails=["normalized_text:applicant_name", "name_matches_population"],
    )
    return int(absent.size + malformed.size)


def _unaccented(names: pl.Series) -> pl.Series:
    """Names without diacritics, as typed on a keyboard without Vietnamese input."""
    return (
        names.str.normalize("NFD")
        .str.replace_all(r"\p{Mn}", "")
        .str.replace_all("Đ", "D", literal=True)
        .str.replace_all("đ", "d", literal=True)
    )


def _tax_code_defects(t: g._Table, dn: c.Part, d: _Dossiers) -> tuple[pl.Series, int]:
    """The organisations' tax codes with bad check digits and codes unknown to the registry.

    Returns the tax codes and the number of them not found in ``doanh_nghiep``.
    """
    mst = dn.frame["mst"].gather(d.firm)
    tax_code = g._with_nulls("applicant_tax_code", mst, d.organisation)
    bad = c.transform_rows(
        t,
        "tax_code_bad_check_digit",
        "applicant_tax_code",
        tax_code,
        lambda s: c.bad_check_digit(s, t.rng),
        fails=["mst:applicant_tax_code", "exists_in:applicant_tax_code"],
        eligible=d.organisation,
    )
    absent = c.inject_absent_tax_codes(
        t,
        "enterprise_absent",
        "applicant_tax_code",
        tax_code,
        province=c.communes().province[d.commune],
        exclude=c.registered_bases(dn),
        eligible=d.organisation,
    )
    return tax_code, int(bad.size + absent.size)


def _date_defects(t: g._Table, d: _Dossiers, as_of: datetime, future: IntArray) -> None:
    """Impossible or future times, a status left behind, stale records.

    ``future`` are the open dossiers taken for ``received_in_future``.
    """
    rng, as_of_us = t.rng, g._us(as_of)
    limit = np.array([q.days for q in PROCEDURES], dtype=np.int64) * _DAY_US

    idx = t.take("due_before_received")
    d.due[idx] = d.received[idx] - g._US_PER_S * (1 + g._later(rng, idx.size, 30 * g._DAY_S))
    t.record("due_before_received", "due_at", idx.size, {"due_after_received": g._fails(idx)})
    idx = future
    d.received[idx] = as_of_us + g._US_PER_S * (1 + g._later(rng, idx.size, 60 * g._DAY_S))
    d.due[idx] = d.received[idx] + limit[d.procedure[idx]]
    t.record(
        "received_in_future", "received_at", idx.size, {"not_future:received_at": g._fails(idx)}
    )
    idx = t.take("returned_before_received", d.done)
    d.returned[idx] = d.received[idx] - g._US_PER_S * (1 + g._later(rng, idx.size, 30 * g._DAY_S))
    t.record(
        "returned_before_received",
        "returned_at",
        idx.size,
        {"returned_after_received": g._fails(idx)},
    )
    c.inject_future(
        t,
        "returned_in_future",
        "returned_at",
        d.returned,
        lambda size: c.future_micros(rng, as_of, size, 30),
        eligible=d.done,
    )
    idx = t.take("returned_status_not_updated", d.done)
    d.status[idx] = STATUSES.index("in_progress")
    t.record(
        "returned_status_not_updated",
        "status",
        idx.size,
        {"returned_has_final_status": g._fails(idx)},
    )
    c.inject_stale_updated_at(t, d.updated, as_of)
