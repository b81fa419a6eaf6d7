"""One error tree: every error the project raises on purpose is an ``AtlasError``; the CLI catches the root
and, with ``-v``, logs the whole chained traceback."""
from __future__ import annotations

import importlib
import inspect
import logging
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

from geo.errors import AtlasError, GeocoderUnavailable
from incidents.errors import UsageError, ValidationError
from incidents.filters import IncidentFilter
from incidents.io import values
from incidents.io.readers import open_table
from incidents.models import incidents_from_json, parse_date

ROOT = Path(__file__).resolve().parent.parent
#: Exceptions that are not errors: control flow that never reaches a user.
NOT_ERRORS = {"incidents.io.values.SkipRow"}


def _exception_classes() -> dict[str, type[BaseException]]:
    """Every public exception class defined in a module of ``geo``, ``incidents`` or ``atlas``."""
    found: dict[str, type[BaseException]] = {}
    for pkg in ("geo", "incidents", "atlas"):
        for info in pkgutil.walk_packages(importlib.import_module(pkg).__path__, pkg + "."):
            if ".migrations" in info.name or info.name.endswith("__main__"):
                continue  # Alembic's env.py runs migrations when imported
            module = importlib.import_module(info.name)
            for name, obj in vars(module).items():
                if (inspect.isclass(obj) and issubclass(obj, BaseException) and not name.startswith("_")
                        and obj.__module__ == module.__name__):
                    found[f"{module.__name__}.{name}"] = obj
    return found


def test_every_public_error_class_is_beneath_the_one_root():
    classes = _exception_classes()
    assert {"geo.errors.GeocoderError", "incidents.errors.ValidationError", "incidents.errors.UsageError",
            "incidents.errors.ExportError", "incidents.io.readers.UnreadableFileError",
            "atlas.offline.OfflineAssetError"} <= set(classes)
    outside = sorted(n for n, c in classes.items() if not issubclass(c, AtlasError) and n not in NOT_ERRORS)
    assert outside == []
    assert all(n in classes for n in NOT_ERRORS)  # the exception list names nothing that is gone


def test_the_old_names_still_import_and_keep_their_other_bases():
    import incidents.errors
    import incidents.cli
    from geo.errors import GeocoderConfigError, GeocoderError, GeocoderQueryError
    from incidents.io.reader_process import ReaderProcessError

    assert incidents.errors.AtlasError is AtlasError and incidents.cli.UsageError is UsageError
    assert all(issubclass(c, GeocoderError) for c in (GeocoderConfigError, GeocoderQueryError, GeocoderUnavailable))
    assert issubclass(incidents.errors.ValidationError, ValueError)  # callers catching ValueError still do
    assert issubclass(incidents.errors.ExportError, RuntimeError)  # it was a bare RuntimeError
    assert issubclass(ReaderProcessError, RuntimeError)


def _bad_json(tmp_path: Path) -> None:
    bad = tmp_path / "bad.geojson"
    bad.write_text('{"type": ', encoding="utf-8")
    open_table(bad)


@pytest.mark.parametrize("call, message, cause", [
    (lambda tmp: parse_date("2024-02-30"),
     "date: no such date: '2024-02-30'", ValueError),
    (lambda tmp: incidents_from_json([{"date": "2024-01-01"}]),
     "[0].location: is required", ValidationError),
    (lambda tmp: IncidentFilter.build(date_from="2024-02-30"),
     "from: expected a date as YYYY-MM-DD, got '2024-02-30'", ValueError),
    (lambda tmp: values.day("31/02/2024", "date"),
     "no such date: '31/02/2024'", ValueError),
    (lambda tmp: values.number("abc", "lat"),
     "expected a number, got 'abc'", ValueError),
    (_bad_json, "bad.geojson is not valid JSON: Expecting value: line 1 column 10 (char 9)", ValueError),
])
def test_errors_keep_their_cause_and_their_message(tmp_path, call, message, cause):
    with pytest.raises(AtlasError) as info:
        call(tmp_path)
    assert str(info.value) == message
    assert isinstance(info.value.__cause__, cause)


@pytest.fixture
def cli_main(monkeypatch):
    """``incidents.cli.main`` in this process, without it configuring the test run's logging."""
    from incidents import cli

    monkeypatch.setattr(logging, "basicConfig", lambda **kw: None)
    return cli.main


@pytest.mark.parametrize("error, status", [
    (AtlasError("the root itself"), 1),
    (GeocoderUnavailable("the root itself, via geo"), 1),
    (UsageError("the root itself, as usage"), 2),
])
def test_the_cli_catches_the_root_with_one_line(cli_main, monkeypatch, capsys, error, status):
    def fail(args):
        raise error

    monkeypatch.setattr("incidents.cli_list.run", fail)
    assert cli_main(["list"]) == status
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == f"python -m incidents list: {error}\n"


def test_the_cli_logs_the_chained_traceback_of_an_unexpected_error(cli_main, monkeypatch, capsys, caplog):
    def fail(args):
        try:
            {}["missing"]
        except KeyError as e:
            raise TypeError("inner trouble") from e

    monkeypatch.setattr("incidents.cli_list.run", fail)
    caplog.set_level(logging.INFO, logger="incidents")
    assert cli_main(["list"]) == 1
    assert capsys.readouterr().err == "python -m incidents list: unexpected error: TypeError: inner trouble\n"
    [record] = [r for r in caplog.records if r.exc_info]
    assert record.levelno == logging.INFO and isinstance(record.exc_info[1].__cause__, KeyError)


def _run(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'atlas.sqlite'}", "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "incidents", *args], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=120)


@pytest.mark.parametrize("args, status, cause", [
    (["list", "--since", "2024-02-30"], 2, "ValueError"),  # FilterError from date.fromisoformat
    (["import", "{bad}"], 1, "json.decoder.JSONDecodeError"),  # UnreadableFileError from json.loads
])
def test_verbose_prints_the_chained_traceback_and_plain_prints_one_line(tmp_path, args, status, cause):
    bad = tmp_path / "bad.geojson"
    bad.write_text('{"type": "FeatureCollection", ', encoding="utf-8")
    args = [str(bad) if a == "{bad}" else a for a in args]

    plain = _run(args, tmp_path)
    assert plain.returncode == status and plain.stdout == ""
    [line] = plain.stderr.splitlines()
    assert line.startswith(f"python -m incidents {args[0]}: ") and "Traceback" not in plain.stderr

    verbose = _run(["-v", *args], tmp_path)
    assert verbose.returncode == status
    err = verbose.stderr
    assert err.count("Traceback (most recent call last):") == 2
    assert f"\n{cause}: " in err and "The above exception was the direct cause of the following exception" in err
    assert err.index(f"\n{cause}: ") < err.index("direct cause")  # the cause first, as Python prints it
    assert err.splitlines()[-1] == line  # the same one line, last
