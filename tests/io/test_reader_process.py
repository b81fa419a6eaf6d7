"""The import's reader process: what it reopens, what it imports, and that it never outlives the import."""
from __future__ import annotations

import io
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from incidents.io.reader_process import ReaderProcessError, child_source, read_in_process, source_size
from incidents.io.reading import Batch, Done
from incidents.registry import default_registry

from tests.support.acled import HEADER, acled_rows


def test_the_job_names_a_path_absolutely_and_carries_uploads_as_bytes(tmp_path, monkeypatch):
    path = tmp_path / "a.csv"
    path.write_text(HEADER, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert child_source(Path("a.csv"), "a.csv") == ("path", str(path), "a.csv")
    assert source_size(child_source("a.csv", "a.csv")) == len(HEADER)
    upload = io.BytesIO(b"x,y\n")
    assert child_source(upload, "up.csv") == ("bytes", b"x,y\n", "up.csv")
    assert child_source(bytearray(b"x"), "upload") == ("bytes", b"x", "upload")

    class Stream:  # a file that cannot be read twice
        def read(self, n: int = -1) -> bytes:
            return b""

    assert child_source(Stream(), "s") is None and child_source(None, "s") is None
    assert source_size(("path", str(tmp_path / "gone.csv"), "gone.csv")) == 0


def test_the_reading_stage_never_loads_the_database_layer():
    code = ("import sys, incidents.io.reader_process, incidents.io.reading, incidents.io.detect; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'psycopg', 'psycopg2')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[2])
    assert out.stdout.strip() == "[]"


def _children() -> set[int]:
    kids: set[int] = set()
    for task in Path(f"/proc/{os.getpid()}/task").iterdir():
        text = (task / "children").read_text().split()
        kids.update(int(k) for k in text)
    return kids


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_a_stopped_import_stops_its_reader_process(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text(HEADER + acled_rows(200), encoding="utf-8")
    before = _children()
    parts = read_in_process(child_source(path, "a.csv"), "acled", default_registry(), 20)
    first = next(parts)
    assert isinstance(first, Batch) and first.rownos == list(range(2, 22)) and len(first.prepared) == 20
    assert len(_children() - before) == 1
    parts.close()  # the writer failed: the reader is stopped and reaped
    assert _children() - before == set()
    every = list(read_in_process(child_source(path, "a.csv"), "acled", default_registry(), 20))
    assert isinstance(every[-1], Done) and every[-1].summary.rows == 200
    assert sum(len(p.prepared) for p in every[:-1]) == 200
    assert _children() - before == set()



def _state(pid: int) -> str | None:
    """A process's state letter (Z: exited, not yet reaped), None when it is gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return None


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_the_reader_process_reads_ahead_while_the_writer_holds_a_batch(tmp_path):
    """The parts are received by a thread while the writer works: a reader process whose batches
    are larger than a pipe holds (3 × 1,000 rows, ≈200 kB each) finishes the file while the writer
    still holds the first batch, and nothing is lost or reordered."""
    path = tmp_path / "a.csv"
    path.write_text(HEADER + acled_rows(3000), encoding="utf-8")
    before = _children()
    parts = read_in_process(child_source(path, "a.csv"), "acled", default_registry(), 1000)
    first = next(parts)
    (child,) = _children() - before
    deadline = time.monotonic() + 60
    while _state(child) not in ("Z", None):  # it has written every part and exited
        assert time.monotonic() < deadline, "the reader process waited on the writer"
        time.sleep(0.02)
    rest = list(parts)
    assert isinstance(rest[-1], Done) and rest[-1].summary.rows == 3000
    assert [p.rownos[0] for p in [first, *rest[:-1]]] == [2, 1002, 2002]
    assert _children() - before == set()

def test_a_reader_that_fails_says_why(tmp_path):
    with pytest.raises(ReaderProcessError, match="not the ACLED layout") as e:
        list(read_in_process(("bytes", b"a,b\n1,2\n", "odd.csv"), "acled", default_registry(), 10))
    assert e.value.reason.startswith("incidents.io.readers.UnreadableFileError: odd.csv: not the ACLED layout")
    assert str(e.value).splitlines()[0] == "the import's reader process failed: " + e.value.reason
    assert "Traceback" in str(e.value)
