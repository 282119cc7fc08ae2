"""What a password must be: the one rule, which the services enforce and the pages use to say
so next to the field before anything is sent."""

from __future__ import annotations

from domain.errors import Invalid

PASSWORD_MIN = 10
PASSWORD_MAX = 256


def _too_short() -> Invalid:
    return Invalid(
        "password must be at least {password_min} characters",
        password_min=PASSWORD_MIN,
        field="password",
    )


def password_refusal(value: object) -> Invalid | None:
    """Why this will not do as a password, or None when it will."""
    if not isinstance(value, str) or len(value) < PASSWORD_MIN:
        return _too_short()
    if len(value) > PASSWORD_MAX:
        return Invalid(
            "password must be at most {password_max} characters",
            password_max=PASSWORD_MAX,
            field="password",
        )
    return None


def checked_password(value: object) -> str:
    """The password, when it will do; refused (field "password") when it will not."""
    refusal = password_refusal(value)
    if refusal is None and isinstance(value, str):
        return value
    raise refusal or _too_short()
