"""What the real-browser walks check on every page they open: no request leaves the machine, no link
is broken, no English word or raw code in the Chinese interface, no emoji (a box in a browser without
an emoji font), nothing wider than a phone outside tables. Each check returns what it found wrong."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from dashboard.navigation import PAGES

LOCAL_HOSTS = {"127.0.0.1", "localhost"}
EXTERNAL_LINKS = {"www.12315.cn"}  # the only foreign sites a page links to
PAGE_PATHS = {"", "home", *(spec.url_path for spec in PAGES)}
# Words allowed in the Chinese interface: the language switch (so an English reader finds it), the
# product name, the names of file formats and the OCR engines' product names.
ALLOWED_WORDS = {"Language", "English", "parkwatch", "CSV", "GeoJSON", "Excel", "www", "RapidOCR", "Tesseract"}
# Streamlit's own widget chrome is English and cannot be translated from the app (the file drop
# zone, "Press Enter to apply"); icons are ligature names in the Material font.
SKIPPED = (
    "[data-testid='stIconMaterial']",
    "[data-testid='stFileUploaderDropzoneInstructions']",
    "[data-testid='stFileUploaderDropzone'] button",
    "[data-testid='InputInstructions']",
    "[data-testid='stToolbar']",
    "[data-testid='stStatusWidget']",
    "[data-testid='stExpanderIcon']",
    "[data-testid='stTooltipIcon']",
    "[data-testid='stSidebarCollapseButton']",
    "[data-testid='stExpandSidebarButton']",
    "[data-testid='stMainMenu']",
    "[data-testid='stCode']",  # the complaint text to copy, shown as it will be sent
)
EMOJI = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\ufe0f]")

_VISIBLE_TEXT = """(skipped) => {
  const roots = [...document.querySelectorAll("[data-testid='stMain'], [data-testid='stSidebar']")];
  const parts = [];
  for (const root of roots) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      const el = node.parentElement;
      if (!el || skipped.some((s) => el.closest(s))) continue;
      const style = getComputedStyle(el);
      if (style.display === "none" || style.visibility === "hidden") continue;
      if (style.fontFamily.includes("Material")) continue;  // an icon's ligature name
      parts.push(node.textContent);
    }
  }
  return parts.join("\\n");
}"""

_TOO_WIDE = """() => {
  const limit = window.innerWidth + 1;
  const inside = "[data-testid='stTable'], [data-testid='stDataFrame'], [data-testid='stCode'], "
    + "[data-testid='stVegaLiteChart'], [data-testid='stSidebar']";
  const wide = [];
  for (const el of document.querySelectorAll("[data-testid='stMain'] *")) {
    if (el.closest(inside)) continue;
    const box = el.getBoundingClientRect();
    if (box.width > 0 && box.right > limit) wide.push((el.dataset.testid || el.tagName) + " " + Math.round(box.right));
  }
  return {page: document.documentElement.scrollWidth, view: window.innerWidth, wide: wide.slice(0, 5)};
}"""


def visible_text(page) -> str:
    return page.evaluate(_VISIBLE_TEXT, list(SKIPPED))


def foreign_words(page, echo: str | tuple[str, ...] = "") -> list[str]:
    """English words and raw codes (snake_case, None, NaN, JSON) in what a visitor reads (less `echo`:
    what the visitor typed, quoted back)."""
    text = visible_text(page)
    for quoted in (echo,) if isinstance(echo, str) else echo:
        text = text.replace(quoted, "") if quoted else text
    # addresses are addresses; a date box's empty pattern is Streamlit's (YYYY/MM/DD)
    text = re.sub(r"https?://\S+|[Yy]{4}\s*/\s*[Mm]{2}\s*/\s*[Dd]{2}", "", text)
    # a hash's head (an evidence file's SHA-256, "3fa9c0e1b2d4…") is an identifier, not a word
    text = re.sub(r"\b[0-9a-f]{8,}…?", "", text)
    words = set(re.findall(r"[A-Za-z][A-Za-z_]{2,}", text)) - ALLOWED_WORDS
    codes = re.findall(r'\{"|":\s', text)
    return sorted(words) + codes


def emoji(page) -> list[str]:
    return sorted(set(EMOJI.findall(visible_text(page) + page.title())))


def too_wide(page) -> dict:
    """At phone width: the page may not scroll sideways, nor any element outside a table stick out."""
    found = page.evaluate(_TOO_WIDE)
    return found if found["page"] > found["view"] + 1 or found["wide"] else {}


def broken_links(page, base: str) -> list[str]:
    """Links whose address is garbled (full-width punctuation swallowed into the URL), foreign sites
    other than the expected ones, or app paths that are no page."""
    bad = []
    here = urlsplit(page.url).path
    for href in page.eval_on_selector_all("a[href]", "els => els.map((a) => a.href)"):
        parts = urlsplit(href)
        if href.startswith(base) and parts.path == here:
            continue  # this page itself (a heading's anchor)
        garbled = "%EF%BC" in href.upper() or "%E3%80" in href.upper()
        if garbled or parts.scheme not in ("http", "https"):
            bad.append(href)
        elif href.startswith(base):
            if parts.path.strip("/") not in PAGE_PATHS:
                bad.append(href)
        elif parts.hostname not in EXTERNAL_LINKS:
            bad.append(href)
    return bad


def outside_requests(requests: list[str]) -> list[str]:
    """Requests to anywhere but this machine (tiles, fonts, map styles, telemetry)."""
    return sorted(
        {url for url in requests if urlsplit(url).scheme in ("http", "https", "ws", "wss")}
        - {url for url in requests if urlsplit(url).hostname in LOCAL_HOSTS}
    )


def page_problems(page, base: str, phone: bool, echo: str | tuple[str, ...] = "") -> dict:
    """Every check at once, keyed by what is wrong (empty: the page is clean)."""
    problems = {
        "english_or_code": foreign_words(page, echo),
        "emoji": emoji(page),
        "broken_links": broken_links(page, base),
        "too_wide": too_wide(page) if phone else {},
    }
    return {key: value for key, value in problems.items() if value}
