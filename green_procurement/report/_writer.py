"""The atomic, context-managed :class:`Writer` base class of every report format.

A writer turns each record into a *fragment* (:meth:`Writer.fragment`: ``bytes``, pure, so worker
processes can make them) and writes fragments, or *packs* of the fragments of consecutive records, in
input order; :meth:`Writer.close` adds the run's summary and moves the report to its final name.
"""

from __future__ import annotations

import contextlib
import datetime
import os
import secrets
import shutil
import stat
import sys
import tempfile
import weakref
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from types import TracebackType
from typing import IO, TYPE_CHECKING, ClassVar

from .._messages import LANGS, msg, os_reason
from ..errors import InputError
from ..results import ItemRecord, Summary
from ._common import EXTENSIONS

if TYPE_CHECKING:
    from ..catalog import Catalog
    from ..rules import Rule

#: What a writer makes of one record.
Fragment = bytes
#: The fragments of consecutive records in one piece: one ``bytes`` (CSV, JSON: cheap to send from a
#: worker process, and written as it is) or the fragments themselves.
Pack = bytes | tuple[bytes, ...]


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ReportError(msg("report.bad-language", lang=lang), code="bad-language")
    return lang


class ReportError(InputError):
    """A report cannot be written: an unsupported file extension or language, or an output path that
    cannot be created (missing folder, a folder in the way, no permission)."""


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):
        os.remove(path)


_OPEN, _CLOSED, _ABORTED = "open", "closed", "aborted"
#: Bytes of report written between two requests to the kernel to start writing them to disk.
WRITEBACK_BYTES = 64 << 20


class Writer:
    """Writes one report file, streaming: :meth:`write` once per record in input order, then
    :meth:`close` with the run's :class:`~green_procurement.results.Summary`.

    The report is written to a temporary file next to ``path`` and renamed to ``path`` only when
    :meth:`close` succeeds; an exception (inside a ``with`` block, or in :meth:`close`) or
    :meth:`abort` removes it, so a half-written report never appears under the final name and an
    existing file there is left as it was.  Leaving the ``with`` block without calling :meth:`close`
    also discards the output.

    The path ``-.csv`` (``-.json``, ``-.html``, ``-.xlsx``) means standard output in that format: the
    report is built in a temporary file and copied to standard output by :meth:`close`, so a run
    that fails prints nothing.
    """

    format: ClassVar[str] = ""

    def __init__(self, path: str | os.PathLike[str], *, lang: str = "vi", catalog: Catalog | None = None,
                 version: str = "", evaluated_on: datetime.date | None = None,
                 rules: Sequence[Rule] = (), green_min_score: int | Decimal | None = None) -> None:
        self.path = Path(path)
        self.rules = tuple(rules)
        self.green_min_score = green_min_score
        self.lang = check_lang(lang)
        self.catalog = catalog
        self.version = version
        self.evaluated_on = evaluated_on
        self.rows_written = 0
        self._state = _OPEN
        self._flushed_to = 0
        self.to_stdout = is_stdout(path)
        self._dir = Path(tempfile.gettempdir()) if self.to_stdout else self.path.parent
        self._tmp_path = _reserve(self.path, self._dir, check=not self.to_stdout)
        self._finalizer = weakref.finalize(self, _remove, str(self._tmp_path))
        try:
            self._start()
        except BaseException:
            self.abort()
            raise

    # -- public ------------------------------------------------------------------------------------
    @property
    def closed(self) -> bool:
        """True once the report is complete (closed) or discarded (aborted)."""
        return self._state != _OPEN

    def write(self, record: ItemRecord) -> None:
        """Add one record (call once per input row, in input order)."""
        self.write_fragment(self.fragment(record, self.lang, self.catalog))

    @classmethod
    def fragment(cls, record: ItemRecord, lang: str, catalog: Catalog | None) -> Fragment:
        """What this format writes for one record, encoded (a CSV line, a JSON text...).  Pure:
        ``check --jobs N`` computes fragments in the worker processes and the parent only writes
        them with :meth:`write_fragment`, so the output is the same for any N."""
        raise NotImplementedError

    def write_fragments(self, fragments: list[Fragment]) -> None:
        """Add the fragments of consecutive records (a chunk), as :meth:`write_fragment` would one
        by one."""
        self.write_pack(self.pack(fragments), len(fragments))

    @classmethod
    def pack(cls, fragments: list[Fragment]) -> Pack:
        """The fragments of consecutive records in one piece, cheap to send from a worker process
        and to write (CSV and JSON: one bytes object).  By default the fragments themselves."""
        return tuple(fragments)

    def write_pack(self, pack: Pack, rows: int) -> None:
        """Add the ``rows`` records of a :meth:`pack`.  A disk that is full (or any other failure to
        write) raises :class:`ReportError`; the caller then aborts."""
        if self._state != _OPEN:
            raise ValueError(f"report writer for {self.path} is {self._state}")
        if rows:
            try:
                self._write_pack(pack)      # rows_written still counts the records before the pack
            except OSError as exc:
                raise self._failed(exc) from None
            self.rows_written += rows

    def _write_pack(self, pack: Pack) -> None:
        assert isinstance(pack, tuple)  # the default pack: the fragments
        for f in pack:
            self._write_fragment(f)

    def write_fragment(self, fragment: Fragment) -> None:
        """Add the fragment of one record (from :meth:`fragment`, same language and catalogue)."""
        if self._state != _OPEN:
            raise ValueError(f"report writer for {self.path} is {self._state}")
        try:
            self._write_fragment(fragment)
        except OSError as exc:
            raise self._failed(exc) from None
        self.rows_written += 1

    def close(self, summary: Summary) -> None:
        """Finish the report with the run's totals and move it to its final name (idempotent)."""
        if self._state == _CLOSED:
            return
        if self._state == _ABORTED:
            raise ValueError(f"report writer for {self.path} was aborted")
        try:
            self._finish(summary)
            if self.to_stdout:
                _copy_to_stdout(self._tmp_path)
                os.remove(self._tmp_path)
            else:
                with open(self._tmp_path, "rb+") as fh:
                    os.fsync(fh.fileno())
                mode = _mode_of(self.path)
                if mode is not None:        # an existing report keeps its permissions (0600 stays 0600)
                    os.chmod(self._tmp_path, mode)
                os.replace(self._tmp_path, self.path)
        except BrokenPipeError:     # standard output piped into `head`: the caller decides
            self.abort()
            raise
        except OSError as exc:      # a full disk, for the report or standard output: nothing half-written stays
            self.abort()
            raise self._failed(exc) from None
        except BaseException:
            self.abort()
            raise
        self._finalizer.detach()
        self._state = _CLOSED

    def abort(self) -> None:
        """Discard the report: close and delete every temporary file; nothing appears at ``path``."""
        if self._state != _OPEN:
            return
        self._state = _ABORTED
        with contextlib.suppress(Exception):
            self._discard()
        self._finalizer()

    def __enter__(self) -> Writer:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._state == _OPEN:
            self.abort()

    def _failed(self, exc: OSError) -> ReportError:
        where = msg("report.stdout") if self.to_stdout else str(self.path)
        return ReportError(msg("report.write-failed", path=where, reason=os_reason(exc)), path=str(self.path),
                           code="unwritable-output", hint=msg("report.write-failed.hint"))

    # -- for subclasses ----------------------------------------------------------------------------
    def _start(self) -> None:
        """Open the output (the temporary file is ``self._tmp_path``)."""

    def _write_fragment(self, fragment: Fragment) -> None:
        raise NotImplementedError

    def _finish(self, summary: Summary) -> None:
        """Write the rest and close every file handle."""
        raise NotImplementedError

    def _discard(self) -> None:
        """Close every file handle (the temporary report file is then deleted by the base class)."""

    def _written(self, fh: IO[bytes]) -> None:
        """Ask the kernel, every :data:`WRITEBACK_BYTES`, to start writing the report out to disk
        (``posix_fadvise``, which does not wait): a million rows make 3 GB of reports, and the
        fsync of :meth:`close` then waits for the last part only, not for all of it."""
        end = fh.tell()
        if end - self._flushed_to < WRITEBACK_BYTES:
            return
        fh.flush()
        advise = getattr(os, "posix_fadvise", None)
        if advise is not None:
            with contextlib.suppress(OSError):
                advise(fh.fileno(), self._flushed_to, end - self._flushed_to, os.POSIX_FADV_DONTNEED)
        self._flushed_to = end

    def _side_file(self) -> IO[bytes]:
        """An anonymous temporary file in the report's folder (deleted when closed), for the parts of
        a report that are streamed before the parts that come first in the file."""
        return tempfile.TemporaryFile("w+b", dir=self._dir)


def is_stdout(path: str | os.PathLike[str]) -> bool:
    """True for ``-.csv``, ``-.json``, ``-.html``, ``-.htm``, ``-.xlsx``: standard output in that format."""
    name = os.fspath(path)
    return isinstance(name, str) and name[:1] == "-" and name[1:].lower() in EXTENSIONS


def _copy_to_stdout(path: Path) -> None:
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    with open(path, "rb") as src:
        if buffer is not None:
            shutil.copyfileobj(src, buffer, 1 << 20)
            buffer.flush()
        else:  # a text-only stream (e.g. io.StringIO)
            for chunk in iter(lambda: src.read(1 << 20), b""):
                sys.stdout.write(chunk.decode("utf-8", "replace"))
            sys.stdout.flush()


def check_output(path: str | os.PathLike[str], inputs: Sequence[str | os.PathLike[str]] = (),
                 others: Sequence[str | os.PathLike[str]] = ()) -> None:
    """Refuse, before any work, a report path that is a folder, that is (or resolves to, through
    ``./x`` vs ``../dir/x``, a link or a hard link) one of the ``inputs`` or of the ``others`` reports,
    or whose folder is missing or cannot be written: :class:`ReportError`."""
    if is_stdout(path):
        return
    p = Path(path)
    if p.is_dir():
        raise ReportError(msg("report.is-folder", path=p), path=str(p), code="unwritable-output",
                          hint=msg("report.is-folder.hint"))
    for source in inputs:
        if os.fspath(source) != "-" and _same_file(p, Path(source)):
            raise ReportError(msg("report.is-input", path=p, input=os.fspath(source)), path=str(p),
                              code="output-is-input", hint=msg("report.is-input.hint"))
    for other in others:
        if _same_file(p, Path(other)):
            raise ReportError(msg("report.twice", path=p, other=os.fspath(other)), path=str(p),
                              code="output-twice", hint=msg("report.twice.hint"))
    parent = p.parent
    if not parent.is_dir():
        raise ReportError(msg("report.no-folder", path=p, parent=parent), path=str(p),
                          code="unwritable-output", hint=msg("report.no-folder.hint"))
    denied = OSError(13, "Permission denied")
    if (p.exists() and not os.access(p, os.W_OK)) or not os.access(parent, os.W_OK | os.X_OK):
        raise ReportError(msg("report.unwritable", path=p, reason=os_reason(denied)), path=str(p),
                          code="unwritable-output", hint=msg("report.unwritable.hint"))


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:     # one of them does not exist (yet): compare where they lead
        return os.path.realpath(a) == os.path.realpath(b)


def _mode_of(path: Path) -> int | None:
    """The permission bits of an existing report (None when there is none)."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        return None


def _reserve(path: Path, parent: Path, *, check: bool = True) -> Path:
    """Create an empty temporary file in ``parent`` (the report's folder, so that the final rename is
    atomic); private (0600) while it is written when it will replace an existing report."""
    if check and path.is_dir():
        raise ReportError(msg("report.is-folder", path=path), path=str(path), code="unwritable-output",
                          hint=msg("report.is-folder.hint"))
    if not parent.is_dir():
        raise ReportError(msg("report.no-folder", path=path, parent=parent), path=str(path),
                          code="unwritable-output", hint=msg("report.no-folder.hint"))
    mode = _mode_of(path) if check else None
    for _ in range(100):
        tmp = parent / f".{path.name}.{secrets.token_hex(4)}.part"
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600 if mode is not None else 0o666)
        except FileExistsError:
            continue
        except OSError as exc:
            raise ReportError(msg("report.unwritable", path=path, reason=os_reason(exc)), path=str(path),
                              code="unwritable-output", hint=msg("report.unwritable.hint")) from exc
        os.close(fd)
        return tmp
    raise ReportError(msg("report.no-temporary", path=path), path=str(path),  # pragma: no cover
                      code="unwritable-output")

