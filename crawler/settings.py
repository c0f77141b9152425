"""Scrapy settings for the parkwatch crawler (`scrapy.cfg` points here).

Politeness: robots.txt is obeyed, robots Crawl-delay is honoured (Scrapy ignores it by itself; see
`crawler.middlewares.CrawlDelayMiddleware`), AutoThrottle adapts to the server, each source sets its
own minimum delay (`delay_seconds` in its YAML), and the User-Agent names the project and a contact.
Parkwatch-specific settings (prefix PARKWATCH_) can be given with `-s NAME=value`.
"""

from __future__ import annotations

from parkwatch.settings import get_settings

BOT_NAME = "parkwatch"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

USER_AGENT = get_settings().user_agent
ROBOTSTXT_OBEY = True
ROBOTSTXT_PARSER = "scrapy.robotstxt.ProtegoRobotParser"

# Politeness: a source's delay_seconds becomes its DOWNLOAD_DELAY (the AutoThrottle minimum).
DOWNLOAD_DELAY = 2.0
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 2
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 2.0
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

# Faults: give up on slow or huge responses; retry server errors and 429 with exponential back-off.
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
# back-off before retry n: RETRY_BACKOFF_BASE * 2**(n-1) seconds, at most RETRY_BACKOFF_MAX;
# a Retry-After header (seconds) is honoured up to RETRY_BACKOFF_MAX
RETRY_BACKOFF_BASE = 1.0
RETRY_BACKOFF_MAX = 60.0

DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.BackoffRetryMiddleware": 550,
    "crawler.middlewares.CrawlDelayMiddleware": 101,  # just after RobotsTxtMiddleware (100)
}

# One stage per file, run in this order; each writes what it found on the item (docs/crawler.md).
ITEM_PIPELINES = {
    "crawler.pipelines.validate.ValidatePipeline": 100,
    "crawler.pipelines.match_lot.MatchLotPipeline": 200,
    "crawler.pipelines.store_observation.StoreObservationPipeline": 300,
    "crawler.pipelines.price_change.PriceChangePipeline": 400,
    "crawler.pipelines.source_health.SourceHealthPipeline": 500,
}

# Development: `-s HTTPCACHE_ENABLED=1` replays pages from .scrapy/httpcache instead of the network.
HTTPCACHE_ENABLED = False
HTTPCACHE_EXPIRATION_SECS = 24 * 3600
HTTPCACHE_DIR = "httpcache"
HTTPCACHE_IGNORE_HTTP_CODES = [429, 500, 502, 503, 504]

# parkwatch settings
PARKWATCH_DB_URL = None  # None: parkwatch settings (PARKWATCH_DB_URL env or data/parkwatch.db)
PARKWATCH_BASE_URL = None  # overrides a source's base_url (the demo portal's port varies)
PARKWATCH_HONOR_CRAWL_DELAY = True
PARKWATCH_MIN_VALID_RATIO = 0.9  # a run under this share of valid items is a failed run
PARKWATCH_PROGRESS = False  # print one JSON progress line per item on stdout (for `parkwatch crawl`)
PARKWATCH_PIPELINE_THREAD = True  # the blocking stages (200–400) work on one worker thread, off the reactor
PARKWATCH_NOW = None  # ISO datetime: pins capture times (reproducible demo runs)

FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"

# No control surfaces on a crawl process: Scrapy's telnet console and its remote-control HTTP server
# (on by default in Scrapy 2.19, it executes code sent to it) stay off.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
