"""A reviewer's view of a batch of reports: a static site and a 整改 (fix-it) workbook, in Chinese.

``gkextract review REPORTS... --out DIR [--xlsx FILE]`` (or ``--db DB``):

- ``loading``  the batch: records with the text their offsets count in, and the files that failed
- ``labels``   Chinese names (configs/labels_zh.yaml; table rows and columns from the templates)
- ``grids``    a record's tables laid out as the template draws them
- ``pages``    each page's data and the site written from ``templates/`` (index.html, reports/<id>.html)
- ``xlsx``     the workbook

Not to be confused with :mod:`gkextract.review`, the annotation review format.
"""
from __future__ import annotations

from .loading import Failed, Reviewed, add_batch_checks, from_paths, from_store
from .pages import Site, write_site
from .xlsx import write_xlsx

__all__ = ["Failed", "Reviewed", "Site", "add_batch_checks", "from_paths", "from_store", "write_site",
           "write_xlsx"]
