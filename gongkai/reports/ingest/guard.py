"""A time and memory bound per document: parse in a forked child, kill it when it overruns.

A hostile or pathological file (a PDF with a million operators, a zip bomb that slipped past
the size check, a text that defeats a regular expression) must end in a clear error for that
document and never stall a batch or a web request. Threads cannot be killed; a process can.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
from multiprocessing.connection import Connection
from typing import Any

from django.utils.translation import gettext as _

from gongkai.applications.reportmodel.model import AnnualReport

from . import ocr
from .base import IngestError, IngestTimeout, MalformedDocument, Source, check_size
from .parsers import parse_bytes

DEFAULT_TIMEOUT = 60.0  # seconds; the corpus PDF takes 0.4 s
DEFAULT_MEMORY_MB = 1536
# A scan read by OCR gets more: the recogniser's models and page images need about 1 GB more
# address space, and each page takes seconds. The child asks for it when it finds a scan
# (`ocr.set_scan_hook`), so the bound for every other document stays as tight as before.
OCR_MEMORY_MB = 4096
OCR_SECONDS_PER_PAGE = 60.0  # generous: a busy 2-core machine reads a page in 5–25 s

_ERRORS = {cls.__name__: cls for cls in IngestError.__subclasses__()} | {"IngestError": IngestError}


def _address_space() -> int:
    """Bytes of address space this process holds already (what a fork inherits)."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _limit_memory(megabytes: int, conn: Connection) -> None:
    """Bound what the child may add to the address space it inherited (a parent that has
    loaded large libraries must not leave its children no room); a scan may widen the bound
    to OCR_MEMORY_MB, no further, and tells the parent how much longer it needs."""
    try:
        import resource

        base = _address_space()
        soft = base + megabytes * 1024 * 1024
        hard = base + max(megabytes, OCR_MEMORY_MB) * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
    except (ImportError, ValueError, OSError):
        pass  # not available here: the time bound still holds

    def widen(pages: int) -> None:
        with contextlib.suppress(ImportError, ValueError, OSError):
            import resource

            _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
            resource.setrlimit(resource.RLIMIT_AS, (hard, hard))
        conn.send(("extend", pages * OCR_SECONDS_PER_PAGE))

    ocr.set_scan_hook(widen)


def _receive(conn: Connection, timeout: float) -> tuple[tuple[Any, ...] | None, bool]:
    """The child's answer (None when it overran) and whether it read a scan: a scan's
    ("extend", seconds) message replaces the time allowed from then on."""
    scanned = False
    while conn.poll(timeout):
        message = conn.recv()
        if message[0] != "extend":
            return message, scanned
        scanned, timeout = True, max(timeout, message[1])
    return None, scanned


def _timed_out(timeout: float) -> IngestTimeout:
    return IngestTimeout(_("处理超时（超过 %(s)s 秒），已停止解析该文件。") % {"s": f"{timeout:g}"})


def _child(conn: Connection, data: bytes, filename: str | None, memory_mb: int) -> None:
    _limit_memory(memory_mb, conn)
    try:
        message: tuple[Any, ...] = ("ok", parse_bytes(data, filename))
    except IngestError as exc:
        message = ("error", type(exc).__name__, str(exc))
    except MemoryError:
        message = ("error", "DocumentTooLarge", _("解析所需内存超过上限，已停止。"))
    try:
        conn.send(message)
    finally:
        conn.close()
        os._exit(0)  # skip inherited atexit handlers (database connections, loggers)


def parse_guarded(
    data: bytes,
    filename: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    memory_mb: int = DEFAULT_MEMORY_MB,
) -> AnnualReport:
    """`parse_bytes` in a child process; IngestTimeout when it takes longer than `timeout`."""
    check_size(Source(data, filename))
    if timeout <= 0 or "fork" not in multiprocessing.get_all_start_methods():
        return parse_bytes(data, filename)
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(sender, data, filename, memory_mb), daemon=True)
    process.start()
    sender.close()
    try:
        message, _scanned = _receive(receiver, timeout)
        if message is None:
            raise _timed_out(timeout)
    except EOFError as exc:
        raise MalformedDocument(_("解析进程意外退出，文件可能已损坏或含有恶意结构。")) from exc
    finally:
        receiver.close()
        if process.is_alive():
            process.kill()
        process.join(5)
    if message[0] == "ok":
        report: AnnualReport = message[1]
        return report
    raise _ERRORS.get(message[1], IngestError)(message[2])


def _serve(conn: Connection, memory_mb: int) -> None:
    """A reusable worker: parse documents until told to stop (None) or until memory fails."""
    _limit_memory(memory_mb, conn)
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            break
        if job is None:
            break
        try:
            conn.send(("ok", parse_bytes(*job)))
        except IngestError as exc:
            conn.send(("error", type(exc).__name__, str(exc)))
        except MemoryError:
            conn.send(("error", "DocumentTooLarge", _("解析所需内存超过上限，已停止。")))
            break  # the heap may be damaged: let the parent start a fresh worker
    conn.close()
    os._exit(0)


class GuardedWorker:
    """One forked worker reused across a batch; killed and replaced when a document overruns.

    Forking per document costs tens of milliseconds; a batch of small reports spends most of
    its time there. The bound per document is the same as `parse_guarded`'s.
    """

    def __init__(
        self, timeout: float = DEFAULT_TIMEOUT, memory_mb: int = DEFAULT_MEMORY_MB
    ) -> None:
        self.timeout, self.memory_mb = timeout, memory_mb
        self.process: Any = None
        self.conn: Connection | None = None

    def _start(self) -> Connection:
        context = multiprocessing.get_context("fork")
        parent, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, self.memory_mb), daemon=True)
        self.process.start()
        child.close()
        self.conn = parent
        return parent

    def _stop(self) -> None:
        if self.conn is not None:
            self.conn.close()
        if self.process is not None and self.process.is_alive():
            self.process.kill()
        if self.process is not None:
            self.process.join(5)
        self.process, self.conn = None, None

    def parse(self, data: bytes, filename: str | None = None) -> AnnualReport:
        check_size(Source(data, filename))
        if self.timeout <= 0 or "fork" not in multiprocessing.get_all_start_methods():
            return parse_bytes(data, filename)
        conn = self.conn if self.conn is not None and self.process.is_alive() else self._start()
        try:
            conn.send((data, filename))
            message, scanned = _receive(conn, self.timeout)
            if message is None or scanned:
                self._stop()  # after a scan: the OCR models leave the worker a gigabyte larger
            if message is None:
                raise _timed_out(self.timeout)
        except (EOFError, BrokenPipeError, ConnectionResetError) as exc:
            self._stop()
            raise MalformedDocument(_("解析进程意外退出，文件可能已损坏或含有恶意结构。")) from exc
        if message[0] == "ok":
            report: AnnualReport = message[1]
            return report
        raise _ERRORS.get(message[1], IngestError)(message[2])

    def close(self) -> None:
        if self.conn is not None:
            with contextlib.suppress(OSError):
                self.conn.send(None)
        self._stop()

    def __enter__(self) -> GuardedWorker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
