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
from careerkit.datasets import (
    dimensions,
    find_occupation,
    five_ways,
    job_zones,
    ladders,
    list_datasets,
    load_dataset,
    occupations,
    quiz,
    related,
    riasec_examples,
    riasec_keywords,
    titles,
)
from careerkit.validate import load_ladders

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


def __getattr__(name: str):
    # Sub-modules that pull in plotly, ipywidgets or pydantic are imported on first use,
    # so `import careerkit` for the data alone stays fast.
    if name in _SUBMODULES:
        return importlib.import_module(f"careerkit.{name}")
    if name == "Plan":
        return importlib.import_module("careerkit.plan").Plan
    if name in {"join_class", "leave_class", "export_class_results"}:
        return getattr(importlib.import_module("careerkit.classroom"), name)
    raise AttributeError(f"module 'careerkit' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(__all__))
