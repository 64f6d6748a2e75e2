"""The catalogue of rules: stable ids, default severity, and the words a partner reads.

Rule ids are a contract (CI annotations, docs and other tools quote them): add rules, never
rename them. Messages and hints are English gettext ids with ``%(name)s`` placeholders and are
translated into Finnish and Swedish in the catalogs; they speak to a partner who is not a
programmer, so they say what is wrong and what to write instead.

Long on purpose: nearly all of it the catalogue itself: one entry per rule.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from brochure.check.fields import field_words
from brochure.core.holidays import describe
from brochure.core.i18n import N_, gettext
from brochure.core.languages import LANGUAGE_NAMES
from brochure.core.problems import Problem, Severity


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    message: str
    hint: str
    # The message names its field (``%(field)s``, a dotted path) in words with the key in
    # brackets, "Lyhytkoodi (code)"; else the field is a key as written (an unknown field).
    names_field: bool = False


def _rules(*rules: Rule) -> dict[str, Rule]:
    return {rule.id: rule for rule in rules}


E, W, N = Severity.ERROR, Severity.WARNING, Severity.NOTICE

RULES: dict[str, Rule] = _rules(
    # --- the file itself -----------------------------------------------------------------
    Rule("file-too-large", E,
         N_("The file is %(size)s bytes; entries may be at most %(limit)s bytes."),
         N_("An entry is a short text. Remove pasted material such as images or documents.")),
    Rule("yaml-encoding", E,
         N_("The file is not saved as UTF-8 text (unreadable byte %(byte)s)."),
         N_("Save the file as UTF-8. In the GitHub web editor this happens automatically.")),
    Rule("yaml-control-character", E,
         N_("The text contains an invisible control character (%(char)s)."),
         N_("Delete the character; it often comes from copying text from another program.")),
    Rule("yaml-invisible-character", E,
         N_("The text contains an invisible formatting character (%(char)s)."),
         N_("Delete the character: it can change how the text is shown without being seen.")),
    Rule("yaml-tab", E,
         N_("A tab character is used for indentation."),
         N_("Indent with spaces only (two spaces per level); most editors can replace every "
            "tab at once. Lines indented with tabs: %(lines)s.")),
    Rule("yaml-syntax", E,
         N_("The file cannot be read from this point on."),
         N_("Check the indentation and that each colon after a field name is followed by a "
            "space. Put text that contains a colon or # in quotes.")),
    Rule("yaml-nbsp", E,
         N_("A non-breaking space (U+00A0) stands where an ordinary space is needed."),
         N_("Delete it and type an ordinary space. It often comes with text copied from Word "
            "or a web page.")),
    Rule("yaml-word-quotes", E,
         N_("The typographic quote %(char)s cannot be used to quote a text."),
         N_("Replace Word's quotes “ ” or ‘ ’ with ordinary straight quotes \" typed on the "
            "keyboard.")),
    Rule("yaml-unclosed-quote", E,
         N_("The quote %(char)s that starts here is not closed."),
         N_("Add the closing %(char)s at the end of the text, on the same line.")),
    Rule("yaml-text-after-quote", E,
         N_("There is more text after the closing quote %(char)s."),
         N_("Put the whole text inside the quotes. If the text itself contains %(char)s, use "
            "the other kind of quote around it.")),
    Rule("yaml-colon-space", E,
         N_("A space is missing after the colon in '%(value)s'."),
         N_("Write a space after the colon: %(fixed)s.")),
    Rule("yaml-dash-space", E,
         N_("A space is missing after the dash in '%(value)s'."),
         N_("A list item is a dash and a space: %(fixed)s.")),
    Rule("yaml-missing-colon", E,
         N_("The line '%(value)s' is not a field: the colon after the field name is missing."),
         N_("Write the field as 'name: value'. If the line continues the text above, put the "
            "whole text in quotes.")),
    Rule("yaml-indentation", E,
         N_("This line is indented by %(spaces)s spaces, which does not line up with the lines "
            "above it."),
         N_("Fields at the same level start at the same column: two more spaces for each level "
            "(fi: under name: is indented by two spaces).")),
    Rule("yaml-colon-in-value", E,
         N_("The text contains a colon and a space (': '), which would start a new field."),
         N_("Put the whole text in quotes: %(fixed)s.")),
    Rule("yaml-special-start", E,
         N_("A text cannot start with %(char)s without quotes."),
         N_("Put the whole text in quotes: %(fixed)s.")),
    Rule("yaml-unclosed-bracket", E,
         N_("The %(char)s that starts here is not closed."),
         N_("Close it with %(closing)s on the same line and separate the values with "
            "commas.")),
    Rule("yaml-backslash", E,
         N_("A backslash (\\) inside double quotes starts a special character."),
         N_("Use single quotes around this text instead: %(fixed)s.")),
    Rule("yaml-comment-in-value", W,
         N_("Everything from ' #' on is left out: the text reads '%(value)s' without "
            "'%(lost)s'."),
         N_("Put the whole text in quotes: %(fixed)s.")),
    Rule("yaml-duplicate-key", E,
         N_("The field '%(key)s' appears twice (first on line %(first_line)s)."),
         N_("Keep only one of them and delete the other.")),
    Rule("yaml-anchor", E,
         N_("Anchors, aliases and merge keys (&, *, <<) are not allowed in entries."),
         N_("Write the value out in full where it is needed.")),
    Rule("yaml-tag", E,
         N_("Type tags such as '%(tag)s' are not allowed in entries."),
         N_("Remove the tag; put text in quotes if it must stay text.")),
    Rule("yaml-multiple-documents", E,
         N_("The file contains more than one document (a line with ---)."),
         N_("Keep one entry per file: delete the --- line and what follows, or move it to a "
            "file of its own.")),
    Rule("yaml-empty", E,
         N_("The file is empty."),
         N_("Copy an existing entry as a starting point.")),
    Rule("yaml-not-mapping", E,
         N_("The file must consist of fields ('name: value'), but it starts with something "
            "else."),
         N_("Copy an existing entry as a starting point.")),
    Rule("yaml-complex-key", E,
         N_("A field name must be plain text."),
         N_("Write the field as 'name: value'.")),
    Rule("yaml-ambiguous-boolean", E,
         N_("The value %(value)s is ambiguous: some programs read it as yes/no, others as "
            "text."),
         N_("Write true or false for a yes/no field; put text in quotes, e.g. \"%(value)s\".")),
    Rule("yaml-unquoted-time", E,
         N_("The time %(value)s must be in quotes: without them it is read as the number "
            "%(number)s."),
         N_("Write the time in quotes, e.g. \"%(value)s\".")),
    Rule("yaml-leading-zero", E,
         N_("The value %(value)s starts with a zero and would be read as a number, losing "
            "digits."),
         N_("Put it in quotes, e.g. \"%(value)s\".")),
    Rule("written-as", N,
         N_("'%(value)s' is understood; it is written: %(canonical)s."),
         N_("Nothing needs to be done; next time you can write %(canonical)s.")),
    # --- fields --------------------------------------------------------------------------
    Rule("unknown-field", E,
         N_("Unknown field '%(field)s'."),
         N_("%(suggestion)sCheck the spelling against an existing entry, or delete the "
            "field.")),
    Rule("missing-field", E,
         N_("The required field %(field)s is missing."),
         N_("Add the field %(field)s; see an existing entry for an example."), True),
    Rule("wrong-type", E,
         N_("%(field)s should be %(expected)s; now it is %(value)s."),
         N_("See an existing entry for an example of this field."), True),
    Rule("invalid-value", E,
         N_("'%(value)s' is not an allowed value for %(field)s."),
         N_("%(suggestion)sAllowed values: %(allowed)s."), True),
    Rule("empty-text", E,
         N_("%(field)s: the text is empty."),
         N_("Write the text, or remove the line if you have no text in this language."), True),
    Rule("invalid-date", E,
         N_("%(value)s is not a real date."),
         N_("Check the day and the month. Dates are written year-month-day, e.g. 2026-09-01.")),
    Rule("date-format", E,
         N_("The date %(value)s is not in the right format."),
         N_("Write dates as year-month-day: %(suggestion)s.")),
    Rule("time-format", E,
         N_("%(value)s is not a time of day on the 24-hour clock."),
         N_("Write the hours (0–23) and the minutes, e.g. %(suggestion)s.")),
    Rule("number-range", E,
         N_("%(field)s must be from %(min)s to %(max)s; now it is %(value)s."),
         N_("Correct the number."), True),
    Rule("url-invalid", E,
         N_("'%(value)s' is not a web address."),
         N_("Write the full address starting with https://.")),
    # --- references ----------------------------------------------------------------------
    Rule("unknown-partner", E,
         N_("There is no partner '%(value)s'."),
         N_("%(suggestion)sPartners are the files in content/partners/; use a file name "
            "without .yaml: %(allowed)s.")),
    Rule("unknown-municipality", E,
         N_("There is no municipality '%(value)s'."),
         N_("%(suggestion)sAllowed: %(allowed)s.")),
    Rule("unknown-audience", E,
         N_("There is no audience '%(value)s'."),
         N_("%(suggestion)sAllowed: %(allowed)s.")),
    Rule("unknown-activity", E,
         N_("There is no activity '%(value)s'."),
         N_("%(suggestion)sAllowed: %(allowed)s.")),
    Rule("unknown-accessibility-feature", E,
         N_("There is no accessibility feature '%(value)s'."),
         N_("%(suggestion)sAllowed: %(allowed)s.")),
    Rule("unknown-language", E,
         N_("There is no language '%(value)s'."),
         N_("%(suggestion)sAllowed: %(allowed)s.")),
    Rule("unknown-partner-kind", E,
         N_("There is no partner kind '%(value)s'."),
         N_("%(suggestion)sAllowed: %(allowed)s.")),
    Rule("partner-file-errors", E,
         N_("Groups that name the partner '%(value)s': %(count)s (%(groups)s). They are not "
            "published until the errors in this file are fixed."),
         N_("Fix the other errors in this file; the groups' files need no change.")),
    Rule("duplicate-value", E,
         N_("'%(value)s' is listed twice."),
         N_("Delete one of them.")),
    # --- the operating model -------------------------------------------------------------
    Rule("two-facilitators", E,
         N_("A group needs at least two facilitators; this entry has %(count)s."),
         N_("Groups are always run in pairs. Add the second facilitator and their "
            "organisation.")),
    Rule("facilitators-same-organisation", E,
         N_("Both facilitators come from the same organisation (%(partner)s)."),
         N_("The facilitator pair comes from two different partner organisations, e.g. one "
            "from public services and one from an association or an experience expert.")),
    Rule("pilot-needs-professional", E,
         N_("A group in the pilot phase needs at least one professional facilitator."),
         N_("Mark one of the facilitators as a professional (role: professional); or, once "
            "the group is running well, change its phase to established (phase: "
            "established).")),
    Rule("must-be-free", E,
         N_("The group must be free of charge to be published here."),
         N_("Write free: true. A group with a fee is not a low-threshold group.")),
    Rule("no-referral", E,
         N_("The group must be open without a referral to be published here."),
         N_("Write referral_required: false. Participants come on their own initiative.")),
    Rule("must-be-anonymous", E,
         N_("It must be possible to take part anonymously."),
         N_("Write anonymous: true. Participants need not give their name.")),
    Rule("registration-required", E,
         N_("A low-threshold group cannot require registration."),
         N_("Write registration: none, or registration: welcome if advance notice helps "
            "(e.g. for food) but is not required.")),
    Rule("time-order", E,
         N_("The meeting ends (%(end)s) before or when it starts (%(start)s)."),
         N_("Check the start and end times; use the 24-hour clock.")),
    Rule("season-order", E,
         N_("The season ends (%(end)s) before it starts (%(start)s)."),
         N_("Check the years and months of the season dates.")),
    Rule("break-order", E,
         N_("The break ends (%(end)s) before it starts (%(start)s)."),
         N_("Check the dates of the break.")),
    Rule("break-outside-season", E,
         N_("The break %(value)s is outside the season (%(start)s – %(end)s)."),
         N_("Breaks must fall inside the season. Check the date or remove the break.")),
    Rule("no-meetings", E,
         N_("The schedule has no meetings."),
         N_("Add at least one meeting with weekday, start and end.")),
    Rule("every-range", E,
         N_("%(field)s is %(value)s, but it must be 1, 2, 3 or 4."),
         N_("Write every: 2 for every other week; leave it out for a weekly meeting."), True),
    Rule("slug-format", E,
         N_("The file name '%(value)s' cannot be used as the group's address."),
         N_("Use 3–60 characters: lowercase letters a–z without ä, ö or å, digits and "
            "hyphens, e.g. kahvila-kokkola.yaml.")),
    Rule("slug-duplicate", E,
         N_("The name '%(value)s' is already used by %(other)s."),
         N_("Each file needs its own name; rename one of them.")),
    Rule("two-addresses", E,
         N_("The address '%(value)s' seems to contain two places."),
         N_("Write one address per group. If the group meets in two places, make a file for "
            "each, or tell the other place in the description.")),
    Rule("contact-missing", E,
         N_("The contact needs a phone number or an email address."),
         N_("Add phone or email under contact.")),
    Rule("phone-invalid", E,
         N_("'%(value)s' is not a valid phone number."),
         N_("Write a whole Finnish number with its area code, such as 040 123 4567, or an "
            "international one starting with +.")),
    Rule("phone-letter", E,
         N_("The phone number '%(value)s' has the letter '%(letter)s' among its digits."),
         N_("Write the number in digits only (a 1, not an l; a 0, not an O), such as "
            "040 123 4567. When to call goes in the description.")),
    Rule("email-invalid", E,
         N_("'%(value)s' is not a valid email address."),
         N_("Write the address in the form name@example.fi.")),
    Rule("finnish-required", E,
         N_("%(field)s has no text in the brochure's main language."),
         N_("Write the text in the brochure's main language under the field, on a line of "
            "its own that starts with the language's code and a colon."), True),
    Rule("missing-translation", W,
         N_("The %(language)s text is missing (%(fields)s)."),
         N_("Add it if you can; until then the Finnish text is shown with a note.")),
    Rule("summary-too-long", E,
         N_("The summary (%(language)s) is %(length)s characters; at most %(limit)s are "
            "allowed."),
         N_("Write one short sentence; the details belong in the description.")),
    Rule("name-too-long", W,
         N_("The name (%(language)s) is %(length)s characters; at most %(limit)s fit on the "
            "page."),
         N_("Shorten the name; the details belong in the summary and the description.")),
    Rule("html-in-text", W,
         N_("The text contains HTML (%(tag)s), which the page leaves out."),
         N_("Write plain text. For a link, write the address as it is or as [text](https://…); "
            "videos and maps cannot be embedded.")),
    Rule("image-in-text", W,
         N_("The text contains an image, which the page leaves out."),
         N_("Images are not shown in the brochure; remove it, or link to the page where it "
            "is.")),
    Rule("table-in-text", W,
         N_("The text contains a table, which the page shows as lines of | characters."),
         N_("Write the details as sentences or as a list, one item per line starting with "
            "'- '.")),
    Rule("bullet-character", W,
         N_("The text has %(char)s bullets, which run together on the page."),
         N_("Start each list item on its own line with '- ' (a dash and a space), with an "
            "empty line before the list.")),
    Rule("typographic-quotes", W,
         N_("The text is wrapped in typographic quotes, which would be shown: %(value)s."),
         N_("Remove them, or use straight quotes: \"%(fixed)s\".")),
    Rule("coordinates-range", E,
         N_("The coordinates %(value)s are outside the brochure's area."),
         N_("Write latitude first, then longitude, e.g. [%(example)s].")),
    Rule("unknown-setting", E,
         N_("'%(value)s' is not a known %(what)s."),
         N_("Write %(how)s.")),
    Rule("season-ended", W,
         N_("The season ended on %(end)s; the group is not published."),
         N_("If the group continues, update the season and the reviewed date.")),
    Rule("review-overdue", W,
         N_("The entry was last reviewed on %(reviewed)s, more than %(days)s days ago; the "
            "group is not published."),
         N_("Check that the details are still right and set reviewed to today's date.")),
    Rule("reviewed-in-future", W,
         N_("The reviewed date %(reviewed)s is in the future."),
         N_("Set reviewed to the date you checked the entry.")),
    Rule("season-ending-soon", N,
         N_("The season ends on %(end)s, in %(days)s days."),
         N_("If the group continues, update the season so it stays in the brochure.")),
    # --- public holidays and cancellations ---------------------------------------------------
    Rule("public-holidays-in-season", N,
         N_("Public holidays fall on the group's meeting days: %(holidays)s."),
         N_("They are shown as days without a meeting. If the group meets on public holidays, "
            "write meets_on_public_holidays: true; to confirm that it does not, write "
            "meets_on_public_holidays: false.")),
    Rule("cancellation-outside-season", E,
         N_("The cancelled date %(value)s is outside the season (%(start)s – %(end)s)."),
         N_("Check the date, or remove the cancellation.")),
    Rule("cancellation-not-meeting-day", E,
         N_("The group does not meet on %(value)s, so there is no meeting to cancel."),
         N_("Check the date against the meetings in the schedule (weekday, every, breaks).")),
    Rule("cancellation-duplicate", E,
         N_("The date %(value)s is cancelled twice."),
         N_("Keep one of the cancellations and delete the other.")),
    Rule("cancellation-reason-missing", E,
         N_("The cancellation of %(value)s has no reason."),
         N_("Add a reason under the date, e.g. reason: {fi: \"Ohjaaja on estynyt\", sv: …, "
            "en: …}; participants see it.")),
    # --- short codes and deleted groups ------------------------------------------------------
    Rule("code-format", E,
         N_("The short code '%(value)s' cannot be used."),
         N_("Use 4 or 5 characters from %(alphabet)s, e.g. code: \"%(suggestion)s\".")),
    Rule("code-missing", W,
         N_("The group has no short code."),
         N_("Add code: \"%(suggestion)s\" (the short link r/%(suggestion)s/ for print and the "
            "phone). Until then the long link is printed.")),
    Rule("code-duplicate", E,
         N_("The short code '%(value)s' is already used by %(other)s."),
         N_("A code belongs to one group for good and is never reused. Use e.g. "
            "code: \"%(suggestion)s\".")),
    Rule("slug-retired", E,
         N_("The name '%(value)s' belonged to a deleted group (content/retired.yaml)."),
         N_("The addresses of deleted groups are never reused: rename the file.")),
    Rule("group-deleted-not-retired", E,
         N_("The group file %(value)s was deleted, but the group is not in "
            "content/retired.yaml."),
         N_("Move its slug, code, municipality and name into content/retired.yaml, so its links "
            "keep working and are never given to another group.")),
    Rule("population-missing", W,
         N_("There is no population figure for %(value)s."),
         N_("Add the number of inhabitants under municipalities, from the same source and "
            "year; until then the report shows no reach per 1,000 inhabitants there.")),
    Rule("page-file-name", E,
         N_("The page file name '%(value)s' must look like name.fi.md."),
         N_("Use a lowercase name, a language code (fi, sv, en) and .md.")),
    Rule("page-front-matter", E,
         N_("The page must start with a front matter block between two --- lines."),
         N_("Start the file with ---, then title: …, then --- again.")),
    Rule("page-name-reserved", E,
         N_("The page name '%(value)s' is used by the brochure itself."),
         N_("Choose another file name.")),
    Rule("missing-page", W,
         N_("The %(language)s version of the page '%(value)s' is missing."),
         N_("Add %(file)s; until then the Finnish page is shown with a note.")),
    Rule("missing-file", E,
         N_("The file %(value)s is missing."),
         N_("Every content folder needs it; copy it from the example content.")),
    Rule("file-extension", E,
         N_("The file '%(value)s' is not read: entries must end in %(extension)s."),
         N_("Rename the file so that it ends in %(extension)s.")),
    Rule("file-not-read", E,
         N_("The file '%(value)s' is not read: it is not in a folder the brochure reads."),
         N_("Move it to %(folder)s.")),
    Rule("duplicate-group", W,
         N_("The file '%(value)s' has the same content as %(other)s; the group would be shown "
            "twice."),
         N_("Delete one of the files, or change this one to describe another group.")),
    Rule("symlink", E,
         N_("'%(value)s' is a link to another file, which is not allowed in content."),
         N_("Replace the link with a real file.")),
    # --- attendance files (content/attendance/<group>/<year>.yaml, brochure.monitoring) ----
    Rule("attendance-file-name", E,
         N_("The attendance file '%(value)s' is not where the brochure looks for it."),
         N_("Attendance goes in content/attendance/<group file name>/<year the season "
            "starts>.yaml, e.g. content/attendance/torstain-olohuone/2026.yaml.")),
    Rule("attendance-unknown-group", E,
         N_("There is no group '%(value)s' for this attendance file: content/groups/ has no "
            "file %(value)s.yaml, and content/retired.yaml does not list the group as ended."),
         N_("If the group still meets, restore its file content/groups/%(value)s.yaml (or "
            "give the folder the name of the group's file, without .yaml). If the group has "
            "ended, add it to content/retired.yaml (slug: %(value)s, with its code, "
            "municipality, name and the day it ended): its attendance then counts in the "
            "report as an ended group's.")),
    Rule("attendance-folder-name", E,
         N_("There is no group '%(value)s' for this attendance file. Did you mean "
            "'%(other)s'?"),
         N_("Rename the folder content/attendance/%(value)s/ to "
            "content/attendance/%(other)s/: a folder has the name of its group's file, "
            "without .yaml.")),
    Rule("attendance-personal-data", E,
         N_("'%(field)s' does not belong in an attendance file: it holds counts only, never "
            "names or other personal data."),
         N_("Delete '%(field)s'. Each meeting has only date, visitors and first_time.")),
    Rule("attendance-comment", E,
         N_("An attendance file cannot hold comments (text after #): the file is public, and "
            "only the counts of each meeting belong in it."),
         N_("Delete the comment. A remark about a meeting or a visitor, even without a name, "
            "can tell who came; give it to the coordinator in person instead.")),
    Rule("attendance-count", E,
         N_("'%(field)s' is %(value)s, but it must be a whole number from 0 to %(max)s."),
         N_("Write how many people came, e.g. visitors: 12.")),
    Rule("attendance-first-time", E,
         N_("More first-time visitors (%(first_time)s) than visitors (%(visitors)s)."),
         N_("first_time counts the visitors who came for the first time, so it cannot be "
            "more than visitors.")),
    Rule("attendance-date-twice", E,
         N_("The meeting on %(date)s is listed twice (first on line %(first_line)s)."),
         N_("Keep one entry per meeting: add the counts together and delete the other.")),
    Rule("attendance-future", E,
         N_("The meeting on %(date)s has not happened yet."),
         N_("Write the counts after the meeting. Check the year and the month.")),
    Rule("attendance-season", E,
         N_("The group's season does not include %(date)s."),
         N_("Check the date against the season in the group's entry.")),
    Rule("attendance-weekday", E,
         N_("The group does not meet on the weekday of %(date)s."),
         N_("Check the date against the meeting days in the group's entry.")),
    Rule("attendance-rhythm", E,
         N_("The group does not meet in the week of %(date)s (it meets every few weeks)."),
         N_("Check the date against the group's every-N-weeks rhythm.")),
    Rule("attendance-break", E,
         N_("%(date)s is during a break of the group."),
         N_("Check the date, or the group's breaks if the group did meet.")),
    Rule("attendance-cancelled", E,
         N_("The meeting of %(date)s was cancelled in the group's entry (cancellations)."),
         N_("Check the date. If the group did meet, remove the cancellation from the group's "
            "entry.")),
    Rule("attendance-holiday", E,
         N_("%(holidays)s is a public holiday, and the group does not meet on public "
            "holidays."),
         N_("Check the date. If the group did meet, write meets_on_public_holidays: true in "
            "the group's entry.")),
    Rule("attendance-season-year", E,
         N_("%(date)s is not in the season that starts in %(year)s."),
         N_("Each season has its own file, named by the year the season starts.")),
    Rule("attendance-after-ended", E,
         N_("The meeting on %(date)s is after the day the group ended (%(ended)s in "
            "content/retired.yaml)."),
         N_("Check the date, or the day the group ended (ended) in content/retired.yaml.")),
)


def _fill(template: str, params: dict[str, Any]) -> str:
    try:
        return template % params if params or "%(" in template else template
    except (KeyError, TypeError, ValueError):
        return template


def localized_params(lang: str, params: dict[str, Any]) -> dict[str, Any]:
    """Translate the parameters that are themselves words (language names, field lists), and
    never leave a value empty."""
    out = {key: value for key, value in params.items()
           # An empty value would leave a gap in the sentence ("The time  is…").
           if value != "" or key == "suggestion"}
    for key in params.keys() - out.keys():
        out[key] = gettext(lang, N_("(empty)"))
    if "value_kind" in out:
        out["value"] = gettext(lang, VALUE_KINDS[out["value_kind"]])
    if "language" in out:
        out["language"] = gettext(lang, LANGUAGE_NAMES.get(out["language"], out["language"]))
    if "holiday_dates" in out:
        out["holidays"] = describe([dt.date.fromisoformat(d) for d in out["holiday_dates"]],
                                   lang, out["calendar"])
    if "expected" in out:
        out["expected"] = gettext(lang, out["expected"])
    if "setting" in out:
        what, how = SETTINGS.get(out["setting"], ("", ""))
        out["what"], out["how"] = gettext(lang, what), gettext(lang, how)
    if "choices" in out:
        out["allowed"] = choice_text(lang, out["choices"])
    if "suggestion_id" in out:
        out["suggestion"] = _fill(gettext(lang, N_("Did you mean '%(id)s'? ")),
                                  {"id": out["suggestion_id"]})
    elif "suggestion" not in out:
        out["suggestion"] = ""
    return out


def choice_text(lang: str, choices: list[tuple[str, dict[str, str] | None]]) -> str:
    """'halsua (Halsua), … tai veteli (Veteli)': ids with their labels, the last after 'or'."""
    items = []
    for key, labels in choices:
        label = (labels or {}).get(lang)
        items.append(f"{key} ({label})" if label and label.casefold() != key.casefold()
                     else key)
    if len(items) < 2:
        return "".join(items)
    last = gettext(lang, N_("or"))
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


# site.yaml's region settings: what each one is, and how it is written.
SETTINGS = {
    "time_zone": (N_("time zone"),
                  N_("the time zone's name in the IANA time zone database, Area/City")),
    "public_holidays": (N_("public holiday calendar"),
                        N_("the two-letter code of a country (or region) the holidays "
                           "library knows")),
    "phone_region": (N_("phone region"),
                     N_("the two-letter code of the country whose numbers are written "
                        "without a country code")),
}

EXPECTED = {
    "text": N_("text"),
    "pair": N_("two numbers, latitude first, with a point before the decimals (not a comma), "
               "in brackets"),
    "number": N_("a whole number"),
    "decimal": N_("a number"),
    "boolean": N_("true or false"),
    "list": N_("a list, e.g. [a, b]"),
    "mapping": N_("a group of fields, one per line below it"),
    "date": N_("a date such as 2026-09-01"),
}


# What a value is, where it cannot be shown as written (a list or fields on lines of their own).
VALUE_KINDS = {
    "list": N_("a list"),
    "mapping": N_("a group of fields"),
}


def _params(problem: Problem, lang: str) -> dict[str, Any]:
    params = localized_params(lang, problem.params)
    if RULES[problem.rule].names_field and "field" in problem.params:
        params["field"] = field_words(lang, str(problem.params["field"]))
    return params


def message(problem: Problem, lang: str) -> str:
    return _fill(gettext(lang, RULES[problem.rule].message), _params(problem, lang))


def hint(problem: Problem, lang: str) -> str:
    return _fill(gettext(lang, RULES[problem.rule].hint), _params(problem, lang)).strip()
