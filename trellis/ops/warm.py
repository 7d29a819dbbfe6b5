"""What a web process builds on its first request, built ahead in gunicorn's master.

With the application preloaded (``TRELLIS_WEB_PRELOAD``), the master imports the code and
then forks its workers, which share its memory pages until they write to them. Whatever a
worker builds lazily on its first request — the URL resolver's tables, the compiled
templates — is built once per worker in pages of its own; built here, in the master, it is
built once and shared by every worker. Nothing here touches the database.
"""

from __future__ import annotations

import logging
from pathlib import Path

from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines
from django.urls import get_resolver

logger = logging.getLogger(__name__)


def _template_names() -> list[str]:
    """Every template of the project's template folders and its apps' (by name)."""
    names: set[str] = set()
    for engine in engines.all():
        for folder in engine.template_dirs:
            root = Path(folder)
            if root.is_dir():
                names.update(str(p.relative_to(root)) for p in root.rglob("*.html"))
    return sorted(names)


def warm_up() -> int:
    """Import every view module, fill the URL resolver's tables and compile every template
    (each engine keeps what it compiled); returns how many templates were compiled."""
    resolver = get_resolver()
    resolver.url_patterns  # noqa: B018 (imports every view module)
    resolver.reverse_dict  # noqa: B018 (fills the resolver's tables)
    compiled = 0
    for name in _template_names():
        for engine in engines.all():
            try:
                engine.get_template(name)
            except (TemplateDoesNotExist, TemplateSyntaxError):
                continue
            except Exception:  # a page that cannot be warmed is compiled at its first request
                logger.warning("template %s not compiled ahead", name, exc_info=True)
                continue
            compiled += 1
            break
    return compiled
