"""HR pages that import the taxonomy: Trellis's own CSV files, and the public taxonomies
(O*NET, ESCO) from an uploaded ZIP of their folder.

Both follow every import screen's flow (:mod:`trellis.org.uploads`): upload, preview (a dry
run with counts and every rejected line), then confirm or cancel, on exactly the bytes that
were previewed.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from trellis.org.access import hr_required
from trellis.org.imports import ImportFileError, ImportReport
from trellis.org.longwork import RunContext
from trellis.org.uploads import Files, ImportScreen, import_confirm_or_cancel, import_preview
from trellis.skills import imports as taxonomy_imports
from trellis.skills.archive import archive_extract
from trellis.skills.esco import esco_import
from trellis.skills.forms import SourceImportForm, TaxonomyUploadForm
from trellis.skills.imports import KINDS
from trellis.skills.onet import onet_import

SOURCES: dict[str, tuple[str, Callable[..., list[ImportReport]]]] = {
    "onet": ("O*NET", onet_import),
    "esco": ("ESCO", esco_import),
}


# ---------------------------------------------------------------------------------------------
# Trellis's CSV files
# ---------------------------------------------------------------------------------------------


def _run_csv(
    context: RunContext, files: Files, options: dict[str, Any], dry_run: bool
) -> list[ImportReport]:
    if dry_run:
        return taxonomy_imports.taxonomy_import(files=files, dry_run=True)
    return taxonomy_imports.taxonomy_import(
        files=files, actor=context.actor, request_id=context.request_id
    )


TAXONOMY = ImportScreen(
    page="taxonomy", title="Import skills and roles", url_name="import_taxonomy", run=_run_csv
)


@login_required
@require_http_methods(["GET", "POST"])
@hr_required
def taxonomy_import(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        done = import_confirm_or_cancel(request, screen=TAXONOMY)
        if done is not None:
            return done
    form = (
        TaxonomyUploadForm(request.POST, request.FILES)
        if request.method == "POST"
        else TaxonomyUploadForm()
    )
    if request.method == "POST" and form.is_valid():
        files = {
            kind: (form.cleaned_data[kind].name, form.cleaned_data[kind].read())
            for kind in KINDS
            if form.cleaned_data.get(kind)
        }
        try:
            return import_preview(request, screen=TAXONOMY, files=files, options={})
        except ImportFileError as exc:
            form.add_error(None, str(exc))
    return render(
        request, "imports/upload.html", {"form": form, "title": TAXONOMY.title, "page": "taxonomy"}
    )


# ---------------------------------------------------------------------------------------------
# O*NET and ESCO from an uploaded folder
# ---------------------------------------------------------------------------------------------


def _run_source(
    context: RunContext, files: Files, options: dict[str, Any], dry_run: bool
) -> list[ImportReport]:
    source = str(options.get("source", ""))
    if source not in SOURCES:
        raise ImportFileError("That preview names no taxonomy; upload the archive again.")
    with tempfile.TemporaryDirectory(prefix="trellis-taxonomy-") as scratch:
        directory = Path(scratch)
        archive_extract(files["archive"][1], directory)
        return SOURCES[source][1](
            directory=directory,
            dry_run=dry_run,
            actor=None if dry_run else context.actor,
            request_id=context.request_id,
            tick=context.tick,
        )


SOURCE = ImportScreen(
    page="taxonomy_source",
    title="Import {source_name}",
    url_name="taxonomy_source_import",
    run=_run_source,
    suffix="zip",
    upload_again="upload the archive again",
)


@login_required
@require_http_methods(["GET", "POST"])
@hr_required
def taxonomy_source_import(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        done = import_confirm_or_cancel(request, screen=SOURCE)
        if done is not None:
            return done
    form = (
        SourceImportForm(request.POST, request.FILES)
        if request.method == "POST"
        else SourceImportForm()
    )
    if request.method == "POST" and form.is_valid():
        source = form.cleaned_data["source"]
        upload = form.cleaned_data["archive"]
        try:
            return import_preview(
                request,
                screen=SOURCE,
                files={"archive": (upload.name, upload.read())},
                options={"source": source, "source_name": SOURCES[source][0]},
            )
        except ImportFileError as exc:
            form.add_error("archive", str(exc))
    status = 400 if request.method == "POST" else 200
    return render(request, "skills/source_import.html", {"form": form}, status=status)
