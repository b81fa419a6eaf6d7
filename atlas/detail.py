"""One incident spelled out for ``st.markdown`` (the card of ``atlas/card.py``), and the incident table.

Every string from data is Markdown-escaped (no links or images can be smuggled in); only http(s)
source addresses become links.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from geo.provinces import PROVINCES
from incidents.models import Incident

from .card import NOT_IN_REGISTRY_NOTE, card_markdown, event_card
from .text import date_label

if TYPE_CHECKING:
    import pandas as pd


def event_markdown(event: dict, records: list[Incident], related: list | None = None) -> str:
    """Markdown of an event's card: its fields and each source's record side by side."""
    return card_markdown(event_card(event, records, related=related or []))


TABLE_COLUMNS = ["date", "place", "district", "province", "attack", "killed", "injured", "attributed to",
                 "claimed", "suspected", "blamed", "denied", "sources", "records", "disagree", "id"]


def attributed_labels(groups: "pd.Series | list", unlisted: "pd.Series | None" = None) -> list[str]:
    """The "attributed to" cell: the group drawn; else the name a source gives for a group the
    registry lacks, as written ("Lashkar-e-Foo (not in the registry)"); else "—"."""
    names = list(unlisted) if unlisted is not None else [None] * len(groups)
    return [g if isinstance(g, str) else f"{u} {NOT_IN_REGISTRY_NOTE}" if isinstance(u, str) else "—"
            for g, u in zip(groups, names)]


def incident_table(frame: "pd.DataFrame", attributions: "pd.DataFrame", sources: "pd.DataFrame",
                   groups: "pd.Series | None" = None, related: "pd.DataFrame | None" = None) -> "pd.DataFrame":
    """One row per incident of the store's frames (see ``Store.frame``), newest first: dates as
    precise as reported, figures as labels that keep lower bounds ("5+", "≤30", "?"), the group
    drawn (``groups``, frame-aligned; else from the ledger), the ledger by status, the number of
    sources; a toll a source gave only for several attacks together (``related``, by ``event_id``) is
    said beside the attack's own figure ("? · 51+ in 2 attacks together"), never split into it.
    Columnar: a label is worked out once per distinct value, not once per incident."""
    import numpy as np
    import pandas as pd

    from incidents.casualties import Count

    from .stats import attributed_groups, member

    if frame.empty:
        return pd.DataFrame(columns=TABLE_COLUMNS)
    ids = frame["id"].astype(object)
    day_codes, days = pd.factorize(frame["date"])
    prec_codes, precs = pd.factorize(frame["date_precision"].astype(object))
    key_codes, keys = pd.factorize(day_codes.astype("int64") * (len(precs) + 1) + prec_codes)
    when = [date_label(days[k // (len(precs) + 1)].date() if k // (len(precs) + 1) >= 0 else None,
                       precs[k % (len(precs) + 1)]) for k in keys]

    def count_labels(kind: str) -> list[str]:
        pairs = [(None if lo is pd.NA or lo != lo else int(lo), None if hi is pd.NA or hi != hi else int(hi))
                 for lo, hi in zip(frame[f"{kind}_min"].astype(object), frame[f"{kind}_max"].astype(object))]
        labels = {k: Count(*k, None).label() for k in set(pairs)}
        return [labels[k] for k in pairs]

    def with_related(labels: list[str], kind: str) -> list[str]:
        if related is None or related.empty or "event_id" not in related:
            return labels
        together: dict[str, str] = {}
        for _, toll in related.groupby("related_id", sort=False):
            lo, hi = toll[f"{kind}_min"].iloc[0], toll[f"{kind}_max"].iloc[0]
            if pd.isna(lo) and pd.isna(hi):
                continue
            note = (f"{Count(None if pd.isna(lo) else int(lo), None if pd.isna(hi) else int(hi), None).label()} "
                    f"in {toll['event_id'].nunique()} attacks together")
            for ev in toll["event_id"].unique():
                together[ev] = f"{together[ev]}; {note}" if ev in together else note
        return [f"{label} · {together[i]}" if i in together else label for label, i in zip(labels, id_list)]

    if groups is None:
        groups = attributed_groups(attributions).reindex(ids).reset_index(drop=True)
    ledger = attributions[member(attributions["incident_id"], frame["id"])]
    joined: dict[str, dict[str, str]] = {st: {} for st in ("claimed", "suspected", "blamed", "denied")}
    for iid, group, status in zip(ledger["incident_id"].tolist(), ledger["group_code"].tolist(),
                                  ledger["status"].tolist()):  # in ledger order
        part = joined.get(status)
        if part is not None:
            part[iid] = f"{part[iid]}, {group}" if iid in part else group
    id_list = ids.tolist()
    by_status = {st: [part.get(i, "") for i in id_list] for st, part in joined.items()}
    n_sources = sources["incident_id"].value_counts().reindex(ids).fillna(0).astype(int).to_numpy()
    province = frame["province_code"].astype(object).map(PROVINCES)  # the canonical name of the ISO code
    if "province" in frame:  # else the name as stored
        province = province.where(province.notna(), frame["province"].astype(object))
    table = pd.DataFrame({
        "date": [when[k] for k in key_codes], "place": frame["location"].astype(object),
        "district": frame["district"].astype(object), "province": province.astype(object),
        "attack": frame["attack_type"].astype(object).where(frame["attack_type"].notna(), "unknown"),
        "category": (frame["category"].astype(object).where(frame["category"].notna(), "unknown")
                     if "category" in frame else ["unknown"] * len(frame)),
        "killed": with_related(count_labels("killed"), "killed"),
        "injured": with_related(count_labels("injured"), "injured"),
        "attributed to": attributed_labels(groups, frame["unlisted"] if "unlisted" in frame else None),
        **by_status, "sources": n_sources,
        # an event's records (one per source that tells of it) and where they differ
        "records": (frame["records"].fillna(1).astype(int).to_numpy() if "records" in frame
                    else np.ones(len(frame), dtype=int)),
        "disagree": (frame["disagree"].astype(object).where(frame["disagree"].notna(), "").to_numpy()
                     if "disagree" in frame else [""] * len(frame)),
        "id": ids,
    })
    order = frame.sort_values(["date", "id"], ascending=False, kind="stable").index
    return table.loc[order].reset_index(drop=True)
