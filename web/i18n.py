"""Korean and English through Babel catalogues.

The `.po` catalogues under web/locales/<lang>/LC_MESSAGES/messages.po are the source; they are
compiled with Babel's own tools (`read_po` → `write_mo`) in memory when the app starts, so no
compiled `.mo` file is ever written or committed. Templates call `_()` / `ngettext()`; the
language of a request comes from the `fh_lang` cookie (set by the language switch), else the
browser's Accept-Language, else English.

To refresh the catalogues after changing strings:
    pybabel extract -F web/locales/babel.cfg -o web/locales/messages.pot web
    pybabel update -i web/locales/messages.pot -d web/locales

The domain's refusals are not extracted (the domain knows no Babel): their English templates
are translated by hand in ko/LC_MESSAGES/refusals.po, and tests/web/test_i18n_refusals.py
fails when a refusal raised in domain/ has no Korean there (web/display/refusals.py says them).
"""

from __future__ import annotations

import gettext
import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any, cast

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Format
from jinja2 import Environment, pass_context
from jinja2.runtime import Context
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Receive, Scope, Send

LOCALES = Path(__file__).parent / "locales"
LANGUAGES = ("en", "ko")
DEFAULT = "en"
COOKIE = "fh_lang"
LANGUAGE_NAMES = {"en": "English", "ko": "한국어"}

_current: ContextVar[str] = ContextVar("filmhouse_language", default=DEFAULT)
_catalogues: dict[str, gettext.NullTranslations] = {}


def compile_catalogues(directory: Path = LOCALES) -> dict[str, gettext.NullTranslations]:
    """Read every language's .po files (messages.po and one per area of pages) and compile
    them, merged, in memory with Babel's mofile writer."""
    compiled: dict[str, gettext.NullTranslations] = {}
    for language in LANGUAGES:
        files = sorted((directory / language / "LC_MESSAGES").glob("*.po"))
        if not files:
            compiled[language] = gettext.NullTranslations()
            continue
        with files[0].open("rb") as source:
            catalogue = read_po(source, locale=language)
        for po in files[1:]:
            with po.open("rb") as source:
                for message in read_po(source, locale=language):
                    if message.id and message.string:
                        catalogue[message.id] = message
        buffer = io.BytesIO()
        write_mo(buffer, catalogue)
        buffer.seek(0)
        compiled[language] = gettext.GNUTranslations(buffer)
    return compiled


def load() -> None:
    _catalogues.clear()
    _rendered.clear()
    _catalogues.update(compile_catalogues())


def translations(language: str | None = None) -> gettext.NullTranslations:
    if not _catalogues:
        load()
    return _catalogues.get(language or _current.get(), gettext.NullTranslations())


def current_language() -> str:
    return _current.get()


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """Answer in `language` for the duration (e.g. the API, which reads no cookie)."""
    token = _current.set(language if language in LANGUAGES else DEFAULT)
    try:
        yield
    finally:
        _current.reset(token)


def gettext_(message: str, **values: Any) -> str:
    text = translations().gettext(message)
    return text % values if values else text


def ngettext_(singular: str, plural: str, n: int, **values: Any) -> str:
    text = translations().ngettext(singular, plural, n)
    return text % {"num": n, **values}


def formatter() -> Format:
    return Format(Locale.parse(current_language()))


def choose(cookie: str | None, accept_language: str | None) -> str:
    """The cookie's language when it names one we have, else the browser's first we have."""
    if cookie in LANGUAGES:
        return str(cookie)
    for part in (accept_language or "").split(","):
        tag = part.split(";", 1)[0].strip().lower()
        primary = tag.split("-", 1)[0]
        if primary in LANGUAGES:
            return primary
    return DEFAULT


class LanguageMiddleware:
    """Sets the request's language for everything rendered while answering it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await self.app(scope, receive, send)
            return
        headers = {
            k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])
        }
        cookie_value = None
        for chunk in headers.get("cookie", "").split(";"):
            name, _, value = chunk.strip().partition("=")
            if name == COOKIE:
                cookie_value = value
        token = _current.set(choose(cookie_value, headers.get("accept-language")))
        try:
            await self.app(scope, receive, send)
        finally:
            _current.reset(token)


_rendered: dict[tuple[str, bool, str], str] = {}  # (language, autoescape, message) -> as shown
RENDERED_MAX = 20_000


def install(environment: Environment) -> None:
    """Give a Jinja environment `_`, `gettext`, `ngettext` and the current language."""
    environment.add_extension("jinja2.ext.i18n")
    # The i18n extension adds install_gettext_callables; Environment's type does not know it.
    environment.install_gettext_callables(  # type: ignore[attr-defined]
        lambda message: translations().gettext(message),
        lambda singular, plural, n: translations().ngettext(singular, plural, n),
        newstyle=True,
    )
    newstyle = cast(Callable[..., str], environment.globals["gettext"])

    @pass_context
    def gettext(context: Context, message: str, /, **values: Any) -> str:
        """Jinja's newstyle gettext (translated, marked safe, %-formatted with the values
        escaped), its answer kept per language for a message without values: most of a page's
        words, on every render."""
        if values:
            return newstyle(context, message, **values)
        key = (_current.get(), context.eval_ctx.autoescape, message)
        text = _rendered.get(key)
        if text is None:
            if len(_rendered) >= RENDERED_MAX:
                _rendered.clear()
            text = _rendered[key] = newstyle(context, message)
        return text

    # `_` straight to it (Jinja's `_` looks `gettext` up in the context on every call).
    environment.globals.update(gettext=gettext, _=gettext)
    environment.globals["current_language"] = current_language
    environment.globals["language_names"] = LANGUAGE_NAMES
