"""Group a digit key by sorting its codes in place with NumPy once the scan has ended.

:func:`~datacheck.engine.digit_keys.sorted_groups` sorts the key's codes inside the streaming
query. Polars' sort node holds them three times at its peak (its buffered input, the rechunked
column and the sorted output), and the records' lookup holds a fourth copy in file order:
30-odd bytes a row. Here the scan instead hands each morsel's packed codes (:func:`packed_code
<datacheck.engine.digit_keys.packed_code>`, eight bytes a row) to a :class:`CodeCapture`, which
keeps them as they are. Once the one metrics query has ended, they are copied into one NumPy
array and sorted in place (NumPy's vectorised quicksort, one segment per thread after an
in-place partition, :func:`sort_in_place`: 0.08 s for 20 million codes on this project's 2-core
machine, against 0.3 s for Polars' sort). The codes equal to a neighbour are copied out
(:func:`repeated_runs`: the rows of duplicated keys) and grouped; the one-row groups are only
counted, by rank (:attr:`~datacheck.engine.digit_keys.SortedGroups.singles`), and the sorted
array is freed. The codes are held twice at the peak (in file order for the records, and
sorted), 16 bytes a row. The engine takes this way when
:func:`~datacheck.engine.local.sorts_after_scan` says so (NumPy's import costs about 50 ms).

The two steps are a :class:`CapturedGroups`: ``query`` runs inside the metrics query (one row),
``finish`` turns its row into the group frame. The capture checks that the morsels it received
tile the rows exactly once (a Polars that evaluated the capture twice, or not at all, would
otherwise change the counts): :class:`CaptureError` says they did not, and the engine then
groups the key with the sort node instead.

Examples
--------
>>> import polars as pl
>>> frame = pl.LazyFrame({"id": ["07", "7", "07", "8", "a", "a", None, "b"]})
>>> captured = captured_groups(frame, "id", "n")
>>> groups = captured.finish(captured.query.collect(engine="streaming"))
>>> sorted(groups.frame.collect().rows(), key=str)
[('', 1), ('', 1), ('07', 2), ('a', 2), ('b', 1), (None, 1)]
"""

from __future__ import annotations

import itertools
import mmap
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final

import polars as pl

from datacheck.engine.digit_keys import (
    PACKED_COLUMN,
    RANK_BITS,
    WEIGHT_COLUMN,
    SortedGroups,
    check_rank_counts,
    coded_by_rank,
    coded_rows,
    packed_code,
    rank_count_exprs,
    repeated_groups,
    single_groups,
    uncoded_groups,
)

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__ = [
    "NO_CODE",
    "CaptureError",
    "CapturedGroups",
    "CodeCapture",
    "captured_groups",
    "prepare_numpy",
    "repeated_runs",
    "sort_in_place",
]

NO_CODE: Final = 2**64 - 1
"""The captured value of a row without a code (a null key, or not a digit string): above every
packed code (at most ``((10**17 - 1) * 20 + 17) * 4 + 3``), so the sort puts these rows last."""

_INDEX: Final = "__datacheck_capture_index"
_ROWS: Final = "__datacheck_capture_rows"
_LAST: Final = "__datacheck_capture_last"
_UNCODED: Final = "__datacheck_capture_uncoded"
_RANKED: Final = "__datacheck_capture_rank_"

_BLOCK: Final = 1 << 20
"""Codes compared at a time when finding repeats (bounds the temporaries to a few MiB)."""
_MIN_SEGMENT: Final = 1 << 18
"""Rows a thread sorts at least (smaller arrays are sorted on one thread)."""


class CaptureError(RuntimeError):
    """The morsels a :class:`CodeCapture` received do not tile the rows exactly once."""


def prepare_numpy() -> None:
    """Import NumPy in a background thread, so that the import overlaps the scan.

    Polars releases the interpreter while it scans; the import (about 50 ms) then costs
    little wall time. Calling it again does nothing.

    Examples
    --------
    >>> prepare_numpy()
    """
    global _IMPORTING  # noqa: PLW0603
    with _IMPORT_LOCK:
        if _IMPORTING is None:
            _IMPORTING = threading.Thread(target=_import_numpy, name="datacheck-numpy", daemon=True)
            _IMPORTING.start()


_IMPORT_LOCK = threading.Lock()
_IMPORTING: threading.Thread | None = None


def _import_numpy() -> None:
    import numpy  # noqa: F401, PLC0415


@dataclass
class CodeCapture:
    """The packed codes of a digit key, taken from the scan morsel by morsel.

    Attributes
    ----------
    parts
        ``(first row, codes)`` for each morsel received, in the order received: the codes are
        ``UInt64``, :data:`NO_CODE` for a row without one.

    Examples
    --------
    >>> import polars as pl
    >>> capture = CodeCapture()
    >>> rows = pl.LazyFrame({PACKED_COLUMN: pl.Series([8, None, 4], dtype=pl.UInt64)})
    >>> seen = capture.query(rows).collect(engine="streaming")
    >>> capture.file_order(seen).to_list()
    [8, 18446744073709551615, 4]
    """

    parts: list[tuple[int, pl.Series]] = field(default_factory=list)

    def query(self, rows: pl.LazyFrame) -> pl.LazyFrame:
        """One row: ``rows``' count and the last row index the capture saw.

        Collecting it hands every morsel of ``rows``' :data:`PACKED_COLUMN` to this capture.
        """
        indexed = rows.with_row_index(_INDEX).select(
            pl.col(_INDEX), pl.col(PACKED_COLUMN).fill_null(NO_CODE).alias(PACKED_COLUMN)
        )
        taken = pl.struct(_INDEX, PACKED_COLUMN).map_batches(
            self._take, return_dtype=pl.get_index_type(), is_elementwise=True
        )
        return indexed.select(pl.len().alias(_ROWS), taken.max().alias(_LAST))

    def _take(self, batch: pl.Series) -> pl.Series:
        fields = batch.struct
        index = fields.field(_INDEX)
        if len(index):
            self.parts.append((int(index[0]), fields.field(PACKED_COLUMN)))
        return index

    def file_order(self, seen: pl.DataFrame) -> pl.Series:
        """The captured codes in file order (one chunk per morsel, nothing copied).

        Parameters
        ----------
        seen
            :meth:`query`'s row.

        Raises
        ------
        CaptureError
            If the morsels do not cover the rows ``seen`` counts exactly once, in order.
        """
        rows = int(seen.item(0, _ROWS))
        parts = sorted(self.parts, key=lambda part: part[0])
        expected = 0
        for start, codes in parts:
            if start != expected:
                msg = f"captured codes start at row {start}, expected row {expected}"
                raise CaptureError(msg)
            expected += len(codes)
        if expected != rows:
            msg = f"captured {expected} codes for {rows} rows"
            raise CaptureError(msg)
        if not parts:
            return pl.Series(PACKED_COLUMN, [], dtype=pl.UInt64)
        return pl.concat([codes for _, codes in parts], rechunk=False)

    def sorted_codes(self, in_file_order: pl.Series) -> npt.NDArray[np.uint64]:
        """The codes in ascending order, those of rows without a code left out (one copy).

        Examples
        --------
        >>> import polars as pl
        >>> CodeCapture().sorted_codes(pl.Series([9, NO_CODE, 4], dtype=pl.UInt64)).tolist()
        [4, 9]
        """
        import numpy as np  # noqa: PLC0415

        out = _codes_array(len(in_file_order))
        position = 0
        for chunk in in_file_order.get_chunks():
            out[position : position + len(chunk)] = chunk.to_numpy()
            position += len(chunk)
        sort_in_place(out)
        return out[: int(np.searchsorted(out, np.uint64(NO_CODE)))]


def _codes_array(rows: int) -> npt.NDArray[np.uint64]:
    """An uninitialised array for ``rows`` codes, in a private anonymous mapping.

    ``np.empty`` advises the kernel to back a large array with huge pages. In a new process
    the kernel may first compact memory to find them: the first 160 MB array then took
    0.18–0.46 s to fill instead of 0.013 s, in about half the runs on this project's VM. A
    plain private mapping gets ordinary pages: 0.058 s every time for 20 million codes.
    Where ``mmap`` has no such flags (Windows), ``np.empty`` it is.
    """
    import numpy as np  # noqa: PLC0415

    private = getattr(mmap, "MAP_PRIVATE", None)
    anonymous = getattr(mmap, "MAP_ANONYMOUS", None)
    if rows == 0 or private is None or anonymous is None:
        return np.empty(rows, dtype=np.uint64)
    mapping = mmap.mmap(-1, rows * 8, flags=private | anonymous)
    return np.frombuffer(mapping, dtype=np.uint64, count=rows)  # keeps the mapping alive


def sort_in_place(codes: npt.NDArray[np.uint64], threads: int | None = None) -> None:
    """Sort ``codes`` in place, on several threads for a large array.

    NumPy's sort runs on one thread (it releases the interpreter lock). A large array is first
    partitioned in place around ``threads - 1`` of its order statistics (NumPy's introselect:
    0.01 s for 20 million codes), so that every segment's values lie between its neighbours';
    the segments are then sorted at once, one per thread, and the whole array is sorted. On 2
    cores: 0.08 s for 20 million codes, against 0.115 s for one sort.

    Parameters
    ----------
    codes
        The array to sort.
    threads
        How many threads; by default Polars' thread pool size (the scan is over, so its
        threads are idle).

    Examples
    --------
    >>> import numpy as np
    >>> codes = np.array([5, 3, 9, 3, 1, 8], dtype=np.uint64)
    >>> sort_in_place(codes, threads=3)
    >>> codes.tolist()
    [1, 3, 3, 5, 8, 9]
    """
    count = max(1, threads if threads is not None else pl.thread_pool_size())
    if count == 1 or len(codes) < count * _MIN_SEGMENT:
        codes.sort()
        return
    bounds = [len(codes) * i // count for i in range(count + 1)]
    codes.partition(bounds[1:-1])
    segments = [codes[start:stop] for start, stop in itertools.pairwise(bounds)]
    workers = [threading.Thread(target=segment.sort) for segment in segments[1:]]
    for worker in workers:
        worker.start()
    segments[0].sort()
    for worker in workers:
        worker.join()


def repeated_runs(
    codes: npt.NDArray[np.uint64], threads: int | None = None
) -> npt.NDArray[np.uint64]:
    """The sorted packed codes whose code is also a neighbour's: the rows of groups of 2+.

    Two packed codes hold the same code exactly when they differ in the rank bits alone: when
    their exclusive or is below :data:`~datacheck.engine.digit_keys.RANK_BITS`. The codes are
    compared a block at a time (the temporaries stay a few MiB), a range of blocks per thread
    for a large array; only the positions of rows equal to a neighbour are kept, and the
    codes at those positions copied.

    Parameters
    ----------
    codes
        Packed codes in ascending order.
    threads
        How many threads; by default Polars' thread pool size (as :func:`sort_in_place`).

    Returns
    -------
    numpy.ndarray
        The codes of the rows of groups of two or more rows, in ascending order.

    Examples
    --------
    >>> import numpy as np
    >>> codes = np.array([4, 5, 8, 12, 14, 15], dtype=np.uint64)
    >>> repeated_runs(codes).tolist()
    [4, 5, 12, 14, 15]
    """
    import numpy as np  # noqa: PLC0415

    count = max(1, threads if threads is not None else pl.thread_pool_size())
    if len(codes) < count * _MIN_SEGMENT:
        count = 1
    bounds = [len(codes) * i // count for i in range(count + 1)]
    found: list[list[npt.NDArray[np.intp]]] = [[] for _ in range(count)]
    workers = [
        threading.Thread(target=_repeated_rows, args=(codes, lo, hi, found[i]))
        for i, (lo, hi) in enumerate(itertools.pairwise(bounds))
    ][1:]
    for worker in workers:
        worker.start()
    _repeated_rows(codes, bounds[0], bounds[1], found[0])
    for worker in workers:
        worker.join()
    rows = [part for parts in found for part in parts]
    if not rows:
        return np.empty(0, dtype=np.uint64)
    return codes[np.concatenate(rows)]


def _repeated_rows(
    codes: npt.NDArray[np.uint64], lo: int, hi: int, out: list[npt.NDArray[np.intp]]
) -> None:
    """Append to ``out`` the positions in ``[lo, hi)`` of rows equal to a neighbour."""
    import numpy as np  # noqa: PLC0415

    rank_bits = np.uint64(RANK_BITS)
    for start in range(lo, hi, _BLOCK):
        stop = min(start + _BLOCK, hi)
        # the pairs (i, i + 1) touching rows start .. stop - 1 that exist: i in [first, last)
        first, last = max(start - 1, 0), min(stop, len(codes) - 1)
        same = (codes[first:last] ^ codes[first + 1 : last + 1]) < rank_bits
        # pair start - 1 + j at j; a row is repeated if its pair on either side is
        pairs = np.zeros(stop - start + 1, dtype=bool)
        pairs[first - start + 1 : last - start + 1] = same
        rows = np.flatnonzero(pairs[:-1] | pairs[1:])
        if len(rows):
            out.append(rows + start)


@dataclass(frozen=True)
class CapturedGroups:
    """A digit key's group frame in two steps (see the module's description).

    Attributes
    ----------
    query
        One row; run it inside the metrics query (it reads the scan once).
    finish
        Builds the :class:`~datacheck.engine.digit_keys.SortedGroups` from ``query``'s row;
        raises :class:`CaptureError` if the capture went wrong.
    """

    query: pl.LazyFrame
    finish: Callable[[pl.DataFrame], SortedGroups]


def captured_groups(
    frame: pl.LazyFrame,
    key: str,
    size: str,
    *,
    rank: str | None = None,
    rank_counts: Mapping[str, int] | None = None,
    code: str | None = None,
    with_codes: bool = False,
) -> CapturedGroups:
    """:func:`~datacheck.engine.digit_keys.sorted_groups`, sorting with NumPy after the scan.

    The parameters and the frame ``finish`` gives are those of
    :func:`~datacheck.engine.digit_keys.sorted_groups` (which checks the ranks); the codes
    (with ``with_codes``) are the rows' codes in file order, as there.

    Examples
    --------
    >>> import polars as pl
    >>> frame = pl.LazyFrame({"id": ["1", "01", "1", None]})
    >>> captured = captured_groups(frame, "id", "n", with_codes=True)
    >>> groups = captured.finish(captured.query.collect(engine="streaming"))
    >>> sorted(groups.frame.collect().rows(), key=str)
    [('', 1), ('1', 2), (None, 1)]
    >>> assert groups.codes is not None
    >>> groups.codes.collect()[PACKED_COLUMN].to_list()  # codes 21, 22, 21 (rank 0)
    [84, 88, 84, None]
    """
    check_rank_counts(rank, rank_counts)
    prepare_numpy()
    carried = [pl.col(rank)] if rank is not None else []
    counts = rank_count_exprs(rank, rank_counts)
    coded = coded_rows(frame, key, rank=rank, code=code)
    capture = CodeCapture()
    uncoded = uncoded_groups(coded, key, carried, size, counts)
    parts = [
        capture.query(coded.select(packed_code(rank).alias(PACKED_COLUMN))),
        uncoded.select(pl.struct(pl.all()).implode().alias(_UNCODED)),
    ]
    if rank is not None:  # the coded rows of each rank, counted during the scan
        parts.append(coded_by_rank(coded, rank).select(pl.all().name.prefix(_RANKED)))
    query = pl.concat(parts, how="horizontal")

    def finish(seen: pl.DataFrame) -> SortedGroups:
        in_file_order = capture.file_order(seen)
        capture.parts.clear()  # the series holds the chunks
        codes = capture.sorted_codes(in_file_order)
        repeated = repeated_runs(codes)
        coded_rows = len(codes)
        del codes
        singles = _singles_by_rank(seen, repeated, coded_rows, rank)
        others = seen.get_column(_UNCODED)[0].struct.unnest().lazy()
        grouped = pl.concat(
            [
                repeated_groups(
                    pl.LazyFrame({PACKED_COLUMN: pl.Series(repeated)}),  # NumPy's memory
                    key,
                    size,
                    rank=rank,
                    counts=counts,
                ),
                others,
            ],
            how="vertical",
        )
        singles_frame = single_groups(singles.lazy(), key, size, counts=counts)
        if not with_codes:
            return SortedGroups(grouped, singles_frame)
        file_codes = pl.LazyFrame({PACKED_COLUMN: in_file_order}).select(
            pl.when(pl.col(PACKED_COLUMN) != NO_CODE).then(pl.col(PACKED_COLUMN))
        )
        return SortedGroups(grouped, singles_frame, file_codes)

    return CapturedGroups(query, finish)


def _singles_by_rank(
    seen: pl.DataFrame, repeated: npt.NDArray[np.uint64], coded: int, rank: str | None
) -> pl.DataFrame:
    """How many one-row groups of each rank: the coded rows of that rank not in a larger group.

    Raises
    ------
    CaptureError
        If the rows of each rank counted in the scan do not add up to the codes captured.
    """
    import numpy as np  # noqa: PLC0415

    if rank is None:
        return pl.DataFrame(
            {WEIGHT_COLUMN: [coded - len(repeated)]}, schema={WEIGHT_COLUMN: pl.Int64}
        )
    totals = np.array([seen.item(0, f"{_RANKED}{value}") for value in range(RANK_BITS)])
    if int(totals.sum()) != coded:
        msg = f"the scan counted {int(totals.sum())} coded rows by rank, the capture {coded}"
        raise CaptureError(msg)
    in_groups = np.bincount((repeated % np.uint64(RANK_BITS)).astype(np.intp), minlength=RANK_BITS)
    return pl.DataFrame(
        {
            rank: pl.Series(range(RANK_BITS), dtype=pl.UInt8),
            WEIGHT_COLUMN: pl.Series(totals - in_groups, dtype=pl.Int64),
        }
    )
