"""Issue 12: the checker meets partners halfway, and nothing is silent.

Each case is a realistic mistake in an otherwise valid group: the rule, the line and column
where the problem starts, the words a partner reads, and (second test) the message in Finnish,
Swedish and English. Unambiguous spellings are accepted with a ``written-as`` notice.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from brochure.check.content import load_content
from brochure.check.rules import hint, message
from brochure.core.problems import Problem, Severity
from brochure.site.views import Views
from tests.conftest import (
    TODAY,
    VALID_GROUP,
    Case,
    assert_case_in_all_languages,
    assert_only_case_reported,
    check_text,
    describe,
    position_of,
    replace_line,
    valid,
    write_group,
)

V = VALID_GROUP
E, W, N = Severity.ERROR, Severity.WARNING, Severity.NOTICE
NBSP = "\u00a0"


def bad(case_id: str, needle: str, new: str, rule: str, line: str, token: str, *,
        says: tuple[str, ...] = (), severity: Severity = E,
        also: frozenset[str] = frozenset()) -> Case:
    text = replace_line(V, needle, new)
    return Case(case_id, text, rule, position_of(text, line, token), says, severity, also)


CASES = [
    # --- text that YAML would cut at ' #' -------------------------------------------------
    bad("comment-in-address", "address:", "  address: Mäntytie 4 #2, 69100 Kannus",
        "yaml-comment-in-value", "address:", "#", severity=W,
        says=("'Mäntytie 4'", "'#2, 69100 Kannus'", '"Mäntytie 4 #2, 69100 Kannus"')),
    bad("comment-in-name", 'fi: "Testikahvila"', "  fi: Digikahvila #Kannus",
        "yaml-comment-in-value", "Digikahvila", "#", severity=W,
        says=("'Digikahvila'", "'#Kannus'")),
    # --- syntax errors, named and located -----------------------------------------------
    bad("nbsp-indent", "address:", f'{NBSP}{NBSP}address: "Testikatu 1"', "yaml-nbsp",
        "address:", NBSP, says=("non-breaking space", "U+00A0", "ordinary space")),
    bad("nbsp-after-colon", "free: true", f"free:{NBSP}true", "yaml-nbsp", "free:", NBSP,
        says=("U+00A0",)),
    bad("word-quotes-with-colon", "address:", "  address: \u201dKlo: 12\u201d", "yaml-word-quotes",
        "address:", "\u201d", says=("\u201d", "straight quotes")),
    bad("half-closed-quote", "address:", '  address: "Testikatu 1', "yaml-unclosed-quote",
        "address:", '"', says=('quote "', "not closed")),
    bad("word-quote-closing", "address:", '  address: "Testikatu 1\u201d',
        "yaml-word-quotes", "address:", "\u201d", says=("\u201d",)),
    bad("text-after-quote", "address:", "  address: 'Pekan' talo", "yaml-text-after-quote",
        "address:", "talo", says=("closing quote '",)),
    bad("no-space-after-colon", "free: true", "free:true", "yaml-colon-space", "free:true", ":",
        says=("'free:true'", "free: true")),
    bad("no-space-after-dash", "audiences:", "audiences:\n  -everyone\n  - outside-work",
        "yaml-dash-space", "-everyone", "-", says=("'-everyone'", "- everyone")),
    bad("dash-brace", "- role: experience-expert",
        "  -{role: experience-expert, partner: kpkoos}", "yaml-dash-space", "-{role", "-",
        says=("- {role",), also=frozenset({"yaml-indentation"})),
    bad("value-starts-with-star", "address:", "  address: *Testikatu 1*",
        "yaml-special-start", "address:", "*", says=("with *", '"*Testikatu 1*"')),
    bad("three-space-indent", "address:", '   address: "Testikatu 1"', "yaml-indentation",
        "address:", "address", says=("3 spaces",)),
    bad("colon-in-value", "address:", "  address: Klo: 12", "yaml-colon-in-value", "address:",
        "Klo", says=('"Klo: 12"',)),
    bad("unclosed-bracket", "audiences:", "audiences: [everyone, outside-work",
        "yaml-unclosed-bracket", "audiences:", "[", says=("[", "]")),
    bad("backslash", "address:", '  address: "C:\\Users"', "yaml-backslash", "address:", "\\",
        says=("single quotes", "'C:\\Users'")),
    bad("missing-colon", "free: true", "free true", "yaml-missing-colon", "free true", "free",
        says=("'free true'",)),
    Case("other-syntax", V + "...\nextra: 1\n", "yaml-syntax",
         (V.count("\n") + 2, 1), says=("cannot be read",)),
    # --- unambiguous values are read, with a notice ---------------------------------------
    bad("time-unquoted-leading-zero", 'start: "12:00"', "      start: 09:30", "written-as",
        "start: 09:30", "09:30", severity=N, says=("'09:30'", '"09:30"')),
    bad("time-one-digit-hour", 'start: "12:00"', "      start: 9:30", "written-as",
        "start: 9:30", "9:30", severity=N, says=('"09:30"',)),
    bad("time-with-dot-quoted", 'start: "12:00"', '      start: "11.00"', "written-as",
        'start: "11.00"', '"11.00"', severity=N, says=('"11:00"',)),
    bad("time-with-klo", 'start: "12:00"', '      start: "klo 9.30"', "written-as",
        'start: "klo', '"klo', severity=N, says=('"09:30"',)),
    # A whole number written as text, or with a leading zero (never YAML 1.1's octal).
    bad("number-leading-zero", "max_participants:", "max_participants: 020", "written-as",
        "max_participants:", "020", severity=N, says=("'020'", "20")),
    bad("number-quoted", "max_participants:", 'max_participants: "20"', "written-as",
        "max_participants:", '"20"', severity=N, says=("'20'",)),
    bad("every-quoted", 'end: "15:00"', '      end: "15:00"\n      every: "2"', "written-as",
        "every:", '"2"', severity=N, says=("'2'",)),
    # Ten digits are no count of participants: not read (and Python cannot read thousands).
    bad("number-too-long", "max_participants:", 'max_participants: "1234567890"',
        "wrong-type", "max_participants:", '"1234567890"'),
    bad("date-finnish", "reviewed:", "reviewed: 4.3.2026", "written-as", "reviewed:",
        "4.3.2026", severity=N, says=("'4.3.2026'", "2026-03-04")),
    bad("date-finnish-in-season", "start: 2026-08-01", "    start: 1.8.2026", "written-as",
        "start: 1.8.2026", "1.8.2026", severity=N, says=("2026-08-01",)),
    bad("date-finnish-three-digit-year", "reviewed:", "reviewed: 4.3.202", "date-format",
        "reviewed:", "4.3.202", says=("4.3.202",)),
    bad("weekday-finnish", "weekday: thursday", "    - weekday: torstai", "written-as",
        "weekday:", "torstai", severity=N, says=("'torstai'", "thursday")),
    bad("weekday-swedish", "weekday: thursday", "    - weekday: torsdag", "written-as",
        "weekday:", "torsdag", severity=N, says=("thursday",)),
    bad("weekday-abbreviation", "weekday: thursday", "    - weekday: to", "written-as",
        "weekday:", "to", severity=N, says=("thursday",)),
    bad("weekday-capitalised", "weekday: thursday", "    - weekday: Thursday", "written-as",
        "weekday:", "Thursday", severity=N, says=("thursday",)),
    bad("municipality-capitalised", "municipality:", "municipality: Kokkola", "written-as",
        "municipality:", "Kokkola", severity=N, says=("'Kokkola'", "written: kokkola")),
    bad("municipality-swedish", "municipality:", "municipality: Karleby", "written-as",
        "municipality:", "Karleby", severity=N, says=("kokkola",)),
    bad("audience-label", "audiences:", "audiences: [Kaikki tervetulleita, outside-work]",
        "written-as", "audiences:", "Kaikki", severity=N, says=("everyone",)),
    bad("language-label", "languages:", "languages: [suomi, sv]", "written-as", "languages:",
        "suomi", severity=N, says=("fi",)),
    bad("role-finnish", "- role: professional", "  - role: ammattilainen", "written-as",
        "role: ammattilainen", "ammattilainen", severity=N, says=("professional",)),
    bad("phase-finnish", "phase: pilot", "phase: pilotti", "written-as", "phase:", "pilotti",
        severity=N, says=("pilot",)),
    # A yes/no field: yes and no in every language, in any case (issue 18).
    bad("kylla-in-boolean", "free: true", "free: kyllä", "written-as", "free:", "kyllä",
        severity=N, says=("'kyllä'", "written: true")),
    bad("EI-in-boolean", "referral_required:", "referral_required: EI", "written-as",
        "referral_required:", "EI", severity=N, says=("'EI'", "written: false")),
    bad("ja-in-boolean", "anonymous:", "anonymous: Ja", "written-as", "anonymous:", "Ja",
        severity=N, says=("written: true",)),
    bad("nej-in-boolean", "meets_on_public_holidays:", "meets_on_public_holidays: nej",
        "written-as", "meets_on_public_holidays:", "nej", severity=N,
        says=("written: false",)),
    bad("yes-in-boolean", "free: true", "free: Yes", "written-as", "free:", "Yes", severity=N,
        says=("'Yes'", "written: true")),
    bad("quoted-true-in-boolean", "free: true", 'free: "true"', "written-as", "free:", '"true"',
        severity=N, says=("written: true",)),
    # A whole value in Word's quotes is read without them (issue 18).
    bad("word-quotes-around-name", 'fi: "Testikahvila"',
        "  fi: \u201dLukupiiri Kaustisella\u201d", "written-as", "fi: \u201d", "\u201d",
        severity=N, says=("'\u201dLukupiiri Kaustisella\u201d'", '"Lukupiiri Kaustisella"')),
    bad("word-quotes-inside-quotes", 'en: "Test Café"', '  en: "\u201cTest Café\u201d"',
        "written-as", "en: ", '"', severity=N, says=('"Test Café"',)),
    bad("word-quotes-around-time", 'start: "12:00"', "      start: \u201c13.00\u201d",
        "written-as", "start: \u201c", "\u201c", severity=N, says=('"13:00"',)),
    bad("word-quotes-around-weekday", "weekday: thursday", "    - weekday: \u201dtorstai\u201d",
        "written-as", "weekday:", "\u201d", severity=N, says=("thursday",)),

    # --- ambiguous values stay errors -------------------------------------------------------
    bad("time-24", 'start: "12:00"', "      start: 24:00", "time-format", "start: 24:00", "24:00",
        says=("24:00",)),
    bad("two-addresses", "address:",
        '  address: "Testikatu 1, 67100 Kokkola / Torikatu 2, 67100 Kokkola"', "two-addresses",
        "address:", '"', says=("two places",)),
    bad("maybe-in-boolean", "free: true", "free: ehkä", "wrong-type", "free:", "ehkä",
        says=("Free of charge (free)", "true or false", "'ehkä'")),
    # --- what the page would drop or mangle ---------------------------------------------
    bad("iframe", 'en: "Come as you are.', '  en: "<iframe src=x></iframe>"', "html-in-text",
        'en: "<iframe', "<iframe", severity=W, says=("<iframe>",)),
    bad("html", 'en: "Come as you are.', '  en: "Come <b>now</b>"', "html-in-text",
        'en: "Come <b>', "<b>", severity=W, says=("<b>",)),
    bad("html-in-block", 'en: "Come as you are.',
        '  en: |\n    Come as you are.\n\n    See <a href="x">the map</a>.', "html-in-text",
        "See <a", "<a", severity=W, says=("<a>",)),
    bad("image", 'en: "Come as you are.', '  en: "![kuva](https://x.example/a.png)"',
        "image-in-text", 'en: "![', "!", severity=W, says=("image",)),
    bad("table", 'en: "Come as you are.', '  en: "| a | b |\\n| c | d |"', "table-in-text",
        'en: "| a', '"', severity=W, says=("table",)),
    bad("bullets", 'en: "Come as you are.', '  en: "\u2022 coffee\\n\u2022 tea"',
        "bullet-character", 'en: "\u2022', '"', severity=W, says=("\u2022", "'- '")),
    bad("bullets-in-block", 'en: "Come as you are.',
        '  en: |\n    We offer:\n    \u2022 coffee\n    \u2022 tea', "bullet-character",
        "\u2022 coffee", "\u2022", severity=W, says=("\u2022",)),
    bad("table-in-block", 'en: "Come as you are.',
        '  en: |\n    Times:\n    | day | time |\n    | Mon | 12 |', "table-in-text",
        "| day", "|", severity=W, says=("table",)),
    bad("name-too-long", 'en: "Test Café"', '  en: "' + "x" * 81 + '"', "name-too-long",
        'en: "xxx', '"', severity=W, says=("81", "80")),
]

# The partner line of the first facilitator, capitalised (its needle is not unique).
_SOITE = V.replace("  - role: professional\n    partner: soite\n",
                   "  - role: professional\n    partner: Soite\n")
CASES.append(Case("partner-capitalised", _SOITE, "written-as",
                  position_of(_SOITE, "partner: Soite", "Soite"), ("soite",), N))


# --- files and partners -----------------------------------------------------------------

def _stray(relative: str) -> Callable[[Path], list[Problem]]:
    def setup(tree: Path) -> list[Problem]:
        path = tree / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(V, encoding="utf-8")
        content = load_content(tree, TODAY)
        return [p for p in content.problems if p.path == str(path)]
    return setup


def _broken_partner(tree: Path) -> list[Problem]:
    soite = tree / "partners" / "soite.yaml"
    soite.write_text(replace_line(soite.read_text(encoding="utf-8"), "website:",
                                  'website: "www.soite.example.fi"'), encoding="utf-8")
    path = write_group(tree, V)
    content = load_content(tree, TODAY)
    # The group itself gets no message, and waits: it is not published.
    assert [p for p in content.problems if p.path == str(path)] == []
    assert "testi" not in valid(content).groups
    # The partner file has its one real error, and one line for the groups that wait for it.
    return [p for p in content.problems if p.path == str(soite)]


def _duplicate(tree: Path) -> list[Problem]:
    uncoded = "".join(line for line in V.splitlines(keepends=True)
                      if not line.startswith("code:"))
    write_group(tree, uncoded, "kahvila-a")
    path = write_group(tree, "# kopio\n" + uncoded, "kahvila-b")
    content = load_content(tree, TODAY)
    return [p for p in content.problems if p.path == str(path)]


CASES += [
    Case("stray-top", "", "file-not-read", (1, 1), says=("content/groups/",),
         setup=_stray("kahvila-kannus.yaml")),
    Case("stray-subfolder", "", "file-not-read", (1, 1),
         says=("groups/kannus/x.yaml", "content/groups/"), setup=_stray("groups/kannus/x.yaml")),
    Case("stray-txt", "", "file-not-read", (1, 1), says=("content/groups/",),
         setup=_stray("ryhma.txt")),
    Case("broken-partner", "", "partner-file-errors", (1, 1),
         says=("'soite'", ": 1 (testi.yaml)", "not published"), setup=_broken_partner,
         also=frozenset({"url-invalid"})),
    # Without short codes (with them, the copy's repeated code is an error of its own).
    Case("duplicate-group", "", "duplicate-group", (1, 1), severity=W,
         says=("kahvila-b.yaml", "kahvila-a.yaml", "twice"), setup=_duplicate,
         also=frozenset({"code-missing"})),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_mistake(case: Case, empty_tree: Path) -> None:
    assert_only_case_reported(case, empty_tree)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_mistake_message_in_all_languages(case: Case, empty_tree: Path) -> None:
    assert_case_in_all_languages(case, empty_tree)


def test_notice_keeps_the_group_published_with_canonical_values(empty_tree: Path) -> None:
    text = replace_line(V, "municipality:", "municipality: Karleby")
    text = replace_line(text, "weekday: thursday", "    - weekday: tiistaisin")
    text = replace_line(text, 'start: "12:00"', "      start: 9:30")
    write_group(empty_tree, text)
    content = load_content(empty_tree, TODAY)
    group = valid(content).groups["testi"]
    assert group.municipality == "kokkola"
    assert group.schedule.meetings[0].weekday == "tuesday"
    assert group.schedule.meetings[0].start.strftime("%H:%M") == "09:30"
    assert {p.severity for p in content.problems} == {N}


def test_finnish_notice_says_how_it_is_written(empty_tree: Path) -> None:
    problems = check_text(empty_tree, replace_line(V, "municipality:", "municipality: Kokkola"))
    (problem,) = problems
    assert "kirjoitetaan: kokkola" in message(problem, "fi")
    assert "skrivs: kokkola" in message(problem, "sv")


def test_allowed_values_end_in_or_with_labels(empty_tree: Path) -> None:
    problems = check_text(empty_tree, replace_line(V, "municipality:", "municipality: Oulu"))
    (problem,) = problems
    assert hint(problem, "fi").endswith("tai veteli.")
    assert "kokkola (Karleby)" in hint(problem, "sv")
    assert " eller veteli (Vetil)." in hint(problem, "sv")
    assert hint(problem, "en").endswith(" or veteli.")


def test_broken_partner_file_gives_one_message_in_that_file(empty_tree: Path) -> None:
    """Three groups name a partner whose file cannot be read: one message, in that file,
    says how many and which; the groups get none and wait unpublished."""
    kpkoos = empty_tree / "partners" / "kpkoos.yaml"
    kpkoos.write_text("name: [\n", encoding="utf-8")
    write_group(empty_tree, V.replace("contact:\n  partner: soite", "contact:\n  partner: kpkoos"))
    write_group(empty_tree, V.replace("code: \"k7m3\"", "code: \"k7m4\""), "toinen")
    write_group(empty_tree, V.replace("partner: kpkoos", "partner: KPKOOS")
                .replace("code: \"k7m3\"", "code: \"k7m5\""), "kolmas")
    content = load_content(empty_tree, TODAY)
    assert [p for p in content.problems if "groups" in p.path] == [], describe(
        list(content.problems))
    waiting = [p for p in content.problems if p.rule == "partner-file-errors"]
    assert [(p.path, p.line, p.column) for p in waiting] == [(str(kpkoos), 1, 1)]
    said = message(waiting[0], "fi")
    assert ": 3 (kolmas.yaml, testi.yaml, toinen.yaml)" in said and "'kpkoos'" in said
    assert valid(content).groups == {}


def test_short_field_names(empty_tree: Path) -> None:
    problems = check_text(empty_tree, replace_line(V, "weekday: thursday",
                                                   "    - weekday: holiday"))
    (problem,) = problems
    assert "Day of the week (weekday)" in message(problem, "en")
    assert "Viikonpäivä (weekday)" in message(problem, "fi")
    assert "schedule" not in message(problem, "en")


def test_word_quotes_are_never_shown(empty_tree: Path) -> None:
    """The page heading shows the name without the Word quotes it was written in."""
    text = replace_line(V, 'fi: "Testikahvila"', "  fi: \u201dLukupiiri Kaustisella\u201d")
    text = replace_line(text, 'start: "12:00"', "      start: \u201c13.00\u201d")
    write_group(empty_tree, text)
    content = load_content(empty_tree, TODAY)
    assert content.errors == 0 and content.warnings == 0
    group = valid(content).groups["testi"]
    assert group.name.fi == "Lukupiiri Kaustisella"
    assert group.schedule.meetings[0].start.strftime("%H:%M") == "13:00"
    card = Views(valid(content)).card(group, "fi")
    assert card.name.text == "Lukupiiri Kaustisella"


def test_quotes_inside_a_text_stay(empty_tree: Path) -> None:
    """Quotes around words inside a text, or an apostrophe, are the text's own."""
    text = replace_line(V, 'en: "Test Café"', '  en: "\u201cLife\u201d and \u201cwork\u201d"')
    text = replace_line(text, 'sv: "Testkaféet"', "  sv: \u2018Children\u2019s caf\u00e9\u2019")
    write_group(empty_tree, text)
    content = load_content(empty_tree, TODAY)
    group = valid(content).groups["testi"]
    assert group.name.en == "\u201cLife\u201d and \u201cwork\u201d"
    assert group.name.sv == "\u2018Children\u2019s caf\u00e9\u2019"
    assert content.problems == ()


@pytest.mark.parametrize("written", ["0401234567", "+358401234567"])
def test_unquoted_phone_is_read_as_written(empty_tree: Path, written: str) -> None:
    """In a text field the loader reads what YAML would make a number as the text: no
    message asks for quotes."""
    write_group(empty_tree, replace_line(V, 'phone: "040', f"  phone: {written}"))
    content = load_content(empty_tree, TODAY)
    assert content.problems == ()
    assert valid(content).groups["testi"].contact.phone == "+358 40 1234567"


def test_non_breaking_space_in_markdown_body_is_fine(empty_tree: Path) -> None:
    pages = empty_tree / "pages"
    pages.mkdir()
    good = pages / "tietoa.fi.md"
    good.write_text(f"---\ntitle: Tietoa\n---\nHuom:{NBSP}tärkeää\n{NBSP}teksti\n",
                    encoding="utf-8")
    bad_page = pages / "ohje.fi.md"
    bad_page.write_text(f"---\ntitle:{NBSP}Ohje\n---\nTeksti\n", encoding="utf-8")
    content = load_content(empty_tree, TODAY)
    assert [p.rule for p in content.problems if p.path == str(good)] == [
        "missing-page", "missing-page"]  # only the Swedish and English versions are missing
    assert [(p.rule, p.line, p.column) for p in content.problems
            if p.path == str(bad_page)] == [("yaml-nbsp", 2, 7)]


def test_two_unreadable_files_are_not_duplicates(empty_tree: Path) -> None:
    write_group(empty_tree, "name: [\n", "rikki-a")
    write_group(empty_tree, "free:true\n", "rikki-b")
    rules = {p.rule for p in load_content(empty_tree, TODAY).problems}
    assert "duplicate-group" not in rules
