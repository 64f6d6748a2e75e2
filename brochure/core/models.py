"""The content model: what a group, a partner, the site and the vocabularies are.

Field names are a contract with the partners' files (see the README). Models check shape and
formats only; the operating model's rules and the references between files are checked in
:mod:`brochure.check.validate`, where the whole content is known. Validators raise
``PydanticCustomError`` whose type is a rule id from :mod:`brochure.check.rules`, so the message a
partner sees comes from the catalogue, not from pydantic.

Long on purpose: every content model with its validators, the contract of the
partners' files, read top to bottom as the README describes them.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays
import phonenumbers
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    ValidationInfo,
    WithJsonSchema,
)
from pydantic.json_schema import SkipJsonSchema
from pydantic_core import PydanticCustomError

from brochure.core.languages import FALLBACK, LANGUAGES, LanguageCode, site_languages

WEEKDAYS: tuple[str, ...] = (
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
)
Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
Role = Literal["professional", "experience-expert", "peer", "volunteer"]
Phase = Literal["pilot", "established"]

# The audience that means everyone. The operating model promises that every group is open to
# all, so this audience is never a filter that leaves groups out, and no card names it.
EVERYONE = "everyone"

ID_PATTERN = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\Z")


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    # The build cache keys outputs by the pickled models that make them. pydantic pickles the
    # set of fields a file gave, and a set's order changes with every process (hash
    # randomisation), so the same content would give another key in the next build and the
    # cache would never be hit. Pickled as a sorted tuple, the same model gives the same bytes.
    def __getstate__(self) -> dict[Any, Any]:
        state = super().__getstate__()
        state["__pydantic_fields_set__"] = tuple(sorted(state["__pydantic_fields_set__"]))
        return state

    def __setstate__(self, state: dict[Any, Any]) -> None:
        state = dict(state, __pydantic_fields_set__=set(state["__pydantic_fields_set__"]))
        super().__setstate__(state)


# --- dates and times --------------------------------------------------------------------

_ISO_DATE = re.compile(r"\s*([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})\s*\Z")
# (A year of two or four digits: 1.2.202 is a typo, not the year 202.)
_FINNISH_DATE = re.compile(r"\s*([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4}|[0-9]{2})\s*\Z")


def finnish_date(text: str) -> str | None:
    """'4.3.2026' (day.month.year, as Finns write; '4.3.26' too) -> '2026-03-04', or None
    when it is not such a date."""
    match = _FINNISH_DATE.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        if year < 100:
            year += 2000
        try:
            return dt.date(year, month, day).isoformat()
        except ValueError:
            pass
    return None


def suggest_date(text: str) -> str:
    """The date a partner meant ('4.3.2026' -> '2026-03-04'), or an example of the form."""
    return finnish_date(text) or "2026-09-01"


def _to_date(value: Any) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    text = str(value)
    match = _ISO_DATE.match(text) if isinstance(value, str) else None
    if match:
        try:
            return dt.date(*(int(g) for g in match.groups()))
        except ValueError:
            raise PydanticCustomError("invalid-date", "not a real date",
                                      {"value": text}) from None
    raise PydanticCustomError("date-format", "wrong date format",
                              {"value": text, "suggestion": suggest_date(text)})


_CLOCK = re.compile(r"\s*([0-9]{1,2})(?:[:.]([0-9]{2}))?\s*\Z")


def suggest_time(text: str) -> str:
    """'18.30' -> '"18:30"'; the best guess at what a partner meant."""
    match = _CLOCK.match(text)
    if match:
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
        if hour < 24 and minute < 60:
            return f'"{hour:02d}:{minute:02d}"'
    return '"13:00"'


def to_clock(value: Any) -> dt.time:
    if isinstance(value, dt.time):
        return value
    text = str(value)
    if isinstance(value, str):
        match = re.fullmatch(r"\s*([0-9]{1,2}):([0-9]{2})\s*", value)
        if match:
            hour, minute = int(match.group(1)), int(match.group(2))
            if hour < 24 and minute < 60:
                return dt.time(hour, minute)
    raise PydanticCustomError("time-format", "wrong time format",
                              {"value": text, "suggestion": suggest_time(text)})


Date = Annotated[dt.date, BeforeValidator(_to_date),
                 WithJsonSchema({"type": "string", "format": "date"})]
Clock = Annotated[dt.time, BeforeValidator(to_clock),
                  WithJsonSchema({"type": "string", "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9]$"})]


# --- contact details --------------------------------------------------------------------

# The validation context's key for the region numbers are dialled in (site.yaml's phone_region):
# the checker passes it, so "040 123 4567" is read as a number of the brochure's own region.
PHONE_REGION = "phone_region"


def _letter_among_digits(value: str) -> str | None:
    """The first letter after the first digit: "040 23l 5570" (l for 1) or "557O" (O for 0).
    The phone library drops such letters and may still find a valid, different number."""
    digits = [i for i, char in enumerate(value) if char in "0123456789"]
    if not digits:
        return None
    return next((char for char in value[digits[0]:] if char.isalpha()), None)


def normalise_phone(value: str, region: str | None) -> str:
    """A number of ``region`` or an international one, in the international form (+358 …),
    or a ``phone-letter`` or ``phone-invalid`` error."""
    letter = _letter_among_digits(value)
    if letter:
        raise PydanticCustomError("phone-letter", "a letter in a phone number",
                                  {"value": value, "letter": letter})
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise PydanticCustomError("phone-invalid", "invalid phone number", {"value": value})
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def _phone(value: Any, info: ValidationInfo) -> Any:
    if not isinstance(value, str):
        return value
    context = info.context if isinstance(info.context, dict) else {}
    region = context.get(PHONE_REGION)
    if not isinstance(region, str):
        # Without the site's region a national number cannot be judged: kept as written
        # (site.yaml, which says the region, is reported when it cannot be read).
        return value
    return normalise_phone(value, region)


_EMAIL = re.compile(r"[^@\s<>()\[\],;:\"]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+\Z")


def _email(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        if not _EMAIL.match(value):
            raise PydanticCustomError("email-invalid", "invalid email", {"value": value})
    return value


def _url(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        if not re.fullmatch(r"https?://[^\s/$.?#][^\s]*", value):
            raise PydanticCustomError("url-invalid", "invalid url", {"value": value})
    return value


Phone = Annotated[StrictStr, BeforeValidator(_phone)]
Email = Annotated[StrictStr, BeforeValidator(_email)]
Url = Annotated[StrictStr, BeforeValidator(_url)]


# --- texts ------------------------------------------------------------------------------

class Text(Model):
    """A text in the brochure's languages; Finnish is the one that must be there."""

    fi: StrictStr | None = None
    sv: StrictStr | None = None
    en: StrictStr | None = None

    def get(self, lang: str) -> str | None:
        value: str | None = getattr(self, lang, None)
        return value if value and value.strip() else None

    def missing(self) -> list[str]:
        return [lang for lang in LANGUAGES if not self.get(lang)]


class Label(Model):
    """A vocabulary label: all three languages are required."""

    fi: StrictStr
    sv: StrictStr
    en: StrictStr

    def get(self, lang: str) -> str:
        value: str = getattr(self, lang)
        return value


# --- vocabularies and site --------------------------------------------------------------

class Vocabularies(Model):
    municipalities: dict[str, Label]
    audiences: dict[str, Label]
    activities: dict[str, Label]
    accessibility: dict[str, Label]
    partner_kinds: dict[str, Label]
    languages: dict[str, Label]
    # Where each municipality's centre is (latitude, longitude): a search that finds nothing
    # offers the same day in the nearest municipalities. Optional; ids as in municipalities.
    municipality_centres: dict[str, tuple[float, float]] = Field(default_factory=dict)

    def labelled(self) -> dict[str, dict[str, Label]]:
        """The vocabularies of labelled ids, by name (``municipalities``, ``audiences``...)."""
        return {name: getattr(self, name) for name, info in type(self).model_fields.items()
                if info.annotation == dict[str, Label]}

    def nearest(self, municipality: str) -> list[str]:
        """The other municipalities with a centre, the nearest to ``municipality`` first."""
        centres = self.municipality_centres
        if municipality not in centres:
            return []
        lat, lon = centres[municipality]
        scale = math.cos(math.radians(lat))  # a degree of longitude is shorter up north

        def distance(key: str) -> float:
            other_lat, other_lon = centres[key]
            return math.hypot(other_lat - lat, (other_lon - lon) * scale)
        return sorted((k for k in centres if k != municipality), key=lambda k: (distance(k), k))


class Coordinator(Model):
    partner: StrictStr
    email: Email | None = None
    phone: Phone | None = None
    # Within how many working days the coordinator answers a partner's pull request (told in
    # the steps beside the form's GitHub button, brochure.site.github_steps).
    reply_days: StrictInt = 5


class Bounds(Model):
    """Where a venue's coordinates may be: catches swapped latitude and longitude."""

    south: float
    north: float
    west: float
    east: float

    def contain(self, latitude: float, longitude: float) -> bool:
        return self.south <= latitude <= self.north and self.west <= longitude <= self.east


def _time_zone(value: Any) -> Any:
    if isinstance(value, str):
        try:
            ZoneInfo(value)
        except (ValueError, ZoneInfoNotFoundError):
            raise PydanticCustomError("unknown-setting", "unknown time zone",
                                      {"value": value, "setting": "time_zone"}) from None
    return value


def _holiday_calendar(value: Any) -> Any:
    if isinstance(value, str) and value not in holidays.list_supported_countries():
        raise PydanticCustomError("unknown-setting", "unknown holiday calendar",
                                  {"value": value, "setting": "public_holidays"})
    return value


def _phone_region(value: Any) -> Any:
    if isinstance(value, str) and value not in phonenumbers.SUPPORTED_REGIONS:
        raise PydanticCustomError("unknown-setting", "unknown phone region",
                                  {"value": value, "setting": "phone_region"})
    return value


class Policy(Model):
    review_max_age_days: StrictInt = 365
    ending_soon_days: StrictInt = 14


class Site(Model):
    title: Text
    description: Text | None = None
    base_url: Url
    languages: list[LanguageCode] = Field(default_factory=lambda: list(LANGUAGES))
    default_language: LanguageCode = FALLBACK
    coordinator: Coordinator
    repository: Url | None = None
    # The branch pull requests go to (the form page opens GitHub's editor on it).
    repository_branch: StrictStr = "main"
    policy: Policy = Field(default_factory=Policy)
    # Where the groups are: open data (HSDS) addresses name the region and the country
    # (ISO 3166). Every fact of the region is here, none in the program: the time zone the
    # meetings' times are in, the public holidays' calendar (the holidays library's code),
    # the region phone numbers are dialled in, and the box the venues' coordinates are in.
    region: Text | None = None
    country: Annotated[StrictStr, Field(pattern=r"^[A-Z]{2}$")]
    time_zone: Annotated[StrictStr, BeforeValidator(_time_zone)]
    public_holidays: Annotated[StrictStr, BeforeValidator(_holiday_calendar)]
    phone_region: Annotated[StrictStr, BeforeValidator(_phone_region)]
    coordinates: Bounds
    # The languages the region's streets have official names in: the form asks a venue's
    # street in each of them but the main one, whose name is in the address. Empty: every
    # language of the site.
    street_languages: list[LanguageCode] = Field(default_factory=list)
    # The coordinator's report (brochure.monitoring): "public" is built with the site and
    # linked from the footer; "internal" only by `brochure report --output DIR`.
    report: Literal["public", "internal"] = "internal"
    # In a public report, attendance counts below this are suppressed, with every figure that
    # would reveal them (brochure.site.report_privacy).
    report_threshold: Annotated[StrictInt, Field(ge=1, le=100)] = 5
    # The month (1-12) the operating year starts in: the report's default period is the
    # operating year running on the report's date (August: autumn and the spring after it).
    operating_year_start_month: Annotated[StrictInt, Field(ge=1, le=12)] = 8
    # The coordinator's look: a logo file in static/ (shown in the header) and an accent
    # colour (#rrggbb; one with less than 4.5:1 contrast on white is replaced, see theme.py).
    logo: Annotated[StrictStr, Field(pattern=r"^[A-Za-z0-9_.-]+\.(svg|png)$")] | None = None
    # What the logo shows, for screen readers (empty: the logo is decoration beside the title).
    logo_alt: Text | None = None
    accent: Annotated[StrictStr, Field(pattern=r"^#[0-9a-fA-F]{6}$")] | None = None

    @property
    def language_order(self) -> tuple[LanguageCode, ...]:
        """The site's languages, its main one (``default_language``) first."""
        return site_languages(self.languages, self.default_language)


# --- partners ---------------------------------------------------------------------------

class PartnerContact(Model):
    email: Email | None = None
    phone: Phone | None = None


class Partner(Model):
    name: Text
    kind: StrictStr
    description: Text | None = None
    website: Url | None = None
    contact: PartnerContact | None = None
    # The file's name, given at validation, never read from the file (see brochure.check).
    id: SkipJsonSchema[str] = Field(default="", exclude=True, repr=False)


# --- groups -----------------------------------------------------------------------------

class Venue(Model):
    name: Text
    # "Kirkkokatu 3, 67100 Kokkola": the street, the postal code and the town, in Finnish.
    address: StrictStr
    # The street's official name in other languages ({sv: "Kyrkogatan 3"}), where a
    # bilingual municipality has one; the postal code and the town come from ``address``.
    street: Text | None = None
    accessibility: list[StrictStr] = Field(default_factory=list)
    coordinates: tuple[float, float] | None = None

    def address_in(self, lang: str, town: Label | None = None) -> str:
        """The address as a reader of ``lang`` writes it: the street's name in ``lang`` where
        there is one (else the Finnish), and the municipality's name in ``lang`` where the
        address names the municipality ("Kyrkogatan 3, 67100 Karleby"; "Rantakatu 9, 67100
        Karleby" while the street has no Swedish name)."""
        street, comma, rest = self.address.partition(",")
        if not comma:
            return self.address
        local_street = self.street.get(lang) if self.street else None
        code, space, place = rest.strip().partition(" ")
        if town is not None and space and code.isdigit() and place.casefold() in {
                town.get(other).casefold() for other in LANGUAGES}:
            rest = f"{code} {town.get(lang)}"
        return f"{(local_street or street).strip()}, {rest.strip()}"


class Season(Model):
    start: Date
    end: Date | None = None


def _break(value: Any) -> Any:
    if isinstance(value, dict):
        return value
    day = _to_date(value)
    return {"start": day, "end": day}


class Break(Model):
    start: Date
    end: Date


class Meeting(Model):
    weekday: Weekday
    start: Clock
    end: Clock
    every: StrictInt = 1


class Schedule(Model):
    season: Season
    # The next season, once it is known: while the group is between seasons, the page left at
    # its address says when it starts again.
    next_season: Season | None = None
    meetings: list[Meeting]
    breaks: list[Annotated[Break, BeforeValidator(_break),
                           # Inline: a "$ref" to Break would point at a definition that
                           # pydantic never generates (this schema replaces Break's own).
                           WithJsonSchema({"anyOf": [
                               {"type": "string", "format": "date"},
                               Break.model_json_schema()]})]] = Field(default_factory=list)


class Facilitator(Model):
    role: Role
    partner: StrictStr
    name: StrictStr | None = None


class Contact(Model):
    partner: StrictStr
    name: StrictStr | None = None
    phone: Phone | None = None
    email: Email | None = None


class Cancellation(Model):
    """One meeting that does not take place, and why (shown while it is upcoming)."""

    date: Date
    # Optional here so that a missing reason is reported by its own rule, at the list item.
    reason: Text | None = None


class Group(Model):
    """One low-threshold group, as a partner describes it in ``content/groups/<slug>.yaml``."""

    name: Text
    summary: Text
    description: Text
    municipality: StrictStr
    venue: Venue
    schedule: Schedule
    audiences: list[StrictStr]
    activities: list[StrictStr] = Field(default_factory=list)
    languages: list[StrictStr]
    facilitators: list[Facilitator]
    phase: Phase
    substitute: Text
    contact: Contact
    free: StrictBool
    referral_required: StrictBool
    anonymous: StrictBool
    registration: StrictStr
    max_participants: StrictInt | None = None
    reviewed: Date
    # The short code of the group's dictated link r/<code>/ (brochure.core.codes); never changes.
    code: StrictStr | None = None
    # False: no meeting on Finnish public holidays (left out of next dates and calendars).
    meets_on_public_holidays: StrictBool = False
    cancellations: list[Cancellation] = Field(default_factory=list)
    # The file's name, given at validation, never read from the file (see brochure.check).
    slug: SkipJsonSchema[str] = Field(default="", exclude=True, repr=False)

    def partner_ids(self) -> list[str]:
        """Partners taking part, in order of first mention, without repeats."""
        ids = [f.partner for f in self.facilitators] + [self.contact.partner]
        return list(dict.fromkeys(ids))


class RetiredGroup(Model):
    """A deleted group: its address and short code stay as an "ended" page, never reused."""

    slug: StrictStr
    code: StrictStr | None = None
    municipality: StrictStr
    name: Text
    # The day the group ended (its last meeting): for the report's groups ended in a period,
    # and the page left at its address says so.
    ended: Date | None = None


class Retired(Model):
    """``content/retired.yaml``: the groups whose files were deleted."""

    groups: list[RetiredGroup] = Field(default_factory=list)


class Population(Model):
    """``content/population.yaml``: inhabitants per municipality, for the report's reach per
    1,000 inhabitants, with where the figures come from and the year they are of."""

    source: Text
    url: Url | None = None
    year: Annotated[StrictInt, Field(ge=1900, le=2100)]
    municipalities: dict[str, Annotated[StrictInt, Field(ge=1)]]


class Page(Model):
    """Front matter of a free page in ``content/pages/<name>.<lang>.md``."""

    title: StrictStr
    description: StrictStr | None = None
    # From the file's name (<name>.<lang>.md) and the Markdown below the front matter, given
    # at validation, never read from the front matter.
    name: SkipJsonSchema[str] = Field(default="", exclude=True, repr=False)
    lang: SkipJsonSchema[str] = Field(default="", exclude=True, repr=False)
    body: SkipJsonSchema[str] = Field(default="", exclude=True, repr=False)
