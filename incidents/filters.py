"""The incident filter: one object that yields parameterised SQL, a readable caption and URL params."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields, replace
from typing import TYPE_CHECKING, Any, Iterable, Mapping

import sqlalchemy as sa

from geo.provinces import PROVINCES, SHORT_NAMES

from .errors import FilterError
from .models import CATEGORIES, DATE_PRECISIONS
from .registry import ATTRIBUTING, STATUSES, UNLISTED_FLAG, GroupRegistry, default_registry

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

#: Pseudo group code for incidents no group claimed, is suspected of or blamed for.
UNATTRIBUTED = "none"
#: Pseudo category for records whose category is not known (null): news reports, analysts' entries, seeds.
UNKNOWN_CATEGORY = "unknown"
#: Every value of ``categories``: the record categories (models.CATEGORIES) and unknown.
CATEGORY_VALUES = (*CATEGORIES, UNKNOWN_CATEGORY)
#: The default view: militant attacks, and the records whose category is unknown (a news report's or a
#: seed's attack the extractor could not classify is still an analyst's attack; operations, clashes and
#: other events are one click away). ``build`` and the URL without ``category`` give it; ``category=all``
#: (``--category all``) shows every category.
DEFAULT_CATEGORIES = ("attack", UNKNOWN_CATEGORY)
#: Pseudo dataset for records without one (news reports, analysts' entries).
NO_DATASET = "none"
_ALL = "all"
#: The one wording of each category, for captions (lower case), the sidebar, the charts' legends and
#: the tables (capitalised, :func:`category_title`).
CATEGORY_LABELS = {"attack": "attacks", "operation": "security operations", "clash": "clashes",
                   "other": "other events", UNKNOWN_CATEGORY: "category unknown"}


def category_title(category: str | None) -> str:
    """"Security operations", "Category unknown" (None: unknown): a legend's or a list's label."""
    text = CATEGORY_LABELS.get(category if category is not None else UNKNOWN_CATEGORY, category or "")
    return text[:1].upper() + text[1:]

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class IncidentFilter:
    """What an analyst asked to see. Empty tuples mean "any".

    ``groups`` match a group and its branches; with no ``statuses`` they match claimed, suspected
    or blamed attributions; a denial matches only when ``denied`` is asked for.

    ``categories`` (:data:`CATEGORY_VALUES`; "unknown" matches a null category), ``datasets`` (a
    dataset's name, case-insensitive; "none" for records without one) and ``precisions`` (date
    precision: day, month, year). ``IncidentFilter()`` selects every record; the *default view*
    (:meth:`build` without categories, a URL without ``category``, the CLI without ``--category``) is
    :data:`DEFAULT_CATEGORIES`: attacks and records of unknown category.
    """

    groups: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    provinces: tuple[str, ...] = ()
    districts: tuple[str, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    attack_types: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    datasets: tuple[str, ...] = ()
    precisions: tuple[str, ...] = ()

    # -- construction ---------------------------------------------------------------------------
    @classmethod
    def build(cls, *, groups: Iterable[str] = (), statuses: Iterable[str] = (),
              provinces: Iterable[str] = (), districts: Iterable[str] = (),
              date_from: dt.date | str | None = None, date_to: dt.date | str | None = None,
              attack_types: Iterable[str] = (), categories: Iterable[str] | None = None,
              datasets: Iterable[str] = (), precisions: Iterable[str] = (),
              registry: GroupRegistry | None = None) -> "IncidentFilter":
        """Validate and normalise user input; FilterError names the offending field.

        ``categories``: None -> the default view (:data:`DEFAULT_CATEGORIES`); "all" or nothing
        selected -> every category."""
        registry = registry or default_registry()
        gs = []
        for g in groups:
            g = (g or "").strip()
            if not g:
                continue
            if g.lower() == UNATTRIBUTED:
                code = UNATTRIBUTED
            else:
                code = g if g in registry else registry.resolve(g)
            if code is None:
                raise FilterError("group", f"unknown group {g!r:.40}; known: {', '.join(registry.codes)}")
            gs.append(code)
        ss = []
        for s in statuses:
            s = (s or "").strip().lower()
            if s and s not in STATUSES:
                raise FilterError("status", f"unknown status {s!r:.40}; use {', '.join(STATUSES)}")
            if s:
                ss.append(s)
        ps = []
        for p in provinces:
            p = (p or "").strip()
            if not p:
                continue
            code = p.upper() if p.upper() in PROVINCES else _province_from_name(p)
            if code is None:
                raise FilterError("province", f"unknown province {p!r:.40}; use an ISO code such as PK-KP")
            ps.append(code)
        cats = _choices(DEFAULT_CATEGORIES if categories is None else categories, "category", CATEGORY_VALUES)
        if set(cats) >= set(CATEGORY_VALUES):
            cats = ()  # every category: no condition
        sets = []
        for d in datasets:
            d = (d or "").strip()
            if d:
                sets.append(NO_DATASET if d.lower() == NO_DATASET else d)
        df = _date(date_from, "from")
        dt_ = _date(date_to, "to")
        if df and dt_ and df > dt_:
            raise FilterError("from", f"start {df} is after end {dt_}")
        return cls(
            groups=_uniq(gs), statuses=_uniq(ss), provinces=_uniq(ps),
            districts=_uniq(d.strip() for d in districts if d and d.strip()),
            date_from=df, date_to=dt_,
            attack_types=_uniq(a.strip() for a in attack_types if a and a.strip()),
            categories=cats, datasets=_uniq(sets), precisions=_choices(precisions, "precision", DATE_PRECISIONS),
        )

    @classmethod
    def from_query_params(cls, params: Mapping[str, Any]) -> "IncidentFilter":
        """From URL parameters (``group``, ``status``, ``province``, ``district``, ``from``, ``to``,
        ``type``, ``category``, ``dataset``, ``precision``); repeated keys and comma-separated values both
        give several values. Without ``category``: the default view (attacks); ``category=all``: every one."""
        def many(key: str) -> list[str]:
            v = params.get(key)
            if v is None:
                return []
            vals = v if isinstance(v, (list, tuple)) else [v]
            out: list[str] = []
            for x in vals:
                out += [p for p in str(x).split(",") if p.strip()]
            return out

        def one(key: str) -> str | None:
            vals = many(key)
            return vals[-1] if vals else None

        return cls.build(groups=many("group"), statuses=many("status"), provinces=many("province"),
                         districts=many("district"), date_from=one("from"), date_to=one("to"),
                         attack_types=many("type"), categories=many("category") if "category" in params else None,
                         datasets=many("dataset"), precisions=many("precision"))

    def to_query_params(self) -> dict[str, list[str]]:
        """URL parameters that reproduce this filter (only the set ones; the default view's categories
        are left out, every category is ``category=all``)."""
        out: dict[str, list[str]] = {}
        for key, vals in (("group", self.groups), ("status", self.statuses), ("province", self.provinces),
                          ("district", self.districts), ("type", self.attack_types), ("dataset", self.datasets),
                          ("precision", self.precisions)):
            if vals:
                out[key] = list(vals)
        if not self.categories:
            out["category"] = [_ALL]
        elif set(self.categories) != set(DEFAULT_CATEGORIES):
            out["category"] = list(self.categories)
        if self.date_from:
            out["from"] = [self.date_from.isoformat()]
        if self.date_to:
            out["to"] = [self.date_to.isoformat()]
        return out

    def replace(self, **changes: Any) -> "IncidentFilter":
        return replace(self, **changes)

    @property
    def is_empty(self) -> bool:
        return all(not getattr(self, f.name) for f in fields(self))

    @property
    def is_default_view(self) -> bool:
        """The default view: attacks and unknown category, nothing else asked for."""
        return self == default_view()

    # -- SQL ----------------------------------------------------------------------------------
    def effective_statuses(self) -> tuple[str, ...]:
        """Statuses a group filter matches: the asked ones, else claimed/suspected/blamed."""
        return self.statuses or ATTRIBUTING

    def where(self, incidents: sa.Table, attributions: sa.Table,
              registry: GroupRegistry | None = None) -> sa.ColumnElement[bool]:
        """A SQLAlchemy boolean clause (bound parameters only) over the incidents table."""
        registry = registry or default_registry()
        conds: list[sa.ColumnElement[bool]] = []
        real_groups = [g for g in self.groups if g != UNATTRIBUTED]
        if self.groups:
            alts = []
            if real_groups:
                codes = sorted({c for g in real_groups for c in registry.family(g)})
                alts.append(incidents.c.id.in_(
                    sa.select(attributions.c.incident_id).where(
                        attributions.c.group_code.in_(codes),
                        attributions.c.status.in_(self.effective_statuses()))))
            if UNATTRIBUTED in self.groups:  # no group attributed, and none named that the registry lacks
                none = [incidents.c.id.not_in(
                            sa.select(attributions.c.incident_id).where(attributions.c.status.in_(ATTRIBUTING))),
                        sa.not_(sa.func.coalesce(incidents.c.flags, "").contains(UNLISTED_FLAG, autoescape=True))]
                if self.statuses:  # statuses asked apply here too: "Unattributed · denied" has a denial
                    none.append(incidents.c.id.in_(
                        sa.select(attributions.c.incident_id).where(attributions.c.status.in_(self.statuses))))
                alts.append(sa.and_(*none))
            conds.append(sa.or_(*alts))
        elif self.statuses:
            conds.append(incidents.c.id.in_(
                sa.select(attributions.c.incident_id).where(attributions.c.status.in_(self.statuses))))
        if self.provinces:
            conds.append(incidents.c.province_code.in_(self.provinces))
        if self.districts:
            conds.append(sa.func.lower(incidents.c.district).in_([d.lower() for d in self.districts]))
        if self.date_from:
            conds.append(incidents.c.date >= self.date_from)
        if self.date_to:
            conds.append(incidents.c.date <= self.date_to)
        if self.attack_types:
            conds.append(sa.func.lower(incidents.c.attack_type).in_([a.lower() for a in self.attack_types]))
        if self.categories:
            conds.append(_in_or_null(incidents.c.category, [c for c in self.categories if c != UNKNOWN_CATEGORY],
                                     UNKNOWN_CATEGORY in self.categories))
        if self.datasets:
            conds.append(_in_or_null(sa.func.lower(incidents.c.dataset),
                                     [d.lower() for d in self.datasets if d != NO_DATASET], NO_DATASET in self.datasets,
                                     incidents.c.dataset))
        if self.precisions:
            conds.append(incidents.c.date_precision.in_(self.precisions))
        return sa.and_(sa.true(), *conds)

    def mask(self, frame: "pd.DataFrame", ledger: "pd.DataFrame", ledger_pos: "np.ndarray",
             registry: GroupRegistry | None = None) -> "np.ndarray":
        """The same selection as :meth:`where`, over columns already in memory: a boolean array
        aligned with ``frame`` (``Store.frame``: province_code, district, date, attack_type, category,
        dataset, date_precision; ``unlisted``, the names of groups the registry lacks, if the Unattributed
        choice is to leave those out as the SQL does), given the claim ledger (``Store.attribution_frame``) and each ledger row's position in ``frame`` (-1:
        not in it). Text matches are case-insensitive as in the SQL (Unicode case folding, as
        PostgreSQL's ``lower``; SQLite's folds ASCII letters only)."""
        import numpy as np
        import pandas as pd
        import pyarrow as pa
        import pyarrow.compute as pc

        registry = registry or default_registry()
        n = len(frame)
        keep = np.ones(n, dtype=bool)
        pos = np.asarray(ledger_pos)
        inside = pos >= 0

        def incidents_with(rows: np.ndarray) -> np.ndarray:
            hit = np.zeros(n, dtype=bool)
            hit[pos[rows & inside]] = True
            return hit

        def is_in(column: pd.Series, values: Iterable[str], fold: bool = False) -> np.ndarray:
            arr = pa.array(column.astype("str") if len(column) else [], type=pa.string())
            wanted = pa.array(sorted({v.lower() if fold else v for v in values}), type=pa.string())
            if fold:
                arr = pc.utf8_lower(arr)
            return pc.is_in(arr, value_set=wanted).fill_null(False).to_numpy(zero_copy_only=False)

        status = ledger["status"] if len(ledger) else pd.Series([], dtype=object)
        if self.groups:
            hit = np.zeros(n, dtype=bool)
            real = [g for g in self.groups if g != UNATTRIBUTED]
            if real:
                codes = {c for g in real for c in registry.family(g)}
                hit |= incidents_with(is_in(ledger["group_code"], codes) & is_in(status, self.effective_statuses()))
            if UNATTRIBUTED in self.groups:
                none = ~incidents_with(is_in(status, ATTRIBUTING))
                if "unlisted" in frame:  # a group the registry lacks is named: not unattributed
                    none &= frame["unlisted"].isna().to_numpy()
                if self.statuses:
                    none &= incidents_with(is_in(status, self.statuses))
                hit |= none
            keep &= hit
        elif self.statuses:
            keep &= incidents_with(is_in(status, self.statuses))
        if self.provinces:
            keep &= is_in(frame["province_code"], self.provinces)
        if self.districts:
            keep &= is_in(frame["district"], self.districts, fold=True)
        if self.date_from or self.date_to:
            dates = pd.to_datetime(frame["date"]).to_numpy()
            if self.date_from:
                keep &= dates >= np.datetime64(self.date_from)
            if self.date_to:
                keep &= dates <= np.datetime64(self.date_to)
        if self.attack_types:
            keep &= is_in(frame["attack_type"], self.attack_types, fold=True)
        if self.categories:
            keep &= is_in(frame["category"], self.categories) | (
                frame["category"].isna().to_numpy(bool) & (UNKNOWN_CATEGORY in self.categories))
        if self.datasets and "datasets" in frame:  # events: any of their records' datasets
            keep &= _any_dataset(frame["datasets"], self.datasets)
        elif self.datasets:
            keep &= is_in(frame["dataset"], self.datasets, fold=True) | (
                frame["dataset"].isna().to_numpy(bool) & (NO_DATASET in self.datasets))
        if self.precisions:
            keep &= is_in(frame["date_precision"], self.precisions)
        return keep

    def to_sql(self, dialect: str = "sqlite") -> tuple[str, dict[str, Any]]:
        """The WHERE clause as SQL text with named parameters, e.g. for display or a raw query."""
        from .store.schema import attributions, incidents  # local: schema imports nothing heavy

        from sqlalchemy.dialects import postgresql, sqlite

        d = (postgresql.dialect(paramstyle="named") if dialect.startswith("postgres")
             else sqlite.dialect(paramstyle="named"))
        compiled = self.where(incidents, attributions).compile(dialect=d, compile_kwargs={"render_postcompile": True})
        return str(compiled), dict(compiled.params)

    # -- caption ------------------------------------------------------------------------------
    def caption(self) -> str:
        """A readable summary: "ISKP · claimed · Jan–Mar 2024 · KP"; "All attacks" for the default view;
        "All incidents" when empty (every category). Categories other than the default view's come
        first ("Attacks, operations, clashes · KP"); the default view's add no words to a caption that
        names other choices (a filter of groups, places or dates is read as one of attacks)."""
        parts: list[str] = []
        default = set(self.categories) == set(DEFAULT_CATEGORIES)
        if self.categories and not default:
            parts.append(category_label(self.categories))
        if self.groups:
            parts.append(", ".join("Unattributed" if g == UNATTRIBUTED else g for g in self.groups))
        if self.statuses:
            parts.append(", ".join(self.statuses))
        if self.date_from or self.date_to:
            parts.append(date_span_label(self.date_from, self.date_to))
        if self.provinces:
            parts.append(", ".join(SHORT_NAMES.get(p, p) for p in self.provinces))
        if self.districts:
            parts.append(", ".join(self.districts) + (" district" if len(self.districts) == 1 else " districts"))
        if self.attack_types:
            parts.append(", ".join(self.attack_types))
        if self.datasets:
            parts.append(", ".join("no dataset" if d == NO_DATASET else d for d in self.datasets))
        if self.precisions:
            parts.append("dated to the " + " or ".join(self.precisions))
        if not parts:
            return "All attacks" if default else "All incidents"
        return " · ".join(parts)


def default_view() -> IncidentFilter:
    """The filter of the default view: attacks and records of unknown category, nothing else."""
    return IncidentFilter(categories=DEFAULT_CATEGORIES)


def category_label(categories: Iterable[str]) -> str:
    """"Attacks" for the default view (attacks and unknown category), else the categories named:
    "Attacks, operations, clashes"."""
    cats = tuple(categories)
    if set(cats) == set(DEFAULT_CATEGORIES):
        return "Attacks"
    text = ", ".join(CATEGORY_LABELS.get(c, c) for c in cats)
    return text[:1].upper() + text[1:]


def date_span_label(start: dt.date | None, end: dt.date | None) -> str:
    """"Jan–Mar 2024", "Mar 2024", "5 Jan–20 Mar 2024", "since 1 Jan 2024", "until Mar 2024"."""
    def whole_month_start(d: dt.date) -> bool:
        return d.day == 1

    def whole_month_end(d: dt.date) -> bool:
        return (d + dt.timedelta(days=1)).day == 1

    def day(d: dt.date, year: bool = True) -> str:
        return f"{d.day} {_MONTHS[d.month - 1]}" + (f" {d.year}" if year else "")

    def month(d: dt.date, year: bool = True) -> str:
        return _MONTHS[d.month - 1] + (f" {d.year}" if year else "")

    if start and end:
        if whole_month_start(start) and whole_month_end(end):
            if start.month == 1 and end.month == 12:
                return str(start.year) if start.year == end.year else f"{start.year}–{end.year}"
            if (start.year, start.month) == (end.year, end.month):
                return month(start)
            if start.year == end.year:
                return f"{month(start, False)}–{month(end)}"
            return f"{month(start)}–{month(end)}"
        if start == end:
            return day(start)
        if start.year == end.year:
            return f"{day(start, False)}–{day(end)}"
        return f"{day(start)}–{day(end)}"
    if start:
        return f"since {day(start)}"
    if end:
        return f"until {day(end)}"
    return "all dates"


def _date(v: dt.date | str | None, name: str) -> dt.date | None:
    if v is None or v == "":
        return None
    if isinstance(v, dt.date):
        return v
    try:
        return dt.date.fromisoformat(str(v).strip())
    except ValueError as e:
        raise FilterError(name, f"expected a date as YYYY-MM-DD, got {str(v)!r:.40}") from e


def _any_dataset(datasets: "pd.Series", wanted: Iterable[str]) -> "np.ndarray":
    """Events (``collapse``'s ``datasets``: "GTD · UCDP", "report" for a record without one) with a
    record of any ``wanted`` dataset ("none": a record without one)."""
    import numpy as np
    import pandas as pd

    from .events.event import REPORT

    want = {REPORT if d == NO_DATASET else d.lower() for d in wanted}
    codes, uniques = pd.factorize(datasets.astype(object), use_na_sentinel=True)
    hit = np.array([isinstance(u, str) and bool(want & {p.strip().lower() for p in u.split(" · ")})
                    for u in uniques] + [False], bool)
    return hit[codes]


def _in_or_null(column: sa.ColumnElement[Any], values: list[str], null: bool,
                null_column: sa.ColumnElement[Any] | None = None) -> sa.ColumnElement[bool]:
    """``column IN values`` (or ``null_column``, default ``column``, is null when ``null``)."""
    alts = [column.in_(values)] if values else []
    if null:
        alts.append((column if null_column is None else null_column).is_(None))
    return sa.or_(*alts)


def _choices(values: Iterable[str], field: str, allowed: Iterable[str]) -> tuple[str, ...]:
    """Values (case-insensitive, blanks dropped) from ``allowed``; "all" means every one (empty)."""
    allowed = tuple(allowed)
    out: list[str] = []
    for x in values:
        x = (x or "").strip().lower()
        if not x:
            continue
        if x == _ALL:
            return ()
        if x not in allowed:
            raise FilterError(field, f"unknown {field} {x!r:.40}; use {', '.join(allowed)} or all")
        out.append(x)
    return _uniq(out)


def _uniq(items: Iterable[str]) -> tuple[str, ...]:
    out: list[str] = []
    for i in items:
        if i not in out:
            out.append(i)
    return tuple(out)


def _province_from_name(name: str) -> str | None:
    from geo.normalize import province_code_for

    code = province_code_for(name)
    return code if code in PROVINCES else None
