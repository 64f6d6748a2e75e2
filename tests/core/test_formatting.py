"""brochure/formatting.py: times, meeting phrases, alphabetical order and sizes per language."""

from __future__ import annotations

import datetime as dt

import pytest

from brochure.core.formatting import collation_key, file_size, meeting_phrase, time_range
from brochure.core.models import Meeting


@pytest.mark.parametrize(("start", "end", "lang", "expected"), [
    (dt.time(13), dt.time(15), "fi", "13–15"),
    (dt.time(13), dt.time(15), "sv", "13–15"),
    (dt.time(13), dt.time(15), "en", "13:00–15:00"),
    (dt.time(9, 30), dt.time(11), "fi", "9.30–11.00"),
    (dt.time(17, 30), dt.time(19), "sv", "17.30–19.00"),
    (dt.time(9, 30), dt.time(11), "en", "09:30–11:00"),
])
def test_times_are_written_as_each_language_writes_them(
        start: dt.time, end: dt.time, lang: str, expected: str) -> None:
    assert time_range(start, end, lang) == expected


@pytest.mark.parametrize(("every", "lang", "expected"), [
    (1, "fi", "Tiistaisin klo 17.30–19.00"),
    (1, "sv", "Tisdagar kl. 17.30–19.00"),
    (1, "en", "Tuesdays 17:30–19:00"),
    (2, "fi", "Joka toinen tiistai klo 17.30–19.00"),
])
def test_meeting_phrases(every: int, lang: str, expected: str) -> None:
    meeting = Meeting(weekday="tuesday", start=dt.time(17, 30), end=dt.time(19), every=every)
    assert meeting_phrase(meeting, lang) == expected


def test_finnish_and_swedish_sort_a_umlaut_and_o_umlaut_after_z() -> None:
    names = ["Östra", "Zumba", "Ähtäri", "Aamukahvit", "Åland", "Öljy"]
    assert sorted(names, key=lambda n: collation_key(n, "sv")) == [
        "Aamukahvit", "Zumba", "Åland", "Ähtäri", "Öljy", "Östra"]
    # English treats them as accented letters.
    assert sorted(names, key=lambda n: collation_key(n, "en"))[:3] == [
        "Aamukahvit", "Ähtäri", "Åland"]


def test_file_sizes_round_up_so_nothing_reads_as_zero() -> None:
    assert file_size(1, "fi") == "1 kt"
    assert file_size(12_345, "en") == "13 kB"
    assert file_size(1_234_567, "sv") == "1,3 MB"
