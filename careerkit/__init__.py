"""careerkit — learn the difference between a job and a career with real data.

Quick start::

    import careerkit as ck
    ck.list_datasets()            # every shipped table
    ck.ladders()                  # one row per step of a curated career ladder
    ck.find_occupation("fire captain")

The tables come from O*NET 29.3 and the U.S. Bureau of Labor Statistics (OEWS May
2020–2025, Employment Projections 2024–34); ``data/SOURCES.md`` says where every number
comes from. Sub-modules: ``careerkit.model`` (domain logic), ``careerkit.plots`` (figures),
``careerkit.widgets`` (interactive apps), ``careerkit.plan`` (a learner's career plan),
``careerkit.check`` (self-checks for the exercises).
"""
from __future__ import annotations

import importlib

from careerkit.errors import DataError, Problem

__version__ = "0.1.0"

__all__ = [
    "DataError",
    "Problem",
    "Plan",
    "dimensions",
    "export_class_results",
    "find_occupation",
    "five_ways",
    "job_zones",
    "join_class",
    "ladders",
    "leave_class",
    "list_datasets",
    "load_dataset",
    "load_ladders",
    "occupations",
    "quiz",
    "related",
    "riasec_examples",
    "riasec_keywords",
    "titles",
    "check",
    "classroom",
    "model",
    "plan",
    "plots",
    "text",
    "widgets",
]

_SUBMODULES = {"check", "classroom", "model", "plan", "plots", "text", "widgets"}

#: Names imported on first use, with the module that defines them: pandas, plotly, ipywidgets and
#: pydantic load only when a learner asks for something that needs them, and `careerkit.server`
#: (which every Jupyter server of the environment imports) loads none of them.
_LAZY = {
    "Plan": "careerkit.plan",
    "dimensions": "careerkit.datasets",
    "find_occupation": "careerkit.datasets",
    "five_ways": "careerkit.datasets",
    "job_zones": "careerkit.datasets",
    "ladders": "careerkit.datasets",
    "list_datasets": "careerkit.datasets",
    "load_dataset": "careerkit.datasets",
    "occupations": "careerkit.datasets",
    "quiz": "careerkit.datasets",
    "related": "careerkit.datasets",
    "riasec_examples": "careerkit.datasets",
    "riasec_keywords": "careerkit.datasets",
    "titles": "careerkit.datasets",
    "load_ladders": "careerkit.validate",
    "join_class": "careerkit.classroom",
    "leave_class": "careerkit.classroom",
    "export_class_results": "careerkit.classroom",
}


def __getattr__(name: str):
    if name in _SUBMODULES:
        return importlib.import_module(f"careerkit.{name}")
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value  # looked up once
        return value
    raise AttributeError(f"module 'careerkit' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(__all__))
