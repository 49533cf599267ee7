"""Certificate registries: the issuers' lists of certified products (``catalog/certificates/``).

A registry file is a CSV file or a YAML file of entries ``scheme, certificate, holder, product,
valid_from, valid_until, source`` (and an optional ``note``): one certificate of a label scheme of the
catalogue.  :func:`check_registry` loads every ``*.csv``, ``*.yaml`` and ``*.yml`` file of the folder
(other files, such as a README, are left alone) and reports every problem located at
file:line:column — a CSV file's column is the number of the cell — with a did-you-mean; a
certificate listed twice is refused.

A scheme *has a registry* when at least one entry of it is loaded.  :meth:`Registry.check` then tells
for a label claim whether the issuer's list confirms it on a day (:data:`STATUSES`):

``verified``     an entry of the scheme has the claim's number, its dates agree with the claim's and it
                 covers the day;
``not_found``    no entry of the scheme has that number;
``expired``      the entry does not cover the day (it expired, or is not yet in force);
``mismatch``     the claim's expiry date differs from the entry's;
``no_number``    the claim gives no certificate number;
``no_registry``  no entry of the scheme is loaded: nothing to check against.

Certificate numbers are compared without case, spaces or diacritics of ``đ`` (``1234/QĐ-BNNMT`` is
``1234/qd-bnnmt``), otherwise as written.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import json
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs

from ._messages import Msg, csvlib_reason, join, msg
from ._schema import Checker
from ._yaml import YamlLoadError, load_yaml
from .errors import InputError, Problem, suggest
from .model import parse_date

__all__ = ["COLUMNS", "FOLDER", "OPTIONAL", "REQUIRED", "STATUSES", "TRUSTED", "Certificate", "Registry",
           "certificate_key", "check_entry", "check_registry", "registry_csv", "registry_yaml"]

#: The folder of the catalogue that holds registry files.
FOLDER = "certificates"
#: The columns of a registry file, in order.
COLUMNS = ("scheme", "certificate", "holder", "product", "valid_from", "valid_until", "source", "note")
REQUIRED = ("scheme", "certificate", "source")
OPTIONAL = tuple(c for c in COLUMNS if c not in REQUIRED)
#: What a claim's check against the registries can find (label field ``registry_status``).
STATUSES = ("verified", "not_found", "expired", "mismatch", "no_number", "no_registry")
#: The statuses under which a claim still counts as proof whatever ``unverified_certificates`` says.
TRUSTED = frozenset({"verified", "no_registry"})
_SUFFIXES = (".csv", ".yaml", ".yml")
#: Longest certificate number accepted (a decision number with its symbol is about 30 characters).
MAX_NUMBER = 100


def certificate_key(number: str) -> str:
    """How certificate numbers are compared: NFC, no case, no white space, ``đ`` as ``d``."""
    text = unicodedata.normalize("NFC", number).casefold().replace("đ", "d")
    return "".join(text.split())


@attrs.frozen
class Certificate:
    """One entry of an issuer's list: a certificate of ``scheme`` numbered ``certificate``."""

    scheme: str
    certificate: str
    source: str
    holder: str | None = None
    product: str | None = None
    valid_from: datetime.date | None = None
    valid_until: datetime.date | None = None
    note: str | None = None
    path: str | None = attrs.field(default=None, eq=False)
    line: int | None = attrs.field(default=None, eq=False)

    @property
    def key(self) -> tuple[str, str]:
        return (self.scheme, certificate_key(self.certificate))

    def covers(self, on: datetime.date) -> bool:
        """The certificate is in force on ``on`` (both ends inclusive; an end not given is open)."""
        if self.valid_from is not None and on < self.valid_from:
            return False
        return self.valid_until is None or on <= self.valid_until

    def to_dict(self) -> dict[str, Any]:
        """The entry as a registry file writes it (dates in ISO form, absent values None)."""
        return {"scheme": self.scheme, "certificate": self.certificate, "holder": self.holder,
                "product": self.product,
                "valid_from": self.valid_from.isoformat() if self.valid_from else None,
                "valid_until": self.valid_until.isoformat() if self.valid_until else None,
                "source": self.source, "note": self.note}


@attrs.frozen
class Registry:
    """Every certificate loaded, by scheme and number (see :func:`certificate_key`)."""

    entries: Mapping[tuple[str, str], Certificate] = attrs.field(factory=dict)
    #: the label schemes that have a registry (derived from ``entries``; read for every claim)
    schemes: frozenset[str] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "schemes", frozenset(s for s, _ in self.entries))

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[Certificate]:
        return iter(self.entries.values())

    def find(self, scheme: str, number: str) -> Certificate | None:
        return self.entries.get((scheme, certificate_key(number)))

    def check(self, scheme: str, number: str | None, valid_until: datetime.date | None,
              on: datetime.date) -> tuple[str, Certificate | None]:
        """The status of a claim of ``scheme`` with certificate ``number`` and expiry ``valid_until`` on
        day ``on`` (see the module's description), and the entry found."""
        if scheme not in self.schemes:
            return "no_registry", None
        if not number:
            return "no_number", None
        entry = self.find(scheme, number)
        if entry is None:
            return "not_found", None
        if valid_until is not None and entry.valid_until is not None and valid_until != entry.valid_until:
            return "mismatch", entry
        if not entry.covers(on):
            return "expired", entry
        return "verified", entry

    def merged(self, more: Iterable[Certificate]) -> Registry:
        """This registry with ``more`` entries (an entry of the same scheme and number replaced)."""
        entries = dict(self.entries)
        for e in more:
            entries[e.key] = e
        return Registry(entries)


# -- one entry ---------------------------------------------------------------------------------------

def check_entry(values: Mapping[str, object], labels: Iterable[str] | None,
                problem: Any) -> Certificate | None:
    """An entry from ``values`` (column -> value: text, a date, or None/empty for absent), or None after
    calling ``problem(column, message, code, hint)`` for each thing wrong.  ``labels``: the catalogue's
    label ids (None: not checked)."""
    before = [0]

    def bad(column: str, message: Msg, code: str, hint: Msg | None = None) -> None:
        before[0] += 1
        problem(column, message, code, hint)

    out: dict[str, Any] = {}
    for column in COLUMNS:
        value = values.get(column)
        if isinstance(value, str):
            value = unicodedata.normalize("NFC", value).strip() or None
        if value is None:
            if column in REQUIRED:
                bad(column, msg("cert.empty", column=column), "empty", msg(f"cert.empty.{column}.hint"))
            continue
        if column in ("valid_from", "valid_until"):
            day = _date(value)
            if day is None:
                bad(column, msg("cert.date", column=column, value=value), "wrong-type", msg("cert.date.hint"))
            out[column] = day
        elif not isinstance(value, str):
            bad(column, msg("cert.text", column=column, value=value), "wrong-type")
        else:
            out[column] = value
    scheme = out.get("scheme")
    known = tuple(labels) if labels is not None else None
    if isinstance(scheme, str) and known is not None and scheme not in known:
        bad("scheme", msg("cert.unknown-scheme", scheme=scheme), "unknown-label",
            suggest(scheme, known) or msg("cert.unknown-scheme.hint"))
    number = out.get("certificate")
    if isinstance(number, str) and len(number) > MAX_NUMBER:
        bad("certificate", msg("cert.too-long", limit=MAX_NUMBER), "bad-value")
    start, end = out.get("valid_from"), out.get("valid_until")
    if start is not None and end is not None and end < start:
        bad("valid_until", msg("cert.ends-before", start=start.isoformat(), end=end.isoformat()), "bad-validity",
            msg("cert.ends-before.hint"))
    if before[0]:
        return None
    return Certificate(out["scheme"], out["certificate"], out["source"], out.get("holder"), out.get("product"),
                       start, end, out.get("note"))


def _date(value: object) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return None
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return parse_date(value, "date")
        except InputError:
            return None
    return None


# -- the folder --------------------------------------------------------------------------------------

def registry_files(folder: Path) -> list[Path]:
    """The registry files of a folder, sorted (other files are not read)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in _SUFFIXES and not p.is_dir())


def check_registry(folder: Path, labels: Iterable[str] | None, display: Any = str
                   ) -> tuple[Registry, list[Problem], list[tuple[str, str]]]:
    """Load every registry file of ``folder`` (absent folder: an empty registry): the registry (empty
    when any file has an error), every problem, and (``certificates/<name>``, sha256) of each file.
    ``display`` turns a path into the name problems show."""
    known = tuple(labels) if labels is not None else None
    problems: list[Problem] = []
    hashes: list[tuple[str, str]] = []
    entries: dict[tuple[str, str], Certificate] = {}
    for path in registry_files(folder):
        shown = display(path)
        try:
            raw = path.read_bytes()
        except OSError:
            problems.append(Problem.of(msg("cert.unreadable", name=shown), "file-unreadable", shown))
            continue
        hashes.append((f"{FOLDER}/{path.name}", hashlib.sha256(raw).hexdigest()))
        found = _load_csv(raw, shown, known, problems) if path.suffix.lower() == ".csv" \
            else _load_yaml(path, shown, known, problems)
        for entry in found:
            first = entries.get(entry.key)
            if first is not None:
                problems.append(Problem.of(
                    msg("cert.twice", scheme=entry.scheme, number=entry.certificate, where=first.path,
                        line=first.line), "duplicate-id", entry.path, entry.line, None,
                    hint=msg("cert.twice.hint")))
                continue
            entries[entry.key] = entry
    if any(p.level == "error" for p in problems):
        return Registry(), problems, hashes
    return Registry(entries), problems, hashes


def _load_csv(raw: bytes, shown: str, labels: tuple[str, ...] | None, problems: list[Problem]) -> list[Certificate]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.append(Problem.of(msg("cert.not-utf8", name=shown), "file-unreadable", shown, line,
                                   hint=msg("cert.not-utf8.hint")))
        return []
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        problems.append(Problem.of(msg("cert.csv", reason=csvlib_reason(str(exc))), "bad-value", shown, 1))
        return []
    if header is None:
        return []            # an empty file: no entry
    names = [unicodedata.normalize("NFC", h).strip().lstrip("\ufeff") for h in header]
    columns: dict[str, int] = {}
    bad_header = False
    for i, name in enumerate(names):
        if name in COLUMNS and name not in columns:
            columns[name] = i
        elif name in COLUMNS:
            problems.append(Problem.of(msg("cert.column-twice", column=name), "duplicate-value", shown, 1, i + 1))
            bad_header = True
        elif name:
            problems.append(Problem.of(msg("cert.unknown-column", column=name), "unknown-key", shown, 1, i + 1,
                                       hint=suggest(name, COLUMNS) or msg("cert.columns.hint", columns=join(COLUMNS))))
            bad_header = True
    for need in REQUIRED:
        if need not in columns:
            problems.append(Problem.of(msg("cert.missing-column", column=need), "missing-key", shown, 1,
                                       hint=msg("cert.columns.hint", columns=join(COLUMNS))))
            bad_header = True
    if bad_header:
        return []
    out: list[Certificate] = []
    while True:
        line = reader.line_num + 1
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(Problem.of(msg("cert.csv", reason=csvlib_reason(str(exc))), "bad-value", shown, line))
            break
        if not "".join(record).strip():
            continue
        if len(record) != len(names):
            problems.append(Problem.of(msg("cert.width", cells=len(record), columns=len(names)), "bad-value",
                                       shown, line, hint=msg("cert.width.hint")))
            continue
        values = {c: record[i] for c, i in columns.items()}

        def problem(column: str, message: Msg, code: str, hint: Msg | None, line: int = line) -> None:
            problems.append(Problem.of(message, code, shown, line, columns[column] + 1 if column in columns else None,
                                       hint=hint))

        entry = check_entry(values, labels, problem)
        if entry is not None:
            out.append(attrs.evolve(entry, path=shown, line=line))
    return out


def _load_yaml(path: Path, shown: str, labels: tuple[str, ...] | None, problems: list[Problem]
               ) -> list[Certificate]:
    try:
        doc = load_yaml(path, shown)
    except YamlLoadError as exc:
        problems.append(exc.problem)
        return []
    c = Checker(doc)
    out: list[Certificate] = []
    top = c.mapping(doc.data, (), required=("certificates",), what=msg("expect.top-list", key="certificates"))
    entries = c.seq(top["certificates"], ("certificates",)) if top and "certificates" in top else None
    for i, entry in enumerate(entries or ()):
        p = ("certificates", i)
        d = c.mapping(entry, p, required=REQUIRED, optional=OPTIONAL)
        if d is None:
            continue

        def problem(column: str, message: Msg, code: str, hint: Msg | None, p: tuple[Any, ...] = p,
                    d: dict[str, Any] = d) -> None:
            c.error(p + (column,) if column in d else p, message, code, hint=hint)

        values = {k: v for k, v in d.items() if k in COLUMNS}
        # a number written without quotes (1234) is the certificate's text
        if isinstance(values.get("certificate"), int) and not isinstance(values.get("certificate"), bool):
            values["certificate"] = str(values["certificate"])
        if not all(k in d for k in REQUIRED):
            continue
        cert = check_entry(values, labels, problem)
        if cert is not None:
            loc = doc.loc(p)
            out.append(attrs.evolve(cert, path=shown, line=loc.line if loc else None))
    problems += c.problems
    return out


# -- writing -----------------------------------------------------------------------------------------

def registry_csv(entries: Iterable[Certificate]) -> str:
    """A registry file's CSV text (UTF-8, ``,``, ISO dates, the columns of :data:`COLUMNS`)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMNS)
    for e in entries:
        d = e.to_dict()
        w.writerow(["" if d[c] is None else d[c] for c in COLUMNS])
    return buf.getvalue()


def registry_yaml(entries: Iterable[Certificate], header: Iterable[str] = ()) -> str:
    """A registry file's YAML text: ``header`` lines as comments, then ``certificates:``."""
    lines = [f"# {h}" if h else "#" for h in header]
    items = list(entries)
    lines.append("certificates:" if items else "certificates: []")
    for e in items:
        d = e.to_dict()
        first = True
        for c in COLUMNS:
            v = d[c]
            if v is None:
                continue
            shown = v if c in ("valid_from", "valid_until") else json.dumps(v, ensure_ascii=False)
            lines.append(f"  {'- ' if first else '  '}{c}: {shown}")
            first = False
    return "\n".join(lines) + "\n"
