// Changing a published group file so that only what changed changes: every edit is a splice
// of the original text at the place eemeli's `yaml` says the value stands, so comments, key
// order, quoting, flow or block style and line breaks stay as the partner wrote them. A value
// that changes is written in the style it had ("13:00" stays quoted, a flow list stays a
// flow list); a new field goes after the field before it in the model's order, in the style
// of its neighbours. The result is read back and must hold exactly the new data; if it does
// not, the caller is told (and writes the file afresh).

import { isMap, isScalar, isSeq, parseDocument } from "yaml";

const SAFE_PLAIN = /^[A-Za-z0-9][A-Za-z0-9 ._@/+-]*$/;
const TIME = /^\d\d:\d\d$/;
const DATE = /^\d{4}-\d\d-\d\d$/;

function isObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

// The same for the brochure: texts are shown trimmed, and a list of choices (audiences,
// languages) is a set the form cannot order.
function same(a, b) {
  return JSON.stringify(normalised(a)) === JSON.stringify(normalised(b));
}

// A scalar as YAML text: `style` is the style the old value had, kept when it can be.
export function scalarText(value, style, reader) {
  if (value === null || value === undefined) return "null";
  if (typeof value === "boolean" || typeof value === "number") return String(value);
  const text = String(value);
  if (style === "QUOTE_SINGLE" && !text.includes("\n")) return "'" + text.replace(/'/g, "''") + "'";
  if (style !== "QUOTE_DOUBLE" && !TIME.test(text) && (DATE.test(text) || plainReadsAs(text, reader))) return text;
  return JSON.stringify(text).replace(/\\u([0-9a-f]{4})/gi, (m, hex) => {
    const code = parseInt(hex, 16);
    return code < 0x20 || code === 0x7f ? m : String.fromCharCode(code);
  });
}

function plainReadsAs(text, reader) {
  if (!SAFE_PLAIN.test(text) || / #|: |:$/.test(text) || text !== text.trim()) return false;
  return reader ? reader(text) === text : /^[a-z][a-z0-9-]*$/.test(text);
}

function flowText(value, reader, orderAt, path) {
  if (Array.isArray(value)) return "[" + value.map((v, i) => flowText(v, reader, orderAt, [...path, i])).join(", ") + "]";
  if (isObject(value)) {
    return "{" + sortedKeys(value, orderAt(path)).map((k) => k + ": " + flowText(value[k], reader, orderAt, [...path, k])).join(", ") + "}";
  }
  return scalarText(value, null, reader);
}

function sortedKeys(value, order) {
  const keys = Object.keys(value).filter((k) => value[k] !== undefined && value[k] !== null);
  return keys.sort((a, b) => rank(order, a) - rank(order, b));
}

function rank(order, key) {
  const i = order.indexOf(key);
  return i < 0 ? order.length : i;
}

// A value under a key in block style, at `indent` spaces: "key: value" lines.
function blockLines(name, value, indent, reader, orderAt, path) {
  const pad = " ".repeat(indent);
  if (isObject(value)) {
    const keys = sortedKeys(value, orderAt(path));
    if (keys.every((k) => !isObject(value[k]) && !Array.isArray(value[k]))) {
      return [pad + name + ":", ...keys.map((k) => pad + "  " + k + ": " + scalarText(value[k], null, reader))];
    }
    return [pad + name + ":", ...keys.flatMap((k) => blockLines(k, value[k], indent + 2, reader, orderAt, [...path, k]))];
  }
  if (Array.isArray(value)) {
    if (value.every((v) => !isObject(v) && !Array.isArray(v))) return [pad + name + ": " + flowText(value, reader, orderAt, path)];
    return [pad + name + ":", ...value.map((v, i) => pad + "  - " + flowText(v, reader, orderAt, [...path, i]))];
  }
  return [pad + name + ": " + scalarText(value, null, reader)];
}

function columnOf(text, offset) {
  return offset - (text.lastIndexOf("\n", offset - 1) + 1);
}

function lineStart(text, offset) {
  return text.lastIndexOf("\n", offset - 1) + 1;
}

function lineEnd(text, offset) {
  const end = text.indexOf("\n", offset);
  return end < 0 ? text.length : end + 1;
}

// `base` (a group file) with its data changed to `data`; `read` gives a text's data as the
// checker reads it (to verify), `order` is the fields' order in the model.
export function editYaml(base, data, read, orderAt) {
  const doc = parseDocument(base, { schema: "failsafe", uniqueKeys: false });
  const old = read(base);
  if (doc.errors.length || !isObject(old) || !isMap(doc.contents)) return { text: null, changes: [] };
  const splices = [];
  const changes = [];
  const reader = (text) => {
    const value = read("x: " + text + "\n");
    return value ? value.x : undefined;
  };

  function replaceNode(node, value, path, oldValue) {
    changes.push({ path, old: oldValue, new: value });
    const text = node.flow || isScalar(node) || (!isMap(node) && !isSeq(node))
      ? (isScalar(node) && !isObject(value) && !Array.isArray(value) ? scalarText(value, node.type, reader) : flowText(value, reader, orderAt, path))
      : null;
    if (text !== null) {
      splices.push({ start: node.range[0], end: node.range[1], text });
      return;
    }
    // A block collection: its lines again, at its indentation.
    const indent = columnOf(base, node.range[0]);
    const pad = " ".repeat(indent);
    let lines;
    if (Array.isArray(value)) {
      lines = value.map((v, i) => pad + "- " + flowText(v, reader, orderAt, [...path, i]));
    } else {
      lines = sortedKeys(value, orderAt(path)).flatMap((k) => blockLines(k, value[k], indent, reader, orderAt, [...path, k]));
    }
    const start = lineStart(base, node.range[0]);
    const keep = base.slice(start, node.range[0]);
    splices.push({ start, end: node.range[2] > node.range[1] ? node.range[1] : node.range[2],
      text: keep.trim() ? keep + lines.join("\n").slice(indent) + (base[node.range[1] - 1] === "\n" ? "\n" : "") :
        lines.join("\n") + (base[node.range[1] - 1] === "\n" ? "\n" : "") });
  }

  function addPair(map, name, value, path) {
    changes.push({ path, old: undefined, new: value });
    const order = orderAt(path.slice(0, -1));
    const items = map.items;
    let after = null;
    for (const pair of items) if (rank(order, String(pair.key.value)) <= rank(order, name)) after = pair;
    if (map.flow) {
      const text = name + ": " + flowText(value, reader, orderAt, path);
      if (after) splices.push({ start: after.value.range[1], end: after.value.range[1], text: ", " + text });
      else if (items.length) splices.push({ start: items[0].key.range[0], end: items[0].key.range[0], text: text + ", " });
      else splices.push({ start: map.range[0] + 1, end: map.range[0] + 1, text });
      return;
    }
    const indent = items.length ? columnOf(base, items[0].key.range[0]) : 0;
    const lines = blockLines(name, value, indent, reader, orderAt, path).join("\n") + "\n";
    if (after) {
      const node = after.value || after.key;
      let at = isScalar(node) ? lineEnd(base, node.range[1]) : node.range[2];
      if (at > 0 && base[at - 1] !== "\n") {
        splices.push({ start: at, end: at, text: "\n" + lines });
        return;
      }
      at = Math.min(at, base.length);
      splices.push({ start: at, end: at, text: lines });
    } else if (items.length) {
      const at = lineStart(base, items[0].key.range[0]);
      splices.push({ start: at, end: at, text: lines });
    }
  }

  function removePair(map, pair, path, oldValue) {
    changes.push({ path, old: oldValue, new: undefined });
    const index = map.items.indexOf(pair);
    if (map.flow) {
      const end = pair.value ? pair.value.range[1] : pair.key.range[1];
      if (index > 0) {
        const previous = map.items[index - 1];
        const from = previous.value ? previous.value.range[1] : previous.key.range[1];
        splices.push({ start: from, end, text: "" });
      } else if (map.items.length > 1) {
        splices.push({ start: pair.key.range[0], end: map.items[1].key.range[0], text: "" });
      } else {
        splices.push({ start: pair.key.range[0], end, text: "" });
      }
      return;
    }
    const start = lineStart(base, pair.key.range[0]);
    const node = pair.value || pair.key;
    const end = isScalar(node) ? lineEnd(base, node.range[1]) : node.range[2];
    splices.push({ start, end, text: "" });
  }

  function diff(node, oldValue, newValue, path) {
    if (same(oldValue, newValue)) return;
    if (isObject(oldValue) && isObject(newValue) && isMap(node)) {
      const pairs = new Map(node.items.filter((p) => isScalar(p.key)).map((p) => [String(p.key.value), p]));
      for (const name of Object.keys(newValue)) {
        if (newValue[name] === undefined || newValue[name] === null) continue;
        if (!(name in oldValue) || oldValue[name] === null) {
          const pair = pairs.get(name);
          if (pair && pair.value) replaceNode(pair.value, newValue[name], [...path, name], oldValue[name]);
          else if (pair) {
            splices.push({ start: pair.key.range[1] + 1, end: pair.key.range[1] + 1, text: " " + flowText(newValue[name], reader, orderAt, [...path, name]) });
            changes.push({ path: [...path, name], old: undefined, new: newValue[name] });
          } else addPair(node, name, newValue[name], [...path, name]);
        } else if (pairs.has(name)) {
          diff(pairs.get(name).value, oldValue[name], newValue[name], [...path, name]);
        }
      }
      for (const name of Object.keys(oldValue)) {
        if ((!(name in newValue) || newValue[name] === undefined || newValue[name] === null) && oldValue[name] !== null && pairs.has(name)) {
          removePair(node, pairs.get(name), [...path, name], oldValue[name]);
        }
      }
      return;
    }
    if (Array.isArray(oldValue) && Array.isArray(newValue) && isSeq(node)) {
      const complex = newValue.some((v) => isObject(v) || Array.isArray(v)) || oldValue.some((v) => isObject(v) || Array.isArray(v));
      if (!complex || !node.items.length) {
        replaceNode(node, newValue, path, oldValue);
        return;
      }
      const common = Math.min(oldValue.length, newValue.length);
      for (let i = 0; i < common; i++) diff(node.items[i], oldValue[i], newValue[i], [...path, i]);
      if (newValue.length > oldValue.length) {
        const last = node.items[node.items.length - 1];
        const added = newValue.slice(common);
        added.forEach((v, i) => changes.push({ path: [...path, common + i], old: undefined, new: v }));
        if (node.flow) {
          splices.push({ start: last.range[1], end: last.range[1], text: added.map((v, i) => ", " + flowText(v, reader, orderAt, [...path, common + i])).join("") });
        } else {
          const dash = lineStart(base, last.range[0]);
          const pad = base.slice(dash, last.range[0]);
          const at = last.range[2];
          const prefix = at > 0 && base[at - 1] !== "\n" ? "\n" : "";
          splices.push({ start: at, end: at, text: prefix + added.map((v, i) => pad + flowText(v, reader, orderAt, [...path, common + i])).join("\n") + "\n" });
        }
      } else if (newValue.length < oldValue.length) {
        for (let i = common; i < oldValue.length; i++) changes.push({ path: [...path, i], old: oldValue[i], new: undefined });
        const first = node.items[common];
        const last = node.items[node.items.length - 1];
        if (node.flow) splices.push({ start: node.items[common - 1] ? node.items[common - 1].range[1] : first.range[0], end: last.range[1], text: "" });
        else if (common === 0) replaceNode(node, newValue, path, oldValue);
        else splices.push({ start: lineStart(base, first.range[0]), end: last.range[2], text: "" });
      }
      return;
    }
    if (node) replaceNode(node, newValue, path, oldValue);
  }

  diff(doc.contents, old, data, []);
  splices.sort((a, b) => b.start - a.start || b.end - a.end);
  let text = base;
  for (const splice of splices) text = text.slice(0, splice.start) + splice.text + text.slice(splice.end);
  const back = read(text);
  if (!same(back, data)) return { text: null, changes };
  return { text, changes };
}

function normalised(value) {
  if (Array.isArray(value)) {
    const items = value.map(normalised);
    return items.every((v) => typeof v === "string") ? items.slice().sort() : items;
  }
  if (typeof value === "string") return value.trim();
  if (isObject(value)) {
    const out = {};
    for (const k of Object.keys(value).sort()) if (value[k] !== undefined && value[k] !== null) out[k] = normalised(value[k]);
    return out;
  }
  return value;
}

export function describeValue(value) {
  if (value === undefined || value === null) return "–";
  if (Array.isArray(value)) return value.map(describeValue).join(", ");
  if (isObject(value)) return Object.values(value).filter((v) => v !== null && v !== undefined).map(describeValue).join(", ");
  return String(value);
}
