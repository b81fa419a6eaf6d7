"""The Data page's parts, each drawing one tab: import (a detected layout or a column mapping, the
preview, the import itself and its summary), export, import runs, coverage. The page script only
reads the filter and calls them; the work is in ``incidents.io`` and the store."""
from __future__ import annotations

import logging
import zlib
from typing import Any

import streamlit as st

from incidents.events.query import event_rows, export_selection
from incidents.filters import IncidentFilter
from incidents.io import (EXPORT_FORMATS, FORMATS, ImportWriteError, ReaderProcessError, UnreadableFileError,
                          export_bytes, import_file, preview)
from incidents.io.dates import ORDER_LABELS
from incidents.io.display import (FORMAT_LABELS, errors_rows, mapping_rows, named_count_rows, progress_text,
                                  runs_rows, sample_rows, skipped_text, summary_caption, unfinished_note,
                                  unknown_group_rows, unresolved_place_rows)
from incidents.io.export import MEDIA_TYPES, about_bytes, export_events, file_name
from incidents.io.mapping import ColumnMapping
from incidents.io.mapping_step import MAP_COLUMNS, field_label, mapping_from_choices, mapping_step, needs_mapping
from incidents.io.readers import sheet_names
from incidents.settings import get_settings
from incidents.store import Store

from .app import get_store, write_note
from .views import load

log = logging.getLogger(__name__)
_SUMMARY = "atlas_data_summary"
_REQUESTED = "atlas_data_import_requested"
_ROLLED_BACK = "atlas_data_rolled_back"


def _request_import() -> None:
    st.session_state[_REQUESTED] = True


def _roll_back(run: int) -> None:
    """The "Roll back" button's callback (before the script runs, so the page shows the result)."""
    st.session_state[_ROLLED_BACK] = (run, get_store().rollback_import_run(run))


def _unfinished(store: Store) -> tuple[list[Any], list[Any]]:
    """The latest import runs, and those of them that did not finish (a run whose process is gone is
    shown as interrupted)."""
    recent = store.import_runs(20)
    return recent, [r for r in recent if r.status in ("interrupted", "failed")]


# -- import --------------------------------------------------------------------------------------

def import_tab(store: Store) -> None:
    """Upload, layout or column mapping, preview, Import, and the last import's summary."""
    st.markdown("Bring in an **ACLED**, **GTD** or **UCDP GED** export (trimmed ones too), a CSV/GeoJSON/XLSX this "
                "atlas exported, or any other table by mapping its columns. Re-importing a file changes nothing; "
                "a revised file updates the changed incidents.")
    note = write_note(store)
    if note:  # no import widget at all: the store would refuse the import anyway
        st.info(note, icon=":material/lock:")
        upload = None
    else:
        limit_mb = get_settings().max_upload_mb
        upload = st.file_uploader("Dataset file", type=["csv", "tsv", "txt", "xlsx", "geojson", "json"],
                                  key="atlas_data_upload", max_upload_size=limit_mb,
                                  help=f"Up to {limit_mb} MB (ATLAS_MAX_UPLOAD_MB).")
        fmt = st.selectbox("Layout", (*FORMATS, MAP_COLUMNS), format_func=FORMAT_LABELS.get, key="atlas_data_format")
    if upload is not None:
        try:
            mapped = needs_mapping(upload, fmt)
            mapping, save_as = _mapping_step(store, upload) if mapped else (None, "")
            pv = preview(upload, fmt, registry=store.registry, mapping=mapping) if (mapping or not mapped) else None
        except UnreadableFileError as e:
            st.error(f"This file cannot be imported: {e}")
        else:
            if pv is not None:
                _preview_and_import(store, upload, pv, mapping, save_as)
    _last_import()


def _mapping_step(store: Store, upload: Any) -> tuple[ColumnMapping | None, str]:
    """The file's columns, each with its guessed field for the analyst to correct; the mapping chosen
    (None while it lacks a date) and the name to save it under."""
    sheets = sheet_names(upload)
    sheet = st.selectbox("Sheet", sheets, key="atlas_map_sheet") if len(sheets) > 1 else None
    saved_names = store.mapping_names()
    saved = None
    if saved_names:
        name = st.selectbox("Saved mapping", [None, *saved_names], key="atlas_map_saved",
                            format_func=lambda n: "none: guess from the columns" if n is None else n)
        saved = store.saved_mapping(name) if name else None
    step = mapping_step(upload, sheet, saved)
    st.markdown(f"**Map the columns of {step.file}**" + (f" (sheet {step.sheet!r})" if step.sheet else "")
                + ": each column's field is a guess from its name; correct any that is wrong.")
    token = f"{step.file}:{getattr(upload, 'size', '')}:{step.sheet}:{saved.to_json() if saved else ''}"
    choices = {}
    grid = st.columns(4)
    for i, col in enumerate(step.columns):
        options = step.options()
        choices[col] = grid[i % 4].selectbox(col, options, index=options.index(step.fields[col]), format_func=field_label,
                                             key=f"atlas_map_{zlib.crc32(token.encode())}_{i}",
                                             help=f"e.g. {step.examples[col]}" if step.examples[col] else None)
    left, mid, right = st.columns(3)
    order = left.selectbox("Dates like 03/04/2021", [None, *ORDER_LABELS], key="atlas_map_date_order",
                           format_func=lambda o: "detect from the column" if o is None else ORDER_LABELS[o])
    dataset = mid.text_input("Dataset name", value=step.dataset, key=f"atlas_map_dataset_{zlib.crc32(token.encode())}",
                             help="Records keep it; importing the file again under the same name changes nothing.")
    save_as = right.text_input("Save this mapping as", key="atlas_map_save_as", placeholder="optional name")
    try:
        return mapping_from_choices(choices, sheet=step.sheet, date_order=order, dataset=dataset), save_as
    except ValueError as e:
        st.warning(str(e))
        return None, save_as


def _preview_and_import(store: Store, upload: Any, pv: Any, mapping: ColumnMapping | None, save_as: str) -> None:
    """The preview of the first rows, and the Import button (a detected layout or a mapping)."""
    if mapping is None:
        st.markdown(f"**Detected layout:** {pv.title} · {summary_caption(pv)}")
        with st.expander("Column mapping", expanded=False):
            st.dataframe(mapping_rows(pv), hide_index=True, width="stretch")
            if pv.unused_columns:
                st.caption("Columns not used: " + ", ".join(pv.unused_columns))
    for note in pv.notes:
        st.caption(note)
    st.markdown("**First rows as incidents**")
    st.dataframe(sample_rows(pv), hide_index=True, width="stretch")
    if pv.errors:
        st.warning(f"{len(pv.errors)} of the first rows have problems (they will be skipped):")
        st.dataframe(errors_rows(pv.errors), hide_index=True, width="stretch")
    _, unfinished = _unfinished(store)
    same_file = [r.id for r in unfinished if r.file_name == pv.file]
    resume = None
    if same_file and st.checkbox(f"Resume run {same_file[0]} (this file's import that did not finish)",
                                 value=True, key="atlas_data_resume"):
        resume = same_file[0]
    # a callback flag, not the button's return value: it survives a rerun within the same click
    st.button("Import", type="primary", key="atlas_data_import", on_click=_request_import)
    if not st.session_state.pop(_REQUESTED, False):
        return
    bar = st.progress(0.0, text="Reading…")
    try:
        summary = import_file(upload, store, format=pv.format if mapping is None else "auto", mapping=mapping,
                              resume=resume,
                              progress=lambda n, f: bar.progress(min(f or 0.0, 1.0), text=progress_text(n)))
    except UnreadableFileError as e:
        st.error(f"This file cannot be imported: {e}")
    except ImportWriteError as e:
        log.error("%s", e)
        st.error(f"The import stopped: {e}. Importing the file again adds the rest and changes nothing already in.")
    except ReaderProcessError as e:
        log.error("%s", e)
        st.error(f"The import stopped: {e.reason}. The batches written before it are stored; "
                 "importing the file again adds the rest and changes nothing already in.")
    else:
        result = summary.to_dict()
        if mapping is not None and save_as.strip():
            mapping.dataset = result.get("dataset") or mapping.dataset
            result["saved_mapping"] = store.save_mapping(save_as, mapping)
        st.session_state[_SUMMARY] = result
    finally:
        bar.empty()  # the summary below replaces it


def _last_import() -> None:
    """The summary of this session's last import: counts, row errors, notes, names and places not known."""
    result = st.session_state.get(_SUMMARY)
    if not result:
        return
    st.subheader("Last import")
    cols = st.columns(5)
    for col, key in zip(cols, ("rows", "imported", "updated", "unchanged", "skipped")):
        col.metric(key.capitalize(), f"{result[key]:,}")
    st.caption(f"{result['file']} · {FORMAT_LABELS.get(result['format'], result['format'])} · "
               f"{result['seconds']:.1f} s")
    if result.get("stopped"):
        st.error(f"Reading stopped early: {result['stopped']} (the rows before it were imported)")
    if result["errors"]:
        more = result.get("errors_not_listed", 0)
        st.warning(f"{len(result['errors']) + more:,} row(s) skipped with errors"
                   + (f" ({more:,} not listed)" if more else ""))
        st.container(key="atlas_data_errors").dataframe(
            result["errors"], hide_index=True, width="stretch",
            column_config={"row": st.column_config.NumberColumn("Row", format="%d"), "column": "Column",
                           "message": "Problem"})
    else:
        st.success("No row errors.")
    if (skipped := skipped_text(result)):
        st.info(skipped)
    for note in result.get("notes", []):
        st.caption(note)
    if result.get("saved_mapping"):
        st.caption(f"Mapping saved as {result['saved_mapping']!r}.")
    if result.get("unknown_groups"):
        st.warning("Group names the registry does not know (kept as written in each record's flags; add "
                   "an alias to the registry to attribute them):")
        st.dataframe(unknown_group_rows(result), hide_index=True, width="stretch", key="atlas_data_unknown_groups")
    if result.get("unresolved_places"):
        st.warning("Places the offline gazetteer does not know: imported without a point.")
        st.dataframe(unresolved_place_rows(result), hide_index=True, width="stretch",
                     key="atlas_data_unresolved_places")
    elif result.get("places_without_point"):  # a dataset's rows without coordinates (io/placing.py)
        st.warning("Rows without coordinates whose place the offline gazetteer does not know: imported "
                   "without a point.")
        st.dataframe(named_count_rows(result["places_without_point"]), hide_index=True,
                     width="stretch", key="atlas_data_places_without_point")
    if result.get("placed_by_gazetteer"):
        st.caption(f"{result['placed_by_gazetteer']:,} row(s) without coordinates placed by their place name "
                   "from the offline gazetteer (each record's flags say so).")


# -- export --------------------------------------------------------------------------------------

def export_tab(store: Store, flt: IncidentFilter) -> None:
    """Downloads of the filtered events: their records (CSV, GeoJSON, XLSX with an events sheet), and
    one row per event (CSV, GeoJSON)."""
    n = len(load(store, flt).frame)  # events, from the cached selection; the records are read on download

    def selection() -> tuple:
        return export_selection(store, flt)  # every record of the events that match, with its event

    def _download(fmt: str) -> bytes:
        items, events, _ = selection()
        return export_bytes(items, fmt, events, flt=flt, event_rows=event_rows(store, flt) if fmt == "xlsx" else None)

    def _download_events(fmt: str) -> bytes:
        return export_events(event_rows(store, flt), selection()[0], fmt, flt)[0]

    st.markdown(f"**{n:,}** incident(s) match the filter; a download holds every source's record of them, each "
                "with its `event_id`. Every field is exported, with the claim ledger and "
                "sources; cells a spreadsheet would run as formulas are neutralised. Each file says what it "
                "holds — the filter, the datasets with their licences or terms, the outlets — in an *About* "
                "sheet (XLSX), a `metadata` member (GeoJSON) or a side file (CSV).")
    cols = st.columns(len(EXPORT_FORMATS))
    for col, f in zip(cols, EXPORT_FORMATS):
        col.download_button(f"Download {f.upper()}", data=lambda f=f: _download(f),
                            file_name=file_name(f, flt), mime=MEDIA_TYPES[f], key=f"atlas_data_export_{f}",
                            on_click="ignore", disabled=n == 0, width="stretch")
        if f == "csv":
            col.download_button("About the CSV (JSON)", data=lambda: about_bytes(selection()[0], flt),
                                file_name=file_name("about.json", flt), mime="application/json",
                                key="atlas_data_export_csv_about", on_click="ignore", disabled=n == 0,
                                width="stretch", type="tertiary",
                                help="The filter, the datasets and their licences or terms, the outlets.")
    st.caption("One row per event, for reading (the XLSX above has it as its *events* sheet): each figure "
               "as one source gave it, with that source, the spread across sources and the records it links.")
    cols = st.columns(len(EXPORT_FORMATS))
    for col, f in zip(cols, ("csv", "geojson")):
        col.download_button(f"Events {f.upper()}", data=lambda f=f: _download_events(f),
                            file_name=file_name(f, flt, kind="events"), mime=MEDIA_TYPES[f],
                            key=f"atlas_data_export_events_{f}", on_click="ignore", disabled=n == 0, width="stretch")


# -- import runs ---------------------------------------------------------------------------------

def runs_tab(store: Store) -> None:
    """Every import run; an unfinished one can be rolled back or resumed."""
    recent, unfinished = _unfinished(store)  # again: an import above may have just finished
    st.markdown("Every import is recorded. An import that did not finish (the server stopped, the page was "
                "closed mid-way) is shown as **interrupted**: roll it back, or resume it with the same file.")
    done = st.session_state.pop(_ROLLED_BACK, None)
    if done:
        st.success(f"Run {done[0]} rolled back: {done[1]:,} record(s) it inserted deleted.")
    if not recent:
        st.caption("No imports yet.")
        return
    may = store.may("admin")  # a roll-back deletes records
    for r in unfinished:
        st.warning(unfinished_note(r), icon=":material/warning:")
        st.button(f"Roll back run {r.id}", key=f"atlas_data_rollback_{r.id}", disabled=not may,
                  on_click=_roll_back, args=(r.id,))
    st.table(runs_rows(recent))


# -- coverage ------------------------------------------------------------------------------------

def coverage_tab(store: Store) -> None:
    """What each loaded source covers, when it was last imported, and its licence or terms."""
    coverage = load(store, IncidentFilter()).coverage  # every loaded source, whatever the filter
    if not coverage:
        st.info("No data is loaded yet: import a dataset or add a report.")
        return
    st.markdown("What each loaded source covers, from its first to its last date (a date known only to the "
                "month or year covers all of it), when an import last wrote one of its records, and the "
                "licence or terms its data comes under. Charts over time mark the weeks and months outside "
                "every source's span as *no data*, never as zero.")
    st.table(coverage.rows(), hide_index=True)
