"""One spider class per declarative source definition, made at import time.

Scrapy's spider loader finds spider classes in the modules of SPIDER_MODULES; this module defines
a `SourceSpider` subclass named after each definition in `data/sources/` that has no `spider:` of
its own, so `scrapy list` shows every source and `scrapy crawl <key>` runs it.
"""

from __future__ import annotations

from crawler.sources import load_folder
from crawler.spiders.base import SourceSpider


def _class_name(key: str) -> str:
    return "".join(part.title() for part in key.split("_")) + "Spider"


def _declare() -> list[str]:
    made = []
    for key, source in load_folder()[0].items():  # a malformed file is no spider (`crawl --list` names it)
        if source.spider:
            continue
        cls = type(_class_name(key), (SourceSpider,), {"name": key, "source_key": key, "__module__": __name__})
        globals()[cls.__name__] = cls
        made.append(cls.__name__)
    return made


__all__ = _declare()
