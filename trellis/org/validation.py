"""One rule per kind of input, shared by models, forms and API schemas.

Every number and date a person can type has server-side bounds, defined once here: model
fields and forms take the Django validators, ninja schemas the ``Annotated`` types built from
the same constants, so a value refused on a page is refused by the API with the same reason.

The windows chosen for dates:

* a **plan** (goal target date, checkpoint, follow-up, opportunity dates, a conversation) lies
  between 1 January 2000 and thirty years from today: earlier is a typing slip, later is no
  plan anyone can act on;
* a **record** of something done (an accomplishment, development time) lies between
  1 January 1950 and today: time not yet spent cannot be logged;
* an opportunity's **closing date**, when set on a new opportunity, is today or later.

Names and titles (anything shown as a person's or an object's name) refuse control characters
(NUL included) and the Unicode bidirectional overrides and isolates, which can make a name
read differently from what it is. Free text refuses control characters other than tab and
line breaks. Links accept http, https and mailto only: anything else (``javascript:``,
``data:``) would run or load when clicked.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any, get_type_hints
from urllib.parse import urlsplit

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import (
    EmailValidator,
    MaxValueValidator,
    MinValueValidator,
    URLValidator,
)
from django.utils import timezone
from ninja import Schema
from ninja.pagination import PageNumberPagination, paginate
from pydantic import AfterValidator, BeforeValidator, Field, WithJsonSchema, model_validator

# --------------------------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------------------------

# The database's integer range: an id or a count beyond it can only be a mistake.
DB_INT_MAX = 2_147_483_647
# PositiveSmallIntegerField holds up to this on every backend Django supports.
SMALL_INT_MAX = 32_767
# Paging: the page number is bounded so that the offset stays far inside the integer range.
PAGE_MAX = 100_000
PAGE_SIZE_MAX = 100


@dataclass(frozen=True)
class IntRange:
    """An inclusive range with the Django validators that enforce it."""

    lo: int
    hi: int

    def validators(self) -> list[Callable[[Any], None]]:
        return [MinValueValidator(self.lo), MaxValueValidator(self.hi)]


LEVEL = IntRange(0, 5)
IMPORTANCE = IntRange(1, 5)
# Hours a week: a part-time opportunity or a person's spare hours for projects.
HOURS_PER_WEEK = IntRange(0, 40)
SEATS = IntRange(1, 1000)
DURATION_WEEKS = IntRange(1, 520)
MONTHS_IN_ROLE = IntRange(0, 120)
TYPICAL_MONTHS = IntRange(1, 240)
CONVERSATION_MINUTES = IntRange(5, 480)
MENTEES = IntRange(0, 5)
ROLE_LEVEL = IntRange(1, 12)
# A pulse score (1 "not at all" to 5 "completely") and the order of a page in a list.
SCORE = IntRange(1, 5)
POSITION = IntRange(0, 1000)


def _json_integer(value: Any) -> Any:
    """A JSON number with no fraction (``3`` or ``3.0``); not ``"3"``, not ``true``."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("Input should be a whole number.")
    return value


def _json_number(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("Input should be a number.")
    return value


# Path and query values arrive as text, so their integers are parsed; body numbers must be
# JSON numbers, as the schema says: "5" or true is a client's mistake to point out.
Id = Annotated[int, Field(ge=1, le=DB_INT_MAX)]
Page = Annotated[int, Field(ge=1, le=PAGE_MAX)]
_WHOLE = BeforeValidator(_json_integer)
IdIn = Annotated[int, Field(ge=1, le=DB_INT_MAX), _WHOLE]
# Spelled out (not built by a helper) so that type checkers see them as types; the bounds
# come before the number check so that the schema shows them as minimum and maximum.
Level = Annotated[int, Field(ge=LEVEL.lo, le=LEVEL.hi), _WHOLE]
Importance = Annotated[int, Field(ge=IMPORTANCE.lo, le=IMPORTANCE.hi), _WHOLE]
HoursPerWeek = Annotated[int, Field(ge=HOURS_PER_WEEK.lo, le=HOURS_PER_WEEK.hi), _WHOLE]
Seats = Annotated[int, Field(ge=SEATS.lo, le=SEATS.hi), _WHOLE]
DurationWeeks = Annotated[int, Field(ge=DURATION_WEEKS.lo, le=DURATION_WEEKS.hi), _WHOLE]
MonthsInRole = Annotated[int, Field(ge=MONTHS_IN_ROLE.lo, le=MONTHS_IN_ROLE.hi), _WHOLE]
TypicalMonths = Annotated[int, Field(ge=TYPICAL_MONTHS.lo, le=TYPICAL_MONTHS.hi), _WHOLE]
ConversationMinutes = Annotated[
    int, Field(ge=CONVERSATION_MINUTES.lo, le=CONVERSATION_MINUTES.hi), _WHOLE
]
RoleLevel = Annotated[int, Field(ge=ROLE_LEVEL.lo, le=ROLE_LEVEL.hi), _WHOLE]
Mentees = Annotated[int, Field(ge=MENTEES.lo, le=MENTEES.hi), _WHOLE]
# Hours a month a mentee hopes for from a mentor; others a proposer wants on their project.
MENTOR_HOURS = IntRange(1, 40)
EXTRA_SEATS = IntRange(0, 20)
MentorHours = Annotated[int, Field(ge=MENTOR_HOURS.lo, le=MENTOR_HOURS.hi), _WHOLE]
ExtraSeats = Annotated[int, Field(ge=EXTRA_SEATS.lo, le=EXTRA_SEATS.hi), _WHOLE]
Score = Annotated[int, Field(ge=SCORE.lo, le=SCORE.hi), _WHOLE]
Position = Annotated[int, Field(ge=POSITION.lo, le=POSITION.hi), _WHOLE]


_HOURS_TEXT = r"^(200(\.0)?|1?[0-9]{1,2}(\.[0-9])?)$"


def _hours_a_month(value: Any) -> Decimal:
    """A number (kept to a tenth) or, as decimals are often sent, text such as "7.5"."""
    if isinstance(value, str):
        if not re.match(_HOURS_TEXT, value):
            raise ValueError("Enter hours from 0 to 200, such as 12 or 7.5.")
        return Decimal(value)
    return Decimal(str(round(_json_number(value), 1)))


# A development allowance, in hours a month, from 0 to 200.
HoursPerMonth = Annotated[
    Decimal,
    Field(ge=0, le=200),
    BeforeValidator(_hours_a_month),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "minimum": 0, "maximum": 200},
                {"type": "string", "pattern": _HOURS_TEXT},
            ]
        }
    ),
]

# --------------------------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------------------------

EARLIEST_PLAN = dt.date(2000, 1, 1)
EARLIEST_RECORD = dt.date(1950, 1, 1)
PLAN_YEARS_AHEAD = 30


def latest_plan() -> dt.date:
    today = timezone.localdate()
    try:
        return today.replace(year=today.year + PLAN_YEARS_AHEAD)
    except ValueError:  # 29 February
        return today.replace(year=today.year + PLAN_YEARS_AHEAD, day=28)


def _day(value: dt.date) -> str:
    return f"{value.day} {value:%B %Y}"


def plan_date_error(value: dt.date) -> str | None:
    if value < EARLIEST_PLAN:
        return f"Choose a date from {_day(EARLIEST_PLAN)} on."
    if value > latest_plan():
        return f"Choose a date within {PLAN_YEARS_AHEAD} years from today."
    return None


def record_date_error(value: dt.date) -> str | None:
    if value < EARLIEST_RECORD:
        return f"Choose a date from {_day(EARLIEST_RECORD)} on."
    if value > timezone.localdate():
        return "Choose today or an earlier date: this records what was done."
    return None


def upcoming_date_error(value: dt.date) -> str | None:
    if value < timezone.localdate():
        return "Choose today or a later date."
    return plan_date_error(value)


def _django(check: Callable[[Any], str | None]) -> Callable[[Any], None]:
    def validate(value: Any) -> None:
        message = check(value) if value not in (None, "") else None
        if message:
            # Not "invalid": a field would replace the message with its generic one.
            raise ValidationError(message, code="refused")

    validate.__name__ = f"validate_{check.__name__.removesuffix('_error')}"
    validate.__qualname__ = validate.__name__
    return validate


def _pydantic(check: Callable[[Any], str | None]) -> Callable[[Any], Any]:
    def validate(value: Any) -> Any:
        message = check(value)
        if message:
            raise ValueError(message)
        return value

    return validate


def _plan_datetime_error(value: dt.datetime) -> str | None:
    return plan_date_error(value.date())


# --------------------------------------------------------------------------------------------
# Text
# --------------------------------------------------------------------------------------------

# Free text is limited so that profiles stay readable and decks stay short.
LONG_TEXT = 2000
SHORT_TEXT = 500

# Bidirectional embeddings, overrides and isolates (LRE..RLO, LRI..PDI): they reorder what is
# displayed, so "txt.exe" can show as "exe.txt".
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_TEXT_ALLOWED_CONTROLS = frozenset("\t\n\r")


def name_error(value: str) -> str | None:
    """A name or title: one line, no control or bidirectional-override characters."""
    for char in value:
        if char in _BIDI_CONTROLS:
            return "Remove the text-direction control characters."
        if unicodedata.category(char) == "Cc":
            return "Remove the control characters (such as line breaks or NUL)."
    return None


def text_error(value: str) -> str | None:
    """Free text: line breaks and tabs are fine, other control characters (NUL) are not."""
    for char in value:
        if unicodedata.category(char) == "Cc" and char not in _TEXT_ALLOWED_CONTROLS:
            return "Remove the control characters (such as NUL)."
    return None


# --------------------------------------------------------------------------------------------
# Links
# --------------------------------------------------------------------------------------------

LINK_SCHEMES = ("http", "https", "mailto")
LINK_MAX = 200
_web_url = URLValidator(schemes=["http", "https"])
_email = EmailValidator()
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def link_error(value: str) -> str | None:
    """None when ``value`` is an http, https or mailto link a browser may follow safely."""
    scheme = urlsplit(value).scheme.lower() if _SCHEME.match(value) else ""
    if scheme not in LINK_SCHEMES or value != value.strip():
        return "Enter a link starting with http://, https:// or mailto:."
    try:
        if scheme == "mailto":
            _email(value[len("mailto:") :].split("?", 1)[0])
        else:
            _web_url(value)
    except ValidationError:
        return "Enter a valid link." if scheme != "mailto" else "Enter a valid e-mail address."
    return None


def web_link_error(value: str) -> str | None:
    """None for an http or https link (a web page to open: no mailto)."""
    if urlsplit(value).scheme.lower() not in ("http", "https") or not _SCHEME.match(value):
        return "Enter a link starting with http:// or https://."
    return link_error(value)


def safe_link(value: str | None) -> str:
    """The link if a page may put it in an href, else an empty string (for stored values)."""
    if not value or link_error(value):
        return ""
    return value


# Django validators: referenced by models (so by migrations) and forms.
validate_name = _django(name_error)
validate_text = _django(text_error)
validate_link = _django(link_error)
validate_web_link = _django(web_link_error)
validate_plan_date = _django(plan_date_error)
validate_record_date = _django(record_date_error)
validate_upcoming_date = _django(upcoming_date_error)

# API types: the same checks, answered as 422 naming the field. The patterns tell clients
# (and the schema fuzzer) what the checks accept; the checks give the reason in words.
_NAME_PATTERN = r"^[^\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]*$"
_TEXT_PATTERN = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]*$"
_HOST = r"[a-z0-9]{1,20}(\.[a-z0-9]{1,20}){0,3}\.[a-z]{2,10}"
_LINK_PATTERN = (
    rf"^(https?://{_HOST}(/[A-Za-z0-9._~/-]*)?"
    rf"|mailto:[A-Za-z0-9_+-]{{1,30}}(\.[A-Za-z0-9_+-]{{1,30}}){{0,2}}@{_HOST})?$"
)


def _described(pattern: str) -> Any:
    return Field(json_schema_extra={"pattern": pattern})


Name = Annotated[
    str,
    AfterValidator(_pydantic(name_error)),
    Field(min_length=1, max_length=200),
    _described(_NAME_PATTERN),
]
ShortText = Annotated[
    str,
    AfterValidator(_pydantic(text_error)),
    Field(max_length=SHORT_TEXT),
    _described(_TEXT_PATTERN),
]
LongText = Annotated[
    str,
    AfterValidator(_pydantic(text_error)),
    Field(max_length=LONG_TEXT),
    _described(_TEXT_PATTERN),
]
# A page HR writes (an orientation page, in Markdown).
DOCUMENT_TEXT = 20000
DocumentText = Annotated[
    str,
    AfterValidator(_pydantic(text_error)),
    Field(min_length=1, max_length=DOCUMENT_TEXT),
    _described(_TEXT_PATTERN),
]
SearchText = Annotated[
    str, AfterValidator(_pydantic(name_error)), Field(max_length=200), _described(_NAME_PATTERN)
]
Link = Annotated[
    str,
    AfterValidator(_pydantic(lambda v: link_error(v) if v else None)),
    Field(max_length=LINK_MAX),
    _described(_LINK_PATTERN),
]
WebLink = Annotated[
    str,
    AfterValidator(_pydantic(lambda v: web_link_error(v) if v else None)),
    Field(max_length=LINK_MAX),
    _described(rf"^(https?://{_HOST}(/[A-Za-z0-9._~/-]*)?)?$"),
]


def _iso_text(value: Any) -> Any:
    # Pydantic would read a number as a Unix timestamp; the schema promises an ISO string.
    if not isinstance(value, str | dt.date):
        raise ValueError("Enter the date as text, such as 2026-12-31.")
    return value


PlanDate = Annotated[
    dt.date, BeforeValidator(_iso_text), AfterValidator(_pydantic(plan_date_error))
]
RecordDate = Annotated[
    dt.date, BeforeValidator(_iso_text), AfterValidator(_pydantic(record_date_error))
]
UpcomingDate = Annotated[
    dt.date, BeforeValidator(_iso_text), AfterValidator(_pydantic(upcoming_date_error))
]
PlanDateTime = Annotated[
    dt.datetime, BeforeValidator(_iso_text), AfterValidator(_pydantic(_plan_datetime_error))
]


# --------------------------------------------------------------------------------------------
# API input schemas
# --------------------------------------------------------------------------------------------

Flag = Annotated[bool, Field(strict=True)]


class Input(Schema):
    """Base of every request body: a JSON object, nothing else.

    Ninja's schemas read attributes from any object (to serialize models); a request body
    must not be a list or a string that happens to lack the optional fields.
    """

    @model_validator(mode="wrap")
    @classmethod
    def _an_object(cls, value: Any, handler: Any) -> Any:
        if not isinstance(value, dict | cls):
            raise ValueError("The body must be a JSON object.")
        return handler(value)


class LinkFormField(forms.CharField):
    """A link typed on a page: ``example.com/x`` is read as https, other schemes refused."""

    default_validators = [validate_link]

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", LINK_MAX)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> str:
        text = super().to_python(value) or ""
        if text and not _SCHEME.match(text) and " " not in text and "." in text.split("/")[0]:
            return f"https://{text}"
        return text


class WebLinkFormField(LinkFormField):
    """A link to a web page typed on a page: http or https only."""

    default_validators = [validate_web_link]


class BoundedPages(PageNumberPagination):
    """Ninja's page-number paging with the page and its size bounded (else 422, not 500)."""

    class Input(Schema):
        page: Page = 1
        page_size: Annotated[int, Field(ge=1, le=PAGE_SIZE_MAX)] | None = None


def paged(page_size: int) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``@paginate(BoundedPages, page_size=...)`` for a view in a module with postponed
    annotations: ninja reads a paginated view's annotations in its own module, where names
    such as ``SearchText`` are unknown, so they are resolved here first."""

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        func.__annotations__ = get_type_hints(func, include_extras=True)
        return paginate(BoundedPages, page_size=page_size)(func)

    return decorate
