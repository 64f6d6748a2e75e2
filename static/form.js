/* The form page "Lisää tai päivitä ryhmä": from fields to a checked group file, then to the
 * coordinator by e-mail or to GitHub.
 *
 * Everything happens in this browser: no request leaves the site (a group's own file comes
 * from the site's data/groups/), nothing is stored. The fields, their labels, the choices and
 * the words come from the page (#form-config, made by brochure/site/form.py). The verdict is
 * the checker's: the form writes the file, and static/group-checker.js checks that file with
 * the rules the pull request's check uses (their data is in the page, made from the Python
 * definitions). A published group's file is changed in place, so only what changed changes.
 */
(function () {
  "use strict";

  var form = document.getElementById("group-form");
  var configElement = document.getElementById("form-config");
  if (!form || !configElement || !window.brochureChecker) return;
  var config = JSON.parse(configElement.textContent);
  var words = config.words;
  var checker = window.brochureChecker.createChecker(config.checker);
  var LANGS = config.languages;
  var ROOT = form.getAttribute("data-root") || "";

  var nojs = document.getElementById("form-nojs");
  if (nojs) nojs.hidden = true;
  form.hidden = false;
  var checkSection = document.getElementById("check-section");
  checkSection.hidden = false;

  var state = {
    mode: "new",        // "new" or "change"
    base: null,         // the file the entry is made from (a group's own, a loaded or sent one)
    self: null,         // the published group the file replaces
    slugTouched: false,
    result: null,
    download: null      // the address of the file offered for download (a Blob's)
  };

  function fill(template, params) {
    return template.replace(/%\((\w+)\)s/g, function (whole, key) {
      return params[key] === undefined || params[key] === null ? "" : String(params[key]);
    });
  }

  // --- fields ---------------------------------------------------------------------------

  function byName(name) {
    return form.querySelectorAll('[name="' + name.replace(/"/g, '\\"') + '"]');
  }

  function one(name) {
    return byName(name)[0] || null;
  }

  function listItems(path) {
    var holder = form.querySelector('[data-items="' + path + '"]');
    return holder ? Array.prototype.slice.call(holder.children) : [];
  }

  // The index of an item in its list, in names (a.0.b) and ids (f-a-0-b).
  var LIST_INDEX = /(^|[.\-])(?:__i__|\d+)(?=[.\-])/g;

  function renumber(path) {
    listItems(path).forEach(function (item, index) {
      item.querySelectorAll("[name], [id], [for], [aria-describedby]").forEach(function (el) {
        ["name", "id", "for", "aria-describedby"].forEach(function (attr) {
          var value = el.getAttribute(attr);
          if (value) el.setAttribute(attr, value.replace(LIST_INDEX, function (_, before) {
            return before + index;
          }));
        });
      });
      var number = item.querySelector("[data-number]");
      if (number) number.textContent = String(index + 1);
    });
  }

  function addItem(path) {
    var template = form.querySelector('template[data-template="' + path + '"]');
    var holder = form.querySelector('[data-items="' + path + '"]');
    var item = template.content.firstElementChild.cloneNode(true);
    holder.appendChild(item);
    item.querySelector("[data-remove]").addEventListener("click", function () {
      item.remove();
      renumber(path);
    });
    renumber(path);
    return item;
  }

  function setItems(path, count) {
    var items = listItems(path);
    for (var i = items.length; i > count; i--) items[i - 1].remove();
    for (var j = items.length; j < count; j++) addItem(path);
    renumber(path);
  }

  form.querySelectorAll("[data-add]").forEach(function (button) {
    button.addEventListener("click", function () {
      var item = addItem(button.getAttribute("data-add"));
      var first = item.querySelector("input, select, textarea");
      if (first) first.focus();
    });
  });

  function walk(fields, visit, prefix) {
    fields.forEach(function (field) {
      visit(field, (prefix || "") + field.name);
    });
  }

  // --- times and dates as partners write them -------------------------------------------

  // 9, 9.30, 9:30, klo 9.30 and 09:30 are the same time (a text the checker will refuse
  // stays as written, so its message can show it).
  function clock(text) {
    var match = /^(?:klo|kl\.?|kello)?\s*(\d{1,2})(?:[:.](\d{2}))?$/i.exec(text.trim());
    if (!match) return text.trim();
    var hour = parseInt(match[1], 10);
    var minute = parseInt(match[2] || "0", 10);
    if (hour > 23 || minute > 59) return text.trim();
    return (hour < 10 ? "0" : "") + hour + ":" + (minute < 10 ? "0" : "") + minute;
  }

  // "13.00–15.00", "13-15", "klo 13–15" -> ["13:00", "15:00"].
  function timeRange(text) {
    var parts = text.split(/\s*(?:[\u2013\u2014-]|\bto\b|\btill\b|\bklo\b(?=.*\d))\s*/i)
      .filter(function (p) { return p.trim() !== ""; });
    if (!parts.length) return [undefined, undefined];
    return [clock(parts[0]), parts.length > 1 ? clock(parts.slice(1).join("-")) : undefined];
  }

  // A time and a date as the page's language writes them (brochure.core.languages).
  function shownClock(value) {
    if (!value) return "";
    var parts = value.split(":");
    var hour = config.clock.hourDigits > 1 ? parts[0] : String(parseInt(parts[0], 10));
    return hour + config.clock.separator + parts[1];
  }

  // 1.9.2026 (as Finns write) is 2026-09-01.
  function day(text) {
    var match = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text.trim());
    if (!match) return text.trim();
    function two(n) { return (n.length < 2 ? "0" : "") + n; }
    return match[3] + "-" + two(match[2]) + "-" + two(match[1]);
  }

  function shownDay(iso) {
    var match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    if (!match || !config.numericDates) return iso || "";
    return parseInt(match[3], 10) + "." + parseInt(match[2], 10) + "." + match[1];
  }

  // --- reading the form into a group's data ----------------------------------------------

  function read(fields, prefix) {
    var data = {};
    walk(fields, function (field, path) {
      var value = readField(field, path);
      if (value !== undefined) data[field.name] = value;
    }, prefix);
    return data;
  }

  function readField(field, path) {
    var el;
    switch (field.kind) {
      case "constant":
        return field.value;
      case "texts": {
        var texts = {};
        LANGS.forEach(function (lang) {
          var input = one(path + "." + lang);
          var text = input ? input.value.replace(/\r\n?/g, "\n").trim() : "";
          if (text) texts[lang] = text;
        });
        return Object.keys(texts).length ? texts : undefined;
      }
      case "choices": {
        var chosen = Array.prototype.filter.call(byName(path), function (box) {
          return box.checked;
        }).map(function (box) { return box.value; });
        return chosen.length || field.required ? chosen : undefined;
      }
      case "group": {
        var group = read(field.children, path + ".");
        return Object.keys(group).length ? group : undefined;
      }
      case "list": {
        var items = listItems(path).map(function (item, index) {
          var value = read(field.children, path + "." + index + ".");
          var time = one(path + "." + index + ".time");
          if (time && time.value.trim()) {
            var range = timeRange(time.value);
            if (range[0] !== undefined) value.start = range[0];
            if (range[1] !== undefined) value.end = range[1];
          }
          return value;
        }).filter(function (value) { return Object.keys(value).length; });
        return items.length || field.required ? items : undefined;
      }
      case "integer":
        el = one(path);
        if (!el || el.value.trim() === "") return undefined;
        return /^-?\d+$/.test(el.value.trim()) ? parseInt(el.value, 10) : el.value.trim();
      case "boolean":
        el = one(path);
        return el ? el.checked : undefined;
      case "numbers": {
        el = one(path);
        if (!el || !el.value.trim()) return undefined;
        // 63.8385, 23.1307 or 63,8385 23,1307: two numbers; anything else stays as written.
        var text = el.value.trim();
        var match = /^(-?\d+(?:[.,]\d+)?)\s*[;,\s]\s*(-?\d+(?:[.,]\d+)?)$/.exec(text);
        if (!match) match = /^(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)$/.exec(text);
        if (!match) return text;
        return [parseFloat(match[1].replace(",", ".")), parseFloat(match[2].replace(",", "."))];
      }
      case "time":
        el = one(path);
        if (!el || !el.value.trim()) return undefined;
        return clock(el.value);
      case "date":
        el = one(path);
        if (!el || !el.value.trim()) return undefined;
        return day(el.value);
      default:
        el = one(path);
        if (!el) return undefined;
        var value = el.value.trim();
        return value === "" ? undefined : value;
    }
  }

  // The entry as it will be written: the form's fields and what the form decides itself.
  function entry() {
    var data = read(config.fields, "");
    if (data.contact && !data.contact.partner && data.facilitators && data.facilitators[0] &&
        data.facilitators[0].partner) {
      data.contact.partner = data.facilitators[0].partner;
    }
    if (data.schedule && data.schedule.meetings) {
      data.schedule.meetings.forEach(function (m) { if (m.every === 1) delete m.every; });
    }
    return data;
  }

  // --- filling the form from a group's data ----------------------------------------------

  function put(fields, data, prefix) {
    walk(fields, function (field, path) {
      putField(field, path, data ? data[field.name] : undefined);
    }, prefix);
  }

  function putField(field, path, value) {
    var el;
    switch (field.kind) {
      case "constant":
        return;
      case "texts":
        LANGS.forEach(function (lang) {
          var input = one(path + "." + lang);
          if (input) input.value = value && value[lang] ? value[lang] : "";
        });
        return;
      case "choices":
        byName(path).forEach(function (box) {
          box.checked = Array.isArray(value) && value.indexOf(box.value) >= 0;
        });
        return;
      case "group":
        put(field.children, value || {}, path + ".");
        return;
      case "list": {
        var items = Array.isArray(value) ? value : [];
        setItems(path, items.length);
        items.forEach(function (item, index) {
          if (typeof item === "string") item = { start: item, end: item };
          put(field.children, item, path + "." + index + ".");
          var time = one(path + "." + index + ".time");
          if (time) time.value = item && (item.start || item.end) ?
            shownClock(item.start) + "\u2013" + shownClock(item.end) : "";
        });
        return;
      }
      case "boolean":
        el = one(path);
        if (el) el.checked = !!value;
        return;
      case "numbers":
        el = one(path);
        if (el) el.value = Array.isArray(value) ? value.join(", ") : (value || "");
        return;
      case "date":
        el = one(path);
        if (el) el.value = value ? shownDay(String(value)) : "";
        return;
      default:
        el = one(path);
        if (el) el.value = value === undefined || value === null ? "" : String(value);
    }
  }

  // What a new entry starts with: each can be seen and changed.
  function startNew() {
    state.mode = "new";
    state.base = null;
    state.self = null;
    state.slugTouched = false;
    put(config.fields, {}, "");
    var lang = config.checker.vocabularies.languages[config.lang] ? config.lang : LANGS[0];
    put(config.fields, {
      schedule: { season: { start: config.today }, meetings: [{}] },
      languages: [lang],
      facilitators: config.defaults.roles.map(function (role) { return { role: role }; }),
      phase: config.defaults.phase,
      substitute: config.defaults.substitute,
      registration: config.defaults.registration,
      reviewed: config.today,
      meets_on_public_holidays: false
    }, "");
    one("slug").value = "";
    one("slug").readOnly = false;
  }

  // --- the file -------------------------------------------------------------------------

  function quoted(text) {
    return '"' + String(text).replace(/\\/g, "\\\\").replace(/"/g, '\\"')
      .replace(/\n/g, "\\n").replace(/\t/g, "\\t") + '"';
  }

  var AMBIGUOUS = ["y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"];

  function id(text) {
    text = String(text);
    return /^[a-z][a-z0-9-]*$/.test(text) && AMBIGUOUS.indexOf(text) < 0 ? text : quoted(text);
  }

  function scalar(field, value) {
    if (Array.isArray(value)) {
      return "[" + value.map(function (v) {
        return typeof v === "number" ? String(v) : id(v);
      }).join(", ") + "]";
    }
    if (typeof value === "boolean" || typeof value === "number") return String(value);
    switch (field.kind) {
      case "date":
        return /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : quoted(value);
      case "choice":
        return id(value);
      case "texts":
        return "{" + LANGS.filter(function (l) { return value[l]; }).map(function (l) {
          return l + ": " + quoted(value[l]);
        }).join(", ") + "}";
      default:
        return quoted(value);
    }
  }

  function flowMapping(fields, value) {
    var parts = [];
    fields.forEach(function (field) {
      var item = value[field.name];
      if (item === undefined || item === null) return;
      parts.push(field.name + ": " + (field.kind === "group" ? flowMapping(field.children, item)
        : scalar(field, item)));
    });
    return "{" + parts.join(", ") + "}";
  }

  function block(text, indent) {
    var lines = text.split("\n");
    var safe = lines.every(function (line) { return !/^\s/.test(line) && !/\s$/.test(line); });
    if (!safe || lines.length < 2) return null;
    return "|\n" + lines.map(function (line) { return line ? indent + line : ""; }).join("\n");
  }

  function emit(fields, data, indent, out, top) {
    fields.forEach(function (field) {
      var value = data[field.name];
      if (value === undefined || value === null) return;
      if (Array.isArray(value) && !value.length && !field.required) return;
      if (top && field.comment) out.push(indent + "# " + field.comment);
      var head = indent + field.name + ":";
      if (field.kind === "texts" && top) {
        out.push(head);
        LANGS.forEach(function (lang) {
          if (!value[lang]) return;
          var text = field.multiline ? block(value[lang], indent + "    ") : null;
          out.push(indent + "  " + lang + ": " + (text || quoted(value[lang])));
        });
      } else if (field.kind === "group") {
        out.push(head);
        emit(field.children, value, indent + "  ", out, false);
      } else if (field.kind === "list" && value.length) {
        out.push(head);
        value.forEach(function (item) {
          out.push(indent + "  - " + (typeof item === "object" ? flowMapping(field.children, item) : scalar(field, item)));
        });
      } else {
        out.push(head + " " + scalar(field, value));
      }
    });
    return out;
  }

  function fresh(data) {
    var lines = ["# yaml-language-server: $schema=../../schema/group.schema.json"];
    emit(config.fields, data, "", lines, true);
    return lines.join("\n") + "\n";
  }

  // The file: the base file with what changed, or a new file.
  function write(data) {
    if (state.base !== null) {
      // A field the file leaves out, still at its default (a yes/no left unticked), stays out.
      var before = checker.read(state.base) || {};
      config.fields.forEach(function (field) {
        var value = data[field.name];
        if (!(field.name in before) && (value === field.value && value !== null ||
            Array.isArray(value) && !value.length && !field.required)) {
          delete data[field.name];
        }
      });
      var edited = checker.edit(state.base, data);
      if (edited.text !== null) return { yaml: edited.text, changes: edited.changes, whole: false };
      return { yaml: fresh(data), changes: edited.changes, whole: true };
    }
    return { yaml: fresh(data), changes: null, whole: false };
  }

  // --- messages in the form's words -------------------------------------------------------

  function plainPath(loc) {
    return loc.filter(function (p) { return typeof p === "string"; }).join(".");
  }

  function labelOf(loc) {
    var path = plainPath(loc);
    var parts = path.split(".");
    var last = parts[parts.length - 1];
    if (LANGS.indexOf(last) >= 0 && config.labels[parts.slice(0, -1).join(".")]) {
      return config.labels[parts.slice(0, -1).join(".")] + " (" + config.languageNames[last] + ")";
    }
    if ((last === "start" || last === "end") && parts[1] === "meetings") {
      return config.labels["schedule.meetings.time"];
    }
    return config.labels[path] || last || "";
  }

  function valueAt(data, loc) {
    var value = data;
    for (var i = 0; i < loc.length; i++) {
      if (value === null || value === undefined || typeof value !== "object") return undefined;
      value = value[loc[i]];
    }
    return value;
  }

  function fieldAt(path) {
    var fields = config.fields;
    var found = null;
    path.split(".").forEach(function (part) {
      found = null;
      (fields || []).forEach(function (f) { if (f.name === part) found = f; });
      fields = found ? found.children : [];
    });
    return found;
  }

  // A missing field's own place (the checker points at the mapping that lacks it).
  function missingLoc(problem) {
    var loc = (problem.loc || []).slice();
    if (problem.rule === "missing-field" && problem.params.field && loc[loc.length - 1] !== problem.params.field) {
      loc.push(problem.params.field);
    }
    return loc;
  }

  // Where on the page a problem belongs: the loc of the finding, in the form's names.
  function placeOf(problem) {
    var loc = missingLoc(problem);
    if (problem.rule === "finnish-required") loc.push(problem.params.language || LANGS[0]);
    if (problem.rule === "missing-translation" && problem.params.language) {
      loc.push(problem.params.language);
    }
    var field = fieldAt(plainPath(loc));
    if (problem.rule === "missing-field" && field && field.kind === "texts") loc.push(LANGS[0]);
    var path = loc.join(".");
    path = path.replace(/^(schedule\.meetings\.\d+)\.(start|end)$/, "$1.time");
    if (/^slug-/.test(problem.rule)) path = "slug";
    return path;
  }

  function formMessage(problem, data) {
    var template = config.formMessages[problem.rule];
    var loc = missingLoc(problem);
    if (problem.rule === "finnish-required") loc.push(problem.params.language || LANGS[0]);
    if (/^slug-/.test(problem.rule)) loc = ["slug"];
    if (!template) return problem.message + " " + problem.hint;
    var params = checker.words.localized(problem.params);
    params.label = /^slug-/.test(problem.rule) ? config.labels.slug || "" : labelOf(loc);
    if (params.value === undefined || params.value === "") {
      var value = valueAt(data, problem.loc || []);
      if (value !== undefined && value !== null && typeof value !== "object") params.value = String(value);
    }
    if (problem.params.value !== undefined && /^(time-format)$/.test(problem.rule)) {
      params.value = String(problem.params.value).replace(/^"|"$/g, "");
    }
    if (problem.rule === "facilitators-same-organisation") {
      var partner = config.checker.partners[problem.params.partner];
      params.partner = partner ? (partner[config.lang] || partner.fi || problem.params.partner) : problem.params.partner;
    }
    if (problem.rule === "missing-translation") {
      params.fields = String(problem.params.fields).split(", ").map(function (name) {
        return config.labels[name] || name;
      }).join(", ");
    }
    var text = fill(template, params).trim();
    return text.charAt(0).toUpperCase() + text.slice(1);
  }

  function errorElement(path) {
    var el = document.getElementById("e-" + path.replace(/\./g, "-"));
    var parts = path.split(".");
    while (!el && parts.length > 1) {
      parts.pop();
      el = document.getElementById("e-" + parts.join("-"));
    }
    return el;
  }

  function openAround(el) {
    for (var node = el; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") node.open = true;
    }
  }

  function clearMessages() {
    form.querySelectorAll(".f-error").forEach(function (el) {
      el.hidden = true;
      el.textContent = "";
    });
    form.querySelectorAll("[aria-invalid]").forEach(function (el) {
      el.removeAttribute("aria-invalid");
    });
  }

  function show(problems, data) {
    clearMessages();
    var summary = document.getElementById("form-summary");
    var ok = document.getElementById("form-ok");
    summary.textContent = "";
    ok.textContent = "";
    var errors = problems.filter(function (p) { return p.severity === "error"; });
    var warnings = problems.filter(function (p) { return p.severity === "warning"; });
    var shown = errors.length ? errors : warnings;
    var seen = {};
    var list = document.createElement("ul");
    shown = shown.map(function (problem, index) {
      var anchor = one(placeOf(problem)) || errorElement(placeOf(problem));
      return { problem: problem, anchor: anchor, index: index };
    }).sort(function (a, b) {
      if (a.anchor && b.anchor && a.anchor !== b.anchor) {
        return a.anchor.compareDocumentPosition(b.anchor) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
      }
      return a.anchor ? (b.anchor ? a.index - b.index : -1) : (b.anchor ? 1 : a.index - b.index);
    }).map(function (entry) { return entry.problem; });
    shown.forEach(function (problem) {
      var place = placeOf(problem);
      var text = formMessage(problem, data);
      if (seen[place + "|" + text]) return;
      seen[place + "|" + text] = true;
      var el = errorElement(place);
      if (el && errors.length) {
        el.hidden = false;
        el.textContent = el.textContent ? el.textContent + " " + text : text;
        openAround(el);
      }
      var control = one(place);
      if (control && errors.length) {
        control.setAttribute("aria-invalid", "true");
        openAround(control);
      }
      var item = document.createElement("li");
      item.setAttribute("data-rule", problem.rule);
      var target = control || (el && el.closest("fieldset, .f-field"));
      if (target && errors.length) {
        var link = document.createElement("a");
        link.href = "#" + (control ? control.id : el.id);
        link.textContent = text;
        link.addEventListener("click", function (event) {
          event.preventDefault();
          var focusable = control || target.querySelector("input, select, textarea");
          if (focusable) focusable.focus();
        });
        item.appendChild(link);
      } else {
        item.textContent = text;
      }
      list.appendChild(item);
    });
    if (errors.length) {
      summary.hidden = false;
      summary.className = "f-summary f-bad";
      var heading = document.createElement("p");
      heading.textContent = words.problems;
      summary.appendChild(heading);
      summary.appendChild(list);
      summary.focus();
      return;
    }
    summary.hidden = true;
    ok.textContent = warnings.length ? words.checkedWarnings : words.checked;
    if (warnings.length) {
      summary.hidden = false;
      summary.className = "f-summary";
      summary.appendChild(list);
    }
  }

  // --- the changes in words ---------------------------------------------------------------

  function describe(path, value) {
    if (value === undefined || value === null) return "\u2013";
    var field = path.filter(function (p) { return typeof p === "string"; });
    var last = field[field.length - 1];
    if (Array.isArray(value)) {
      return value.map(function (v, i) { return describe(path.concat([i]), v); }).join(", ");
    }
    if (typeof value === "object") {
      return Object.keys(value).map(function (k) {
        return describe(path.concat([k]), value[k]);
      }).join(", ");
    }
    if (typeof value === "boolean") return value ? "\u2713" : "\u2013";
    if (last === "start" || last === "end") {
      if (/^\d\d:\d\d$/.test(value)) return shownClock(value);
      if (/^\d{4}-\d\d-\d\d$/.test(value)) return shownDay(value);
    }
    if (/^\d{4}-\d\d-\d\d$/.test(String(value))) return shownDay(String(value));
    var option = form.querySelector('[name$="' + last + '"] option[value="' + String(value).replace(/"/g, "") + '"]') ||
      form.querySelector('input[type="checkbox"][value="' + String(value).replace(/"/g, "") + '"] + label');
    if (option) return option.textContent.trim();
    var partner = config.checker.partners[value];
    if (partner && /partner/.test(last)) return partner[config.lang] || partner.fi || value;
    return String(value);
  }

  function showChanges(changes) {
    var holder = document.getElementById("form-changes");
    holder.textContent = "";
    if (changes === null) return;
    var heading = document.createElement("h3");
    heading.textContent = words.changes;
    holder.appendChild(heading);
    if (!changes.length) {
      var none = document.createElement("p");
      none.textContent = words.noChanges;
      holder.appendChild(none);
      return;
    }
    var list = document.createElement("ul");
    list.id = "form-change-list";
    changes.forEach(function (change) {
      var item = document.createElement("li");
      var label = labelOf(change.path);
      if (change.old === undefined) {
        item.textContent = label + ": " + describe(change.path, change["new"]) + " (" + words.added + ")";
      } else if (change["new"] === undefined) {
        item.textContent = label + ": " + describe(change.path, change.old) + " (" + words.removed + ")";
      } else {
        item.textContent = label + ": " + describe(change.path, change.old) + " \u2192 " +
          describe(change.path, change["new"]);
      }
      list.appendChild(item);
    });
    holder.appendChild(list);
  }

  // --- GitHub and e-mail ------------------------------------------------------------------

  function githubTarget(slug, yaml) {
    var gh = config.github;
    if (!gh) return null;
    var base = "https://github.com/" + gh.owner + "/" + gh.repo;
    var file = "content/groups/" + slug + ".yaml";
    if (state.mode === "change") {
      return { url: base + "/edit/" + encodeURIComponent(gh.branch) + "/" + file, copy: true };
    }
    var url = base + "/new/" + encodeURIComponent(gh.branch) + "?filename=" +
      encodeURIComponent(file).replace(/%2F/g, "/") + "&value=" + encodeURIComponent(yaml);
    if (url.length <= config.maxUrl) return { url: url, copy: false };
    return { url: base + "/new/" + encodeURIComponent(gh.branch) + "?filename=" +
      encodeURIComponent(file).replace(/%2F/g, "/"), copy: true, tooLong: true };
  }

  function base64url(bytes) {
    var text = "";
    for (var i = 0; i < bytes.length; i++) text += String.fromCharCode(bytes[i]);
    return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function unbase64url(text) {
    var raw = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  function streamBytes(bytes, stream) {
    var body = new Blob([bytes]).stream().pipeThrough(stream);
    return new Response(body).arrayBuffer().then(function (buffer) { return new Uint8Array(buffer); });
  }

  // The entry in the address's fragment (never sent to any server): deflated where the
  // browser can, as base64url; "z" marks deflated text, "t" plain text.
  function packEntry(payload) {
    var bytes = new TextEncoder().encode(JSON.stringify(payload));
    if (typeof CompressionStream === "undefined") return Promise.resolve("t" + base64url(bytes));
    return streamBytes(bytes, new CompressionStream("deflate-raw")).then(function (packed) {
      return "z" + base64url(packed);
    });
  }

  function unpackEntry(text) {
    var bytes = unbase64url(text.slice(1));
    var ready = text.charAt(0) === "z" ? streamBytes(bytes, new DecompressionStream("deflate-raw"))
      : Promise.resolve(bytes);
    return ready.then(function (plain) { return JSON.parse(new TextDecoder().decode(plain)); });
  }

  // Lines the form writes into every new entry (its comments in the page's language and the
  // default substitute texts): a link leaves them out and the form it opens puts them back,
  // so that a short entry fits in an e-mail link. A fingerprint of the whole file makes sure
  // the file comes back the same, or not at all.
  function knownLines() {
    var lines = ["# yaml-language-server: $schema=../../schema/group.schema.json"];
    config.fields.forEach(function (field) { if (field.comment) lines.push("# " + field.comment); });
    LANGS.forEach(function (lang) {
      var text = config.defaults.substitute[lang];
      if (text) lines.push("  " + lang + ": " + quoted(text));
    });
    return lines;
  }

  function fingerprint(text) {
    var hash = 0x811c9dc5;
    for (var i = 0; i < text.length; i++) {
      hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
    }
    return text.length.toString(36) + "." + hash.toString(36);
  }

  // A known line becomes U+0001 and its number; a file that has the character itself
  // (never a valid entry) is sent as it is.
  function shorten(yaml) {
    if (yaml.indexOf("\u0001") >= 0) return null;
    var known = knownLines();
    return yaml.split("\n").map(function (line) {
      var at = known.indexOf(line);
      return at >= 0 ? "\u0001" + at : line;
    }).join("\n");
  }

  function lengthen(text, print) {
    var known = knownLines();
    var broken = false;
    var yaml = text.split("\n").map(function (line) {
      if (line.charAt(0) !== "\u0001") return line;
      var at = Number(line.slice(1));
      if (!(at >= 0 && at < known.length)) broken = true;
      return known[at];
    }).join("\n");
    return !broken && fingerprint(yaml) === print ? yaml : null;
  }

  function entryPayload(slug, yaml) {
    var short = shorten(yaml);
    if (short === null) return { v: 1, mode: state.mode, slug: slug, self: state.self, yaml: yaml };
    return { v: 2, mode: state.mode, slug: slug, self: state.self, yaml: short, print: fingerprint(yaml) };
  }

  // The file as sent: a version 2 link carries the entry without the form's own lines.
  function sentYaml(payload) {
    if (!payload || typeof payload.yaml !== "string") return null;
    if (payload.v === 2) return typeof payload.print === "string" ? lengthen(payload.yaml, payload.print) : null;
    return payload.yaml;
  }

  function pageAddress() {
    return location.href.split("#")[0];
  }

  function summaryLines(data) {
    var lines = [];
    function add(path, value) {
      if (value === undefined || value === null || value === "") return;
      lines.push(config.labels[path] + ": " + value);
    }
    add("name", data.name && (data.name[config.lang] || data.name[LANGS[0]]));
    add("municipality", data.municipality && describe(["municipality"], data.municipality));
    var venue = data.venue || {};
    add("venue", [venue.name && (venue.name[config.lang] || venue.name[LANGS[0]]), venue.address]
      .filter(Boolean).join(", "));
    var schedule = data.schedule || {};
    (schedule.meetings || []).forEach(function (m) {
      add("schedule.meetings", [describe(["schedule", "meetings", 0, "weekday"], m.weekday),
        shownClock(m.start) + "\u2013" + shownClock(m.end)].join(" "));
    });
    add("schedule.season.start", schedule.season && shownDay(schedule.season.start));
    var contact = data.contact || {};
    add("contact", [contact.phone, contact.email].filter(Boolean).join(", "));
    return lines;
  }

  function mailto(subject, body) {
    return "mailto:" + encodeURIComponent(config.coordinator).replace(/%40/g, "@") +
      "?subject=" + encodeURIComponent(subject) + "&body=" + encodeURIComponent(body);
  }

  // The message to the coordinator: with a link that holds the entry; or, when that would
  // make the address longer than mail programs take (some cut it off near 2,000 characters,
  // and the entry would be lost without a word), a message that asks the partner to paste
  // the copied entry or attach the downloaded file ({href, long}).
  function mailHref(slug, yaml, data) {
    if (!config.coordinator) return Promise.resolve(null);
    var name = data.name ? (data.name[config.lang] || data.name[LANGS[0]] || slug) : slug;
    var subject = fill(state.mode === "change" ? words.mailSubjectChange : words.mailSubjectNew, { name: name });
    var summary = words.mailSummary + "\n" +
      summaryLines(data).map(function (l) { return "- " + l; }).join("\n") + "\n";
    return packEntry(entryPayload(slug, yaml)).then(function (packed) {
      var link = pageAddress() + "#entry=" + packed;
      var href = mailto(subject, words.mailIntro + "\n\n" + link + "\n\n" + summary);
      if (href.length <= config.maxMail) return { href: href, long: false };
      var file = { file: slug + ".yaml" };
      return { href: mailto(subject, fill(words.mailLongIntro, file) + "\n\n" + summary + "\n" +
        fill(words.mailPasteHere, file) + "\n"), long: true };
    });
  }

  // The file to download: the form's YAML byte for byte (UTF-8), named after the group.
  function offerDownload(slug, yaml) {
    var link = document.getElementById("form-mail-download");
    if (state.download) URL.revokeObjectURL(state.download);
    state.download = URL.createObjectURL(new Blob([yaml], { type: "application/yaml" }));
    link.href = state.download;
    link.setAttribute("download", slug + ".yaml");
  }

  function copy(text) {
    var status = document.getElementById("form-status");
    function fallback() {
      var area = document.getElementById("form-yaml");
      area.closest("details").open = true;
      area.focus();
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      if (!ok) status.textContent = words.copyFailed;
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).catch(fallback);
    } else {
      fallback();
    }
  }

  // --- checking ---------------------------------------------------------------------------

  function suggestSlug(name) {
    return name.toLowerCase().replace(/[äå]/g, "a").replace(/ö/g, "o")
      .normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60).replace(/-+$/, "");
  }

  function currentSlug(data) {
    var input = one("slug");
    if (!state.slugTouched && state.mode === "new" && data.name && data.name[LANGS[0]]) {
      var slug = suggestSlug(data.name[LANGS[0]]);
      var taken = checker.taken(null);
      var candidate = slug;
      for (var n = 2; taken.has(candidate); n++) candidate = slug + "-" + n;
      input.value = candidate;
    }
    return input.value.trim();
  }

  function check() {
    var data = entry();
    var slug = currentSlug(data);
    // A short code of its own: the form picks a free one (checked against every group and
    // the deleted groups) for a new group, and keeps a published group's.
    var code = one("code");
    if (code && !code.value.trim() && state.mode === "new" && checker.validSlug(slug)) {
      code.value = checker.suggestCode(slug);
      data.code = code.value;
    }
    var written = write(data);
    // The file name comes from the name: until there is one, the rest is checked without it.
    var named = checker.validSlug(slug);
    var result = checker.check(written.yaml, { slug: named ? slug : "uusi-ryhma", self: state.self, every: true });
    if (!named && data.name && data.name[LANGS[0]]) {
      result.problems.push({ rule: "slug-format", severity: "error", params: { value: slug }, loc: ["slug"] });
    }
    var problems = result.problems.slice();
    if (state.mode === "new" && state.self === null && slug && checker.taken(null).has(slug)) {
      problems.push({ rule: "slug-taken", severity: "error", params: {}, loc: ["slug"], message: words.slugTaken, hint: "" });
    }
    show(problems, data);
    var section = document.getElementById("form-result");
    var errors = problems.filter(function (p) { return p.severity === "error"; }).length;
    if (errors) {
      section.hidden = true;
      state.result = null;
      return;
    }
    document.getElementById("form-yaml").value = written.yaml;
    showChanges(written.whole ? [] : written.changes);
    if (written.whole) document.getElementById("form-changes").appendChild(document.createTextNode(words.wholeFile));
    document.getElementById("github-steps-new").hidden = state.mode !== "new";
    document.getElementById("github-steps-update").hidden = state.mode === "new";
    var target = githubTarget(slug, written.yaml);
    state.result = { yaml: written.yaml, target: target };
    var open = document.getElementById("form-open");
    var instruction = document.getElementById("form-instruction");
    if (target) {
      open.href = target.url;
      open.target = "_blank";
      open.rel = "noopener";
      open.hidden = false;
      instruction.textContent = target.copy ? (target.tooLong ? words.copiedNew : words.copied) : "";
    } else {
      open.hidden = true;
    }
    var mail = document.getElementById("form-mail");
    var long = document.getElementById("form-mail-long");
    mail.removeAttribute("data-ready");
    mailHref(slug, written.yaml, data).then(function (made) {
      if (!made) return;
      long.hidden = !made.long;
      document.getElementById("form-mail-link-note").hidden = made.long;
      if (made.long) offerDownload(slug, written.yaml);
      mail.href = made.href;
      mail.setAttribute("data-long", String(made.long));
      mail.setAttribute("data-ready", "true");
    });
    section.hidden = false;
  }

  document.getElementById("form-check").addEventListener("click", check);
  document.getElementById("form-open").addEventListener("click", function () {
    if (state.result && state.result.target && state.result.target.copy) copy(state.result.yaml);
  });
  document.getElementById("form-copy").addEventListener("click", function () {
    if (state.result) copy(state.result.yaml);
  });
  document.getElementById("form-mail-copy").addEventListener("click", function () {
    if (!state.result) return;
    copy(state.result.yaml);
    document.getElementById("form-status").textContent = words.mailCopied;
  });
  one("slug").addEventListener("input", function () { state.slugTouched = true; });

  // --- new group or change ---------------------------------------------------------------

  var changeChoice = document.getElementById("change-choice");
  var changeSelect = document.getElementById("change-group");
  var changeNote = document.getElementById("change-note");
  var restart = document.getElementById("restart-season");

  config.groups.forEach(function (group) {
    var option = document.createElement("option");
    option.value = group.slug;
    option.textContent = group.name + (group.status !== "published" ? " (" + words.hiddenGroup + ")" : "");
    changeSelect.appendChild(option);
  });

  function setMode(mode) {
    changeChoice.hidden = mode !== "change";
    document.getElementById("form-mode-" + mode).checked = true;
    if (mode === "new") startNew();
    else state.mode = "change";
    one("slug").readOnly = mode === "change";
    document.getElementById("form-result").hidden = true;
  }

  form.querySelectorAll('[name="form-mode"]').forEach(function (radio) {
    radio.addEventListener("change", function () { setMode(radio.value); });
  });

  // The base file, put into the form.
  function load(text, mode, slug, self) {
    var data = checker.read(text);
    if (!data) return false;
    state.mode = mode;
    state.base = text;
    state.self = self;
    state.slugTouched = true;
    put(config.fields, {}, "");
    put(config.fields, data, "");
    one("slug").value = slug || "";
    one("slug").readOnly = mode === "change";
    changeChoice.hidden = mode !== "change";
    document.getElementById("form-mode-" + mode).checked = true;
    return true;
  }

  function choose(slug) {
    var group = config.groups.filter(function (g) { return g.slug === slug; })[0];
    if (!group) return Promise.resolve(false);
    return fetch(ROOT + group.source).then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      return response.text();
    }).then(function (text) {
      load(text, "change", group.slug, group.slug);
      var notes = [fill(words.published, { date: shownDay(config.today) })];
      if (group.status === "season-ended") notes.unshift(words.ended);
      if (group.status === "review-overdue") notes.unshift(words.overdue);
      changeNote.textContent = notes.join(" ");
      restart.hidden = group.status === "published";
      return true;
    }).catch(function () {
      changeNote.textContent = words.loadFailed;
      return false;
    });
  }

  changeSelect.addEventListener("change", function () {
    if (changeSelect.value) choose(changeSelect.value);
  });

  // Restarting a season: it starts today and ends when the last one did in its year; breaks and
  // cancellations of the old season go; the details count as checked today.
  restart.addEventListener("click", function () {
    var data = entry();
    var schedule = data.schedule || {};
    var season = schedule.season || {};
    var start = config.today;
    var end;
    // The season ends on the same day of the year as the last one did (end of May).
    if (/^\d{4}-\d\d-\d\d$/.test(String(season.end || ""))) {
      var year = parseInt(start.slice(0, 4), 10);
      end = year + season.end.slice(4);
      if (end <= start) end = (year + 1) + season.end.slice(4);
    }
    schedule.season = end ? { start: start, end: end } : { start: start };
    schedule.breaks = (schedule.breaks || []).filter(function (b) {
      return typeof b === "object" && b.start >= start && (!end || b.end <= end);
    });
    data.schedule = schedule;
    data.cancellations = (data.cancellations || []).filter(function (c) {
      return c.date >= start && (!end || c.date <= end);
    });
    data.reviewed = config.today;
    put(config.fields, data, "");
    changeNote.textContent = words.restartDone;
    var first = one("schedule.season.start");
    if (first) first.focus();
  });

  // --- check a finished file --------------------------------------------------------------

  var pasted = document.getElementById("check-file");
  var runCheck = document.getElementById("check-file-run");
  var loadButton = document.getElementById("check-file-load");
  var fileResult = document.getElementById("check-file-result");

  // The pasted file's own group, when its short code is a published group's.
  function ownerOf(data) {
    if (!data || typeof data.code !== "string") return null;
    for (var slug in config.checker.groups) {
      if (config.checker.groups[slug] === data.code) return slug;
    }
    return null;
  }

  runCheck.addEventListener("click", function () {
    var text = pasted.value;
    var data = checker.read(text);
    var owner = ownerOf(data);
    var slug = owner || one("slug").value.trim() || "uusi-ryhma";
    var result = checker.check(text, { slug: slug, self: owner });
    fileResult.textContent = "";
    var errors = result.problems.filter(function (p) { return p.severity === "error"; });
    var heading = document.createElement("p");
    heading.textContent = data === null ? words.fileUnreadable :
      (errors.length ? fill(words.fileErrors, { count: errors.length }) : words.fileOk);
    fileResult.appendChild(heading);
    var list = document.createElement("ul");
    result.problems.forEach(function (problem) {
      var item = document.createElement("li");
      item.setAttribute("data-rule", problem.rule);
      item.setAttribute("data-severity", problem.severity);
      item.textContent = fill(words.line, { line: problem.line }) + ": " + problem.message +
        (problem.hint ? " " + problem.hint : "");
      list.appendChild(item);
    });
    if (result.problems.length) fileResult.appendChild(list);
    loadButton.hidden = data === null;
    loadButton.onclick = function () {
      load(text, owner ? "change" : "new", slug, owner);
      if (owner) changeSelect.value = owner;
      document.getElementById("form-ok").textContent = words.loaded;
      var first = form.querySelector("input:not([type=radio]), select, textarea");
      if (first) first.focus();
    };
  });

  // --- an entry sent by e-mail -------------------------------------------------------------

  function restore() {
    var match = /^#entry=([tz][A-Za-z0-9_-]+)$/.exec(location.hash);
    if (!match) return Promise.resolve(false);
    var failed = function () {
      document.getElementById("form-ok").textContent = words.linkBroken;
      return false;
    };
    return unpackEntry(match[1]).then(function (payload) {
      var yaml = sentYaml(payload);
      if (yaml === null) return failed();
      if (!load(yaml, payload.mode === "change" ? "change" : "new", payload.slug, payload.self || null)) return failed();
      if (payload.mode === "change" && payload.self) changeSelect.value = payload.self;
      check();
      var ok = document.getElementById("form-ok");
      ok.textContent = words.restored + " " + ok.textContent;
      return true;
    }).catch(failed);
  }

  // For people and tests who want to look inside: the entry, its file and the checker.
  window.brochureForm = { entry: entry, write: write, checker: checker, state: state };

  startNew();
  form.setAttribute("data-ready", "pending");
  restore().then(function () { form.setAttribute("data-ready", "true"); });
  window.addEventListener("hashchange", function () { restore(); });
})();
