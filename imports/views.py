"""Coordinator pages: upload a file, read its dry-run report, confirm; download exports."""

from __future__ import annotations

from pathlib import Path
from typing import cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.access import coordinator_required
from accounts.models import User
from core.exceptions import ApplicationError, NotFound
from imports import exports, selectors, services
from imports.forms import ExportForm, ImportUploadForm
from imports.models import ImportBatch
from imports.parsing import COLUMNS, MAX_FILE_BYTES, MAX_ROWS, ImportFileError

SAMPLES_DIR = Path(__file__).resolve().parent / "samples"


def _user(request: HttpRequest) -> User:
    """The signed-in coordinator (the access decorator let no one else in)."""
    return cast(User, request.user)


def _columns_help() -> list[tuple[str, list[tuple[str, list[str]]]]]:
    """For the page: each kind with its columns and the header spellings accepted."""
    return [
        (
            str(label),
            [
                (str(column_label), list(spellings))
                for column_label, spellings in COLUMNS[kind].values()
            ],
        )
        for kind, label in ImportBatch.Kind.choices
    ]


def _index_context(request: HttpRequest, form: ImportUploadForm) -> dict[str, object]:
    return {
        "form": form,
        "export_form": ExportForm(initial={"script": "cyrl" if get_language() == "sr" else "latn"}),
        "batches": selectors.import_batch_list(by=_user(request)),
        "columns_help": _columns_help(),
        "max_rows": MAX_ROWS,
        "max_mb": MAX_FILE_BYTES // 2**20,
    }


@coordinator_required
def index(request: HttpRequest) -> HttpResponse:
    """GET: the upload form and exports; POST: keep the upload and show its dry run."""
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                batch = services.import_batch_create(
                    kind=form.cleaned_data["kind"],
                    file_name=Path(upload.name).name,
                    content=upload.read(),
                    sheet=form.cleaned_data["sheet"],
                    by=_user(request),
                )
            except ValidationError as exc:
                form.add_error("file", exc.message_dict.get("file", exc.messages))
            else:
                return redirect("imports:batch", batch_id=batch.pk)
        return render(request, "imports/index.html", _index_context(request, form), status=400)
    return render(request, "imports/index.html", _index_context(request, ImportUploadForm()))


@coordinator_required
@require_GET
def batch(request: HttpRequest, batch_id: int) -> HttpResponse:
    """The dry-run report of an upload (run afresh), or the outcome of its import."""
    try:
        found = services.import_batch_get(batch_id=batch_id, by=_user(request))
    except NotFound as exc:
        raise Http404 from exc
    report = None
    file_error = ""
    if found.status != ImportBatch.Status.IMPORTED:
        try:
            report = services.import_batch_dry_run(batch=found, by=_user(request))
        except ImportFileError as exc:
            file_error = " ".join(exc.messages)
    return render(
        request,
        "imports/batch.html",
        {
            "batch": found,
            "report": report,
            "file_error": file_error,
            "duplicates": selectors.import_duplicate_views(batch=found),
            "resolutions": DUPLICATE_RESOLUTIONS,
        },
    )


DUPLICATE_RESOLUTIONS = [
    (
        services.SAME_PERSON_UPDATE,
        gettext_lazy("Same person: take the phone and e-mail from the file"),
    ),
    (services.SAME_PERSON_KEEP, gettext_lazy("Same person: keep the stored phone and e-mail")),
    (services.NEW_PERSON, gettext_lazy("Another person: add them")),
]


@coordinator_required
@require_POST
def duplicate_resolve(request: HttpRequest, batch_id: int, duplicate_id: int) -> HttpResponse:
    """Settle one possible duplicate of the coordinator's import."""
    try:
        services.import_duplicate_resolve(
            duplicate_id=duplicate_id,
            resolution=request.POST.get("resolution", ""),
            by=_user(request),
        )
    except NotFound as exc:
        raise Http404 from exc
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Settled."))
    return redirect("imports:batch", batch_id=batch_id)


@coordinator_required
@require_POST
def batch_confirm(request: HttpRequest, batch_id: int) -> HttpResponse:
    """Import the uploaded file: all rows (only when none has errors) or only the valid ones."""
    valid_only = request.POST.get("mode") == "valid_only"
    try:
        report = services.import_batch_run(
            batch_id=batch_id,
            sha256=request.POST.get("sha256", ""),
            by=_user(request),
            valid_only=valid_only,
        )
    except NotFound as exc:
        raise Http404 from exc
    except ImportFileError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("imports:batch", batch_id=batch_id)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("imports:batch", batch_id=batch_id)
    if report.written:
        messages.success(
            request,
            _(
                "Imported: %(created)d created, %(updated)d updated, %(unchanged)d unchanged, "
                "%(skipped)d rows with errors skipped, %(duplicates)d possible duplicates to "
                "decide."
            )
            % {
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "skipped": report.errors,
                "duplicates": report.duplicates,
            },
        )
    else:
        messages.error(
            request,
            _(
                "Nothing was imported: %(errors)d rows have errors. Correct the file, or import "
                "only the valid rows."
            )
            % {"errors": report.errors},
        )
    return redirect("imports:batch", batch_id=batch_id)


@coordinator_required
@require_GET
def sample(request: HttpRequest, kind: str) -> HttpResponse:
    """A sample file showing the accepted columns (small, so read whole)."""
    if kind not in ImportBatch.Kind.values:
        raise Http404
    response = HttpResponse(
        (SAMPLES_DIR / f"{kind}.csv").read_bytes(), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{kind}.csv"'
    return response


def _export(request: HttpRequest, what: str) -> HttpResponse:
    form = ExportForm(request.GET or None)
    file_format = exports.XLSX
    cyrillic = get_language() == "sr"
    if form.is_valid():
        file_format = form.cleaned_data["format"]
        if form.cleaned_data["script"]:
            cyrillic = form.cleaned_data["script"] == "cyrl"
    if what == "placements":
        headers, rows = exports.placement_table(
            selectors.placements_for_export(by=_user(request)),
            cyrillic=cyrillic,
        )
        title = _("Placements")
    else:
        headers, rows = exports.match_table(
            selectors.matches_for_export(by=_user(request)),
            cyrillic=cyrillic,
        )
        title = _("Matches")
    if file_format == exports.CSV:
        content = exports.to_csv(headers, rows)
    else:
        content = exports.to_xlsx(headers, rows, title=title)
    response = HttpResponse(content, content_type=exports.CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="spona-{what}.{file_format}"'
    return response


@coordinator_required
@require_GET
def export_placements(request: HttpRequest) -> HttpResponse:
    return _export(request, "placements")


@coordinator_required
@require_GET
def export_matches(request: HttpRequest) -> HttpResponse:
    return _export(request, "matches")
