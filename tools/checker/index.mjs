// The checker in the browser: `check` reads one group file as brochure/check/content.py reads
// it in a content tree (load, read leniently, validate, the rules, slugs and short codes) and
// returns the same problems, with the same rule ids, lines and columns, in the page's language.
// Bundled with `yaml` and `libphonenumber-js` into static/group-checker.js by tools/validator.mjs.

import { Document, INVALID, isPlainObject, key, makeLoader } from "./load.mjs";
import { makeSyntax } from "./syntax.mjs";
import { makeLenient, makeModels, makeValidator } from "./validate.mjs";
import { makeRules } from "./rules.mjs";
import { makeWords } from "./words.mjs";
import { codePoints, fold } from "./text.mjs";
import { editYaml, describeValue } from "./edit.mjs";

export function createChecker(config) {
  const severityOf = (rule) => (config.rules[rule] ? config.rules[rule].severity : "error");
  const syntax = makeSyntax(config);
  const loader = makeLoader(config, syntax, severityOf);
  const models = makeModels(config);
  const lenient = makeLenient(config, models);
  const validator = makeValidator(config, models, lenient, config.phoneRegion);
  const rules = makeRules(config, validator);
  const words = makeWords(config);
  const ALPHABET = config.code.alphabet;

  function owners(self) {
    // Deleted groups' addresses and codes, and every other group's: never given again.
    const found = new Map();
    for (const [slug, code] of Object.entries(config.retired)) {
      found.set(slug, "content/retired.yaml");
      if (code) found.set(code, "content/retired.yaml");
    }
    for (const [slug, code] of Object.entries(config.groups)) {
      if (slug === self) continue;
      if (!found.has(slug)) found.set(slug, "content/groups/" + slug + ".yaml");
      if (code && !found.has(code)) found.set(code, "content/groups/" + slug + ".yaml");
    }
    return found;
  }

  // A free short code for a slug: the same for the same slug and the same taken codes.
  function suggestCode(slug, taken) {
    taken = taken || owners(null);
    for (let attempt = 0; ; attempt++) {
      const length = attempt < 50 ? config.code.lengths[0] : config.code.lengths[config.code.lengths.length - 1];
      let code = "";
      for (let i = 0; i < length; i++) code += ALPHABET[fnv1a(slug + ":" + attempt + ":" + i) % ALPHABET.length];
      if (!taken.has(code)) return code;
    }
  }

  const context = {
    vocabularies: config.vocabularies, partners: config.partners, policy: config.policy,
    today: config.today, holidays: config.holidays, bounds: config.bounds,
    suggestCode: (slug) => suggestCode(slug),
  };

  function positionInText(doc, loc, value, offset) {
    const start = doc.position(loc);
    const lines = doc.text.split("\n");
    if (!(start.line > 0 && start.line <= lines.length)) return start;
    const source = Array.from(lines[start.line - 1]).slice(start.column - 1).join("").replace(/\r$/, "");
    const before = Array.from(value).slice(0, offset).join("");
    if (source[0] === "|") {
      const line = start.line + 1 + (before.split("\n").length - 1);
      if (line > lines.length) return start;
      const textLine = lines[line - 1];
      const indent = textLine.length - textLine.replace(/^ +/, "").length;
      return { line, column: indent + codePoints(before) - codePoints(before.slice(0, before.lastIndexOf("\n") + 1)) + 1 };
    }
    if (value.includes("\n") || source.includes("\\")) return start;
    const quote = source[0] === '"' || source[0] === "'" ? 1 : 0;
    return { line: start.line, column: start.column + quote + offset };
  }

  function valueAt(data, loc) {
    for (const part of loc) {
      if (data === null || data === undefined || typeof data !== "object") return undefined;
      data = data[part];
    }
    return data;
  }

  function problemsOf(doc, findings) {
    const out = [];
    for (const finding of findings) {
      if (doc.isFlagged(finding.loc)) continue;
      let position = doc.position(finding.loc, { key: finding.key });
      if (finding.offset !== undefined) {
        const value = valueAt(doc.data, finding.loc);
        if (typeof value === "string") position = positionInText(doc, finding.loc, value, finding.offset);
      }
      out.push({ rule: finding.rule, line: position.line, column: position.column,
        severity: severityOf(finding.rule), params: finding.params, loc: finding.loc });
    }
    return out;
  }

  const normalSlug = (slug) => slug.normalize("NFKC").toLowerCase();

  // Check one group file as content/groups/<slug>.yaml. `self` is the slug of the published
  // group the file replaces (its own address and code are not "taken").
  function check(text, options = {}) {
    const slug = options.slug === undefined ? "" : options.slug;
    const self = options.self === undefined ? slug : options.self;
    const path = "content/groups/" + (slug || "?") + ".yaml";
    const doc = loader.loadYaml(path, text, models.fieldKind);
    lenient.normalise(doc, context);
    const validated = validator.validateGroup(doc, { slug }, !!options.every);
    const problems = [...doc.problems, ...problemsOf(doc, validated.findings)];
    const usable = validated.model || validated.partial;
    const result = (extra, findings = []) => {
      // (content._groups) A value read leniently but refused by a group rule gets one message.
      const refused = new Set(findings.filter((p) => p.severity === "error").map((p) => p.line + ":" + p.column));
      const all = [...problems.filter((p) => !(p.rule === "written-as" && refused.has(p.line + ":" + p.column))), ...extra, ...findings];
      all.sort((a, b) => a.line - b.line || a.column - b.column || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0));
      for (const p of all) {
        p.message = words.message(p);
        p.hint = words.hint(p);
      }
      return { problems: all, doc, model: validated.model, data: doc.data, errors: all.filter((p) => p.severity === "error").length };
    };
    const others = Object.keys(config.groups).filter((s) => s !== self && normalSlug(s) === normalSlug(slug) && s !== slug);
    if (others.length) {
      return result([{ rule: "slug-duplicate", line: 1, column: 1, severity: "error", params: { value: slug, other: "content/groups/" + others[0] + ".yaml" }, loc: [] }]);
    }
    if (!rules.validSlug(slug)) {
      return result([{ rule: "slug-format", line: 1, column: 1, severity: "error", params: { value: slug }, loc: [] }]);
    }
    const extra = [];
    // brochure.check.short_codes
    const taken = owners(self);
    if (Object.prototype.hasOwnProperty.call(config.retired, slug)) {
      extra.push({ rule: "slug-retired", line: 1, column: 1, severity: severityOf("slug-retired"), params: { value: slug }, loc: [] });
    }
    const code = usable ? usable.code : null;
    if (typeof code === "string") {
      if (taken.has(code)) {
        const at = doc.position(["code"]);
        extra.push({ rule: "code-duplicate", line: at.line, column: at.column, severity: severityOf("code-duplicate"),
          params: { value: code, other: taken.get(code), suggestion: suggestCode(slug, taken) }, loc: ["code"] });
      }
    } else if (usable && !validated.given.has("code")) {
      const at = doc.position([], { key: true });
      extra.push({ rule: "code-missing", line: at.line, column: at.column, severity: severityOf("code-missing"),
        params: { suggestion: suggestCode(slug, taken) }, loc: ["code"] });
    }
    const findings = usable ? problemsOf(doc, rules.groupFindings(usable, validated.readable, validated.given, context)) : [];
    return result(extra, findings);
  }

  // The file as data (for "Load into the form"), or null when it cannot be read.
  function read(text) {
    const doc = loader.loadYaml("", text, models.fieldKind);
    lenient.normalise(doc, context);
    return isPlainObject(doc.data) ? plainData(doc.data) : null;
  }

  // The fields of the model at a path, in the model's order (where a new field goes).
  function orderAt(path) {
    const spec = path.length ? models.specAt(path) : { kind: "model", model: "Group" };
    let inner = spec;
    while (inner && (inner.kind === "list" || inner.kind === "tuple")) inner = Array.isArray(inner.items) ? inner.items[0] : inner.items;
    return inner && inner.model ? Object.keys(config.models[inner.model]) : [];
  }

  // `base` with its data changed to `data`, every other byte kept; {text: null} when that
  // cannot be done (then the file is written afresh).
  function edit(base, data) {
    return editYaml(base, data, read, orderAt);
  }

  return {
    check, read, edit, orderAt, suggestCode: (slug) => suggestCode(slug), taken: owners,
    validSlug: rules.validSlug, validCode: rules.validCode, words, fold, describeValue,
  };
}

function fnv1a(text) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

// Loaded values as JSON-like data: dates as text, INVALID as null.
function plainData(value) {
  if (value === INVALID) return null;
  if (Array.isArray(value)) return value.map(plainData);
  if (isPlainObject(value)) {
    const out = {};
    for (const [k, v] of Object.entries(value)) out[k] = plainData(v);
    return out;
  }
  if (value !== null && typeof value === "object") return value.iso !== undefined ? value.iso : value.value;
  return value;
}

export { Document, key };

if (typeof window !== "undefined") window.brochureChecker = { createChecker };
