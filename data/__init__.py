"""The derived careerkit tables.

This folder is shipped inside the wheel as the sub-package ``careerkit.data`` so that
``importlib.resources.files("careerkit.data")`` finds the tables wherever careerkit is
installed.  The tables are rebuilt from ``data/raw/`` by ``make data``
(``tools/build_data.py``); see ``data/SOURCES.md`` for where every number comes from.
"""
