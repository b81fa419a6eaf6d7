"""Casualties (`/casualties`): killed and injured per month, by province and district, per incident."""
from __future__ import annotations

import streamlit as st

from atlas import stats
from atlas.app import get_store
from atlas.charts import (casualties_by_area_chart, casualties_by_month_chart,
                          casualties_per_incident_chart)
from atlas.sidebar import render_filters, view_options
from atlas.views import chart, data_header, load

store = get_store()
flt = render_filters(store)
data = load(store, flt)

data_header("Casualties", flt, data)
monthly = data.derived("monthly", lambda: stats.monthly_casualties(data.frame, data.coverage))
chart("casualties-per-month", data, lambda: casualties_by_month_chart(
    monthly, data.text("Killed and injured per month", monthly.note)), key="atlas_chart_month")
left, right = st.columns(2)
with left:
    chart("casualties-by-province", data, lambda: casualties_by_area_chart(
        stats.area_casualties(data.frame, "province"), data.text("Killed and injured by province"), wrap=52),
          key="atlas_chart_province")
with right:
    districts, unknown_note = data.derived("districts", lambda: stats.known_areas(
        stats.area_casualties(data.frame, "district"), "district"))
    chart("casualties-by-district", data, lambda: casualties_by_area_chart(
        districts, data.text("Killed and injured by district (top 15)", unknown_note), wrap=52), key="atlas_chart_district")
limit = 30
if not view_options().presenting:
    limit = st.slider("Incidents in the per-incident chart", 5, 100, 30, step=5, key="atlas_per_incident")
chart("casualties-per-incident", data, lambda: casualties_per_incident_chart(
    stats.incident_casualties(data.frame, data.attributions, store.registry, limit, data.groups),
    data.text(f"Killed per incident (deadliest {limit})",
              "Open-ended figures are drawn at their lower bound and marked “+”")),
      key="atlas_chart_incident", variant=str(limit))
