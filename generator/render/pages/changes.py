"""What changed since the park's previous cycle, as the diff stage reports it."""

from __future__ import annotations

from markupsafe import Markup

from generator.diff import diff_results, to_markdown
from generator.render.model import ParkInput
from generator.render.pages import ParkPage

PAGE = ParkPage(slug="changes", label="变化", position=70, template="park_changes.md.j2")


def context(park: ParkInput) -> dict:
    if park.previous is None:
        return {"previous": None, "body": None}
    # Markdown already, its values escaped by the diff stage for where they land
    return {"previous": park.previous, "body": Markup(to_markdown(diff_results(park.cycles[park.previous], park.doc)))}
