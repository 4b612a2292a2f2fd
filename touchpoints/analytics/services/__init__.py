"""Writes of journey analytics, one module per seam:

- :mod:`.options`: what a run is asked to do (columns, options, filters), checked once for the
  page, the API and the command line; the full check of a log;
- :mod:`.runs`: start, repeat, cancel, retry, fail and delete a run;
- :mod:`.execution`: the background task's body (the analysis under a lease);
- :mod:`.results`: keeping a result (also the command line's);
- :mod:`.matching`: channels matched to touchpoints, attribution rows;
- :mod:`.candidates`: unmatched channels added to the inventory.

Enqueueing sits above all of these, in ``touchpoints.analytics.tasks``.
"""

from touchpoints.analytics.services.candidates import candidates_add
from touchpoints.analytics.services.execution import run_execute
from touchpoints.analytics.services.options import (
    DEFAULT_OPTIONS,
    FIELDS,
    MARKOV_ORDERS,
    available_engines,
    checked_log,
    clean_columns,
    clean_filters,
    clean_options,
    clean_orders,
    column_map,
    engine_filters,
    engine_options,
    localized,
)
from touchpoints.analytics.services.results import analysis_store, result_dict
from touchpoints.analytics.services.runs import (
    run_cancel,
    run_delete,
    run_fail,
    run_rerun,
    run_retry,
    run_start,
    staged_drop,
)

__all__ = [
    "DEFAULT_OPTIONS",
    "FIELDS",
    "MARKOV_ORDERS",
    "analysis_store",
    "available_engines",
    "candidates_add",
    "checked_log",
    "clean_columns",
    "clean_filters",
    "clean_options",
    "clean_orders",
    "column_map",
    "engine_filters",
    "engine_options",
    "localized",
    "result_dict",
    "run_cancel",
    "run_delete",
    "run_execute",
    "run_fail",
    "run_rerun",
    "run_retry",
    "run_start",
    "staged_drop",
]
