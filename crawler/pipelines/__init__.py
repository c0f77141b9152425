"""Item pipelines, one per file, in this order (numbers as in settings.ITEM_PIPELINES):

100 validate          required fields; price text → board reader → tariff + fee grid hash; problems/alerts
200 match_lot         by the source's own id for the lot, then name + address
300 store_observation the observation + the page snapshot (gzip, sha256) as evidence
400 price_change      a new price_versions row only when the fee grid hash differs
500 source_health     counts; at the end of the run: ok or failed in source_runs / sources

No pipeline drops an item: an invalid item is stored too, with its problems, so nothing is lost.
The four middle pipelines share `base.ContextPipeline` (the run context; work off the reactor).
"""
