"""pandas DataFrames in and out: :func:`read_list` reads a batch file into a DataFrame, and
:func:`evaluate_frame` (also :meth:`Engine.evaluate_frame <green_procurement.Engine.evaluate_frame>`)
scores one, one output row per input row, with the columns of the CSV report.

>>> import green_procurement as gp                                           # doctest: +SKIP
>>> df = gp.read_list("examples/mua-sam-can-tho-2025.csv")                   # doctest: +SKIP
>>> out = gp.load_default().evaluate_frame(df, on=datetime.date(2025, 12, 1))  # doctest: +SKIP
>>> out.groupby("status").value.sum()                                         # doctest: +SKIP

Nothing is scored differently from ``check``: a frame row is a batch row.  Its columns are headers
(canonical names, ``attr.<name>``, or the Vietnamese and English synonyms ``check`` accepts), its
cells go through the same row builder (:class:`~green_procurement.io.RowBuilder`), the same
:func:`~green_procurement.check.evaluate_row` scores it, and the output row is the report's
:func:`~green_procurement.report.result_row`, typed.  NumPy scalars, ``pd.NA``/``NaN``/``NaT`` and
Timestamps are turned into the Python values a file reader gives.  pandas is an optional extra
(``pip install green-procurement[pandas]``); it is imported when one of these functions runs.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ._messages import Msg, msg
from .check import evaluate_row
from .errors import GppError
from .io import CANONICAL, HeaderMap, Row, RowBuilder, RowReader, read_rows
from .io.base import BatchItem, RawRow
from .io.numbers import NumberFormat
from .report import COLUMN_KEYS, result_row
from .results import ItemRecord

if TYPE_CHECKING:
    import pandas as pd

    from .catalog import Catalog
    from .engine import Engine

__all__ = ["FRAME_DTYPES", "evaluate_frame", "frame_records", "read_list", "records_frame"]

#: The pandas dtype of each output column (``value``: Int64 when every amount fits, else exact
#: ``int``/``Decimal`` objects).
FRAME_DTYPES: Mapping[str, str] = {
    **{k: "string" for k in COLUMN_KEYS},
    "row": "Int64", "score": "Float64", "green": "boolean", "value": "money",
}
_INT64 = (-(1 << 63), (1 << 63) - 1)
#: The name of the index that holds a file's own row numbers (:func:`read_list` sets it).
ROW_INDEX = "row"
#: What a frame's rows are called in results when ``df.attrs`` names no source.
DEFAULT_SOURCE = "DataFrame"


def _pandas() -> Any:
    try:
        import pandas
    except ImportError:
        raise GppError(msg("frame.no-pandas"), code="missing-extra", hint=msg("frame.no-pandas.hint")) from None
    return pandas


# -- reading ---------------------------------------------------------------------------------------------

def read_list(path: str | os.PathLike[str], *, catalog: Catalog | None = None,
              number_format: NumberFormat = "vi") -> pd.DataFrame:
    """A batch file (CSV, XLSX, JSON, JSON lines, YAML) as a DataFrame, read as ``check`` reads it.

    Columns are the fields the headers map to, canonical names in file order (``description``,
    ``quantity``, ``unit_price``, ``attr.powertrain``...); the index, named ``row``, holds the file's
    own row numbers.  Cells are parsed as ``check`` parses them where they can be (numbers exact:
    ``Int64`` when every value is whole and fits, else ``int``/``Decimal`` objects; dates as
    :class:`datetime.date`; attribute values by the catalogue) and kept as written where they cannot,
    so :func:`evaluate_frame` reports the same problem ``check`` would.  A row that could not even
    be split into cells has its ``error`` column set.  ``df.attrs`` records ``source``, ``format``,
    ``columns`` (header -> field) and ``ignored_columns``.  Raises
    :class:`~green_procurement.io.BatchFileError` for a file that cannot be read at all."""
    pd = _pandas()
    if catalog is None:
        from .catalog import load_catalog

        catalog = load_catalog()
    rows: list[dict[str, object]] = []
    index: list[int] = []
    with read_rows(path, catalog, number_format=number_format, raw=True) as reader:
        builder = RowBuilder(catalog, reader.source, number_format)
        for item in reader:
            index.append(_row_number(item))
            rows.append(_cells(item, builder))
        info = _info(reader)
    fields = _ordered_fields(rows)
    data = {f: [r.get(f) for r in rows] for f in fields}
    df = pd.DataFrame({f: _column(pd, values) for f, values in data.items()},
                      index=pd.Index(index, name=ROW_INDEX, dtype="int64"), columns=fields)
    df.attrs.update(info)
    return df


def _row_number(item: BatchItem) -> int:
    assert isinstance(item, (Row, RawRow))   # no RawBlock without block_lines
    return item.row


def _cells(item: BatchItem, builder: RowBuilder) -> dict[str, object]:
    if isinstance(item, RawRow):
        return builder.typed(item.cells)  # type: ignore[arg-type]
    assert isinstance(item, Row)      # the reason stays a message in both languages
    return {"request_id": item.request_id, "entity": item.entity, "funding": item.funding,
            "item_id": item.item_id, "description": item.description, "error": item.error}


def _ordered_fields(rows: Iterable[Mapping[str, object]]) -> list[str]:
    seen: dict[str, None] = {}
    for r in rows:
        for k in r:
            seen.setdefault(k, None)
    canon = [f for f in CANONICAL if f in seen]
    return canon + [f for f in seen if f not in canon]


def _info(reader: RowReader[Any]) -> dict[str, object]:
    return {"source": reader.source, "format": reader.format, "columns": dict(reader.columns),
            "ignored_columns": list(reader.ignored_columns)}


def _column(pd: Any, values: Sequence[object]) -> Any:
    """Whole numbers that fit as ``Int64``; anything else as objects, exactly as read."""
    present = [v for v in values if v is not None]
    if present and all(type(v) is int and _INT64[0] <= v <= _INT64[1] for v in present):
        return pd.array(list(values), dtype="Int64")
    return pd.array(list(values), dtype=object)


# -- scoring ---------------------------------------------------------------------------------------------

def evaluate_frame(engine: Engine, df: pd.DataFrame, on: datetime.date | None = None,
                   lang: str = "vi", *, number_format: NumberFormat = "vi",
                   source: str | None = None) -> pd.DataFrame:
    """Score every row of ``df``: a DataFrame with one row per input row, in order, with the columns
    of the CSV report (:data:`~green_procurement.report.COLUMN_KEYS`) typed (:data:`FRAME_DTYPES`),
    the texts in ``lang``, indexed like ``df``.  A row that cannot be read or scored is an ``error``
    row with the reason; nothing raises for bad rows.  Row numbers: the index when it is named
    ``row`` (as :func:`read_list` makes it), else the index + 1 for a whole-number index (a default
    ``RangeIndex``, also across the partitions of a Dask frame), else the position + 1."""
    _pandas()
    from .engine import _day

    day = _day(on)
    records = list(frame_records(engine, df, day, number_format=number_format, source=source))
    return records_frame(records, lang, engine.ruleset.catalog, index=df.index)


def frame_records(engine: Engine, df: pd.DataFrame, on: datetime.date, *, number_format: NumberFormat = "vi",
                  source: str | None = None) -> Iterator[ItemRecord]:
    """The :class:`~green_procurement.results.ItemRecord` of each row of ``df``, in order."""
    catalog = engine.ruleset.catalog
    name = source or str(df.attrs.get("source") or DEFAULT_SOURCE)
    builder = RowBuilder(catalog, name, number_format)
    headers = HeaderMap(catalog)
    # a problem names the column as the file had it (read_list's attrs) or as the frame has it
    written = {field: header for header, field in (df.attrs.get("columns") or {}).items()}
    fields: list[tuple[int, str]] = []
    columns: dict[str, str] = {}
    for i, col in enumerate(df.columns):
        field = "error" if col == "error" else headers.resolve(str(col))
        if field is not None and field not in columns:
            fields.append((i, field))
            columns[field] = written.get(field, str(col))
    numbers = _row_numbers(df)
    for n, values in zip(numbers, df.itertuples(index=False, name=None), strict=True):
        cells = {field: _py(values[i]) for i, field in fields}
        error = cells.pop("error", None)
        if isinstance(error, Msg):              # a row read_list could not split into cells
            row = builder.error(n, error, cells)  # type: ignore[arg-type]
        elif isinstance(error, str) and error:   # the same, made text on the way (Dask's string columns)
            row = builder.error(n, Msg(error, error, "row.unreadable"), cells)  # type: ignore[arg-type]
        else:
            row = builder.build(n, cells, columns)  # type: ignore[arg-type]
        yield evaluate_row(engine, row, on)


def _row_numbers(df: pd.DataFrame) -> list[int]:
    index = df.index
    if index.name == ROW_INDEX and index.dtype.kind in "iu":
        return [int(x) for x in index]
    if index.dtype.kind in "iu":
        return [int(x) + 1 for x in index]
    return list(range(1, len(index) + 1))


def _py(value: object) -> object:
    """A cell as a file reader would give it: NumPy scalars as Python numbers, NA as None,
    Timestamps as dates (or datetimes with a time of day)."""
    if value is None or type(value) in (str, bool, int, Decimal, Msg):
        return value
    pd = _pandas()
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):   # a list or a mapping
        pass
    if isinstance(value, pd.Timestamp):
        dt = value.to_pydatetime()
        return dt.date() if dt.time() == datetime.time(0) and dt.tzinfo is None else dt
    if type(value).__module__ == "numpy":      # numpy.int64 -> int, numpy.bool_ -> bool, numpy.str_ -> str
        if getattr(value, "dtype", None) is not None and value.dtype.kind == "M":  # type: ignore[attr-defined]
            return _py(pd.Timestamp(value))
        return value.item()  # type: ignore[attr-defined]
    return value


def records_frame(records: Sequence[ItemRecord], lang: str, catalog: Catalog | None,
                  index: Any = None) -> pd.DataFrame:
    """Records as a typed DataFrame with the report's columns (see :func:`evaluate_frame`)."""
    pd = _pandas()
    rows = [result_row(r, lang, catalog) for r in records]
    data: dict[str, Any] = {}
    for j, key in enumerate(COLUMN_KEYS):
        values = [r[j] for r in rows]
        if key == "green":
            data[key] = pd.array([r.result.status == "green" for r in records], dtype="boolean")
        elif key == "value":
            data[key] = _column(pd, values)
        else:
            data[key] = pd.array(values, dtype=FRAME_DTYPES[key])
    out = pd.DataFrame(data, columns=list(COLUMN_KEYS))
    if index is not None and len(index) == len(rows):
        out.index = index.rename(None) if getattr(index, "name", None) == ROW_INDEX else index
    return out
