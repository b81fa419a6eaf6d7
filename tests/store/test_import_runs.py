"""Import runs: recorded from start to end; an interrupted one is found, rolled back whole or resumed."""
from __future__ import annotations

import datetime as dt
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from incidents.errors import ValidationError
from incidents.io import import_file
from incidents.models import Incident
from incidents.store import Store, runs
from incidents.store.schema import import_runs, incidents

from tests.support.acled import HEADER, acled_rows

ROOT = Path(__file__).resolve().parent.parent.parent


def _upload(data: str, name: str = "acled.csv") -> io.BytesIO:
    f = io.BytesIO(data.encode())
    f.name = name
    return f


def test_an_import_is_recorded_as_a_finished_run(store):
    store.user = "amina"  # what sign-in sets (getattr: a store without it records no one)
    s = import_file(_upload(HEADER + acled_rows(30)), store, batch_size=8, parallel=False)
    [r] = store.import_runs()
    assert (r.id, r.status, r.file_name, r.format, r.dataset, r.who) == (s.run, "finished", "acled.csv", "acled",
                                                                         "ACLED", "amina")
    assert (r.rows_read, r.rows_written, r.rows_errors) == (30, 30, 0)
    assert r.finished_at is not None and r.finished_at >= r.started_at
    with store.engine.connect() as conn:
        assert set(conn.execute(sa.select(incidents.c.import_run)).scalars()) == {s.run}


def test_a_failed_import_is_recorded_as_failed(store, monkeypatch):
    real = Store.save_prepared
    calls = {"n": 0}

    def failing(self, batch, **kw):
        calls["n"] += 1
        if calls["n"] == 2:
            raise sa.exc.OperationalError("INSERT", {}, Exception("disk I/O error"))
        return real(self, batch, **kw)

    monkeypatch.setattr(Store, "save_prepared", failing)
    with pytest.raises(Exception):
        import_file(_upload(HEADER + acled_rows(30)), store, batch_size=10, parallel=False)
    [r] = store.import_runs()
    assert r.status == "failed" and "rows 12–21 were not written" in r.message and r.rows_written == 10


def _dead_pid() -> int:
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


def _leave_running(store, run: int, *, pid: int | None = None, beat: dt.datetime | None = None) -> None:
    values = {"status": "running", "finished_at": None}
    if pid is not None:
        values["pid"] = pid
    if beat is not None:
        values["heartbeat_at"] = beat
    with store.engine.begin() as conn:
        conn.execute(import_runs.update().where(import_runs.c.id == run).values(**values))


def test_a_running_run_whose_process_is_gone_or_silent_is_interrupted(store):
    a = import_file(_upload(HEADER + acled_rows(5)), store, parallel=False).run
    b = import_file(_upload(HEADER + acled_rows(5, start=10)), store, parallel=False).run
    c = import_file(_upload(HEADER + acled_rows(5, start=20)), store, parallel=False).run
    _leave_running(store, a, pid=_dead_pid())  # this host, its process gone
    _leave_running(store, b, pid=os.getpid(), beat=runs.utcnow() - runs.STALE_AFTER * 2)  # no heartbeat
    _leave_running(store, c, pid=os.getpid())  # alive (this very process) and beating: still running
    status = {r.id: r.status for r in store.import_runs()}
    assert status == {a: "interrupted", b: "interrupted", c: "running"}


def test_rolling_back_a_run_deletes_exactly_what_it_inserted(store):
    store.save(Incident(id="by-hand", date=dt.date(2023, 1, 2), location="Bannu"))
    first = import_file(_upload(HEADER + acled_rows(10)), store, parallel=False).run
    # the second run inserts 10 more and updates 5 of the first run's records
    data = HEADER + acled_rows(5).replace(",Bannu\n", ",Bannu city\n") + acled_rows(10, start=100)
    second = import_file(_upload(data), store, parallel=False).run
    assert store.count() == 21
    with pytest.raises(ValidationError, match="finished"):
        store.rollback_import_run(second)  # a finished run is not rolled back
    _leave_running(store, second, pid=_dead_pid())
    v_before = store.data_version()
    frame_before = store.frame()
    assert store.rollback_import_run(second) == 10
    assert store.count() == 11 and store.get("by-hand") is not None
    assert store.get("acled-PAK100") is None and store.get("acled-PAK1").location == "Bannu city"
    assert len(store.frame()) == 11 < len(frame_before) and store.data_version() != v_before
    [r2, r1] = [r for r in store.import_runs() if r.id in (first, second)]
    assert (r2.status, r1.status) == ("rolled back", "finished")
    with pytest.raises(ValidationError, match="rolled back"):
        store.rollback_import_run(second)


def test_resuming_a_run_completes_it_and_takes_over_its_records(store):
    rows = acled_rows(40)
    partial = import_file(_upload(HEADER + "".join(rows.splitlines(True)[:15])), store, parallel=False).run
    _leave_running(store, partial, pid=_dead_pid())
    s = import_file(_upload(HEADER + rows), store, parallel=False, resume=partial)
    assert (s.imported, s.unchanged) == (25, 15)
    status = {r.id: r for r in store.import_runs()}
    assert status[partial].status == "resumed" and f"run {s.run}" in status[partial].message
    assert status[s.run].status == "finished" and status[s.run].rows_written == 40
    _leave_running(store, s.run, pid=_dead_pid())
    assert store.rollback_import_run(s.run) == 40 and store.count() == 0


def _cli(args, db_url, **kw):
    env = {**os.environ, "DATABASE_URL": db_url, "ATLAS_SEED": "0", "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "incidents", *args], env=env, cwd=ROOT, **kw)


@pytest.mark.slow
def test_an_import_killed_mid_way_is_shown_interrupted_and_rolls_back_cleanly(db_url, tmp_path):
    store = Store(db_url)
    store.migrate()
    store.save(Incident(id="kept", date=dt.date(2023, 1, 2), location="Quetta"))
    path = tmp_path / "acled.csv"
    path.write_text(HEADER + acled_rows(60_000))
    proc = _cli(["import", str(path), "--batch-size", "300"], db_url, stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    written = 0
    while written < 1500:  # killed once a few batches are in, long before the 60,000 rows are
        assert proc.poll() is None, proc.stderr.read()
        assert time.monotonic() < deadline
        time.sleep(0.02)
        with store.engine.connect() as conn:
            written = conn.execute(sa.select(sa.func.max(import_runs.c.rows_written))).scalar() or 0
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)
    [run] = store.import_runs()
    assert run.status == "interrupted" and run.path == str(path)
    stored = store.count()
    assert run.rows_written == stored - 1 < 60_000  # what the run says it wrote is what is stored
    listed = subprocess.run([sys.executable, "-m", "incidents", "runs"], capture_output=True, text=True, cwd=ROOT,
                            env={**os.environ, "DATABASE_URL": db_url, "ATLAS_SEED": "0", "PYTHONPATH": str(ROOT)})
    assert listed.returncode == 0 and "interrupted" in listed.stdout and "acled.csv" in listed.stdout
    back = subprocess.run([sys.executable, "-m", "incidents", "runs", "rollback", str(run.id)], capture_output=True,
                          text=True, cwd=ROOT, env={**os.environ, "DATABASE_URL": db_url, "ATLAS_SEED": "0",
                                                    "PYTHONPATH": str(ROOT)})
    assert back.returncode == 0, back.stderr
    assert f"{stored - 1:,} record(s)" in back.stdout
    assert store.count() == 1 and store.get("kept") is not None
    assert len(store.frame()) == 1
    with store.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM sources")).scalar() == 0
        assert conn.execute(sa.text("SELECT count(*) FROM attributions")).scalar() == 0
    assert store.import_runs()[0].status == "rolled back"
    store.engine.dispose()
