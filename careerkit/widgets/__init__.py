"""Interactive apps for the notebooks: each one is an ``ipywidgets.VBox`` a cell displays in one line.

    from careerkit import widgets
    widgets.LadderExplorer()        # pick a career family (and a step): timeline and pay
    widgets.CompareLadders()        # two ladders side by side
    widgets.LifetimeApp()           # a job or a career over a working life, with your assumptions
    widgets.WhatsNext()             # type a job title: where it can lead
    widgets.InterestsApp()          # pick what you enjoy: interest areas, ladders and occupations that fit
    widgets.Quiz()                  # "job or career?" scenarios with instant feedback
    widgets.PlanBuilder()           # build and save your own career plan
    widgets.ClassView(folder)       # the instructor's view of a class folder (careerkit.classroom)

Every app takes ``ladders=`` — a DataFrame in the ladder schema (``careerkit.ladders()``,
``careerkit.load_ladders(path)`` or both combined with ``pandas.concat``) — and uses it for
every choice it offers. Apps only wire controls to ``careerkit.model`` and ``careerkit.plots``;
figures are ``go.FigureWidget``s created once and redrawn in place.
"""
from __future__ import annotations

import importlib

_APPS = {
    "LadderExplorer": "careerkit.widgets.ladder",
    "CompareLadders": "careerkit.widgets.compare",
    "LifetimeApp": "careerkit.widgets.lifetime",
    "WhatsNext": "careerkit.widgets.whats_next",
    "InterestsApp": "careerkit.widgets.interests",
    "Quiz": "careerkit.widgets.quiz",
    "PlanBuilder": "careerkit.widgets.planner",
    "ClassView": "careerkit.widgets.class_view",
}

__all__ = list(_APPS)


def __getattr__(name: str):
    # Each app is imported on first use, so one missing or broken app module (e.g. the
    # planner) never stops the others from loading.
    if name in _APPS:
        module = importlib.import_module(_APPS[name])
        return getattr(module, name)
    raise AttributeError(f"module 'careerkit.widgets' has no attribute {name!r}; apps: {__all__}")


def __dir__():
    return sorted(set(globals()) | set(__all__))
