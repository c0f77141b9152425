"""Item pipelines, one stage per file, in `settings.ITEM_PIPELINES` order:

100 validate          required fields; price text → board reader → tariff + fee grid hash; problems/alerts
200 match_lot         by the source's own id for the lot, then name + address
300 store_observation the observation + the page snapshot (gzip, sha256) as evidence
400 price_change      a new price_versions row only when the fee grid hash differs; ends the item's writes
500 source_health     progress; at the end of the run: ok or failed in source_runs / sources

Each stage writes what it found on the item for the next (`crawler.items.LotPriceItem`); 200–400 block
on SQL and files and run on the run's worker thread (`base.WorkerPipeline`). No pipeline drops an
item: an invalid item is stored too, with its problems, so nothing is lost.
"""
