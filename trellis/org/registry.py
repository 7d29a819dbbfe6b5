"""What the apps above contribute to lower ones: personal data for export and erasure, the
steps of the demo organization, and sections of a lower app's page.

Org is the lowest layer and imports no app above it (DESIGN §5). Each app that holds a
person's data, or adds to the demo, registers here from its ``AppConfig.ready()``; the
export, the erasure and the ``demo`` command read these lists and name no app. Apps are
ready in the order of ``INSTALLED_APPS``, so registrations keep the layer order (org first),
which the erasure reverses to delete children before parents.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models

Records = list[dict[str, Any]]


@dataclass(frozen=True)
class PersonalData:
    model: type[models.Model]
    owner: str  # lookup path from the model to the owning Person


@dataclass(frozen=True)
class PersonalDataSet:
    """One app's personal data.

    ``owned`` rows are about the person; ``authored`` rows are ones the person wrote about
    someone else (exported to the author, erased with them). ``not_personal`` names models
    (``app.Model``) or fields (``app.Model.field``) that point at a person without being
    their data. ``export`` gives the person's records by file name when the app shows them
    differently from a plain read of ``owned`` (e.g. leaving out someone else's private
    notes); without it, every owned row is exported as it is stored.
    """

    app: str
    owned: tuple[PersonalData, ...]
    authored: tuple[PersonalData, ...] = ()
    not_personal: frozenset[str] = frozenset()
    export: Callable[[int], dict[str, Records]] | None = None


@dataclass(frozen=True)
class DemoStep:
    """One app's part of the demo organization, run after the people exist.

    ``generate(seed)`` writes the app's demo rows and returns a short sentence for the
    command's summary; ``reset()`` deletes them before the organization is replaced.
    """

    app: str
    generate: Callable[[int], str]
    reset: Callable[[], None] | None = None
    order: int = 0


# A section of a page that a higher app adds to a lower app's page, by page then name: it is
# called with the page's keyword arguments (e.g. ``viewer`` and ``person``) and its value
# goes into the template's context under its name.
PageSection = Callable[..., Any]

_PERSONAL: dict[str, PersonalDataSet] = {}
_DEMO: dict[str, DemoStep] = {}
_SECTIONS: dict[str, dict[str, PageSection]] = {}


def personal_data_register(entry: PersonalDataSet) -> None:
    """Register (or replace, so a second ``ready()`` is harmless) an app's personal data."""
    _PERSONAL[entry.app] = entry


def personal_data_sets() -> tuple[PersonalDataSet, ...]:
    return tuple(_PERSONAL.values())


def personal_data_registry() -> tuple[PersonalData, ...]:
    """Every registered entry, owned then authored, app by app in layer order."""
    return tuple(e for s in _PERSONAL.values() for e in (*s.owned, *s.authored))


def personal_data_not_personal() -> frozenset[str]:
    return frozenset(name for s in _PERSONAL.values() for name in s.not_personal)


def demo_register(step: DemoStep) -> None:
    _DEMO[step.app] = step


def demo_steps() -> tuple[DemoStep, ...]:
    """Registered demo steps by their order, then registration (layer) order."""
    return tuple(sorted(_DEMO.values(), key=lambda step: step.order))


def page_section_register(page: str, name: str, section: PageSection) -> None:
    _SECTIONS.setdefault(page, {})[name] = section


def page_sections(page: str, **kwargs: Any) -> dict[str, Any]:
    """The registered sections of ``page``, computed for these arguments, by name."""
    return {name: section(**kwargs) for name, section in _SECTIONS.get(page, {}).items()}
