"""The application form's budget breakdown editor: its lines as typed, and the amount and the
filled lines read from them, with inline errors for what is wrong. Rows are added inline with
htmx, or with the "Add a line" button without JavaScript."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from web.forms import listed, text
from web.i18n import gettext_ as _

MAX_LINES = 50
FIELDS = ("project_id", "amount_krw", "breakdown")  # where an application's refusals show


@dataclass(frozen=True)
class Line:
    item: str
    amount: str


def _lines(data: dict[str, Any]) -> list[Line]:
    items, amounts = listed(data, "item"), listed(data, "amount")
    amounts += [""] * (len(items) - len(amounts))
    return [Line(i.strip(), a.strip()) for i, a in zip(items, amounts, strict=False)]


def breakdown_of(
    values: dict[str, Any], errors: dict[str, str]
) -> tuple[int | None, list[dict[str, Any]]]:
    """The amount and the filled breakdown lines, with inline errors for what is wrong."""
    amount: int | None = None
    try:
        amount = int(str(values["amount_krw"]).replace(",", ""))
        if amount <= 0:
            raise ValueError
    except ValueError:
        errors["amount_krw"] = _("Enter the amount in won, a whole number above 0.")
    out: list[dict[str, Any]] = []
    for line in values["lines"]:
        if not line.item and not line.amount:
            continue
        try:
            value = int(line.amount.replace(",", ""))
            if value <= 0 or not line.item:
                raise ValueError
        except ValueError:
            errors["breakdown"] = _("Each line needs an item and an amount in won above 0.")
            continue
        out.append({"item": line.item, "amount_krw": value})
    if not out and "breakdown" not in errors:
        errors["breakdown"] = _("List at least one item of the budget.")
    if amount is not None and out and "breakdown" not in errors:
        total = sum(line["amount_krw"] for line in out)
        if total != amount:
            errors["breakdown"] = _(
                "The lines add up to ₩%(total)s, not the ₩%(amount)s asked for.",
                total=f"{total:,}",
                amount=f"{amount:,}",
            )
    return amount, out


def form_values(data: dict[str, Any]) -> dict[str, Any]:
    """The form as typed, with one more empty line when "Add a line" was pressed."""
    lines = _lines(data)[:MAX_LINES]
    if "add_row" in data and len(lines) < MAX_LINES:
        lines.append(Line("", ""))
    return {
        "project_id": text(data, "project_id"),
        "amount_krw": text(data, "amount_krw"),
        "lines": lines or [Line("", "")],
    }
