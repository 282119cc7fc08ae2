"""The development mailbox (/dev/mailbox): what the outbox would have sent, with its links
clickable, so a person running the centre locally can follow a verification or reset mail.
It does not exist outside development.
"""

from __future__ import annotations

import re

from litestar import get
from litestar.exceptions import NotFoundException
from litestar.response import Template
from markupsafe import Markup, escape

from projections.views.mailbox import Mailbox
from web.pages.common import Req, page

_LINK = re.compile(r"(https?://[^\s<>\"']+|/(?:verify|reset-password)\?token=[A-Za-z0-9_\-]+)")


def linkify(body: str) -> Markup:
    """The mail's text, escaped, with its links clickable."""
    out, last = [], 0
    for match in _LINK.finditer(body):
        out.append(escape(body[last : match.start()]))
        url = match.group(0)
        out.append(Markup('<a href="{0}">{0}</a>').format(url))
        last = match.end()
    out.append(escape(body[last:]))
    return Markup("").join(out)


@get("/dev/mailbox", name="mailbox", sync_to_thread=True, include_in_schema=False)
def mailbox(request: Req) -> Template:
    """What the outbox sent, for a person running the centre locally (development only)."""
    if not request.app.state.settings.development:
        raise NotFoundException()
    with request.app.state.projector.db.read() as tx:
        mails = Mailbox.mails(tx, limit=100)
        counts = Mailbox.counts(tx)
    return page(
        request,
        "account/_mailbox.html",
        "account/mailbox.html",
        {"mails": mails, "counts": counts, "linkify": linkify},
    )


ROUTES = [mailbox]
