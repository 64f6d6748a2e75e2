"""JSON-LD for search engines: a group page's schema.org ``Event``, drawn from its facts."""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup

from brochure.site.events import EventFacts

_DAYS = {d: "https://schema.org/" + d.capitalize() for d in (
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")}


def event_json_ld(event: EventFacts) -> Markup:
    """schema.org Event with an eventSchedule, free, at a Place, by the partners."""
    schedules = []
    for meeting in event.schedules:
        item: dict[str, Any] = {
            "@type": "Schedule",
            "byDay": _DAYS[meeting.weekday],
            "startTime": meeting.start,
            "endTime": meeting.end,
            "repeatFrequency": f"P{meeting.every}W",
            "startDate": meeting.first,
            "scheduleTimezone": meeting.timezone,
        }
        if meeting.last:
            item["endDate"] = meeting.last
        if meeting.skipped:
            item["exceptDate"] = list(meeting.skipped)
        schedules.append(item)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.name,
        "description": event.description,
        "url": event.url,
        "inLanguage": list(event.languages),
        "isAccessibleForFree": True,
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "eventStatus": "https://schema.org/EventScheduled",
        "startDate": event.first,
        "eventSchedule": schedules,
        "location": {"@type": "Place", "name": event.place, "address": event.address},
        "organizer": [{"@type": "Organization", "name": name} for name in event.organisers],
        "offers": {"@type": "Offer", "price": "0", "priceCurrency": "EUR"},
    }
    if event.last:
        data["endDate"] = event.last
    if event.coordinates:
        lat, lon = event.coordinates
        data["location"]["geo"] = {"@type": "GeoCoordinates", "latitude": lat, "longitude": lon}
    return json_for_script(data)


def json_for_script(data: Any) -> Markup:
    """JSON safe inside <script>: no '</script>' or '<!--' can be formed by content."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e")
                  .replace("&", "\\u0026"))
