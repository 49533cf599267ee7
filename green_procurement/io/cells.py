"""Cells of batch rows that are not numbers, dates or yes/no values: text, label claims, attributes.

Every parser raises :class:`~green_procurement.io.numbers.CellError` with a message in both languages
that says what was found and what was expected (the row builder prefixes the column header).
"""

from __future__ import annotations

import datetime
import functools
import re
import unicodedata
from collections.abc import Callable, Mapping
from decimal import Decimal

from .._messages import Msg, join, msg
from .._text import fold
from ..catalog import AttributeSpec, Catalog, LabelScheme
from ..errors import suggest
from ..model import LabelClaim, Scalar, nfc
from ._trusted import label_claim
from .numbers import CellError, NumberFormat, Percent, kind, parse_bool, parse_date_cell, parse_number

__all__ = ["AttributeReader", "BadCell", "CellValue", "LabelIndex", "attribute", "attribute_reader", "blank",
           "free_attribute", "parse_labels", "text_cell"]

class BadCell:
    """An XLSX cell that cannot be read as it is — a formula with no saved value (as scripts write
    them: nothing calculated it), a text longer than Excel allows in a cell — with ``message`` saying
    so.  The row builder makes it an error of its column, naming the column."""

    __slots__ = ("message",)

    def __init__(self, message: Msg) -> None:
        self.message = message

    def __repr__(self) -> str:
        return f"BadCell({self.message.en!r})"


#: What a cell of a batch file can hold once read: text (CSV, and most XLSX/JSON cells), a number,
#: a yes/no value, a date (XLSX, YAML), a percentage (XLSX), nothing, (JSON, YAML) a list or an
#: object, which only the ``labels`` and ``attributes`` cells accept, or (XLSX) a cell that cannot be read.
CellValue = (str | int | float | Decimal | bool | datetime.date | datetime.datetime | Percent | None
             | list[object] | tuple[object, ...] | Mapping[str, object] | BadCell)

#: Texts that mean "no data" in a cell.
DASHES = frozenset({"-", "–", "—", "--"})
_DASHES = DASHES
_CLAIM_SEPARATORS = re.compile(r"[;|\n\r,]")
_CLAIM = re.compile(r"(?P<scheme>[^:@#]+?)\s*(?::\s*(?P<grade>[^:@#]*?))?\s*(?:@\s*(?P<until>[^:@#]*?))?"
                    r"\s*(?:\#\s*(?P<number>.*?))?\s*")
_STARS = re.compile(r"(\d+)\s*(?:sao|stars?|★+|\*)?", re.IGNORECASE)


def blank(value: object) -> bool:
    """An empty cell: nothing, only spaces, or a dash used as "no data"."""
    if value is None:
        return True
    if isinstance(value, str):
        text = value.strip()
        return not text or text in _DASHES
    return False


def text_cell(value: object) -> str:
    """Cell text, NFC and stripped; ids and codes given as numbers become their digits."""
    if type(value) is str:          # the common case first
        return unicodedata.normalize("NFC", value).strip()
    if type(value) is BadCell:
        raise CellError(value.message)
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value).strip()
    if isinstance(value, bool):
        raise CellError(msg("cell.text-yes-no", value="true" if value else "false"))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (float, Decimal)):
        return format(Decimal(repr(value)) if isinstance(value, float) else value, "f")
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, Percent):
        return f"{value.value}%"
    raise CellError(msg("cell.expected-text", kind=kind(value if isinstance(value, (list, tuple)) else {})))


class LabelIndex:
    """Index of the catalogue's label schemes for matching ids typed in any case, and grades typed in
    any case or without diacritics."""

    def __init__(self, catalog: Catalog) -> None:
        self.ids = tuple(catalog.labels)
        self.by_lower = {k.lower(): v for k, v in catalog.labels.items()}
        by_fold: dict[str, LabelScheme | None] = {}
        for k, v in catalog.labels.items():
            f = fold(k)
            by_fold[f] = None if f in by_fold else v  # ambiguous folds match nothing
        self.by_fold = by_fold
        #: scheme id -> folded grade -> the first grade of its scale that folds so (text scales only)
        self.grades: dict[str, dict[str, int | str]] = {}
        #: the schemes whose id and grades the model keeps as they are (NFC, stripped, non-empty texts):
        #: their claims are made without the model's converters (io/_trusted.py)
        self.clean: set[str] = set()
        for k, v in catalog.labels.items():
            scale = v.grades.scale if v.grades is not None else ()
            if v.grades is not None and not v.grades.numeric:
                folded: dict[str, int | str] = {}
                for g in scale:
                    folded.setdefault(fold(str(g)), g)
                self.grades[v.id] = folded
            if v.id == k and k and nfc(k) == k and all(type(g) is int or (type(g) is str and g and nfc(g) == g)
                                                       for g in scale):
                self.clean.add(k)

    def find(self, scheme: str) -> LabelScheme | None:
        s = scheme.strip()
        return self.by_lower.get(s.lower()) or self.by_fold.get(fold(s))


def _grade(index: LabelIndex, scheme: LabelScheme, raw: object, shown: str) -> int | str:
    """A grade checked against the scheme's scale (catalogue spelling kept)."""
    grades = scheme.grades
    text = raw.strip() if isinstance(raw, str) else raw
    if grades is None:
        raise CellError(msg("cell.no-grades", scheme=scheme.id, shown=shown))
    if grades.numeric:
        value: int | str | None = None
        if isinstance(text, int) and not isinstance(text, bool):
            value = text
        elif isinstance(text, (float, Decimal)):
            try:
                n = parse_number(text)
            except CellError:
                n = None
            value = n if isinstance(n, int) else None
        elif isinstance(text, str) and (m := _STARS.fullmatch(text)):
            value = int(m.group(1))
        if value is None or value not in grades.scale:
            raise CellError(msg("cell.off-scale", grade=text, scheme=scheme.id, shown=shown,
                                scale=join(grades.scale)))
        return value
    if isinstance(text, str):
        found = index.grades[scheme.id].get(fold(text))
        if found is not None:
            return found
    hint = suggest(str(text), [str(g) for g in grades.scale])
    scale = join(grades.scale)
    if hint is None:
        raise CellError(msg("cell.off-scale", grade=text, scheme=scheme.id, shown=shown, scale=scale))
    raise CellError(msg("cell.off-scale-hint", grade=text, scheme=scheme.id, shown=shown, scale=scale, hint=hint))


def _scheme(index: LabelIndex, name: str, shown: str) -> LabelScheme:
    found = index.find(name)
    if found is None:
        hint = suggest(name.strip(), index.ids) or msg("cell.unknown-label.hint")
        raise CellError(msg("cell.unknown-label", name=name.strip(), shown=shown, hint=hint))
    return found


def _until(raw: object, shown: str) -> datetime.date:
    try:
        return parse_date_cell(raw)
    except CellError as exc:
        raise CellError(msg("cell.valid-until", shown=shown, reason=exc.message)) from None


def claim_parts(part: str) -> tuple[str, str | None, str | None, str | None] | None:
    """The scheme, grade, valid-until date and certificate number texts of a claim, as :data:`_CLAIM`
    reads them (None: it is not a claim).  A claim as people write it (``vn-energy:5@31/12/2027``) is
    split at its first ``#``, ``@`` and ``:``, which the pattern (lazy, so it backtracks) takes a few
    times longer to do; anything else (a mark twice or out of order, no scheme) is left to it."""
    head, hashed, number = part.partition("#")
    rest, at, until = head.partition("@")
    name, colon, grade = rest.partition(":")
    if not name.strip() or ":" in grade or ":" in until or "@" in until or "\n" in number:
        m = _CLAIM.fullmatch(part)
        return None if m is None else (m["scheme"], m["grade"], m["until"], m["number"])
    return (name.rstrip(), grade.strip() if colon else None, until.strip() if at else None,
            number.strip() if hashed else None)


def _parse_claim_text(index: LabelIndex, part: str) -> LabelClaim:
    parts = claim_parts(part)
    if parts is None:
        raise CellError(msg("cell.not-claim", part=part))
    name, grade_text, until_text, number = parts
    if not name.strip():
        raise CellError(msg("cell.not-claim", part=part))
    scheme = _scheme(index, name, part)
    grade = _grade(index, scheme, grade_text, part) if grade_text else None
    until = _until(until_text, part) if until_text else None
    if grade_text is not None and not grade_text.strip():
        raise CellError(msg("cell.no-grade", part=part))
    if until_text is not None and not until_text.strip():
        raise CellError(msg("cell.no-date", part=part))
    if number is not None and not number.strip():
        raise CellError(msg("cert.cell.no-number", part=part))
    certificate = number.strip() if number else None
    if scheme.id in index.clean:    # values the model's converters keep as they are (io/_trusted.py)
        return label_claim(scheme.id, grade, certificate if certificate is None else nfc(certificate), until)
    return LabelClaim(scheme.id, grade, certificate, until)


_CLAIM_KEYS = ("scheme", "grade", "certificate", "valid_until")


def _parse_claim_mapping(index: LabelIndex, data: Mapping[object, object]) -> LabelClaim:
    for key in data:
        if key not in _CLAIM_KEYS:
            hint = suggest(key, _CLAIM_KEYS) or msg("hint.allowed", values=join(_CLAIM_KEYS))
            raise CellError(msg("cell.claim-key", key=key, hint=hint))
    raw_scheme = data.get("scheme")
    if not isinstance(raw_scheme, str) or not raw_scheme.strip():
        raise CellError(msg("cell.claim-scheme", data=data))
    shown = raw_scheme.strip()
    scheme = _scheme(index, raw_scheme, shown)
    grade = None if blank(data.get("grade")) else _grade(index, scheme, data["grade"], f"{shown}:{data['grade']}")
    until = None if blank(data.get("valid_until")) else _until(data["valid_until"], shown)
    certificate = None
    if not blank(data.get("certificate")):
        certificate = text_cell(data["certificate"])
    return LabelClaim(scheme.id, grade, certificate, until)


def parse_labels(value: object, catalog: Catalog, *, _index: LabelIndex | None = None) -> tuple[LabelClaim, ...]:
    """Label claims from a ``labels`` cell: ``vn-energy:5@2027-12-31; vn-ecolabel@31/12/2026``.

    Claims are separated by ``;``, ``|``, ``,`` or new lines; each is
    ``scheme[:grade][@valid_until][#certificate]`` with spaces tolerated
    (``vn-ecolabel@2027-06-30#12/QĐ-BNNMT``).  Scheme ids match the catalogue's in any case (the
    catalogue's id is kept); a grade must be on the scheme's scale; the date is ISO or dd/mm/yyyy.  A
    JSON list of such texts, or of objects ``{scheme, grade, certificate, valid_until}``, is read too.
    Raises :class:`CellError`.
    """
    index = _index or LabelIndex(catalog)
    if blank(value):
        return ()
    parts: list[object]
    if isinstance(value, str):
        parts = [p.strip() for p in _CLAIM_SEPARATORS.split(unicodedata.normalize("NFC", value))]
    elif isinstance(value, (list, tuple)):
        parts = list(value)
    else:
        raise CellError(msg("cell.expected-claims", value=value))
    claims: list[LabelClaim] = []
    for part in parts:
        if type(part) is str:       # the common case first (a Mapping test is an ABC test)
            if part.strip():
                claims.append(_parse_claim_text(index, part.strip()))
        elif isinstance(part, LabelClaim):
            claims.append(part)
        elif isinstance(part, Mapping):
            claims.append(_parse_claim_mapping(index, part))
        elif isinstance(part, str):
            if part.strip():
                claims.append(_parse_claim_text(index, part.strip()))
        else:
            raise CellError(msg("cell.expected-claim", part=part))
    return tuple(claims)


def attribute(spec: AttributeSpec, value: object, number_format: NumberFormat) -> Scalar:
    """An attribute value typed by its declaration (None when the cell is empty)."""
    if blank(value):
        return None
    return attribute_reader(spec, number_format)(value)


#: Reads the value of a cell that is not blank (:func:`blank`); raises :class:`CellError`.
AttributeReader = Callable[[object], Scalar]


def attribute_reader(spec: AttributeSpec, number_format: NumberFormat) -> AttributeReader:
    """How :func:`attribute` reads a cell of ``spec`` that is not blank, decided once per declaration
    (a row builder keeps one per attribute column) rather than once per cell."""
    if spec.type == "boolean":
        return parse_bool
    if spec.type in ("number", "integer"):
        return functools.partial(_number_attribute, spec, number_format)
    if spec.values is not None:
        return functools.partial(_choice_attribute, spec)
    return text_cell


def _number_attribute(spec: AttributeSpec, number_format: NumberFormat, value: object) -> Scalar:
    n = parse_number(value, number_format, percent=True)
    if spec.type == "integer" and not isinstance(n, int):
        raise CellError(msg("cell.not-whole", value=_show(value)))
    if spec.minimum is not None and n < spec.minimum:
        raise CellError(msg("cell.below", value=_show(value), minimum=spec.minimum))
    if spec.maximum is not None and n > spec.maximum:
        raise CellError(msg("cell.above", value=_show(value), maximum=spec.maximum))
    if isinstance(n, Decimal) and len(n.as_tuple().digits) > 15:
        raise CellError(msg("cell.digits", value=_show(value)))
    return n


def _choice_attribute(spec: AttributeSpec, value: object) -> Scalar:
    text = text_cell(value)
    assert spec.values is not None
    found = spec.value_of(text)
    if found is not None:
        return found
    hint = suggest(text, spec.values)
    if hint is None:
        raise CellError(msg("cell.not-one-of", text=text, values=join(spec.values)))
    raise CellError(msg("cell.not-one-of-hint", text=text, values=join(spec.values), hint=hint))


def free_attribute(value: object) -> Scalar:
    """An attribute the catalogue does not declare (no rule reads it): kept as given."""
    if blank(value):
        return None
    if isinstance(value, (bool, int, Decimal)):
        return value
    if isinstance(value, float):
        return parse_number(value)
    return text_cell(value)


def _show(value: object) -> str:
    return repr(value) if isinstance(value, str) else str(getattr(value, "value", value))
