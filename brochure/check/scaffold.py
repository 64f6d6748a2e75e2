"""New entries for ``brochure new``: every field present, each with a short Finnish comment.

The entries are written as text, not dumped from data, so that the comments sit where a
partner reads them. What only the partner can know is left empty (``""``): ``check`` then
points at exactly those lines. What a partner may leave out (the Swedish and English texts,
one of phone and email) is ``null``, so that filling in the rest is enough. What the
operating model fixes (free, no referral, anonymous) and sensible defaults for a new group
(pilot phase, weekly meetings, reviewed today) are filled in. Allowed values are listed
from the content's own vocabularies.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence

from brochure.core.models import Vocabularies

ROLES = ("professional", "experience-expert", "peer", "volunteer")
WEEKDAYS_FI = "monday, tuesday, wednesday, thursday, friday, saturday, sunday"


def _q(value: str) -> str:
    """An id as it is (ids need no quotes), or an empty string to fill in."""
    return value if value else json.dumps(value)


def _ids(vocab: Vocabularies | None, category: str) -> str:
    if vocab is None:
        return ""
    return ": " + ", ".join(getattr(vocab, category))


def _text(key: str, comment: str, indent: str = "") -> list[str]:
    return [
        f"{indent}{key}:  # {comment}",
        f'{indent}  fi: ""  # suomeksi (pakollinen)',
        f"{indent}  sv: null  # ruotsiksi, jos osaat: teksti lainausmerkeissä null-sanan tilalle",
        f"{indent}  en: null  # englanniksi, jos osaat (muuten näytetään suomenkielinen teksti)",
    ]


def group_entry(slug: str, today: dt.date, *, municipality: str | None = None,
                partners: Sequence[str] = (), vocab: Vocabularies | None = None,
                code: str = "") -> str:
    """A new group file ``content/groups/<slug>.yaml`` (``code``: its short code, see
    :mod:`brochure.core.codes`)."""
    first = partners[0] if partners else ""
    second = partners[1] if len(partners) > 1 else ""
    lines = [
        "# yaml-language-server: $schema=../../schema/group.schema.json",
        f"# Uusi ryhmä {slug}: tiedoston nimi on ryhmän pysyvä osoite.",
        '# Täytä tyhjät kohdat (""). `python build.py check` kertoo, mitä vielä puuttuu.',
        *_text("name", "ryhmän nimi"),
        *_text("summary", "yksi lause listoihin, enintään 160 merkkiä"),
        *_text("description", "mitä ryhmässä tehdään ja miten mukaan pääsee (Markdown)"),
        f"municipality: {_q(municipality or '')}  # kunta{_ids(vocab, 'municipalities')}",
        "venue:  # kokoontumispaikka",
        *_text("name", "paikan nimi", "  "),
        '  address: ""  # katuosoite ja postinumero, esim. "Torikatu 1, 67100 Kokkola"',
        "  street: null  # valinnainen: kadun virallinen nimi ruotsiksi, esim. "
        '{sv: "Torggatan 1"}',
        f"  accessibility: []  # esteettömyys{_ids(vocab, 'accessibility')}",
        "  coordinates: null  # valinnainen: [leveysaste, pituusaste], esim. [63.8385, 23.1307]",
        "schedule:  # aikataulu",
        "  season:  # kausi",
        f'    start: ""  # ensimmäinen kokoontumispäivä, esim. {today.isoformat()}',
        "    end: null  # viimeinen päivä; null, jos ryhmä jatkuu toistaiseksi",
        "  next_season: null  # valinnainen: seuraava kausi, kun se on tiedossa, esim. "
        "{start: 2027-01-11}",
        "  meetings:  # kokoontumiset; kopioi kohta, jos ryhmä kokoontuu useana päivänä",
        f'    - weekday: ""  # viikonpäivä: {WEEKDAYS_FI}',
        '      start: ""  # alkaa, lainausmerkeissä, esim. "13:00"',
        '      end: ""  # päättyy, esim. "15:00"',
        "      every: 1  # 1 = joka viikko, 2 = joka toinen viikko (3 ja 4 myös)",
        "  breaks: []  # tauot, esim. [2026-12-24] tai [{start: 2026-12-21, end: 2027-01-06}]",
        "audiences: [everyone]  # ketkä erityisesti tervetulleita (ei rajaa ketään pois)"
        f"{_ids(vocab, 'audiences')}",
        f"activities: []  # mitä tehdään{_ids(vocab, 'activities')}",
        f"languages: [fi]  # ryhmän kielet{_ids(vocab, 'languages')}",
        "facilitators:  # ohjaajapari kahdesta eri organisaatiosta",
        f"  - role: professional  # rooli: {', '.join(ROLES)}",
        f"    partner: {_q(first)}  # kumppanin tunnus (tiedoston nimi kansiossa "
        "content/partners/)",
        "    name: null  # nimi vain luvalla; muuten null",
        "  - role: experience-expert  # rooli",
        f"    partner: {_q(second)}  # toinen organisaatio kuin ensimmäisellä ohjaajalla",
        "    name: null  # nimi vain luvalla; muuten null",
        "phase: pilot  # pilot (alkuvaihe: ainakin toinen ohjaaja on ammattilainen) tai "
        "established",
        *_text("substitute", "miten sijainen järjestyy, jos ohjaaja sairastuu"),
        "contact:  # yhteystieto kysymyksille",
        f"  partner: {_q(first)}  # kumppani, joka vastaa kysymyksiin",
        "  name: null  # yhteyshenkilön nimi vain luvalla; muuten null",
        '  phone: null  # puhelin lainausmerkeissä null-sanan tilalle, esim. "040 123 4567"',
        '  email: null  # sähköposti, esim. ryhma@example.fi (puhelin tai sähköposti riittää)',
        "free: true  # maksuton: aina true",
        "referral_required: false  # lähete: aina false",
        "anonymous: true  # voi osallistua nimettömänä: aina true",
        "registration: none  # none (ei ilmoittautumista) tai welcome (ennakkotieto "
        "tervetullut)",
        "max_participants: null  # valinnainen enimmäismäärä, esim. 12",
        f"reviewed: {today.isoformat()}  # päivä, jolloin tiedot on viimeksi tarkistettu",
        f"code: {json.dumps(code)}  # lyhytlinkin r/{code}/ koodi: älä muuta",
        "meets_on_public_holidays: false  # true, jos ryhmä kokoontuu myös arkipyhinä",
        "cancellations: []  # perutut kerrat, esim. [{date: 2026-10-14, reason: {fi: \"…\", "
        "sv: \"…\", en: \"…\"}}]",
    ]
    return "\n".join(lines) + "\n"


def partner_entry(pid: str, *, vocab: Vocabularies | None = None) -> str:
    """A new partner file ``content/partners/<id>.yaml``."""
    lines = [
        "# yaml-language-server: $schema=../../schema/partner.schema.json",
        f"# Uusi kumppani {pid}: tiedoston nimi on tunnus, jolla ryhmät viittaavat siihen.",
        '# Täytä tyhjät kohdat (""). `python build.py check` kertoo, mitä vielä puuttuu.',
        *_text("name", "organisaation nimi"),
        f'kind: ""  # organisaation tyyppi{_ids(vocab, "partner_kinds")}',
        *_text("description", "mitä organisaatio tekee ja miten se on mukana ryhmissä"),
        "website: null  # verkkosivu, alkaa https://; tai null",
        "contact:  # organisaation palveluyhteystiedot, ei yksityisiä numeroita",
        "  email: null  # sähköposti; tai null",
        '  phone: null  # puhelin lainausmerkeissä, esim. "06 123 4567"; tai null',
    ]
    return "\n".join(lines) + "\n"
