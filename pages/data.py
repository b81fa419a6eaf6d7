"""Data (`/data`): import ACLED / GTD / UCDP GED exports or our own files; download the filtered incidents."""
from __future__ import annotations

import logging

import streamlit as st

from atlas.app import READ_ONLY_NOTE, get_store
from atlas.sidebar import page_header, render_filters
from atlas.views import load
from incidents.events.query import export_selection
from incidents.io import (EXPORT_FORMATS, FORMATS, ImportWriteError, ReaderProcessError, UnreadableFileError,
                          export_bytes, import_file, preview)
from incidents.io.export import MEDIA_TYPES, about_bytes, file_name
from incidents.io.display import (FORMAT_LABELS, errors_rows, mapping_rows, progress_text, runs_rows, sample_rows,
                                summary_caption, unfinished_note)
from incidents.settings import get_settings

log = logging.getLogger(__name__)
_SUMMARY = "atlas_data_summary"
_REQUESTED = "atlas_data_import_requested"
_ROLLED_BACK = "atlas_data_rolled_back"


def _request_import() -> None:
    st.session_state[_REQUESTED] = True


def _roll_back(run: int) -> None:
    """The "Roll back" button's callback (before the script runs, so the page shows the result)."""
    st.session_state[_ROLLED_BACK] = (run, get_store().rollback_import_run(run))


store = get_store()
flt = render_filters(store)
page_header("Data", flt)
imp, exp, past = st.tabs(["Import", "Export", "Import runs"])
recent = store.import_runs(20)  # a run whose process is gone is shown as interrupted
unfinished = [r for r in recent if r.status in ("interrupted", "failed")]

with imp:
    st.markdown("Bring in an **ACLED**, **GTD** or **UCDP GED** export, or a CSV/GeoJSON/XLSX this atlas "
                "exported. Re-importing a file changes nothing; a revised file updates the changed incidents.")
    if store.read_only:
        st.info(READ_ONLY_NOTE, icon=":material/lock:")
    limit_mb = get_settings().max_upload_mb
    upload = st.file_uploader("Dataset file", type=["csv", "tsv", "txt", "xlsx", "geojson", "json"],
                              key="atlas_data_upload", disabled=store.read_only, max_upload_size=limit_mb,
                              help=f"Up to {limit_mb} MB (ATLAS_MAX_UPLOAD_MB).")
    fmt = st.selectbox("Layout", FORMATS, format_func=FORMAT_LABELS.get, key="atlas_data_format")
    if upload is not None:
        try:
            pv = preview(upload, fmt, registry=store.registry)
        except UnreadableFileError as e:
            st.error(f"This file cannot be imported: {e}")
        else:
            st.markdown(f"**Detected layout:** {pv.title} · {summary_caption(pv)}")
            with st.expander("Column mapping", expanded=False):
                st.dataframe(mapping_rows(pv), hide_index=True, width="stretch")
                if pv.unused_columns:
                    st.caption("Columns not used: " + ", ".join(pv.unused_columns))
            st.markdown("**First rows as incidents**")
            st.dataframe(sample_rows(pv), hide_index=True, width="stretch")
            if pv.errors:
                st.warning(f"{len(pv.errors)} of the first rows have problems (they will be skipped):")
                st.dataframe(errors_rows(pv.errors), hide_index=True, width="stretch")
            same_file = [r.id for r in unfinished if r.file_name == pv.file]
            resume = None
            if same_file and st.checkbox(f"Resume run {same_file[0]} (this file's import that did not finish)",
                                         value=True, key="atlas_data_resume"):
                resume = same_file[0]
            # a callback flag, not the button's return value: it survives a rerun within the same click
            st.button("Import", type="primary", key="atlas_data_import", on_click=_request_import)
            if st.session_state.pop(_REQUESTED, False):
                bar = st.progress(0.0, text="Reading…")
                try:
                    summary = import_file(upload, store, format=pv.format, resume=resume,
                                          progress=lambda n, f: bar.progress(min(f or 0.0, 1.0), text=progress_text(n)))
                except UnreadableFileError as e:
                    st.error(f"This file cannot be imported: {e}")
                except ImportWriteError as e:
                    log.error("%s", e)
                    st.error(f"The import stopped: {e}. Importing the file again adds the rest and changes "
                             "nothing already in.")
                except ReaderProcessError as e:
                    log.error("%s", e)
                    st.error(f"The import stopped: {e.reason}. The batches written before it are stored; "
                             "importing the file again adds the rest and changes nothing already in.")
                else:
                    st.session_state[_SUMMARY] = summary.to_dict()
                finally:
                    bar.empty()  # the summary below replaces it
    result = st.session_state.get(_SUMMARY)
    if result:
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
            st.dataframe(result["errors"], hide_index=True, width="stretch",
                         column_config={"row": st.column_config.NumberColumn("Row", format="%d"),
                                        "column": "Column", "message": "Problem"})
        else:
            st.success("No row errors.")

with exp:
    n = len(load(store, flt).frame)  # events, from the cached selection; the records are read on download

    def selection() -> tuple:
        return export_selection(store, flt)  # every record of the events that match, with its event

    def _download(fmt: str) -> bytes:
        items, events, _ = selection()
        return export_bytes(items, fmt, events, flt=flt)

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

with past:
    recent = store.import_runs(20)  # again: an import above may have just finished
    unfinished = [r for r in recent if r.status in ("interrupted", "failed")]
    st.markdown("Every import is recorded. An import that did not finish (the server stopped, the page was "
                "closed mid-way) is shown as **interrupted**: roll it back, or resume it with the same file.")
    done = st.session_state.pop(_ROLLED_BACK, None)
    if done:
        st.success(f"Run {done[0]} rolled back: {done[1]:,} record(s) it inserted deleted.")
    if not recent:
        st.caption("No imports yet.")
    else:
        for r in unfinished:
            st.warning(unfinished_note(r), icon=":material/warning:")
            st.button(f"Roll back run {r.id}", key=f"atlas_data_rollback_{r.id}", disabled=store.read_only,
                      on_click=_roll_back, args=(r.id,))
        st.table(runs_rows(recent))
