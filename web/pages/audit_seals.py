"""Seals on the audit console: check the log against a seal kept elsewhere (pasted, or uploaded
as the text file `filmhouse audit seal` printed), take a seal (recorded, so the console lists
the seals taken and who took them), and read that list.

A text that is not a seal is a 422 that says what is wrong with it; a seal the log does not
match says at which position it stops matching, a seal past today's head that the log was cut.
"""

from __future__ import annotations

from typing import Annotated, Any

from litestar import get, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Redirect, Response, Template

from domain.clock import SEOUL
from domain.context import Context
from domain.permissions import Action
from projections.log import chain_check as checks
from projections.log.chain_check import Seal, SealError, VerifyResult
from projections.views.audit import Audit, seals_taken
from projections.views.directory import Directory
from web.auth import may
from web.forms import attempt, uuid_or_none
from web.i18n import gettext_ as _
from web.pages.common import Req, app_of, caught_up, page, read, wants_fragment

AUDIT = [may(Action.READ_AUDIT)]
SEALING = [may(Action.TAKE_SEAL)]
SEAL_FILE_MAX = 4096  # a seal is about 100 characters; a file far longer is not one
Upload = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.MULTI_PART)]


def seal_refusal(error: SealError) -> str:
    """Why a text is not a seal, in the reader's language."""
    return {
        "foreign": _("This is not a Film House seal: a seal begins filmhouse-seal:v1:."),
        "parts": _(
            "A seal has five parts separated by colons: prefix, version, events, position, digest."
        ),
        "numbers": _("A seal's event count and position are whole numbers."),
        "digest": _("A seal's digest is 64 hexadecimal characters (0-9, a-f)."),
        "count": _("A seal cannot count more events than its position."),
        "empty": _("Paste a seal or choose the file it was saved in."),
        "file": _("That file is not a seal: a seal is one short line of text."),
    }.get(error.why, str(error))


def problem(result: VerifyResult) -> str:
    """What the check found, in the reader's language."""
    return {
        checks.DELETED: _("an event in the chain is missing from the log (deleted)"),
        checks.INSERTED: _("an event is in the log but not in the chain (inserted)"),
        checks.ALTERED: _("the event or its link was altered (edited or reordered)"),
        checks.UNDECODABLE: _(
            "the event cannot be decoded (its stored bytes or topic were altered)"
        ),
        checks.SEAL_DIFFERS: _("the log up to the sealed position differs from the seal"),
        checks.SEAL_COUNT: _(
            "the log holds a different number of events up to the sealed position"
        ),
        checks.SEAL_MISSING: _("the sealed position is not in the log"),
        checks.SEAL_TRUNCATED: _("the log ends before the sealed position (truncated)"),
        checks.HEAD_TRUNCATED: _("the log ends before a recorded head (truncated)"),
    }.get(result.problem or "", result.problem or "")


def _text_of(data: dict[str, Any]) -> str:
    """The seal pasted, else the seal in the file uploaded; SealError when neither holds one."""
    pasted = str(data.get("seal") or "").strip()
    if pasted:
        return pasted
    upload = data.get("file")
    if isinstance(upload, list):
        upload = upload[0] if upload else None
    if isinstance(upload, UploadFile) and upload.filename:
        content = upload.file.read(SEAL_FILE_MAX + 1)
        if len(content) > SEAL_FILE_MAX:
            raise SealError("file", "the file is too long to be a seal")
        try:
            return content.decode("utf-8-sig").strip()
        except UnicodeDecodeError:
            raise SealError("file", "the file is not text") from None
    raise SealError("empty", "no seal given")


def _context(request: Req, **extra: Any) -> dict[str, Any]:
    taken = seals_taken(Audit(app_of(request)))
    with read(request) as tx:
        names = Directory.names(tx, (uuid_or_none(t.actor) for t in taken))
    return {
        "taken": taken,
        "names": {k.hex: v for k, v in names.items()},
        "problem": problem,
        "pasted": "",
        "error": "",
        "take_error": "",
        "result": None,
        "checked": None,
        "seoul": SEOUL,
        **extra,
    }


@get("/audit/seals", guards=AUDIT, sync_to_thread=True, include_in_schema=False)
def seals(request: Req) -> Template:
    """The seal check form, the button that takes a seal and the seals taken."""
    return page(request, "audit/_seals.html", "audit/seals.html", _context(request))


@post(
    "/audit/seals/check",
    guards=AUDIT,
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
    request_max_body_size=64 * 1024,
)
def check_seal(request: Req, data: Upload) -> Template:
    """Does the log still match the seal? A text that is not a seal is a 422 saying why."""
    pasted = str(data.get("seal") or "")[:400]
    try:
        seal = Seal.parse(_text_of(data))
    except SealError as error:
        context = _context(request, pasted=pasted, error=seal_refusal(error))
        return page(request, "audit/_seal_check.html", "audit/seals.html", context, status=422)
    result = Audit(app_of(request)).verify(seal)
    context = _context(request, pasted=pasted, result=result, checked=seal)
    return page(request, "audit/_seal_check.html", "audit/seals.html", context)


@post(
    "/audit/seals/take",
    guards=SEALING,
    sync_to_thread=True,
    status_code=200,
    include_in_schema=False,
)
def take_seal(request: Req, ctx: Context) -> Response[Any]:
    """Take a seal of the log as it stands, and record it; the page shows it to copy."""
    seal = Audit(app_of(request)).seal()
    errors: dict[str, str] = {}
    _ignored, status = attempt(
        lambda: app_of(request).record_seal(
            ctx, events=seal.events, position=seal.position, digest=seal.digest.hex()
        ),
        errors,
        "take",
    )
    if status == 200:
        caught_up(request)
        if not wants_fragment(request):
            return Redirect("/audit/seals#taken", status_code=303)
    context = _context(request, take_error=errors.get("take", ""))
    return page(request, "audit/_seals.html", "audit/seals.html", context, status=status)


ROUTES = [seals, check_seal, take_seal]
