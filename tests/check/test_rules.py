"""The operating model's rules and the content model's rules, one bad entry each.

Each case changes one thing in a valid group and expects exactly the problem a partner should
see: its rule id, the line and column it points at, and the words of the message. A second test
runs the same cases and checks the message reads in Finnish, Swedish and English.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from brochure.check.content import load_content
from brochure.check.rules import RULES, hint, message
from brochure.core.problems import Problem, Severity
from tests.conftest import (
    TODAY,
    VALID_GROUP,
    Case,
    assert_case_in_all_languages,
    assert_only_case_reported,
    check_text,
    describe,
    expect,
    line_of,
    position_of,
    problems_for,
    replace_line,
    valid,
    write_group,
)

V = VALID_GROUP
E, W, N = Severity.ERROR, Severity.WARNING, Severity.NOTICE


def edit(text: str, *changes: tuple[str, str]) -> str:
    for needle, new in changes:
        text = replace_line(text, needle, new)
    return text


def bad(case_id: str, changes: list[tuple[str, str]], rule: str, at: tuple[str, str] | tuple[
        int, int], *, says: tuple[str, ...] = (), severity: Severity = E,
        also: frozenset[str] = frozenset()) -> Case:
    """``changes`` applied to VALID_GROUP; ``at`` is (line needle, token) or (line, column)."""
    text = edit(V, *changes)
    if isinstance(at[0], str):
        assert isinstance(at[1], str)
        position = position_of(text, at[0], at[1])
    else:
        position = (int(at[0]), int(at[1]))
    return Case(case_id, text, rule, position, says, severity, also)


ONE_FACILITATOR = [("role: experience-expert", ""), ("partner: kpkoos", "")]
NO_CONTACT = [('phone: "040 123 4567"', ""), ("email: kahvila@", "")]
# The contact's partner line is a substring of a facilitator's line; edit it in context.
CONTACT_TYPO = V.replace("contact:\n  partner: soite\n", "contact:\n  partner: soitee\n")
FACILITATORS = ("- role: professional", "-")  # the facilitator list starts at its first dash

CASES = [
    # --- the facilitator pair ------------------------------------------------------------
    bad("one-facilitator", ONE_FACILITATOR, "two-facilitators", FACILITATORS,
        says=("two facilitators", "has 1")),
    bad("same-organisation", [("partner: kpkoos", "    partner: soite")],
        "facilitators-same-organisation", FACILITATORS, says=("same organisation", "soite")),
    bad("pilot-without-professional", [("- role: professional", "  - role: peer")],
        "pilot-needs-professional", ("phase: pilot", "pilot"), says=("professional",)),
    # --- low threshold -------------------------------------------------------------------
    bad("fee", [("free: true", "free: false")], "must-be-free", ("free:", "false"),
        says=("free of charge", "free: true")),
    bad("referral", [("referral_required:", "referral_required: true")], "no-referral",
        ("referral_required:", "true"), says=("referral", "referral_required: false")),
    bad("not-anonymous", [("anonymous:", "anonymous: false")], "must-be-anonymous",
        ("anonymous:", "false"), says=("anonymously", "anonymous: true")),
    bad("registration-required", [("registration:", "registration: required")],
        "registration-required", ("registration:", "required"),
        says=("registration", "registration: welcome")),
    bad("registration-unknown", [("registration:", "registration: maybe")], "invalid-value",
        ("registration:", "maybe"), says=("'maybe'", "none or welcome")),
    # --- references to vocabularies and partners ------------------------------------------
    bad("unknown-partner", [("partner: kpkoos", "    partner: kpkos")], "unknown-partner",
        ("partner: kpkos", "kpkos"), says=("'kpkos'", "Did you mean 'kpkoos'?")),
    Case("unknown-contact-partner", CONTACT_TYPO, "unknown-partner",
         position_of(CONTACT_TYPO, "partner: soitee", "soitee"),
         says=("'soitee'", "Did you mean 'soite'?")),
    bad("unknown-municipality", [("municipality:", "municipality: kokola")],
        "unknown-municipality", ("municipality:", "kokola"),
        says=("'kokola'", "Did you mean 'kokkola'?", "halsua")),
    bad("unknown-audience", [("audiences:", "audiences: [everyone, elderlyy]")],
        "unknown-audience", ("audiences:", "elderlyy"),
        says=("'elderlyy'", "Did you mean 'elderly'?")),
    bad("unknown-activity", [("activities:", "activities: [discussion, gaems]")],
        "unknown-activity", ("activities:", "gaems"), says=("'gaems'", "'games'")),
    bad("unknown-accessibility", [("accessibility:", "  accessibility: [step-free, lfit]")],
        "unknown-accessibility-feature", ("accessibility:", "lfit"),
        says=("'lfit'", "'lift'")),
    bad("unknown-language", [("languages:", "languages: [fi, klingon]")], "unknown-language",
        ("languages:", "klingon"),
        says=("'klingon'", "fi (Finnish), sv (Swedish), en (English)", " or ")),
    bad("duplicate-value", [("audiences:", "audiences: [everyone, outside-work, everyone]")],
        "duplicate-value", ("audiences:", "everyone]"), says=("'everyone'", "twice")),
    # --- fields ---------------------------------------------------------------------------
    bad("unknown-field", [("municipality:", "municiplity: kokkola")], "unknown-field",
        ("municiplity:", "municiplity"),
        says=("'municiplity'", "Did you mean 'municipality'?")),
    bad("unknown-nested-field", [("address:", '  adress: "Testikatu 1"')], "unknown-field",
        ("adress:", "adress"), says=("Did you mean 'address'?",)),
    bad("missing-field", [("municipality:", "")], "missing-field", (1, 1),
        says=("Municipality (municipality)",)),
    bad("missing-nested-field", [("address:", "")], "missing-field", ("venue:", "venue"),
        says=("Street address and postcode (address)",)),
    bad("empty-audiences", [("audiences:", "audiences: []")], "missing-field",
        ("audiences:", "audiences"), says=("Especially welcome (audiences)",)),
    bad("wrong-type-number", [("max_participants:", "max_participants: many")], "wrong-type",
        ("max_participants:", "many"),
        says=("At most this many participants (max_participants)", "a whole number",
              "now it is 'many'")),
    bad("wrong-type-list", [("audiences:", "audiences: everyone")], "wrong-type",
        ("audiences:", "everyone"), says=("(audiences)", "a list", "'everyone'")),
    bad("wrong-type-text", [("municipality:", "municipality: [kokkola]")], "wrong-type",
        ("municipality:", "["), says=("Municipality (municipality)", "text", "[kokkola]")),
    bad("wrong-type-block-list", [("municipality:", "municipality:\n  - kokkola")],
        "wrong-type", ("- kokkola", "-"), says=("(municipality)", "now it is a list.")),
    bad("wrong-type-boolean", [("free: true", "free: maybe")], "wrong-type",
        ("free:", "maybe"), says=("Free of charge (free)", "true or false", "'maybe'")),
    bad("invalid-weekday", [("weekday: thursday", "    - weekday: holiday")], "invalid-value",
        ("weekday:", "holiday"), says=("'holiday'", "Day of the week (weekday)", "thursday",
                                       "saturday or sunday")),
    # A promise refused in Finnish words: the error alone, not also "nothing needs to be
    # done" for reading 'ei' as false.
    bad("must-be-anonymous-in-words", [("anonymous: true", "anonymous: ei")],
        "must-be-anonymous", ("anonymous:", "ei")),
    # A field's key written as its words in Finnish or Swedish: one message, naming the key.
    bad("key-in-finnish", [("municipality: kokkola", "kunta: kokkola")], "unknown-field",
        ("kunta:", "kunta"), says=("'kunta'", "'municipality'")),
    bad("key-in-swedish-in-contact", [('phone: "040', '  telefon: "040 123 4567"')],
        "unknown-field", ("telefon:", "telefon"), says=("'phone'",)),
    # A colon missing between a field and its value: the key is shown with the colon.
    bad("missing-colon-in-braces", [('start: "12:00"', ""), ('end: "15:00"', ""),
                                    ("weekday: thursday",
                                     '    - {weekday thursday, start: "12:00", end: "15:00"}')],
        "unknown-field", ("weekday thursday", "weekday"), says=("'weekday: thursday'",)),
    # Two days in one meeting: the list is the mistake (not "'['thursday', 'friday']' is
    # not a weekday").
    bad("weekday-list", [("weekday: thursday", "    - weekday: [thursday, friday]")],
        "wrong-type", ("weekday:", "["), says=("Day of the week (weekday)",
                                               "[thursday, friday]")),
    bad("invalid-phase", [("phase: pilot", "phase: testing")], "invalid-value",
        ("phase:", "testing"), says=("'testing'", "pilot", "established")),
    # --- times and dates --------------------------------------------------------------------
    bad("time-with-dot", [('start: "12:00"', "      start: 11.30")], "written-as",
        ("start: 11.30", "11.30"), says=("11.30", '"11:30"'), severity=N),
    bad("time-25", [('start: "12:00"', '      start: "25:00"')], "time-format",
        ('start: "25:00"', '"25:00"'), says=("25:00",)),
    bad("time-order", [('end: "15:00"', '      end: "11:00"')], "time-order",
        ('end: "11:00"', '"11:00"'), says=("11:00", "12:00")),
    bad("time-order-equal", [('end: "15:00"', '      end: "12:00"')], "time-order",
        ('end: "12:00"', '"12:00"')),
    bad("season-order", [("start: 2026-08-01", "    start: 2027-08-01"),
                         ("- start: 2026-12-21", "    - start: 2027-01-02")],
        "season-order", ("end: 2027-05-31", "2027-05-31"), says=("2027-05-31", "2027-08-01"),
        also=frozenset({"break-outside-season"})),
    bad("break-outside-season", [("end: 2027-01-06", "      end: 2027-06-06")],
        "break-outside-season", ("- start: 2026-12-21", "start"),
        says=("2026-12-21 – 2027-06-06", "2026-08-01 – 2027-05-31")),
    bad("break-before-season", [("- start: 2026-12-21", "    - start: 2026-07-21")],
        "break-outside-season", ("- start: 2026-07-21", "start")),
    bad("break-order", [("end: 2027-01-06", "      end: 2026-12-01")], "break-order",
        ("- start: 2026-12-21", "start"), says=("2026-12-01", "2026-12-21")),
    bad("no-meetings", [("weekday: thursday", ""), ('start: "12:00"', ""), ('end: "15:00"', ""),
                        ("meetings:", "  meetings: []")],
        "no-meetings", ("meetings:", "meetings"), says=("no meetings",)),
    bad("every-0", [('end: "15:00"', '      end: "15:00"\n      every: 0')], "every-range",
        ("every:", "0"), says=("How often (every) is 0", "1, 2, 3 or 4")),
    bad("every-5", [('end: "15:00"', '      end: "15:00"\n      every: 5')], "every-range",
        ("every:", "5"), says=("(every) is 5",)),
    # --- contact ----------------------------------------------------------------------------
    bad("contact-missing", NO_CONTACT, "contact-missing", ("contact:", "contact"),
        says=("phone number or an email",)),
    bad("phone-invalid", [('phone: "040', '  phone: "123"')], "phone-invalid",
        ("phone:", '"123"'), says=("'123'", "040 123 4567")),
    # A letter among the digits: the phone library would drop it and publish another number.
    bad("phone-letter-l", [('phone: "040', '  phone: "040 23l 5570"')], "phone-letter",
        ("phone:", '"040 23l 5570"'), says=("'040 23l 5570'", "'l'", "040 123 4567")),
    bad("phone-letter-o", [('phone: "040', '  phone: 040 231 557O')], "phone-letter",
        ("phone:", "040 231 557O"), says=("'O'",)),
    bad("phone-with-hours", [('phone: "040', '  phone: "040 123 4567 klo 9-12"')],
        "phone-letter", ("phone:", '"040'), says=("'k'",)),
    bad("email-invalid", [("email: kahvila@", "  email: kahvila@soite")], "email-invalid",
        ("email:", "kahvila@soite"), says=("'kahvila@soite'", "name@example.fi")),
    # --- texts ------------------------------------------------------------------------------
    bad("finnish-required", [('fi: "Testikahvila"', "")], "finnish-required",
        ("name:", "name"), says=("Name (name) has no text in the brochure's main language",
                                 "the language's code")),
    # An empty Finnish text is one mistake: the Finnish text is missing, said where it stands.
    bad("empty-finnish", [('fi: "Testikahvila"', '  fi: ""')], "finnish-required",
        ('fi: ""', '""'), says=("Name (name) has no text in the brochure's main language",)),
    bad("empty-text", [('sv: "Testkaféet"', '  sv: "  "')], "empty-text",
        ('sv: "  "', '"  "'), says=("Name, Swedish (sv)", "empty")),
    bad("missing-translation", [('sv: "Testkaféet"', ""), ('sv: "En ersättare', "")],
        "missing-translation", ("name:", "name"), severity=W,
        says=("Swedish", "name, substitute")),
    bad("summary-too-long", [('fi: "Avoin kahvila', '  fi: "' + "a" * 161 + '"')],
        "summary-too-long", ("aaaa", '"'), says=("161", "160", "Finnish")),
    bad("coordinates-swapped", [("coordinates:", "  coordinates: [23.1302, 63.8391]")],
        "coordinates-range", ("coordinates:", "["), says=("[23.1302, 63.8391]", "latitude")),
    bad("max-participants-0", [("max_participants:", "max_participants: 0")], "number-range",
        ("max_participants:", "0"),
        says=("At most this many participants (max_participants)", "from 1 to 1000",
              "now it is 0")),
    # --- publication (relative to TODAY = 2026-11-23) ---------------------------------------
    bad("season-ended", [("end: 2027-05-31", "    end: 2026-11-22"),
                         ("- start: 2026-12-21", "    - start: 2026-10-01"),
                         ("end: 2027-01-06", "      end: 2026-10-05")],
        "season-ended", ("end: 2026-11-22", "2026-11-22"), severity=W,
        says=("2026-11-22", "not published")),
    bad("review-overdue", [("reviewed:", "reviewed: 2025-09-18")], "review-overdue",
        ("reviewed:", "2025-09-18"), severity=W, says=("2025-09-18", "430 days")),
    bad("reviewed-in-future", [("reviewed:", "reviewed: 2026-11-24")], "reviewed-in-future",
        ("reviewed:", "2026-11-24"), severity=W, says=("2026-11-24",)),
    bad("season-ending-soon", [("end: 2027-05-31", "    end: 2026-12-07"),
                               ("end: 2027-01-06", "      end: 2026-12-06"),
                               ("- start: 2026-12-21", "    - start: 2026-12-01")],
        "season-ending-soon", ("end: 2026-12-07", "2026-12-07"), severity=N,
        says=("2026-12-07", "14 days")),
]


# --- messages a partner understands (issue 18) -------------------------------------------------
# Each names the field in words and the value it refers to, never asks for quotes where the
# loader reads the value anyway, and leaves no placeholder empty. What each must say (and must
# not) in every language is in PLAIN_WORDS below.

PLAIN = [
    bad("phone-digits-unquoted", [('phone: "040', "  phone: 12345")], "phone-invalid",
        ("phone:", "12345"), says=("'12345'", "040 123 4567")),
    bad("time-25-unquoted", [('start: "12:00"', "      start: 25:00")], "time-format",
        ("start: 25:00", "25:00"), says=("25:00 is not a time of day", "e.g. 13:00")),
    bad("time-empty", [('start: "12:00"', '      start: ""')], "time-format",
        ('start: ""', '""'), says=("(empty) is not a time of day",)),
    bad("time-in-word-quotes-wrong", [('start: "12:00"', "      start: \u201d25:00\u201d")],
        "time-format", ("start: \u201d", "\u201d"), says=("25:00 is not",)),
    bad("code-as-list", [("code:", "code: [k7m3]")], "wrong-type", ("code:", "["),
        says=("Short code (code)", "text", "now it is [k7m3]")),
    bad("coordinates-decimal-commas", [("coordinates:", "  coordinates: [63,8391, 23,1302]")],
        "wrong-type", ("coordinates:", "["),
        says=("Coordinates on the map (coordinates)", "a point before the decimals",
              "now it is [63,8391, 23,1302]")),
]
CASES += PLAIN

# (case, language) -> words the message and hint must contain, and words they must not.
NO_QUOTES = {"fi": "lainausmerk", "sv": "citattecken", "en": "quote"}
PLAIN_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "phone-digits-unquoted": {"fi": ("12345",), "sv": ("12345",), "en": ("12345",)},
    "phone-invalid": {"fi": ("123",), "sv": ("123",), "en": ("123",)},
    "time-25": {"fi": ("25:00", "13:00"), "sv": ("25:00", "13:00"), "en": ("25:00", "13:00")},
    "time-25-unquoted": {"fi": ("25:00",), "sv": ("25:00",), "en": ("25:00",)},
    "time-empty": {"fi": ("(tyhjä)",), "sv": ("(tom)",), "en": ("(empty)",)},
    "time-in-word-quotes-wrong": {"fi": ("25:00",), "sv": ("25:00",), "en": ("25:00",)},
    "empty-finnish": {"fi": ("Nimi (name)", "pääkielellä"), "sv": ("Namn (name)", "huvudspråk"),
                      "en": ("Name (name)", "main language")},
    "finnish-required": {"fi": ("Nimi (name)",), "sv": ("Namn (name)",),
                         "en": ("Name (name)",)},
    "pilot-without-professional": {"fi": ("ammattilainen",), "sv": ("yrkesperson",),
                                   "en": ("a professional",)},
    "code-as-list": {"fi": ("Lyhytkoodi (code)", "[k7m3]"), "sv": ("Kortkod (code)", "[k7m3]"),
                     "en": ("Short code (code)", "[k7m3]")},
    "coordinates-decimal-commas": {"fi": ("(coordinates)", "[63,8391, 23,1302]", "pilkku"),
                                   "sv": ("(coordinates)", "[63,8391, 23,1302]", "komma"),
                                   "en": ("(coordinates)", "[63,8391, 23,1302]", "comma")},
    "max-participants-0": {"fi": ("(max_participants)", "0"), "sv": ("(max_participants)", "0"),
                           "en": ("(max_participants)", "0")},
}


@pytest.mark.parametrize("case_id", sorted(PLAIN_WORDS))
def test_message_is_plain_in_every_language(case_id: str, empty_tree: Path) -> None:
    """The partner reads the field's name and the value in their language; no message asks
    for quotes, none leaves a gap where a placeholder was."""
    case = next(c for c in CASES if c.id == case_id)
    problem = expect(case.problems(empty_tree), case.rule, *case.at)
    for lang, words in PLAIN_WORDS[case_id].items():
        said = f"{message(problem, lang)}\n{hint(problem, lang)}"
        for word in words:
            assert word in said, (lang, word, said)
        assert NO_QUOTES[lang] not in said.casefold(), (lang, said)
        assert "  " not in said and " ." not in said and "''" not in said, (lang, said)


# --- slugs (file names) -----------------------------------------------------------------------

SLUGS = {
    "uppercase": "Kahvila",
    "a-umlaut": "kähvilä",
    "too-short": "ab",
    "too-long": "a" * 61,
    "leading-hyphen": "-kahvila",
    "trailing-hyphen": "kahvila-",
    "double-hyphen": "kahvila--kokkola",
    "space": "kahvila kokkola",
}
for name, slug in SLUGS.items():
    CASES.append(Case(f"slug-{name}", V, "slug-format", (1, 1), says=(f"'{slug}'", "3–60"),
                      slug=slug))


def _slug_pair(first: str, second: str) -> Callable[[Path], list[Problem]]:
    def setup(tree: Path) -> list[Problem]:
        paths = [write_group(tree, V, first), write_group(tree, V, second)]
        content = load_content(tree, TODAY)
        problems = [p for p in content.problems if p.path in {str(p_) for p_ in paths}]
        # Both files are checked: one is reported as the other's duplicate, and the two never
        # become two groups at the same address.
        published = [slug for slug in valid(content).groups if slug in (first, second)]
        assert len(published) <= 1, published
        for path in paths:
            slug = path.stem
            if slug not in valid(content).groups:
                assert any(p.path == str(path) and p.severity is E for p in problems), (
                    f"{path.name} is neither published nor reported:\n{describe(problems)}")
        return problems
    return setup


CASES += [
    # 'ﬁ' (U+FB01, the fi ligature) is 'fi' after NFKC normalisation.
    Case("slug-duplicate-ligature", V, "slug-duplicate", (1, 1),
         says=("'kahvila-\ufb01'", "kahvila-fi.yaml"), also=frozenset({"slug-format"}),
         setup=_slug_pair("kahvila-fi", "kahvila-\ufb01")),
    Case("slug-duplicate-case", V, "slug-duplicate", (1, 1), says=("Kahvila",),
         also=frozenset({"slug-format"}), setup=_slug_pair("kahvila", "Kahvila")),
]


# --- other files ------------------------------------------------------------------------------

PARTNER = """\
name:
  fi: "Testiyhdistys"
  sv: "Testföreningen"
  en: "Test Association"
kind: association
website: "https://testi.example.fi"
contact:
  email: info@testi.example.fi
"""


def _partner(needle: str, new: str) -> Callable[[Path], list[Problem]]:
    def setup(tree: Path) -> list[Problem]:
        path = tree / "partners" / "testiyhdistys.yaml"
        path.write_text(replace_line(PARTNER, needle, new), encoding="utf-8")
        return problems_for(tree, path)
    return setup


def _site(needle: str, new: str) -> Callable[[Path], list[Problem]]:
    """site.yaml with one line changed (its lines are those of content/site.yaml)."""
    def setup(tree: Path) -> list[Problem]:
        path = tree / "site.yaml"
        path.write_text(replace_line(path.read_text(encoding="utf-8"), needle, new),
                        encoding="utf-8")
        return problems_for(tree, path)
    return setup


def _missing_site(tree: Path) -> list[Problem]:
    (tree / "site.yaml").unlink()
    return problems_for(tree, tree / "site.yaml")


def _page(name: str, text: str) -> Callable[[Path], list[Problem]]:
    def setup(tree: Path) -> list[Problem]:
        folder = tree / "pages"
        folder.mkdir(exist_ok=True)
        path = folder / name
        path.write_text(text, encoding="utf-8")
        return problems_for(tree, path)
    return setup


PAGE = "---\ntitle: Tietoa\n---\nTervetuloa!\n"


def _pages_without_english(tree: Path) -> list[Problem]:
    folder = tree / "pages"
    folder.mkdir()
    (folder / "tietoa.fi.md").write_text(PAGE, encoding="utf-8")
    (folder / "tietoa.sv.md").write_text("---\ntitle: Om oss\n---\nVälkommen!\n",
                                         encoding="utf-8")
    return problems_for(tree, folder / "tietoa.fi.md")


POPULATION = """\
source: {fi: "Tilastokeskus", sv: "Statistikcentralen", en: "Statistics Finland"}
year: 2024
municipalities:
  halsua: 985
  kannus: 5264
  kaustinen: 4118
  kokkola: 48367
  lestijarvi: 665
  perho: 2594
  toholampi: 2799
"""


def _population(text: str) -> Callable[[Path], list[Problem]]:
    def setup(tree: Path) -> list[Problem]:
        (tree / "population.yaml").write_text(text, encoding="utf-8")
        return problems_for(tree, tree / "population.yaml")
    return setup


CASES += [
    Case("population-missing", "", "population-missing", (line_of(POPULATION, "munic"), 1),
         severity=W, says=("veteli",), setup=_population(POPULATION)),
    Case("population-unknown-municipality", "", "unknown-municipality",
         (line_of(POPULATION, "perho"), 3), also=frozenset({"population-missing"}),
         says=("'perhe'",), setup=_population(POPULATION.replace("perho", "perhe"))),
    Case("unknown-partner-kind", "", "unknown-partner-kind", (line_of(PARTNER, "kind:"), 7),
         says=("'assosiation'", "Did you mean 'association'?"),
         setup=_partner("kind:", "kind: assosiation")),
    Case("url-invalid", "", "url-invalid", (line_of(PARTNER, "website:"), 10),
         says=("www.testi.example.fi", "https://"),
         setup=_partner("website:", 'website: "www.testi.example.fi"')),
    Case("partner-email-invalid", "", "email-invalid", (line_of(PARTNER, "email:"), 10),
         says=("info@", "name@example.fi"),
         setup=_partner("email:", "  email: info@")),
    Case("missing-file", "", "missing-file", (1, 1), says=("site.yaml",), setup=_missing_site),
    # The region is site.yaml's: a time zone, holiday calendar or phone region the libraries
    # do not know is refused where it is written.
    Case("unknown-setting", "", "unknown-setting", (26, 12),
         says=("'Europe/Helsingfors'", "time zone"),
         setup=_site("time_zone:", "time_zone: Europe/Helsingfors")),
    Case("unknown-setting-holidays", "", "unknown-setting", (27, 18),
         says=("'Finland'", "holiday calendar"),
         setup=_site("public_holidays:", "public_holidays: Finland")),
    Case("unknown-setting-phone", "", "unknown-setting", (28, 15), says=("'XX'", "phone region"),
         setup=_site("phone_region:", "phone_region: XX")),
    Case("page-file-name", "", "page-file-name", (1, 1), says=("Tietoa.fi.md", "name.fi.md"),
         setup=_page("Tietoa.fi.md", PAGE)),
    Case("page-name-reserved", "", "page-name-reserved", (1, 1), says=("'groups'",),
         setup=_page("groups.fi.md", PAGE)),
    Case("page-front-matter", "", "page-front-matter", (1, 1), says=("---",),
         setup=_page("tietoa.fi.md", "Tervetuloa!\n")),
    Case("page-empty-front-matter", "", "page-front-matter", (1, 1),
         setup=_page("tietoa.fi.md", "---\n---\nTervetuloa!\n")),
    Case("missing-page", "", "missing-page", (1, 1), severity=W,
         says=("English", "'tietoa'", "tietoa.en.md"), setup=_pages_without_english),
]

# --- public holidays, cancellations, short codes and deleted groups ---------------------------

HOLIDAYS_LINE = "meets_on_public_holidays: false"


def cancelled(*entries: str) -> str:
    """VALID_GROUP with a ``cancellations`` list of the given items (YAML lines)."""
    return edit(V, (HOLIDAYS_LINE, HOLIDAYS_LINE + "\ncancellations:\n" + "\n".join(entries)))


REASON = '    reason: {fi: "Ohjaaja on koulutuksessa", sv: "Utbildning", en: "Training"}'
DUPLICATE = cancelled("  - date: 2026-12-03", REASON, "  - date: 2026-12-10", REASON,
                      "  - date: 2026-12-03", REASON)
RETIRED = """\
groups:
  - slug: {slug}
    code: "{code}"
    municipality: kokkola
    name: {{fi: "Vanha ryhmä", sv: "Gammal grupp", en: "Old group"}}
"""


def _with_retired(slug: str, code: str, group_slug: str = "testi",
                  text: str = V) -> Callable[[Path], list[Problem]]:
    def setup(tree: Path) -> list[Problem]:
        (tree / "retired.yaml").write_text(RETIRED.format(slug=slug, code=code),
                                           encoding="utf-8")
        return check_text(tree, text, group_slug)
    return setup


def _two_groups_same_code(tree: Path) -> list[Problem]:
    write_group(tree, V, "kahvila")
    problems = check_text(tree, V, "testi")
    content = load_content(tree, TODAY)
    # The first file (by name) keeps its code; the second is not published.
    assert "kahvila" in valid(content).groups and "testi" not in valid(content).groups
    return problems


def _deleted_without_retired(tree: Path) -> list[Problem]:
    from brochure.ci.pr_summary import Change, unretired, unretired_problem

    content = load_content(tree, TODAY)
    changes = [Change("D", Path("content/groups/vanha.yaml"), "group")]
    return [unretired_problem(c) for c in unretired(content, changes)]


CASES += [
    bad("holidays-unconfirmed", [(HOLIDAYS_LINE, "")], "public-holidays-in-season",
        ("  season:", "season"), severity=N,
        # VALID_GROUP meets on Thursdays: Ascension Day 2027 is one.
        says=("6.5.2027 Ascension Day", "meets_on_public_holidays: true")),
    Case("cancellation-outside-season", cancelled("  - date: 2027-06-03", REASON),
         "cancellation-outside-season",
         position_of(cancelled("  - date: 2027-06-03", REASON), "- date: 2027-06-03", "2027"),
         says=("2027-06-03", "outside the season")),
    Case("cancellation-not-meeting-day", cancelled("  - date: 2026-12-02", REASON),
         "cancellation-not-meeting-day",
         position_of(cancelled("  - date: 2026-12-02", REASON), "- date: 2026-12-02", "2026"),
         says=("2026-12-02", "does not meet")),
    Case("cancellation-in-a-break", cancelled("  - date: 2026-12-24", REASON),
         "cancellation-not-meeting-day",
         position_of(cancelled("  - date: 2026-12-24", REASON), "- date: 2026-12-24", "2026"),
         says=("2026-12-24",)),
    Case("cancellation-duplicate", DUPLICATE, "cancellation-duplicate",
         (line_of(DUPLICATE, "- date: 2026-12-10") + 2, 11), says=("2026-12-03", "twice")),
    Case("cancellation-reason-missing", cancelled("  - date: 2026-12-03"),
         "cancellation-reason-missing",
         position_of(cancelled("  - date: 2026-12-03"), "- date: 2026-12-03", "date"),
         says=("2026-12-03", "reason")),
    bad("code-format", [("code:", 'code: "k7m0"')], "code-format", ("code:", '"k7m0"'),
        says=("'k7m0'", "4 or 5 characters")),
    bad("code-too-long", [("code:", 'code: "k7m3ac"')], "code-format", ("code:", '"k7m3ac"')),
    Case("code-missing", edit(V, ("code:", "")), "code-missing", (1, 1), severity=W,
         says=("no short code", 'code: "')),
    Case("code-duplicate", V, "code-duplicate", position_of(V, "code:", '"k7m3"'),
         says=("'k7m3'", "kahvila.yaml", "never reused"), setup=_two_groups_same_code),
    Case("code-of-a-deleted-group", V, "code-duplicate", position_of(V, "code:", '"k7m3"'),
         says=("'k7m3'", "retired.yaml"), setup=_with_retired("vanha-ryhma", "k7m3")),
    Case("code-is-a-deleted-slug", edit(V, ("code:", 'code: "wxya"')), "code-duplicate",
         position_of(edit(V, ("code:", 'code: "wxya"')), "code:", '"wxya"'),
         says=("'wxya'", "retired.yaml"),
         setup=_with_retired("wxya", "ac34", text=edit(V, ("code:", 'code: "wxya"')))),
    Case("slug-retired", V, "slug-retired", (1, 1), says=("'testi'", "deleted group"),
         setup=_with_retired("testi", "ac34")),
    Case("group-deleted-not-retired", "", "group-deleted-not-retired", (1, 1),
         says=("vanha.yaml", "retired.yaml"), setup=_deleted_without_retired),
]


# Rules that no content can trigger (kept in the catalogue because rule ids are a contract).
NEVER_REPORTED: dict[str, str] = {
    "typographic-quotes": "a whole value in Word's quotes is read without them (written-as)",
}


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_rule(case: Case, empty_tree: Path) -> None:
    assert_only_case_reported(case, empty_tree)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_rule_message_in_all_languages(case: Case, empty_tree: Path) -> None:
    assert_case_in_all_languages(case, empty_tree)


def test_every_rule_has_a_case() -> None:
    from tests.check import test_attendance, test_lenient
    from tests.load import test_reader

    tested = ({c.rule for c in CASES} | {c.rule for c in test_reader.CASES}
              | {c.rule for c in test_attendance.CASES} | {c.rule for c in test_lenient.CASES})
    untested = set(RULES) - tested - set(NEVER_REPORTED)
    assert not untested, f"rules without a bad file: {sorted(untested)}"


# --- details --------------------------------------------------------------------------------

def test_valid_group_is_published(content_tree: Path) -> None:
    content = load_content(content_tree, TODAY)
    assert content.problems == ()
    assert list(valid(content).groups) == ["kahvila"]
    assert [g.slug for g in valid(content).published] == ["kahvila"]


def test_phone_is_normalised_to_international_form(content_tree: Path) -> None:
    group = valid(load_content(content_tree, TODAY)).groups["kahvila"]
    assert group.contact.phone == "+358 40 1234567"


@pytest.mark.parametrize(("written", "shown"), [
    ("040 123 4567", "+358 40 1234567"),
    ("0401234567", "+358 40 1234567"),
    ("+358 40 123 4567", "+358 40 1234567"),
    ("06 828 7000", "+358 6 8287000"),
])
def test_phone_forms(empty_tree: Path, written: str, shown: str) -> None:
    text = replace_line(V, 'phone: "040', f'  phone: "{written}"')
    write_group(empty_tree, text)
    content = load_content(empty_tree, TODAY)
    assert content.problems == ()
    assert valid(content).groups["testi"].contact.phone == shown


def test_misspelt_field_is_not_also_missing(empty_tree: Path) -> None:
    problems = check_text(empty_tree, replace_line(V, "municipality:", "municiplity: kokkola"))
    assert [p.rule for p in problems] == ["unknown-field"]


def test_rules_still_run_when_another_field_is_wrong(empty_tree: Path) -> None:
    """A partner sees the operating model's problems in the same round as typing mistakes."""
    text = edit(V, ("free: true", "free: false"), ("max_participants:", "max_participants: x"))
    problems = check_text(empty_tree, text)
    assert sorted(p.rule for p in problems) == ["must-be-free", "wrong-type"]


def test_group_with_an_error_is_not_published(empty_tree: Path) -> None:
    write_group(empty_tree, replace_line(V, "free: true", "free: false"))
    assert valid(load_content(empty_tree, TODAY)).groups == {}


@pytest.mark.parametrize(("change", "rule"), [
    (("end: 2027-05-31", "    end: 2026-11-22"), "season-ended"),
    (("reviewed:", "reviewed: 2025-09-18"), "review-overdue"),
])
def test_warning_hides_the_group(empty_tree: Path, change: tuple[str, str], rule: str) -> None:
    text = replace_line(V, *change)
    if rule == "season-ended":
        text = edit(text, ("- start: 2026-12-21", "    - start: 2026-10-01"),
                    ("end: 2027-01-06", "      end: 2026-10-05"))
    write_group(empty_tree, text)
    content = load_content(empty_tree, TODAY)
    assert content.errors == 0 and content.warnings == 1
    assert "testi" in valid(content).groups
    assert valid(content).hidden == {"testi": rule}
    assert valid(content).published == []


def test_season_ending_soon_stays_published(empty_tree: Path) -> None:
    text = edit(V, ("end: 2027-05-31", "    end: 2026-12-07"),
                ("- start: 2026-12-21", "    - start: 2026-12-01"),
                ("end: 2027-01-06", "      end: 2026-12-06"))
    write_group(empty_tree, text)
    content = load_content(empty_tree, TODAY)
    assert [p.rule for p in content.problems] == ["season-ending-soon"]
    assert [g.slug for g in valid(content).published] == ["testi"]


@pytest.mark.parametrize(("end", "rule"), [
    ("2026-12-07", "season-ending-soon"),   # 14 days: a notice
    ("2026-12-08", None),                   # 15 days: nothing yet
    ("2026-11-23", "season-ending-soon"),   # ends today: still running
    ("2026-11-22", "season-ended"),         # ended yesterday
])
def test_season_end_boundaries(empty_tree: Path, end: str, rule: str | None) -> None:
    text = edit(V, ("end: 2027-05-31", f"    end: {end}"), ("breaks:", ""),
                ("- start: 2026-12-21", ""), ("end: 2027-01-06", ""))
    rules = [p.rule for p in check_text(empty_tree, text)]
    assert rules == ([rule] if rule else [])


def test_review_policy_comes_from_site_yaml(empty_tree: Path) -> None:
    reviewed = TODAY - dt.timedelta(days=100)
    text = replace_line(V, "reviewed:", f"reviewed: {reviewed.isoformat()}")
    assert check_text(empty_tree, text) == []
    site = empty_tree / "site.yaml"
    site.write_text(replace_line(site.read_text(encoding="utf-8"), "review_max_age_days:",
                                 "  review_max_age_days: 99"), encoding="utf-8")
    problems = check_text(empty_tree, text)
    problem = expect(problems, "review-overdue", *position_of(text, "reviewed:",
                                                              reviewed.isoformat()), W)
    assert "99 days" in message(problem, "en")


def test_ending_soon_policy_comes_from_site_yaml(empty_tree: Path) -> None:
    text = edit(V, ("end: 2027-05-31", "    end: 2026-12-13"), ("breaks:", ""),
                ("- start: 2026-12-21", ""), ("end: 2027-01-06", ""))
    assert check_text(empty_tree, text) == []  # 20 days away
    site = empty_tree / "site.yaml"
    site.write_text(replace_line(site.read_text(encoding="utf-8"), "ending_soon_days:",
                                 "  ending_soon_days: 30"), encoding="utf-8")
    assert [p.rule for p in check_text(empty_tree, text)] == ["season-ending-soon"]


def test_review_overdue_boundary(empty_tree: Path) -> None:
    """The policy is 430 days: exactly 430 days ago is fine, 431 is overdue."""
    for days, rules in ((430, []), (431, ["review-overdue"])):
        reviewed = (TODAY - dt.timedelta(days=days)).isoformat()
        text = replace_line(V, "reviewed:", f"reviewed: {reviewed}")
        assert [p.rule for p in check_text(empty_tree, text)] == rules, days


def test_single_date_break_is_accepted(empty_tree: Path) -> None:
    text = edit(V, ("- start: 2026-12-21", "    - 2026-12-24"), ("end: 2027-01-06", ""))
    assert check_text(empty_tree, text) == []
    text = edit(V, ("- start: 2026-12-21", "    - 2027-06-24"), ("end: 2027-01-06", ""))
    problems = check_text(empty_tree, text)
    problem = expect(problems, "break-outside-season", *position_of(text, "- 2027-06-24",
                                                                    "2027"))
    assert "2027-06-24 is outside" in message(problem, "en")


def test_season_without_end_is_open(empty_tree: Path) -> None:
    assert check_text(empty_tree, replace_line(V, "end: 2027-05-31", "")) == []


def test_every_problem_in_a_file_is_reported_in_one_round(empty_tree: Path) -> None:
    text = edit(V, ("free: true", "free: false"), ("anonymous:", "anonymous: false"),
                ("municipality:", "municipality: kokola"), ('end: "15:00"', '      end: "11:00"'))
    rules = sorted(p.rule for p in check_text(empty_tree, text))
    assert rules == ["must-be-anonymous", "must-be-free", "time-order", "unknown-municipality"]


def test_problems_are_sorted_by_position(empty_tree: Path) -> None:
    text = edit(V, ("free: true", "free: false"), ("municipality:", "municipality: kokola"))
    write_group(empty_tree, text)
    problems = load_content(empty_tree, TODAY).problems
    assert [p.rule for p in problems] == ["unknown-municipality", "must-be-free"]


def test_blank_partners_are_reported_as_blanks_not_as_one_organisation(
        empty_tree: Path) -> None:
    """A new entry's two unfilled partner ids are two blanks to fill, not "both facilitators
    are from the same organisation ((empty))"."""
    text = V.replace("    partner: soite\n", '    partner: ""\n', 1).replace(
        "    partner: kpkoos\n", '    partner: ""\n', 1)
    rules = [p.rule for p in check_text(empty_tree, text)]
    assert "facilitators-same-organisation" not in rules
    assert rules.count("unknown-partner") == 2, rules
