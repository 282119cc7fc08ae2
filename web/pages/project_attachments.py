"""A project's attachments: the director uploads the pitch deck and stills (the editor's
attachments section), and whoever may see the project downloads them."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import get, post
from litestar.datastructures import UploadFile
from litestar.response import Redirect, Response

from domain.context import Context
from domain.errors import NotFound
from projections.views.projects import Projects
from web.auth import directs_project, owns
from web.forms import attempt
from web.i18n import gettext_ as _
from web.pages.common import Req, app_of, caught_up, me, read
from web.pages.common import page as render
from web.pages.project_common import Upload, htmx, is_admin, my_roles
from web.pages.project_editor import editor_context

UPLOAD_BODY_MAX = 22 * 1024 * 1024  # a 20 MB deck and the form around it; the domain says why


def _upload(data: dict[str, Any]) -> UploadFile | None:
    upload = data.get("file")
    if isinstance(upload, list):
        upload = upload[0] if upload else None
    if not isinstance(upload, UploadFile) or not upload.filename:
        return None
    return upload


def _attachments_answer(request: Req, project_id: UUID, status: int, **extra: Any) -> Response[Any]:
    if status == 200 and not htmx(request):
        return Redirect(f"/projects/{project_id}/edit#attachments", status_code=303)
    context = editor_context(request, project_id, where="attachments", **extra)
    return render(
        request, "projects/_attachments.html", "projects/edit.html", context, status=status
    )


def _attach(
    request: Req, project_id: UUID, data: dict[str, Any], ctx: Context, key: str
) -> Response[Any]:
    upload = _upload(data)
    errors: dict[str, str] = {}
    if upload is None:
        errors[key] = _("Choose a file to upload.")
        return _attachments_answer(request, project_id, 422, attach_errors=errors)
    content = upload.file.read()
    command = app_of(request).attach_pitch_deck if key == "deck" else app_of(request).attach_still
    _ignored, status = attempt(
        lambda: command(ctx, project_id, upload.filename, upload.content_type, content), errors, key
    )
    if status != 200:
        return _attachments_answer(request, project_id, status, attach_errors=errors)
    caught_up(request)
    notice = _("Pitch deck attached.") if key == "deck" else _("Still attached.")
    return _attachments_answer(request, project_id, 200, notice=notice)


@post(
    "/projects/{project_id:uuid}/deck",
    guards=[owns(directs_project)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
    request_max_body_size=UPLOAD_BODY_MAX,
)
def attach_deck(request: Req, project_id: UUID, data: Upload, ctx: Context) -> Response[Any]:
    return _attach(request, project_id, data, ctx, "deck")


@post(
    "/projects/{project_id:uuid}/stills",
    guards=[owns(directs_project)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
    request_max_body_size=UPLOAD_BODY_MAX,
)
def attach_still(request: Req, project_id: UUID, data: Upload, ctx: Context) -> Response[Any]:
    return _attach(request, project_id, data, ctx, "still")


@post(
    "/projects/{project_id:uuid}/stills/{sha256:str}/remove",
    guards=[owns(directs_project)],
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def remove_still(request: Req, project_id: UUID, sha256: str, ctx: Context) -> Response[Any]:
    errors: dict[str, str] = {}
    _ignored, status = attempt(
        lambda: app_of(request).remove_still(ctx, project_id, sha256[:64]), errors, "still"
    )
    if status != 200:
        return _attachments_answer(request, project_id, status, attach_errors=errors)
    caught_up(request)
    return _attachments_answer(request, project_id, 200, notice=_("Still removed."))


@get("/files/{sha256:str}", sync_to_thread=True, include_in_schema=False)
def attachment(request: Req, sha256: str) -> Response[bytes]:
    """A pitch deck or still, for whoever may see a project that records it."""
    digest = sha256.lower()
    if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
        raise NotFound(_("There is no such file."))
    member, roles = me(request), my_roles(request)
    with read(request) as tx:
        found = Projects.with_file(tx, digest)
    record = next(
        (
            f.record
            for f in found
            if f.status != "draft" or f.director_id == member or is_admin(roles)
        ),
        None,
    )
    store = app_of(request).files
    content = store.get(digest) if record is not None and store is not None else None
    if record is None or content is None:
        raise NotFound(_("There is no such file."))
    filename = "".join(c for c in record["filename"] if c.isalnum() or c in "._- ") or "file"
    return Response(
        content,
        media_type=record["content_type"],
        headers={
            "Content-Disposition": f'inline; filename="{filename}"',
            "Cache-Control": "private, max-age=3600",
        },
    )


ROUTES = [attach_deck, attach_still, remove_still, attachment]
