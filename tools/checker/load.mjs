// Reading a group file: the port of brochure/load/reader.py (and document.py).
//
// The text is parsed by eemeli's `yaml` with every scalar kept as text (the failsafe schema);
// plain scalars are then typed here exactly as the Python loader types them, and every hazard
// (12:30 read as a number, 0401234567, yes/no, anchors, tags, duplicate keys) is a problem at
// its line and column, never a guess.

import { parseAllDocuments, isAlias, isMap, isScalar, isSeq } from "yaml";
import { Lines, YDate, YFloat, compile, realDate } from "./text.mjs";

export const INVALID = Object.freeze({ invalid: true, toString: () => "INVALID" });

export function key(path) {
  return JSON.stringify(path);
}

// brochure.load.document.Document: the data, where each value and key stood, what was flagged.
export class Document {
  constructor(path, text) {
    this.path = path;
    this.text = text;
    this.data = INVALID;
    this.values = new Map();
    this.keys = new Map();
    this.raw = new Map();
    this.flagged = new Set();
    this.problems = [];
  }

  position(path, { key: isKey = false } = {}) {
    const table = isKey ? this.keys : this.values;
    for (let i = path.length; i >= 0; i--) {
      const sub = key(path.slice(0, i));
      if (table.has(sub)) return table.get(sub);
      if (this.keys.has(sub)) return this.keys.get(sub);
    }
    return { line: 1, column: 1 };
  }

  isFlagged(path) {
    for (let i = 0; i <= path.length; i++) if (this.flagged.has(key(path.slice(0, i)))) return true;
    return false;
  }

  add(rule, position, severity, params) {
    this.problems.push({ rule, line: position.line, column: position.column, severity, params: params || {} });
  }
}

export function makeLoader(book, syntax, severityOf) {
  const P = book.patterns;
  const control = compile(P.control, { global: true });
  const invisible = compile(P.invisible, { global: true });
  const leadingTab = compile(P.leadingTab, { global: true });
  const INT = compile(P.int, { anchored: true });
  const LEADING_ZERO = compile(P.leadingZero, { anchored: true });
  const SEXAGESIMAL = compile(P.sexagesimal, { anchored: true });
  const CLOCK_LIKE = compile(P.clockLike, { anchored: true });
  const FLOAT = compile(P.float, { anchored: true });
  const DATE = compile(P.date, { anchored: true });
  const COMMENT_AFTER = compile(P.commentAfter, { anchored: true });
  const W = book.words;
  const FATAL = new Set(book.fatal);

  function problem(doc, rule, position, params, severity) {
    doc.add(rule, position, severity || severityOf(rule), params);
  }

  function decode(doc, text, lines) {
    const bytes = new TextEncoder().encode(text).length;
    if (bytes > book.limits.fileBytes) {
      problem(doc, "file-too-large", { line: 1, column: 1 }, { size: bytes, limit: book.limits.fileBytes });
      return false;
    }
    for (const match of text.matchAll(control)) {
      const char = match[0].codePointAt(0).toString(16).toUpperCase().padStart(4, "0");
      problem(doc, "yaml-control-character", lines.at(match.index), { char: "U+" + char });
    }
    for (const match of text.matchAll(invisible)) {
      const char = match[0].codePointAt(0).toString(16).toUpperCase().padStart(4, "0");
      problem(doc, "yaml-invisible-character", lines.at(match.index), { char: "U+" + char });
    }
    // One message, at the first: an editor that indents with tabs does it on every line.
    const tabs = [...text.matchAll(leadingTab)];
    if (tabs.length) problem(doc, "yaml-tab", lines.at(tabs[0].index + tabs[0][0].length - 1), { lines: tabs.length });
    if (text.includes("\u00a0")) {
      for (const position of syntax.nbspPositions(text)) problem(doc, "yaml-nbsp", position);
    }
    return true;
  }

  // Would YAML make this plain scalar something other than a text (reader._typed_by_yaml)?
  function typedByYaml(value) {
    if (W.ambiguous.includes(value)) return true;
    if (!value || !(/\p{Nd}/u.test(value[0]) || "+-.".includes(value[0]))) return false;
    return [INT, LEADING_ZERO, SEXAGESIMAL, FLOAT, DATE].some((pattern) => pattern.test(value));
  }

  function sexagesimal(text) {
    let total = 0;
    for (const part of text.split(":")) total = total * 60 + Math.trunc(parseFloat(part.replace(/_/g, "") || "0"));
    return total;
  }

  // A plain (unquoted) scalar, typed as YAML 1.2 would, hazards reported (_Scalars.plain).
  function plain(doc, value, path, position, kindOf) {
    const hazard = (rule, params) => {
      problem(doc, rule, position, params);
      doc.flagged.add(key(path));
      return INVALID;
    };
    // What the model expects here (brochure.load.reader.FieldKinds): a time of day, a text
    // or a yes/no value, where a plain scalar can mean only one thing.
    const kind = kindOf ? kindOf(path) : null;
    if (kind === "time" && CLOCK_LIKE.test(value)) {
      doc.raw.set(key(path), value);
      return value;
    }
    if (W.null.includes(value)) return null;
    if (W.true.includes(value)) return true;
    if (W.false.includes(value)) return false;
    if ((kind === "text" && typedByYaml(value)) || (kind === "boolean" && W.ambiguous.includes(value))) {
      doc.raw.set(key(path), value);
      return value;
    }
    if (kind === "integer" && LEADING_ZERO.test(value)) {
      // (reader.plain) 020 where a whole number is expected can only be twenty.
      doc.raw.set(key(path), value);
      return value;
    }
    const first = value[0];
    if (W.ambiguous.includes(value)) return hazard("yaml-ambiguous-boolean", { value });
    if (!(/\p{Nd}/u.test(first) || "+-.".includes(first))) return value;
    if (INT.test(value)) {
      doc.raw.set(key(path), value);
      return Number(value);
    }
    if (LEADING_ZERO.test(value)) return hazard("yaml-leading-zero", { value });
    if (SEXAGESIMAL.test(value)) return hazard("yaml-unquoted-time", { value, number: sexagesimal(value) });
    if (FLOAT.test(value)) {
      doc.raw.set(key(path), value);
      return new YFloat(parseFloat(value), value);
    }
    const match = DATE.exec(value);
    if (match) {
      const iso = realDate(Number(match[1]), Number(match[2]), Number(match[3]));
      return iso ? new YDate(iso) : hazard("invalid-date", { value });
    }
    return value;
  }

  function commentInValue(doc, node, value, lines, textLines) {
    const end = lines.at(node.range[1]);
    const line = (textLines[end.line - 1] || "").replace(/\r$/, "");
    const startIndex = Array.from(line).slice(0, end.column - 1).join("").length;
    const match = COMMENT_AFTER.exec(line.slice(startIndex));
    if (!match || (match[1].length > 1 && match[2].startsWith(" "))) return;
    const lost = "#" + match[2].trimEnd();
    const fixed = '"' + (value + match[1] + lost).replace(/"/g, '\\"') + '"';
    problem(doc, "yaml-comment-in-value", { line: end.line, column: end.column + match[1].length },
      { value, lost, fixed }, "warning");
  }

  function build(doc, node, path, lines, textLines, kindOf, before) {
    if (node === null || node === undefined) return null;
    const position = lines.at(node.range ? node.range[0] : 0);
    if (before !== null && position.line >= before) return INVALID;
    if (isAlias(node)) {
      problem(doc, "yaml-anchor", position);
      doc.flagged.add(key(path));
      return INVALID;
    }
    if (node.anchor) {
      problem(doc, "yaml-anchor", position);
      doc.flagged.add(key(path));
    }
    const quoted = isScalar(node) && node.type !== "PLAIN";
    if (node.tag && !(isScalar(node) && node.tag === "!" && quoted)) {
      problem(doc, "yaml-tag", position, { tag: node.tag.replace("tag:yaml.org,2002:", "!!") });
      doc.flagged.add(key(path));
    }
    doc.values.set(key(path), position);
    if (isMap(node)) {
      const out = {};
      for (const pair of node.items) {
        const k = pair.key;
        const keyPosition = lines.at(k && k.range ? k.range[0] : (pair.value && pair.value.range ? pair.value.range[0] : 0));
        if (before !== null && keyPosition.line >= before) break;
        if (!isScalar(k)) {
          problem(doc, "yaml-complex-key", keyPosition);
          continue;
        }
        const name = String(k.value);
        if (name === "<<" && k.type === "PLAIN") {
          problem(doc, "yaml-anchor", keyPosition);
          continue;
        }
        const here = [...path, name];
        if (Object.prototype.hasOwnProperty.call(out, name) || doc.keys.has(key(here))) {
          const first = doc.keys.get(key(here));
          problem(doc, "yaml-duplicate-key", keyPosition, { key: name, first_line: first.line });
          doc.flagged.add(key(here));
          continue;
        }
        doc.keys.set(key(here), keyPosition);
        if (pair.value === null || pair.value === undefined) {
          doc.values.set(key(here), keyPosition);
          out[name] = null;
        } else {
          out[name] = build(doc, pair.value, here, lines, textLines, kindOf, before);
        }
      }
      return out;
    }
    if (isSeq(node)) {
      return node.items.map((item, i) => build(doc, item, [...path, i], lines, textLines, kindOf, before));
    }
    if (quoted) return String(node.value);
    const value = plain(doc, String(node.value), path, position, kindOf);
    if (typeof value === "string" && value) commentInValue(doc, node, value, lines, textLines);
    return value;
  }

  // brochure.load.reader.load_yaml: decode, check the text, parse; never throws on bad input.
  function loadYaml(path, input, kindOf) {
    let text = input.startsWith("\ufeff") ? input.slice(1) : input;
    const doc = new Document(path, text);
    const lines = new Lines(text);
    if (!decode(doc, text, lines) || doc.problems.some((p) => FATAL.has(p.rule))) return doc;
    const textLines = text.split("\n");
    let documents;
    try {
      documents = parseAllDocuments(text, { schema: "failsafe", uniqueKeys: false, prettyErrors: false, strict: true });
    } catch (error) {
      problem(doc, "yaml-syntax", { line: 1, column: 1 }, { detail: String(error) });
      return doc;
    }
    if (!Array.isArray(documents)) documents = [];
    const first = documents[0];
    let failure = null;
    if (first && first.errors.length) {
      const error = first.errors[0];
      failure = { code: error.code, offset: error.pos[0] };
    } else if (documents.length > 1) {
      const second = documents[1];
      if (second.directives && second.directives.docStart) {
        const at = lines.at(second.range[0]);
        // The second document's '---' line.
        const line = textLines.slice(0, at.line).map((l, i) => [l, i]).reverse().find(([l]) => l.startsWith("---"));
        problem(doc, "yaml-multiple-documents", line ? { line: line[1] + 1, column: 1 } : at);
      } else {
        failure = { code: "after-document-end", offset: second.contents && second.contents.range ? second.contents.range[0] : second.range[0] };
      }
    }
    if (failure !== null) {
      const at = lines.at(Math.min(failure.offset, text.length));
      const lineText = textLines[at.line - 1] || "";
      const index = Array.from(lineText).slice(0, at.column - 1).join("").length;
      const found = syntax.diagnose(text, failure.code, at.line - 1, index);
      // What was read before the parser stopped keeps its problems, as in Python.
      if (first) build(doc, first.contents, [], lines, textLines, kindOf, at.line);
      doc.problems = doc.problems.filter((p) => p.line !== found.position.line);
      problem(doc, found.rule, found.position, found.params);
      doc.data = INVALID;
      doc.values.clear();
      doc.keys.clear();
      return doc;
    }
    doc.data = first ? build(doc, first.contents, [], lines, textLines, kindOf, null) : null;
    if (text.includes("\n") && text.includes("-")) {
      for (const found of syntax.dashWithoutSpace(text)) {
        problem(doc, "yaml-dash-space", found.position, { value: found.value, fixed: found.fixed });
        for (const [path, at] of doc.values) {
          if (at.line === found.position.line && at.column === found.position.column) doc.flagged.add(path);
        }
      }
    }
    if (doc.data === null && !doc.problems.length) {
      doc.data = INVALID;
      problem(doc, "yaml-empty", { line: 1, column: 1 });
    } else if (doc.data !== INVALID && !isPlainObject(doc.data) && !doc.problems.length) {
      doc.data = INVALID;
      problem(doc, "yaml-not-mapping", { line: 1, column: 1 });
    }
    return doc;
  }

  return { loadYaml };
}

export function isPlainObject(value) {
  return value !== null && value !== INVALID && typeof value === "object" && value.constructor === Object;
}
