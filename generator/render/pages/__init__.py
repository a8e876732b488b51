"""The page types: one module per page type, found automatically (as generator/cli.py finds
generator/commands/): every module here whose name does not start with "_" is one.

A park page module (one page in each park's folder, linked from the park navigation) declares

    PAGE = ParkPage(slug="chains", label="产业链", position=40, template="park_chains.html.j2")

    def context(park: ParkInput) -> dict:      # what its template prints (model.ParkInput)
        ...

and, if it offers files besides the page, `files(park: ParkInput) -> dict[str, bytes]` (paths
relative to the park's folder). The stage renders the template with the park's profile (`park`)
and `cycle` plus the context into <slug>.md, and saves every chart found in the context beside it
(charts/<id>.csv and .vl.json, which the chart macro links to). The park navigation lists the park
pages by position, so adding a park page type is one module plus its template.

A site page module (pages made from the whole site: the portal, the methodology) declares
`PAGE = SitePage(templates=(...))` and `files(site: SiteInput, render) -> dict[str, str]`, paths
relative to docs/reports/, where `render(template, **context)` renders one of its templates.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from types import ModuleType


@dataclass(frozen=True)
class ParkPage:
    slug: str  # the page is <slug>.md in the park's folder, and the navigation links to it
    label: str  # its name in the park navigation
    position: int  # its place in the park navigation, lowest first
    template: str  # under generator/render/templates/

    @property
    def templates(self) -> tuple[str, ...]:
        return (self.template,)


@dataclass(frozen=True)
class SitePage:
    templates: tuple[str, ...]  # under generator/render/templates/


def modules() -> list[ModuleType]:
    """Every page module, by name."""
    found = sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name)
    return [importlib.import_module(f"{__name__}.{m.name}") for m in found if not m.name.startswith("_")]


def park_pages() -> list[ModuleType]:
    """The park page modules, in the order of the park navigation."""
    found = [m for m in modules() if isinstance(m.PAGE, ParkPage)]
    return sorted(found, key=lambda m: (m.PAGE.position, m.PAGE.slug))


def site_pages() -> list[ModuleType]:
    return [m for m in modules() if isinstance(m.PAGE, SitePage)]


def park_nav() -> tuple[tuple[str, str], ...]:
    """(slug, label) of every park page, in order: what the templates' parknav macro links to."""
    return tuple((m.PAGE.slug, m.PAGE.label) for m in park_pages())
