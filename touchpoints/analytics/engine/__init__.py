"""Journey analytics engine: interaction logs in, chains and attribution out.

Pure Python (no Django): :func:`analyze_log` reads a CSV / Parquet / JSON Lines log with a
:class:`ColumnMap`, aggregates it on DuckDB (default) or Spark, and returns an
:class:`AnalysisResult` whose ``to_json()`` is the documented shape (docs/analytics.md).
"""

from .aggregates import Filters, JourneyAggregates
from .analysis import AnalysisOptions, analyze_aggregates, analyze_log, open_engine
from .errors import LogError
from .io import ColumnMap, parse_column_map
from .matching import ChannelMatch, match_channels
from .result import SCHEMA_VERSION, AnalysisResult

__all__ = [
    "SCHEMA_VERSION",
    "AnalysisOptions",
    "AnalysisResult",
    "ChannelMatch",
    "ColumnMap",
    "Filters",
    "JourneyAggregates",
    "LogError",
    "analyze_aggregates",
    "analyze_log",
    "match_channels",
    "open_engine",
    "parse_column_map",
]
