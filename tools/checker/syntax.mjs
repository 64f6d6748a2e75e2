// YAML syntax errors in a partner's words: the port of brochure/load/syntax.py.
//
// Python reads libyaml's error; here the parser is eemeli's `yaml`, whose errors name other
// places and other words. The diagnoses are the same (a non-breaking space, Word's quotes, an
// unclosed quote or bracket, a missing space after a colon or a dash, text after a closing
// quote, an indentation that does not line up), worked out from the lines around the place
// the parser stopped; tests/browser/test_parity.py holds the two to the same rule ids.

import { codePoints } from "./text.mjs";

const NBSP = "\u00a0";

export function makeSyntax(book) {
  const P = book.patterns;
  const blockStart = new RegExp(P.blockStart.source, P.blockStart.flags);
  const keyAt = new RegExp(P.key.source, P.key.flags + "y");
  const noSpaceKey = new RegExp(P.noSpaceKey.source, P.noSpaceKey.flags);
  const noSpaceDash = new RegExp(P.noSpaceDash.source, P.noSpaceDash.flags);
  const WORD_QUOTES = book.words.wordQuotes;
  const SPECIAL = book.words.special;

  function col(line, index) {
    return codePoints(line.slice(0, index)) + 1;
  }

  function* structuralLines(text) {
    let blockIndent = null;
    const lines = text.split("\n");
    for (let number = 0; number < lines.length; number++) {
      const line = lines[number].replace(/\r$/, "");
      const indent = line.length - line.replace(/^ +/, "").length;
      if (blockIndent !== null) {
        if (!line.trim() || indent > blockIndent) continue;
        blockIndent = null;
      }
      if (blockStart.test(line)) blockIndent = indent;
      yield [number, line];
    }
  }

  function prefixEnd(line) {
    let pos = 0;
    for (;;) {
      while (pos < line.length && (line[pos] === " " || line[pos] === NBSP)) pos++;
      if (pos + 1 < line.length && line[pos] === "-" && (line[pos + 1] === " " || line[pos + 1] === NBSP)) {
        pos++;
        continue;
      }
      break;
    }
    keyAt.lastIndex = pos;
    const match = keyAt.exec(line);
    if (match) {
      const end = pos + match[0].length;
      if (end === line.length || line[end] === " " || line[end] === NBSP) {
        pos = end;
        while (pos < line.length && (line[pos] === " " || line[pos] === NBSP)) pos++;
      }
    }
    return pos;
  }

  function nbspPositions(text) {
    const found = [];
    for (const [number, line] of structuralLines(text)) {
      if (!line.includes(NBSP)) continue;
      const end = prefixEnd(line);
      if (line.slice(0, end).includes(NBSP)) found.push({ line: number + 1, column: col(line, line.indexOf(NBSP)) });
    }
    return found;
  }

  function quote(value) {
    return '"' + value.replace(/\\/g, "\\\\").replace(/"/g, '\\"') + '"';
  }

  function firstContent(line) {
    return line.length - line.replace(/^ +/, "").length;
  }

  function wordQuote(line, start) {
    for (let i = start; i < line.length; i++) if (WORD_QUOTES.includes(line[i])) return i;
    return null;
  }

  function diagnosis(rule, line, number, index, params) {
    return { rule, position: { line: number + 1, column: col(line, index) }, params: params || {} };
  }

  function lineMistake(line, number) {
    let match = noSpaceKey.exec(line);
    if (match) {
      const end = match[1].length + match[2].length;
      return diagnosis("yaml-colon-space", line, number, end, {
        value: line.trim().slice(0, 60),
        fixed: (match[2] + ": " + line.slice(end + 1).trim()).slice(0, 60),
      });
    }
    match = noSpaceDash.exec(line);
    if (match && !line.startsWith("---")) {
      const end = match[1].length;
      return diagnosis("yaml-dash-space", line, number, end, {
        value: line.trim().slice(0, 60), fixed: ("- " + line.slice(end + 1).trim()).slice(0, 60),
      });
    }
    const start = prefixEnd(line);
    if (start < line.length && WORD_QUOTES.includes(line[start])) {
      return diagnosis("yaml-word-quotes", line, number, start, { char: line[start] });
    }
    return null;
  }

  function dashWithoutSpace(text) {
    const found = [];
    let previous = "";
    for (const [number, line] of structuralLines(text)) {
      const match = noSpaceDash.exec(line);
      if (match && !line.startsWith("---") &&
          (previous.trimEnd().endsWith(":") || previous.trimStart().startsWith("- "))) {
        const end = match[1].length;
        found.push({
          position: { line: number + 1, column: col(line, end) },
          value: line.trim().slice(0, 60), fixed: ("- " + line.slice(end + 1).trim()).slice(0, 60),
        });
      }
      if (line.trim() && !line.trimStart().startsWith("#")) previous = line;
    }
    return found;
  }

  function indentation(line, number) {
    const spaces = firstContent(line);
    return diagnosis("yaml-indentation", line, number, spaces, { spaces });
  }

  function misaligned(lines, number) {
    function neighbour(step) {
      let i = number + step;
      while (i >= 0 && i < lines.length) {
        if (lines[i].trim() && !lines[i].trimStart().startsWith("#")) return i;
        i += step;
      }
      return null;
    }
    const before = neighbour(-1);
    const after = neighbour(1);
    if (before !== null) {
      const found = lineMistake(lines[before], before);
      if (found) return found;
      const here = firstContent(lines[number]);
      const prev = lines[before];
      if (firstContent(prev) !== here && !prev.trimEnd().endsWith(":") && after !== null &&
          firstContent(lines[after]) === here) return indentation(prev, before);
      if (firstContent(prev) % 2 === 1 && here % 2 === 0) return indentation(prev, before);
    }
    return indentation(lines[number], number);
  }

  // The quote that starts a line's value and is not closed on the line, or null.
  function openQuote(line) {
    const start = prefixEnd(line);
    const char = line[start];
    if (char !== '"' && char !== "'") return null;
    let i = start + 1;
    while (i < line.length) {
      if (char === '"' && line[i] === "\\") { i += 2; continue; }
      if (line[i] === char) {
        if (char === "'" && line[i + 1] === "'") { i += 2; continue; }
        return null;
      }
      i++;
    }
    return start;
  }

  function unclosedBracket(line) {
    const start = prefixEnd(line);
    const char = line[start];
    if (char !== "[" && char !== "{") return null;
    let depth = 0;
    let quoteChar = null;
    for (let i = start; i < line.length; i++) {
      const c = line[i];
      if (quoteChar) { if (c === quoteChar) quoteChar = null; continue; }
      if (c === '"' || c === "'") quoteChar = c;
      else if (c === "#" && line[i - 1] === " ") break;
      else if (c === "[" || c === "{") depth++;
      else if (c === "]" || c === "}") depth--;
    }
    return depth > 0 ? start : null;
  }

  // A parse error (eemeli's code and where it stopped) in the partner's words.
  function diagnose(text, code, errorLine, errorIndex) {
    const lines = text.split("\n").map((l) => l.replace(/\r$/, ""));
    const line = lines[errorLine] || "";
    const start = prefixEnd(line);
    // A document closed with '...' and text after it: libyaml stops there, without a name.
    if (code === "after-document-end") return diagnosis("yaml-syntax", line, errorLine, errorIndex, { detail: code });
    // A bracket opened on an earlier line and never closed.
    if (code === "BAD_INDENT" || code === "MISSING_CHAR" || code === "UNEXPECTED_TOKEN") {
      for (let n = errorLine; n >= 0 && n >= errorLine - 30; n--) {
        const open = unclosedBracket(lines[n]);
        if (open !== null) {
          const char = lines[n][open];
          return diagnosis("yaml-unclosed-bracket", lines[n], n, open, { char, closing: char === "[" ? "]" : "}" });
        }
        if (n < errorLine && lines[n].trim() && firstContent(lines[n]) <= firstContent(line)) break;
      }
    }
    for (const number of [errorLine, previousLine(lines, errorLine)]) {
      if (number === null) continue;
      const found = lineMistake(lines[number] || "", number);
      if (found) return found;
    }
    if (code === "BAD_DQ_ESCAPE") {
      const open = line.lastIndexOf('"', errorIndex);
      const value = line.slice(open + 1).trimEnd().replace(/"$/, "");
      return diagnosis("yaml-backslash", line, errorLine, errorIndex, { fixed: "'" + value.replace(/'/g, "''") + "'" });
    }
    // A quote opened on this line or above and not closed on its line.
    for (let n = errorLine; n >= 0 && n >= errorLine - 30; n--) {
      const open = openQuote(lines[n]);
      if (open !== null) {
        const word = wordQuote(lines[n], open + 1);
        if (word !== null) return diagnosis("yaml-word-quotes", lines[n], n, word, { char: lines[n][word] });
        return diagnosis("yaml-unclosed-quote", lines[n], n, open, { char: lines[n][open] });
      }
      if (n < errorLine && lines[n].trim() && !lines[n].trimStart().startsWith("#") && code !== "MISSING_CHAR") break;
    }
    if (start < line.length && SPECIAL.includes(line[start]) && !/^[|>][-+0-9]*\s*(#.*)?$/.test(line.slice(start))) {
      const value = line.slice(start).split(" #")[0].trimEnd();
      return diagnosis("yaml-special-start", line, errorLine, start, { char: line[start], fixed: quote(value) });
    }
    if (code === "UNEXPECTED_TOKEN") {
      const before = line.slice(0, errorIndex).trimEnd();
      const closing = before.slice(-1);
      if ((closing === '"' || closing === "'") && errorIndex > firstContent(line)) {
        return diagnosis("yaml-text-after-quote", line, errorLine, errorIndex, { char: closing });
      }
    }
    if (code === "BLOCK_AS_IMPLICIT_KEY" && start < line.length) {
      const word = wordQuote(line, start);
      if (word !== null) return diagnosis("yaml-word-quotes", line, errorLine, word, { char: line[word] });
      const value = line.slice(start).split(" #")[0].trimEnd();
      return diagnosis("yaml-colon-in-value", line, errorLine, start, { fixed: quote(value) });
    }
    if (code === "MULTILINE_IMPLICIT_KEY" && !line.includes(":")) {
      const first = firstContent(line);
      return diagnosis("yaml-missing-colon", line, errorLine, first, { value: line.trim().slice(0, 60) });
    }
    if (code === "BAD_INDENT" || code === "UNEXPECTED_TOKEN") return misaligned(lines, errorLine);
    return diagnosis("yaml-syntax", line, errorLine, errorIndex, { detail: code });
  }

  function previousLine(lines, number) {
    for (let i = number - 1; i >= 0; i--) {
      if (lines[i].trim() && !lines[i].trimStart().startsWith("#")) return i;
    }
    return null;
  }

  return { nbspPositions, dashWithoutSpace, diagnose, structuralLines };
}
