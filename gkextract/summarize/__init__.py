"""Summaries over a store of records: agency typing, indicators, themes, clusters, charts, HTML.

Light on import: the heavy parts (matplotlib, jieba, scikit-learn) load only when a report is built.
Entry point: :func:`gkextract.summarize.report.build_report`.
"""
from __future__ import annotations

from ..agency import AgencyInfo, agency_type, describe_agency, region_of

__all__ = ["AgencyInfo", "agency_type", "describe_agency", "region_of"]
