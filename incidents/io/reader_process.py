"""An import's reading stage in a second process, so that reading and writing overlap on two cores.

The writer starts ``python -m incidents.io.reader_process`` (a fresh interpreter: no fork of a
threaded server, and nothing of the caller's main script runs again), sends it the job — the
file's path or bytes, the layout, the group registry, the batch size — on stdin, and reads back
pickled parts on the child's stdout: every ``Batch`` of ``read_batches``, then ``Done``, or the
child's traceback as a string. Anything else the child prints goes to stderr. Only this package
pickles and unpickles these messages, between a parent and the child it started.
"""
from __future__ import annotations

import logging
import os
import pickle
import queue
import subprocess
import sys
import threading
import traceback
from typing import Any, Generator

from ..errors import AtlasError
from ..paths import ROOT
from .reading import Batch, Done

log = logging.getLogger(__name__)


class ReaderProcessError(AtlasError, RuntimeError):
    """The reader process failed or stopped; the batches written before it are kept.

    ``reason`` is one line for a user (the child's error, or how it stopped); the message starts
    with that line (what the command line prints) and goes on with the child's whole traceback.
    """

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


#: What the child reopens: ("path", path, display name) or ("bytes", data, display name).
Source = tuple[str, Any, str]


def child_source(source: Any, name: str) -> Source | None:
    """The job's file for a path, bytes, or a file object with ``getvalue()`` (an upload); None when the
    child could not reopen it."""
    if source is None:
        return None
    if isinstance(source, (str, os.PathLike)):
        return ("path", os.path.abspath(os.fspath(source)), name)
    if isinstance(source, (bytes, bytearray, memoryview)):
        return ("bytes", bytes(source), name)
    getvalue = getattr(source, "getvalue", None)
    if callable(getvalue):
        data = getvalue()
        if isinstance(data, (bytes, bytearray, memoryview)):
            return ("bytes", bytes(data), name)
    return None


def source_size(src: Source) -> int:
    """Bytes in the job's file (0 when a path cannot be read)."""
    kind, value, _ = src
    if kind == "bytes":
        return len(value)
    try:
        return os.stat(value).st_size
    except OSError:
        return 0


#: Parts the writer's receiving thread may hold ahead of the writer (bounded: memory).
AHEAD = 2


def read_in_process(src: Source, format: str, registry: Any, batch_size: int) -> Generator[Batch | Done, None, None]:
    """:func:`~incidents.io.reading.read_batches` run by a child process; yields its parts as they come.

    A thread receives and unpickles the child's parts while the caller writes the previous one
    (the database driver waits on its socket without holding the GIL), keeping up to ``AHEAD`` of
    them: the child never waits on a full pipe, and the next batch is ready when the writer is.
    Raises ReaderProcessError when the child fails or dies. Closing the generator early (the writer
    failed) stops the child.
    """
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [env.get("PYTHONPATH")])])
    proc = subprocess.Popen([sys.executable, "-m", __name__], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            env=env, cwd=str(ROOT))
    done = False
    received: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=AHEAD)
    stop = threading.Event()

    def put(item: tuple[str, Any]) -> bool:
        while not stop.is_set():
            try:
                received.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def receive() -> None:
        out = proc.stdout
        try:
            while True:
                part = pickle.load(out)  # type: ignore[arg-type]
                if not put(("part", part)) or isinstance(part, (str, Done)):
                    return
        except EOFError:
            put(("eof", None))
        except BaseException as e:  # noqa: BLE001 - handed to the writer's thread, which raises it
            put(("error", e))

    receiver = threading.Thread(target=receive, name="import-reader-receiver", daemon=True)
    try:
        try:
            with proc.stdin:  # type: ignore[union-attr]
                pickle.dump((src, format, registry, batch_size), proc.stdin, pickle.HIGHEST_PROTOCOL)
        except BrokenPipeError:
            pass  # the child stopped early: what it said (or its exit code) is read below
        receiver.start()
        while True:
            kind, part = received.get()
            if kind == "eof":
                code = proc.wait(10)
                reason = f"the import's reader process stopped (exit code {code})"
                # from None: the EOFError only says the pipe closed; the exit code above is the cause
                raise ReaderProcessError(reason, reason) from None
            if kind == "error":
                raise part
            if isinstance(part, str):
                lines = part.strip().splitlines()
                reason = lines[-1] if lines else "no reason given"
                raise ReaderProcessError(f"the import's reader process failed: {reason}\n{part}", reason)
            yield part
            if isinstance(part, Done):
                done = True
                return
    finally:
        stop.set()
        if not done and proc.poll() is None:
            proc.kill()
        if receiver.is_alive():
            receiver.join(10)  # the child is gone: its pipe is closed, the receiver's read ends
        proc.stdout.close()  # type: ignore[union-attr]
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def main() -> None:
    """The child: read the job from stdin, run the reading stage, write its parts to stdout."""
    out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # a stray print must not corrupt the parts
    dump = pickle.dump
    try:
        import io

        from .detect import open_layout
        from .reading import read_batches

        (kind, value, name), format, registry, batch_size = pickle.load(sys.stdin.buffer)
        source: Any = value
        if kind == "bytes":
            source = io.BytesIO(value)
            source.name = name
        table, layout = open_layout(source, format, registry=registry)
        with table:
            for part in read_batches(table, layout, batch_size, registry):
                dump(part, out, pickle.HIGHEST_PROTOCOL)
                out.flush()
    except BaseException:  # told to the writer, which raises ReaderProcessError
        try:
            dump(traceback.format_exc(), out, pickle.HIGHEST_PROTOCOL)
            out.flush()
        except OSError:
            pass
    finally:
        out.close()


if __name__ == "__main__":
    main()
