"""The Streamlit frame: navigation over the pages in dashboard/app_pages/."""

from __future__ import annotations

import streamlit as st

st.set_page_config(page_title="停车收费价格监测 parkwatch", page_icon="🅿️", layout="wide")
st.title("停车收费价格监测")
st.caption("演示数据 · demo data")
