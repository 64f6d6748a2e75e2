// The operating model's rules for one group: the port of brochure/check/group_rules.py,
// findings.py and short_codes.py. Each rule reads the fields the Python rule names
// (GROUP_RULES' `reads`, sent by brochure/site/form_rules.py), in the same order, so a rule
// added in Python without its port here stops the checker at once (see makeRules).

import { closeMatch, codePoints, compile, fold, isoDays, isoFromDays, strip, weekdayIndex } from "./text.mjs";

const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

function find(rule, loc, params, isKey) {
  return { rule, loc, params: params || {}, key: !!isKey };
}

function findAt(rule, loc, offset, params) {
  return { rule, loc, params: params || {}, key: false, offset };
}

export function makeRules(book, validator) {
  const P = book.patterns;
  const L = book.limits;
  const POSTCODE = compile(P.postcode, { global: true });
  const ADDRESS_SEPARATOR = compile(P.addressSeparator);
  const HTML_TAG = compile(P.htmlTag);
  const MD_IMAGE = compile(P.mdImage);
  const TABLE_ROW = compile(P.tableRow, { global: true });
  const BULLET = compile(P.bullet);
  const SLUG = compile(P.slug, { anchored: true });
  const CODE = new RegExp("^[" + book.code.alphabet + "]{" + book.code.lengths[0] + "," +
    book.code.lengths[book.code.lengths.length - 1] + "}$");
  const LANGS = book.languages;
  // The site's languages, its main one first: the one every text must have.
  const ORDER = book.order;

  const get = (text, lang) => (text && text[lang] && strip(text[lang]) ? text[lang] : null);

  function choiceList(vocab) {
    return Object.entries(vocab).map(([id, labels]) => [id, labels]);
  }

  function labelWords(vocab) {
    const words = new Map();
    for (const [id, labels] of Object.entries(vocab)) for (const text of Object.values(labels)) words.set(fold(text), id);
    return words;
  }

  function* reference(vocab, rule, value, loc) {
    if (!Object.prototype.hasOwnProperty.call(vocab, value)) {
      yield find(rule, loc, { value, choices: choiceList(vocab), ...validator.suggestion(value, Object.keys(vocab), labelWords(vocab)) });
    }
  }

  function* references(vocab, rule, values, loc) {
    const seen = new Set();
    for (let i = 0; i < values.length; i++) {
      if (seen.has(values[i])) yield find("duplicate-value", [...loc, i], { value: values[i] });
      seen.add(values[i]);
      yield* reference(vocab, rule, values[i], [...loc, i]);
    }
  }

  function* partnerReference(ctx, value, loc) {
    if (!Object.prototype.hasOwnProperty.call(ctx.partners, value)) {
      const ids = Object.keys(ctx.partners).sort();
      const words = new Map();
      for (const [pid, names] of Object.entries(ctx.partners)) for (const name of Object.values(names)) words.set(fold(name), pid);
      yield find("unknown-partner", loc, { value, choices: ids.map((pid) => [pid, ctx.partners[pid]]), ...validator.suggestion(value, ids, words) });
    }
  }

  function* textFindings(text, loc, required = true) {
    if (text === null || text === undefined) return;
    for (const lang of LANGS) {
      const value = text[lang];
      if (value !== null && value !== undefined && !strip(value)) {
        // An empty main-language text is one mistake: the main language's text is missing.
        if (lang === ORDER[0] && required) {
          yield find("finnish-required", [...loc, lang], { field: validator.fieldName(loc), language: lang });
        } else {
          yield find("empty-text", [...loc, lang], { field: validator.fieldName([...loc, lang]) });
        }
      }
    }
    if (required && (text[ORDER[0]] === null || text[ORDER[0]] === undefined)) {
      yield find("finnish-required", loc, { field: validator.fieldName(loc), language: ORDER[0] }, true);
    }
  }

  function* translationFindings(texts) {
    for (const lang of ORDER.slice(1)) {
      // A text written empty is reported as empty, not again as missing.
      const fields = Object.entries(texts).filter(([, t]) => t !== null && t !== undefined && (t[lang] === null || t[lang] === undefined)).map(([n]) => n);
      if (fields.length) yield find("missing-translation", [fields[0]], { language: lang, fields: fields.join(", ") }, true);
    }
  }

  // --- schedule ---------------------------------------------------------------------------

  function firstDay(meeting, seasonStart) {
    const offset = ((WEEKDAYS.indexOf(meeting.weekday) - weekdayIndex(seasonStart)) % 7 + 7) % 7;
    return isoDays(seasonStart) + offset;
  }

  function inBreak(day, breaks) {
    return breaks.some((b) => b.start <= day && day <= b.end);
  }

  function occurrences(schedule, start, end) {
    const season = schedule.season;
    const last = season.end && season.end < end ? season.end : end;
    const lastDays = isoDays(last);
    const startDays = isoDays(start);
    const found = [];
    schedule.meetings.forEach((meeting) => {
      const step = 7 * meeting.every;
      if (step <= 0) return;
      let day = firstDay(meeting, season.start);
      if (day < startDays) day += step * Math.floor((startDays - day) / step);
      for (; day <= lastDays; day += step) {
        const iso = isoFromDays(day);
        if (day >= startDays && !inBreak(iso, schedule.breaks)) found.push(iso);
      }
    });
    return found.sort();
  }

  function publicHolidays(ctx, start, end) {
    const out = {};
    for (const [day, name] of Object.entries(ctx.holidays)) if (start <= day && day <= end) out[day] = name;
    return out;
  }

  // --- the rules, in GROUP_RULES' order ------------------------------------------------------

  function* pair(group, ctx) {
    const facilitators = group.facilitators;
    if (facilitators.length < 2) yield find("two-facilitators", ["facilitators"], { count: facilitators.length });
    else if (new Set(facilitators.map((f) => f.partner)).size < 2 && facilitators.every((f) => f.partner.trim())) {
      yield find("facilitators-same-organisation", ["facilitators"], { partner: facilitators[0].partner });
    }
    for (let i = 0; i < facilitators.length; i++) yield* partnerReference(ctx, facilitators[i].partner, ["facilitators", i, "partner"]);
  }

  function* pilot(group) {
    if (group.phase === "pilot" && !group.facilitators.some((f) => f.role === "professional")) {
      yield find("pilot-needs-professional", ["phase"]);
    }
  }

  const promise = (field, required, rule) => function* promised(group) {
    if (group[field] !== required) yield find(rule, [field]);
  };

  function* registration(group) {
    if (group.registration === "required") yield find("registration-required", ["registration"]);
    else if (group.registration !== "none" && group.registration !== "welcome") {
      yield find("invalid-value", ["registration"], { value: group.registration, field: "registration", choices: [["none", null], ["welcome", null]] });
    }
  }

  function* municipality(group, ctx) {
    yield* reference(ctx.vocabularies.municipalities, "unknown-municipality", group.municipality, ["municipality"]);
  }

  const list = (field, vocabulary) => function* listed(group, ctx) {
    const values = group[field];
    if (!values.length && field !== "activities") yield find("missing-field", [field], { field }, true);
    yield* references(ctx.vocabularies[vocabulary], book.referenceRules[vocabulary], values, [field]);
  };

  function* venue(group, ctx) {
    const v = group.venue;
    yield* references(ctx.vocabularies.accessibility, "unknown-accessibility-feature", v.accessibility, ["venue", "accessibility"]);
    yield* textFindings(v.name, ["venue", "name"]);
    const b = ctx.bounds;
    if (v.coordinates !== null && !(b.south <= v.coordinates[0] && v.coordinates[0] <= b.north &&
        b.west <= v.coordinates[1] && v.coordinates[1] <= b.east)) {
      const [lat, lon] = v.coordinates;
      const middle = ((b.south + b.north) / 2).toFixed(4) + ", " + ((b.west + b.east) / 2).toFixed(4);
      yield find("coordinates-range", ["venue", "coordinates"], { value: "[" + pyFloat(lat) + ", " + pyFloat(lon) + "]", example: middle });
    }
  }

  function* address(group) {
    const text = group.venue.address;
    POSTCODE.lastIndex = 0;
    const codes = text.match(POSTCODE) || [];
    if (codes.length > 1 || (ADDRESS_SEPARATOR.test(text) && (text.match(/[0-9]+/g) || []).length > 1)) {
      yield find("two-addresses", ["venue", "address"], { value: text });
    }
  }

  function* contact(group, ctx) {
    yield* partnerReference(ctx, group.contact.partner, ["contact", "partner"]);
    if (!group.contact.phone && !group.contact.email) yield find("contact-missing", ["contact"], {}, true);
  }

  function* schedule(group) {
    const s = group.schedule;
    const season = s.season;
    if (!s.meetings.length) yield find("no-meetings", ["schedule", "meetings"], {}, true);
    for (let i = 0; i < s.meetings.length; i++) {
      const m = s.meetings[i];
      if (m.end <= m.start) yield find("time-order", ["schedule", "meetings", i, "end"], { start: m.start, end: m.end });
      if (!(L.every[0] <= m.every && m.every <= L.every[1])) yield find("every-range", ["schedule", "meetings", i, "every"], { value: m.every, field: "schedule.meetings.every" });
    }
    if (season.end !== null && season.end < season.start) {
      yield find("season-order", ["schedule", "season", "end"], { start: season.start, end: season.end });
    }
    for (let i = 0; i < s.breaks.length; i++) {
      const pause = s.breaks[i];
      if (pause.end < pause.start) yield find("break-order", ["schedule", "breaks", i], { start: pause.start, end: pause.end });
      else if (pause.start < season.start || (season.end !== null && pause.end > season.end)) {
        const shown = pause.start === pause.end ? pause.start : pause.start + " – " + pause.end;
        yield find("break-outside-season", ["schedule", "breaks", i], { value: shown, start: season.start, end: season.end || "…" });
      }
    }
  }

  function* cancellations(group) {
    const s = group.schedule;
    const season = s.season;
    const seen = new Set();
    for (let i = 0; i < group.cancellations.length; i++) {
      const c = group.cancellations[i];
      const day = c.date;
      const loc = ["cancellations", i, "date"];
      if (seen.has(day)) yield find("cancellation-duplicate", loc, { value: day });
      else if (day < season.start || (season.end !== null && day > season.end)) {
        yield find("cancellation-outside-season", loc, { value: day, start: season.start, end: season.end || "…" });
      } else if (!occurrences(s, day, day).length) yield find("cancellation-not-meeting-day", loc, { value: day });
      seen.add(day);
      if (c.reason === null) yield find("cancellation-reason-missing", ["cancellations", i], { value: day });
      else yield* textFindings(c.reason, ["cancellations", i, "reason"]);
    }
  }

  function* holidays(group, ctx, given) {
    if (given.has("meets_on_public_holidays")) return;
    const season = group.schedule.season;
    const start = ctx.today > season.start ? ctx.today : season.start;
    const end = season.end || isoFromDays(isoDays(start) + 365);
    if (end < start) return;
    const found = publicHolidays(ctx, start, end);
    const cancelled = new Set(group.cancellations.map((c) => c.date));
    const days = [...new Set(occurrences(group.schedule, start, end).filter((d) => d in found && !cancelled.has(d)))].sort();
    if (days.length) {
      yield find("public-holidays-in-season", ["schedule", "season"], {
        holiday_dates: days, holidays: days.map((d) => d + " " + found[d]).join(", "),
      }, true);
    }
  }

  function* code(group, ctx) {
    if (group.code !== null && !CODE.test(group.code)) {
      yield find("code-format", ["code"], { value: group.code, alphabet: book.code.alphabet, suggestion: ctx.suggestCode(group.slug || group.code) });
    }
  }

  function* size(group) {
    const [low, high] = L.participants;
    if (group.max_participants !== null && !(low <= group.max_participants && group.max_participants <= high)) {
      yield find("number-range", ["max_participants"], { field: "max_participants", min: low, max: high, value: group.max_participants });
    }
  }

  function* texts(group) {
    const found = {};
    for (const field of book.textFields) found[field] = group[field] === undefined ? null : group[field];
    for (const [field, text] of Object.entries(found)) yield* textFindings(text, [field]);
    const summary = found.summary;
    for (const lang of LANGS) {
      const value = get(summary, lang);
      if (value && codePoints(strip(value)) > L.summary) {
        yield find("summary-too-long", ["summary", lang], { language: lang, length: codePoints(strip(value)), limit: L.summary });
      }
    }
    yield* translationFindings(found);
  }

  function* markupFindings(text, loc) {
    if (text === null || text === undefined) return;
    for (const lang of LANGS) {
      if (text[lang]) yield* markdownFindings(text[lang], [...loc, lang]);
    }
  }

  function* markdownFindings(value, here) {
    const tag = HTML_TAG.exec(value);
    const name = tag ? tag[1].toLowerCase() : null;
    const image = MD_IMAGE.exec(value);
    TABLE_ROW.lastIndex = 0;
    const rows = Array.from(value.matchAll(TABLE_ROW));
    if (name === "img" || image) {
      const found = name === "img" ? tag : image;
      yield findAt("image-in-text", here, found ? found.index : 0);
    } else if (name === "table" || rows.length >= 2) {
      const found = name === "table" ? tag : rows[0];
      yield findAt("table-in-text", here, found ? found.index + found[0].length - found[0].replace(/^\s+/u, "").length : 0);
    } else if (tag) {
      yield findAt("html-in-text", here, tag.index, { tag: "<" + name + ">" });
    }
    const bullet = BULLET.exec(value);
    if (bullet) yield findAt("bullet-character", here, bullet.index + bullet[0].length - bullet[1].length, { char: bullet[1] });
  }

  function* markup(group) {
    for (const name of book.markdownFields) yield* markupFindings(group[name], [name]);
    const title = group.name;
    for (const lang of LANGS) {
      const value = title ? get(title, lang) : null;
      if (value && codePoints(strip(value)) > L.name) {
        yield find("name-too-long", ["name", lang], { language: lang, length: codePoints(strip(value)), limit: L.name });
      }
    }
  }

  function* season(group, ctx) {
    const s = group.schedule.season;
    if (s.end !== null && s.end < ctx.today) yield find("season-ended", ["schedule", "season", "end"], { end: s.end });
    else if (s.end !== null && isoDays(s.end) - isoDays(ctx.today) <= ctx.policy.ending_soon_days) {
      yield find("season-ending-soon", ["schedule", "season", "end"], { end: s.end, days: isoDays(s.end) - isoDays(ctx.today) });
    }
  }

  function* review(group, ctx) {
    const age = isoDays(ctx.today) - isoDays(group.reviewed);
    if (age > ctx.policy.review_max_age_days) {
      yield find("review-overdue", ["reviewed"], { reviewed: group.reviewed, days: ctx.policy.review_max_age_days });
    } else if (age < 0) yield find("reviewed-in-future", ["reviewed"], { reviewed: group.reviewed });
  }

  const CHECKS = [
    pair, pilot, promise("free", true, "must-be-free"),
    promise("referral_required", false, "no-referral"), promise("anonymous", true, "must-be-anonymous"),
    registration, municipality, list("audiences", "audiences"), list("activities", "activities"),
    list("languages", "languages"), venue, address, contact, schedule, size, cancellations, holidays,
    code, texts, markup, season, review,
  ];
  if (CHECKS.length !== book.groupRules.length) {
    throw new Error("the checker's rules (" + CHECKS.length + ") are not the Python rules (" +
      book.groupRules.length + "): port the new rule to tools/checker/rules.mjs");
  }

  // brochure.check.group_rules.group_findings
  function groupFindings(group, readable, given, ctx) {
    const out = [];
    book.groupRules.forEach(([, reads], i) => {
      if (!reads.every((field) => readable.has(field))) return;
      for (const finding of CHECKS[i](group, ctx, given)) out.push(finding);
    });
    return out;
  }

  function validSlug(slug) {
    return SLUG.test(slug) && !slug.includes("--");
  }

  return { groupFindings, occurrences, validSlug, validCode: (c) => CODE.test(c) };
}

function pyFloat(value) {
  return Number.isInteger(value) ? value.toFixed(1) : String(value);
}

export { closeMatch };
