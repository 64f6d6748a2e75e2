// Validating a loaded group into its model: the port of brochure/check/validate.py and of the
// pydantic models' checks (brochure/core/models.py), read from the models' description that
// brochure/site/form_rules.py makes from the pydantic models themselves.
//
// The lenient reading (brochure/check/lenient.py) is here too: values that can mean only one
// thing (9:30, tiistai, Karleby, Soite) become the canonical value with a `written-as` notice.

import parsePhoneNumber from "libphonenumber-js/max";
import { INVALID, isPlainObject, key } from "./load.mjs";
import { YDate, YFloat, closeMatch, compile, fold, pyStr, realDate } from "./text.mjs";

// brochure.core.models.finnish_date: 4.3.2026 (day.month.year; 4.3.26 too) -> "2026-03-04",
// or null.
function finnishDate(pattern, text) {
  const match = pattern.exec(text);
  if (!match) return null;
  let [day, month, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 100) year += 2000;
  return realDate(year, month, day);
}

export function makeModels(book) {
  const models = book.models;

  // The spec of the value at ``path`` in a model (list indexes as numbers), or null.
  function specAt(path, model = "Group") {
    let spec = { kind: "model", model };
    for (const part of path) {
      if (typeof part === "string") {
        if (spec.kind !== "model" && spec.kind !== "break") return null;
        spec = models[spec.model][part];
        if (!spec) return null;
      } else if (spec.kind === "list") {
        spec = spec.items;
      } else if (spec.kind === "tuple") {
        spec = spec.items[Math.min(part, spec.items.length - 1)];
      } else {
        return null;
      }
    }
    return spec;
  }

  function isTime(path) {
    const spec = specAt(path);
    return spec !== null && spec.kind === "clock";
  }

  // brochure.check.lenient.field_kind: a time of day, a yes/no value or a text (a str field:
  // texts, ids, phone numbers, e-mail addresses), or null.
  const TEXT_KINDS = new Set(["str", "phone", "email", "url"]);
  function fieldKind(path) {
    const spec = specAt(path);
    if (spec === null) return null;
    if (spec.kind === "clock") return "time";
    if (spec.kind === "bool") return "boolean";
    if (spec.kind === "int") return "integer";
    return TEXT_KINDS.has(spec.kind) ? "text" : null;
  }

  function literalChoices(path) {
    const spec = specAt(path);
    return spec !== null && spec.kind === "literal" ? spec.choices : null;
  }

  // The model that holds the field at ``loc`` (for "Did you mean").
  function modelAt(loc) {
    let model = "Group";
    for (const part of loc) {
      if (typeof part === "number") continue;
      const spec = models[model] && models[model][part];
      if (!spec) return null;
      let inner = spec;
      while (inner && (inner.kind === "list" || inner.kind === "tuple")) inner = Array.isArray(inner.items) ? inner.items[0] : inner.items;
      if (!inner || !inner.model) return null;
      model = inner.model;
    }
    return model;
  }

  function isDate(path) {
    const spec = specAt(path);
    return spec !== null && spec.kind === "date";
  }

  return { models, specAt, isTime, isDate, fieldKind, literalChoices, modelAt };
}

export function makeLenient(book, models) {
  const TIME = compile(book.patterns.time, { anchored: true });
  const FINNISH_DATE = compile(book.patterns.finnishDate, { anchored: true });
  const references = book.references.map(([pattern, kind]) => [pattern.join("/"), kind]);
  const referenceOf = new Map(references);

  function canonicalTime(value) {
    const match = TIME.exec(value);
    if (!match) return null;
    const hour = Number(match[1]);
    const minute = Number(match[2]);
    if (hour >= 24 || minute >= 60) return null;
    return String(hour).padStart(2, "0") + ":" + String(minute).padStart(2, "0");
  }

  function literalWords(choices) {
    const table = new Map();
    for (const choice of choices) {
      for (const word of [choice, ...(book.literalWords[choice] || [])]) {
        const folded = fold(word);
        table.set(folded, !table.has(folded) || table.get(folded) === choice ? choice : null);
      }
    }
    return table;
  }

  // brochure.check.lenient.Resolver.words: folded word -> the one id it means (null: two).
  function referenceWords(context, kind) {
    const table = new Map();
    const add = (word, id) => {
      word = fold(word);
      if (word) table.set(word, !table.has(word) || table.get(word) === id ? id : null);
    };
    if (kind === "partners") {
      for (const [pid, names] of Object.entries(context.partners)) {
        add(pid, pid);
        for (const name of Object.values(names)) if (name) add(name, pid);
      }
      return table;
    }
    for (const [id, labels] of Object.entries(context.vocabularies[kind] || {})) {
      add(id, id);
      for (const label of Object.values(labels)) add(label, id);
    }
    return table;
  }

  function* leaves(data, path = []) {
    if (isPlainObject(data)) {
      for (const [k, v] of Object.entries(data)) yield* leaves(v, [...path, k]);
    } else if (Array.isArray(data)) {
      for (let i = 0; i < data.length; i++) yield* leaves(data[i], [...path, i]);
    } else {
      yield [path, data];
    }
  }

  function replaced(data, changes, path = []) {
    if (changes.has(key(path))) return changes.get(key(path));
    if (isPlainObject(data)) {
      const out = {};
      for (const [k, v] of Object.entries(data)) out[k] = replaced(v, changes, [...path, k]);
      return out;
    }
    if (Array.isArray(data)) return data.map((v, i) => replaced(v, changes, [...path, i]));
    return data;
  }

  const DOUBLE = book.words.doubleQuotes;
  const SINGLE = book.words.singleQuotes;

  // The text inside typographic quotes that wrap the whole value, or null (lenient.py).
  function withoutWordQuotes(value) {
    const text = value.replace(/^\s+|\s+$/gu, "");
    for (const kind of [DOUBLE, SINGLE]) {
      if (Array.from(text).length >= 3 && kind.includes(text[0]) && kind.includes(text[text.length - 1])) {
        const inner = text.slice(1, -1).replace(/^\s+|\s+$/gu, "");
        if (inner && !Array.from(inner).some((c) => kind.includes(c))) return inner;
      }
    }
    return null;
  }

  function yamlQuoted(text) {
    if (!text.includes('"') && !text.includes("\\")) return '"' + text + '"';
    return "'" + text.replace(/'/g, "''") + "'";
  }

  // lenient._Reader.read: [canonical value, how it is written] or [null, null].
  function readValue(doc, context, tables, path, value, text, unwrapped) {
    if (models.isTime(path)) {
      const canonical = canonicalTime(text);
      const unquoted = doc.raw.get(key(path)) === value;
      if (canonical !== null && (canonical !== value || unquoted)) return [canonical, '"' + canonical + '"'];
      return [canonical, null];
    }
    if (models.fieldKind(path) === "integer") {
      // "20", or 020 with its leading zero: a whole number written as text.
      const digits = /^[ \t]*([0-9]{1,9})[ \t]*$/.exec(text);
      if (!digits) return [null, null];
      const number = Number(digits[1]);
      return [number, String(number)];
    }
    if (models.isDate(path)) {
      // brochure.core.models.finnish_date: 1.2.2027, as Finns write a date.
      const found = finnishDate(FINNISH_DATE, text);
      return [found, found];
    }
    if (models.fieldKind(path) === "boolean") {
      const answer = book.booleanWords[fold(text)];
      if (answer === undefined) return [null, null];
      return [answer, answer ? "true" : "false"];
    }
    const choices = models.literalChoices(path);
    if (choices !== null) {
      if (choices.includes(text)) return unwrapped ? [text, null] : [null, null];
      return [literalWords(choices).get(fold(text)) ?? null, null];
    }
    const pattern = path.map((p) => (typeof p === "number" ? "*" : p)).join("/");
    if (referenceOf.has(pattern)) {
      const kind = referenceOf.get(pattern);
      if (!tables.has(kind)) tables.set(kind, referenceWords(context, kind));
      const known = tables.get(kind);
      if (known.get(text) === text) return unwrapped ? [text, null] : [null, null];
      return [known.get(fold(text)) ?? null, null];
    }
    if (unwrapped) return [text, yamlQuoted(text)];
    return [null, null];
  }

  function normalise(doc, context) {
    if (!isPlainObject(doc.data)) return;
    const tables = new Map();
    const changes = new Map();
    for (const [path, value] of leaves(doc.data)) {
      if (typeof value !== "string" || doc.isFlagged(path)) continue;
      const unwrapped = withoutWordQuotes(value);
      const text = unwrapped === null ? value : unwrapped;
      const [canonical, shown] = readValue(doc, context, tables, path, value, text, unwrapped !== null);
      if (canonical === null) {
        // Never shown with Word's quotes; what is wrong with the rest is the validator's.
        if (unwrapped !== null) changes.set(key(path), text);
        continue;
      }
      if (canonical === value && shown === null) continue;
      changes.set(key(path), canonical);
      const at = doc.position(path);
      doc.add("written-as", at, "notice", { value, canonical: shown || String(canonical) });
    }
    if (changes.size) doc.data = replaced(doc.data, changes);
  }

  return { normalise, literalWords };
}

const EXPECTED = {
  string_type: "text", int_type: "number", float_parsing: "decimal", float_type: "decimal",
  bool_type: "boolean", list_type: "list", tuple_type: "list", too_short: "list",
  too_long: "list", model_type: "mapping", date_type: "date",
};
const CUSTOM = new Set(["time-format", "date-format", "invalid-date", "phone-invalid", "phone-letter", "email-invalid", "url-invalid"]);

export function makeValidator(book, models, lenient, country) {
  const P = book.patterns;
  const ISO_DATE = compile(P.isoDate, { anchored: true });
  const FINNISH_DATE = compile(P.finnishDate, { anchored: true });
  const CLOCK = compile(P.clock, { anchored: true });
  const EMAIL = compile(P.email, { anchored: true });
  const FLOAT_TEXT = /^\s*[-+]?(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?\s*$/;

  function suggestDate(text) {
    return finnishDate(FINNISH_DATE, text) || "2026-09-01";
  }

  function suggestTime(text) {
    const match = CLOCK.exec(text);
    if (match) {
      const hour = Number(match[1]);
      const minute = Number(match[2] || 0);
      if (hour < 24 && minute < 60) return '"' + String(hour).padStart(2, "0") + ":" + String(minute).padStart(2, "0") + '"';
    }
    return '"13:00"';
  }

  function toDate(value, loc, errors) {
    if (value instanceof YDate) return value.iso;
    const text = pyStr(value);
    const match = typeof value === "string" ? ISO_DATE.exec(value) : null;
    if (match) {
      const iso = realDate(Number(match[1]), Number(match[2]), Number(match[3]));
      if (iso) return iso;
      errors.push({ type: "invalid-date", loc, ctx: { value: text } });
      return undefined;
    }
    errors.push({ type: "date-format", loc, ctx: { value: text, suggestion: suggestDate(text) } });
    return undefined;
  }

  function toClock(value, loc, errors) {
    if (typeof value === "string") {
      const match = /^\s*([0-9]{1,2}):([0-9]{2})\s*$/.exec(value);
      if (match && Number(match[1]) < 24 && Number(match[2]) < 60) {
        return match[1].padStart(2, "0") + ":" + match[2];
      }
    }
    const text = pyStr(value);
    errors.push({ type: "time-format", loc, ctx: { value: text, suggestion: suggestTime(text) } });
    return undefined;
  }

  // brochure.core.models.normalise_phone, with libphonenumber's JavaScript port.
  function toPhone(value, loc, errors) {
    // A letter after the first digit ("040 23l 5570"): the library would drop it.
    // (brochure.core.models._letter_among_digits)
    const letter = /[0-9][\s\S]*?(\p{L})/u.exec(value);
    if (letter) {
      errors.push({ type: "phone-letter", loc, ctx: { value, letter: letter[1] } });
      return undefined;
    }
    let number = null;
    try {
      number = parsePhoneNumber(value, country);
    } catch (error) {
      number = null;
    }
    if (!number || !number.isValid()) {
      errors.push({ type: "phone-invalid", loc, ctx: { value } });
      return undefined;
    }
    return number.formatInternational();
  }

  function validate(spec, value, loc, errors) {
    if (value === null && spec.nullable) return null;
    switch (spec.kind) {
      case "str":
        if (typeof value === "string") return value;
        errors.push({ type: "string_type", loc });
        return undefined;
      case "int":
        if (typeof value === "number" && Number.isInteger(value)) return value;
        errors.push({ type: "int_type", loc });
        return undefined;
      case "bool":
        if (typeof value === "boolean") return value;
        errors.push({ type: "bool_type", loc });
        return undefined;
      case "float":
        if (typeof value === "number") return value;
        if (value instanceof YFloat) return value.value;
        if (typeof value === "boolean") return value ? 1 : 0;
        if (typeof value === "string" && FLOAT_TEXT.test(value)) return parseFloat(value.replace(/_/g, ""));
        errors.push({ type: typeof value === "string" ? "float_parsing" : "float_type", loc });
        return undefined;
      case "literal":
        if (typeof value === "string" && spec.choices.includes(value)) return value;
        errors.push({ type: "literal_error", loc, input: value });
        return undefined;
      case "date":
        return toDate(value, loc, errors);
      case "clock":
        return toClock(value, loc, errors);
      case "phone":
        if (typeof value === "string") return toPhone(value, loc, errors);
        errors.push({ type: "string_type", loc });
        return undefined;
      case "email":
        if (typeof value === "string") {
          const stripped = value.replace(/^\s+|\s+$/gu, "");
          if (EMAIL.test(stripped)) return stripped;
          errors.push({ type: "email-invalid", loc, ctx: { value: stripped } });
          return undefined;
        }
        errors.push({ type: "string_type", loc });
        return undefined;
      case "list": {
        if (!Array.isArray(value)) {
          errors.push({ type: "list_type", loc });
          return undefined;
        }
        const before = errors.length;
        const out = value.map((item, i) => validate(spec.items, item, [...loc, i], errors));
        return errors.length === before ? out : undefined;
      }
      case "tuple": {
        if (!Array.isArray(value)) {
          errors.push({ type: "tuple_type", loc });
          return undefined;
        }
        if (value.length > spec.items.length) {
          errors.push({ type: "too_long", loc });
          return undefined;
        }
        // pydantic says each missing position is missing ([63.8] lacks its longitude).
        const before = errors.length;
        const out = value.map((item, i) => validate(spec.items[i], item, [...loc, i], errors));
        for (let i = value.length; i < spec.items.length; i++) errors.push({ type: "missing", loc: [...loc, i] });
        return errors.length === before ? out : undefined;
      }
      case "break":
        if (isPlainObject(value)) return validateModel(spec.model, value, loc, errors);
        {
          const day = toDate(value, loc, errors);
          return day === undefined ? undefined : { start: day, end: day };
        }
      case "model":
        if (!isPlainObject(value)) {
          errors.push({ type: "model_type", loc });
          return undefined;
        }
        return validateModel(spec.model, value, loc, errors);
      default:
        throw new Error("unknown kind " + spec.kind);
    }
  }

  function validateModel(name, data, loc, errors) {
    const fields = models.models[name];
    const before = errors.length;
    const out = {};
    for (const [field, spec] of Object.entries(fields)) {
      if (Object.prototype.hasOwnProperty.call(data, field)) {
        out[field] = validate(spec, data[field], [...loc, field], errors);
      } else if (spec.required) {
        errors.push({ type: "missing", loc: [...loc, field] });
      } else {
        out[field] = clone(spec.default);
      }
    }
    for (const field of Object.keys(data)) {
      if (!Object.prototype.hasOwnProperty.call(fields, field)) errors.push({ type: "extra_forbidden", loc: [...loc, field] });
    }
    return errors.length === before ? out : undefined;
  }

  function fieldName(loc) {
    const names = loc.filter((p) => typeof p === "string");
    return names.length ? names.join(".") : "?";
  }

  function suggestion(value, choices, words) {
    const match = closeMatch(value, choices, 0.6);
    if (match !== null) return { suggestion_id: match };
    if (words) {
      const close = closeMatch(fold(value), Array.from(words.keys()), 0.75);
      if (close !== null && words.get(close)) return { suggestion_id: words.get(close) };
    }
    return {};
  }

  function literalLabels(value) {
    const words = book.literalWords[value];
    if (!words) return null;
    const labels = {};
    book.languages.forEach((lang, i) => { labels[lang] = words[i]; });
    return labels;
  }

  function errorProblem(doc, error) {
    const loc = error.loc;
    if (doc.isFlagged(loc)) return null;
    const problem = (rule, at, params, isKey) => ({
      rule, loc: at, key: !!isKey, params,
    });
    if (error.type === "extra_forbidden") {
      const holder = models.modelAt(loc.slice(0, -1));
      const choices = holder ? Object.keys(models.models[holder]) : [];
      const field = String(loc[loc.length - 1]);
      // validate.key_suggestion: a field and its value run together for want of a colon.
      const space = field.indexOf(" ");
      const [first, rest] = space < 0 ? [field, ""] : [field.slice(0, space), field.slice(space + 1).trim()];
      if (rest && choices.includes(first)) {
        return problem("unknown-field", loc, { field, suggestion_id: first + ": " + rest }, true);
      }
      // A field's words in any language (kunta, puhelin) give the field (fields.field_keys).
      const parent = loc.slice(0, -1).filter((p) => typeof p === "string").join(".");
      const named = book.ruleWords.fieldKeys[parent + "|" + fold(field)];
      if (named !== undefined && choices.includes(named)) {
        return problem("unknown-field", loc, { field, suggestion_id: named }, true);
      }
      return problem("unknown-field", loc, { field, ...suggestion(field, choices) }, true);
    }
    if (error.type === "missing") {
      return problem("missing-field", loc.slice(0, -1), { field: fieldName(loc) }, true);
    }
    if (CUSTOM.has(error.type)) {
      const ctx = { ...(error.ctx || {}) };
      const raw = doc.raw.get(key(loc));
      if (raw !== undefined) ctx.value = raw;
      // An example to write, not a demand for quotes: the loader reads 13:00 anyway.
      if (error.type === "time-format") ctx.suggestion = suggestTime(String(ctx.value ?? "")).replace(/"/g, "");
      return problem(error.type, loc, ctx);
    }
    if (error.type === "literal_error" && (Array.isArray(error.input) || isPlainObject(error.input))) {
      // Several values where one is chosen: the list itself is the mistake.
      return problem("wrong-type", loc, { field: fieldName(loc), expected: "text" });
    }
    if (error.type === "literal_error") {
      const literals = models.literalChoices(loc) || [];
      return problem("invalid-value", loc, {
        value: error.input, field: fieldName(loc),
        choices: literals.map((c) => [c, literalLabels(c)]),
        ...suggestion(pyStr(error.input), literals, lenient.literalWords(literals)),
      });
    }
    // Coordinates: what the whole pair should be (validate._pair_at).
    for (let end = loc.length; end > 0; end--) {
      const spec = models.specAt(loc.slice(0, end));
      if (spec && spec.kind === "tuple") {
        return problem("wrong-type", loc.slice(0, end), { field: fieldName(loc.slice(0, end)), expected: "pair" });
      }
    }
    return problem("wrong-type", loc, { field: fieldName(loc), expected: EXPECTED[error.type] || "text" });
  }

  // brochure.check.validate.validate_model for a group: the model, or the fields of it that
  // are valid on their own (for the rules), and the problems so far.
  function validateGroup(doc, identity, every) {
    if (!isPlainObject(doc.data)) return { model: null, partial: null, findings: [] };
    let data = doc.data;
    const findings = [];
    for (const name of Object.keys(identity)) {
      if (Object.prototype.hasOwnProperty.call(data, name)) {
        findings.push({ rule: "unknown-field", loc: [name], key: true, params: { field: name } });
        doc.flagged.add(key([name]));
      }
    }
    if (findings.length) {
      data = { ...data };
      for (const name of Object.keys(identity)) delete data[name];
    }
    const errors = [];
    const model = validateModel("Group", data, [], errors);
    if (model !== undefined) {
      return { model: { ...model, ...identity }, given: new Set([...Object.keys(data), ...Object.keys(identity)]),
        readable: new Set([...Object.keys(models.models.Group), ...Object.keys(identity)]), findings };
    }
    const seen = new Set();
    let mapped = [];
    for (const error of errors) {
      const found = errorProblem(doc, error);
      if (!found) continue;
      const at = doc.position(found.loc, { key: found.key });
      // Python says one problem per place; the form (`every`) wants each missing field.
      const id = every && found.rule === "missing-field" ? JSON.stringify([found.loc, found.params.field])
        : at.line + ":" + at.column + ":" + found.rule;
      if (seen.has(id)) continue;
      seen.add(id);
      mapped.push(found);
    }
    const meant = new Set(mapped.filter((p) => p.rule === "unknown-field" && p.params.suggestion_id).map((p) => String(p.params.suggestion_id).split(":")[0]));
    mapped = mapped.filter((p) => !(p.rule === "missing-field" && meant.has(p.params.field.split(".").pop())));
    // A value read leniently (written-as) but still wrong gets one message: the error.
    const wrong = new Set(mapped.map((p) => { const at = doc.position(p.loc, { key: p.key }); return at.line + ":" + at.column; }));
    doc.problems = doc.problems.filter((p) => !(p.rule === "written-as" && wrong.has(p.line + ":" + p.column)));
    // partial_model: each field that is valid on its own; defaults stand in for the others.
    const partial = { ...identity };
    const readable = new Set(Object.keys(identity));
    const given = new Set(Object.keys(identity));
    for (const [field, spec] of Object.entries(models.models.Group)) {
      if (Object.prototype.hasOwnProperty.call(data, field)) {
        const alone = [];
        const value = validate(spec, data[field], [field], alone);
        if (!alone.length) {
          partial[field] = value;
          readable.add(field);
          given.add(field);
          continue;
        }
      }
      if (!spec.required) {
        partial[field] = clone(spec.default);
        readable.add(field);
      }
    }
    return { model: null, partial, given, readable, findings: [...findings, ...mapped] };
  }

  return { validateGroup, suggestion, fieldName };
}

function clone(value) {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}
