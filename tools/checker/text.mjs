// Small helpers the checker's steps share: patterns from the Python definitions, folding words,
// positions as an editor counts them, and dates as ISO text.

// A Python pattern (its source and flags, from brochure/site/form_rules.py) as a RegExp.
// `anchored` gives Python's re.match (from the start), otherwise re.search / finditer.
export function compile(pattern, { anchored = false, global = false } = {}) {
  let flags = pattern.flags;
  if (global) flags += "g";
  return new RegExp(anchored ? "^(?:" + pattern.source + ")" : pattern.source, flags);
}

// brochure.check.lenient.fold: NFC, case, spaces, a final dot.
export function fold(text) {
  let folded = String(text).normalize("NFC").toLowerCase().trim();
  folded = folded.replace(/\.+$/, "").trim();
  return folded.replace(/\s+/gu, " ");
}

// Python's str.strip() and the test "value and value.strip()".
export function strip(text) {
  return String(text).replace(/^\s+|\s+$/gu, "");
}

// Line and column (1-based, columns in characters as Python counts them) of offsets in a text.
export class Lines {
  constructor(text) {
    this.text = text;
    this.starts = [0];
    for (let i = 0; i < text.length; i++) if (text[i] === "\n") this.starts.push(i + 1);
  }

  at(offset) {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid] <= offset) low = mid; else high = mid - 1;
    }
    const start = this.starts[low];
    return { line: low + 1, column: Array.from(this.text.slice(start, offset)).length + 1 };
  }
}

export function codePoints(text) {
  return Array.from(text).length;
}

// --- dates as ISO text (YYYY-MM-DD), compared as text ------------------------------------

const DAY = 86400000;

export function isoDays(iso) {
  const [y, m, d] = iso.split("-").map(Number);
  return Math.round(Date.UTC(y, m - 1, d) / DAY);
}

export function isoFromDays(days) {
  return new Date(days * DAY).toISOString().slice(0, 10);
}

export function realDate(year, month, day) {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return null;
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year);
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return String(year).padStart(4, "0") + "-" + String(month).padStart(2, "0") + "-" +
    String(day).padStart(2, "0");
}

// Monday = 0, as Python's date.weekday().
export function weekdayIndex(iso) {
  return (isoDays(iso) % 7 + 7 + 3) % 7;
}

// A YAML date (not a text that looks like one: a text field must say so).
export class YDate {
  constructor(iso) { this.iso = iso; }
  toString() { return this.iso; }
}

// A YAML float (2.0 is not a whole number to the checker, as in Python).
export class YFloat {
  constructor(value, raw) { this.value = value; this.raw = raw; }
  toString() { return pythonFloat(this.value); }
}

export function pythonFloat(value) {
  if (Number.isInteger(value)) return value.toFixed(1);
  return String(value);
}

// How Python's str() shows a value (in messages: "The time None is not…").
export function pyStr(value) {
  if (value === null || value === undefined) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (value instanceof YDate) return value.iso;
  if (value instanceof YFloat) return pythonFloat(value.value);
  if (Array.isArray(value)) return "[" + value.map(pyRepr).join(", ") + "]";
  if (typeof value === "object" && value.constructor === Object) {
    return "{" + Object.keys(value).map((k) => pyRepr(k) + ": " + pyRepr(value[k])).join(", ") + "}";
  }
  return String(value);
}

function pyRepr(value) {
  if (typeof value === "string") return "'" + value.replace(/\\/g, "\\\\").replace(/'/g, "\\'") + "'";
  if (value instanceof YDate) return "datetime.date(" + value.iso.split("-").map(Number).join(", ") + ")";
  return pyStr(value);
}

// Python's "%(name)s" % params: a template with its placeholders filled.
export function fill(template, params) {
  return template.replace(/%\((\w+)\)s/g, (whole, key) =>
    params[key] === undefined ? whole : String(params[key]));
}

// --- difflib.get_close_matches (Ratcliff/Obershelp), for "Did you mean …?" -------------------

function longestMatch(a, b, alo, ahi, blo, bhi, b2j) {
  let besti = alo, bestj = blo, bestsize = 0;
  let j2len = new Map();
  for (let i = alo; i < ahi; i++) {
    const newj2len = new Map();
    for (const j of b2j.get(a[i]) || []) {
      if (j < blo) continue;
      if (j >= bhi) break;
      const k = (j2len.get(j - 1) || 0) + 1;
      newj2len.set(j, k);
      if (k > bestsize) { besti = i - k + 1; bestj = j - k + 1; bestsize = k; }
    }
    j2len = newj2len;
  }
  return [besti, bestj, bestsize];
}

export function ratio(a, b) {
  a = Array.from(a);
  b = Array.from(b);
  const b2j = new Map();
  b.forEach((ch, j) => { if (!b2j.has(ch)) b2j.set(ch, []); b2j.get(ch).push(j); });
  // difflib's "popular" heuristic applies to sequences of 200 or more only.
  if (b.length >= 200) {
    const ntest = Math.floor(b.length / 100) + 1;
    for (const [ch, list] of b2j) if (list.length > ntest) b2j.delete(ch);
  }
  let matches = 0;
  const queue = [[0, a.length, 0, b.length]];
  while (queue.length) {
    const [alo, ahi, blo, bhi] = queue.pop();
    const [i, j, k] = longestMatch(a, b, alo, ahi, blo, bhi, b2j);
    if (k) {
      matches += k;
      if (alo < i && blo < j) queue.push([alo, i, blo, j]);
      if (i + k < ahi && j + k < bhi) queue.push([i + k, ahi, j + k, bhi]);
    }
  }
  const total = a.length + b.length;
  return total ? 2 * matches / total : 1;
}

export function closeMatch(word, possibilities, cutoff) {
  let best = null;
  let bestScore = -1;
  for (const candidate of possibilities) {
    const score = ratio(candidate, word);
    // Ties go to the larger word, as heapq.nlargest((score, word)) gives them.
    if (score >= cutoff && (score > bestScore || (score === bestScore && candidate > best))) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}
