/* The form page "Lisää tai päivitä ryhmä": from fields to a checked YAML file and GitHub.
 *
 * Everything happens in this browser: no request leaves the site (the published groups come
 * from its own data/groups.json), nothing is stored. The fields, their labels, the allowed
 * values and the messages come from the page (#form-config, made by brochure/form.py from the
 * group model and the vocabularies); the JSON Schema check is the bundled ajv validator
 * (group-validator.js, made by `make validator` from schema/group.schema.json); the rules that
 * need other files (the facilitator pair, a professional while piloting) are checked here.
 */
(function () {
  "use strict";

  var form = document.getElementById("group-form");
  var configElement = document.getElementById("form-config");
  if (!form || !configElement) return;
  var config = JSON.parse(configElement.textContent);
  var words = config.words;
  var validateSchema = window.brochureValidateGroup;
  if (validateSchema && typeof validateSchema !== "function") validateSchema = validateSchema.default;

  var nojs = document.getElementById("form-nojs");
  if (nojs) nojs.hidden = true;
  form.hidden = false;

  var LANGS = config.languages;
  var AMBIGUOUS = ["y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"];
  var mode = "new";
  var slugTouched = false;
  var records = null;

  // --- fields -------------------------------------------------------------------------

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

  // A new group starts with one meeting and the facilitator pair.
  var START_ITEMS = { facilitators: 2, meetings: 1 };

  function initialItems(fields, prefix) {
    walk(fields, function (field, path) {
      if (field.kind === "list") setItems(path, START_ITEMS[field.name] || 0);
      if (field.kind === "group") initialItems(field.children, path + ".");
    }, prefix);
  }

  // --- reading the form into data --------------------------------------------------------

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
      case "choices":
        return Array.prototype.filter.call(byName(path), function (box) {
          return box.checked;
        }).map(function (box) { return box.value; });
      case "group": {
        var group = read(field.children, path + ".");
        return Object.keys(group).length ? group : undefined;
      }
      case "list":
        return listItems(path).map(function (item, index) {
          return read(field.children, path + "." + index + ".");
        });
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
        var parts = el.value.split(/[;,\s]+/).filter(Boolean).map(Number);
        return parts;
      }
      case "time":
        el = one(path);
        if (!el || !el.value.trim()) return undefined;
        return clock(el.value.trim());
      case "date":
        el = one(path);
        if (!el || !el.value.trim()) return undefined;
        return day(el.value.trim());
      default:
        el = one(path);
        if (!el) return undefined;
        var text = el.value.trim();
        return text === "" ? undefined : text;
    }
  }

  // 9.30, 9:30 and 09:30 are the same time; 24:00 is not one.
  function clock(text) {
    var match = /^(\d{1,2})(?:[:.](\d{2}))?$/.exec(text);
    if (!match) return text;
    var hour = parseInt(match[1], 10);
    var minute = parseInt(match[2] || "0", 10);
    if (hour > 23 || minute > 59) return text;
    return (hour < 10 ? "0" : "") + hour + ":" + (minute < 10 ? "0" : "") + minute;
  }

  // 1.9.2026 (as Finns write) is 2026-09-01.
  function day(text) {
    var match = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
    if (!match) return text;
    function two(n) { return (n.length < 2 ? "0" : "") + n; }
    return match[3] + "-" + two(match[2]) + "-" + two(match[1]);
  }

  // --- filling the form from data (a published group) ---------------------------------------

  function fill(fields, data, prefix) {
    walk(fields, function (field, path) {
      fillField(field, path, data ? data[field.name] : undefined);
    }, prefix);
  }

  function fillField(field, path, value) {
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
        fill(field.children, value || {}, path + ".");
        return;
      case "list": {
        var items = Array.isArray(value) ? value : [];
        setItems(path, items.length);
        items.forEach(function (item, index) {
          fill(field.children, item, path + "." + index + ".");
        });
        return;
      }
      case "boolean":
        el = one(path);
        if (el) el.checked = !!value;
        return;
      case "numbers":
        el = one(path);
        if (el) el.value = Array.isArray(value) ? value.join(", ") : "";
        return;
      default:
        el = one(path);
        if (el) el.value = value === undefined || value === null ? "" : String(value);
    }
  }

  // A record of data/groups.json in the shape of a group file.
  function fromRecord(record) {
    function ids(list) {
      return (list || []).map(function (item) { return item.id; });
    }
    var schedule = record.schedule || {};
    var venue = record.venue || {};
    var contact = record.contact || {};
    var promises = record.promises || {};
    return {
      name: record.name, summary: record.summary, description: record.description,
      municipality: record.municipality && record.municipality.id,
      venue: {
        name: venue.name, address: venue.address, accessibility: ids(venue.accessibility),
        coordinates: venue.coordinates ? [venue.coordinates.latitude,
          venue.coordinates.longitude] : undefined
      },
      schedule: {
        season: schedule.season || {},
        meetings: (schedule.meetings || []).map(function (m) {
          return { weekday: m.weekday, start: m.start, end: m.end, every: m.every_weeks };
        }),
        breaks: schedule.breaks || []
      },
      audiences: ids(record.audiences), activities: ids(record.activities),
      languages: ids(record.languages),
      facilitators: (record.facilitators || []).map(function (f) {
        return { role: f.role, partner: f.partner && f.partner.id, name: f.name };
      }),
      phase: record.phase, substitute: record.substitute,
      contact: {
        partner: contact.partner && contact.partner.id, name: contact.name,
        phone: contact.phone, email: contact.email
      },
      registration: promises.registration,
      max_participants: record.max_participants,
      reviewed: config.today,
      code: record.code,
      meets_on_public_holidays: record.meets_on_public_holidays,
      cancellations: record.cancellations
    };
  }

  // --- checking --------------------------------------------------------------------------

  function fillIn(template, params) {
    return template.replace(/%\((\w+)\)s/g, function (_, key) {
      return params[key] === undefined ? "" : String(params[key]);
    });
  }

  function say(rule, params) {
    var words = config.rules[rule];
    params = params || {};
    if (params.suggestion === undefined) params.suggestion = "";
    return fillIn(words.message, params) + " " + fillIn(words.hint, params);
  }

  function shortName(path) {
    var parts = path.split(".").filter(function (p) { return !/^\d+$/.test(p); });
    var last = parts[parts.length - 1];
    var full = parts.join(".");
    return (config.labels[full] || last).toLowerCase();
  }

  function fieldAt(path) {
    var parts = path.split(".").filter(function (p) { return !/^\d+$/.test(p); });
    var fields = config.fields;
    var found = null;
    parts.forEach(function (part) {
      found = null;
      (fields || []).forEach(function (f) { if (f.name === part) found = f; });
      fields = found ? found.children : [];
    });
    return found;
  }

  function choiceWords(field) {
    var labels = [];
    form.querySelectorAll('select[name$="' + field.name + '"] option').forEach(function (o) {
      if (o.value && labels.indexOf(o.textContent) < 0) labels.push(o.textContent);
    });
    if (labels.length < 2) return labels.join("");
    return labels.slice(0, -1).join(", ") + " " + words.or + " " + labels[labels.length - 1];
  }

  function schemaProblems(data) {
    var problems = [];
    if (!validateSchema) return problems;
    validateSchema(data);
    (validateSchema.errors || []).forEach(function (error) {
      var path = error.instancePath.split("/").filter(Boolean).join(".");
      var field;
      if (error.keyword === "required") {
        path = path ? path + "." + error.params.missingProperty : error.params.missingProperty;
        field = fieldAt(path);
        if (field && field.kind === "texts") return;  // said as finnish-required below
        problems.push({ path: path, text: say("missing-field", { field: shortName(path) }) });
      } else if (error.keyword === "enum") {
        field = fieldAt(path);
        problems.push({ path: path, text: say("invalid-value", {
          value: String(error.data === undefined ? "" : error.data), field: shortName(path),
          allowed: field ? choiceWords(field) : "" }) });
      } else if (error.keyword === "pattern") {
        problems.push({ path: path, text: say("time-format", { value: "", suggestion: '"13:00"' }) });
      } else if (error.keyword === "format") {
        problems.push({ path: path, text: say("date-format", { value: "", suggestion: "2026-09-01" }) });
      } else if (error.keyword === "type" || error.keyword === "minItems" ||
                 error.keyword === "maxItems") {
        problems.push({ path: path, text: say("wrong-type", { field: shortName(path), expected: "" }) });
      }
    });
    return problems;
  }

  function ruleProblems(data) {
    var problems = [];
    function add(path, rule, params) {
      problems.push({ path: path, text: say(rule, params) });
    }
    walk(config.fields, function (field, path) {
      if (field.kind === "texts" && field.required && !(data[field.name] || {}).fi) {
        add(path + ".fi", "finnish-required", { field: shortName(path) });
      }
    });
    var venue = data.venue || {};
    if (!(venue.name || {}).fi) add("venue.name.fi", "finnish-required", { field: shortName("venue.name") });
    LANGS.forEach(function (lang) {
      var summary = (data.summary || {})[lang];
      if (summary && summary.length > 160) {
        add("summary." + lang, "summary-too-long", { language: lang, length: summary.length, limit: 160 });
      }
    });
    var facilitators = data.facilitators || [];
    if (facilitators.length < 2) {
      add("facilitators", "two-facilitators", { count: facilitators.length });
    } else {
      var partners = facilitators.map(function (f) { return f.partner; }).filter(Boolean);
      if (partners.length === facilitators.length &&
          partners.every(function (p) { return p === partners[0]; })) {
        var option = form.querySelector('select[name="facilitators.0.partner"] option[value="' +
          partners[0] + '"]');
        add("facilitators", "facilitators-same-organisation",
          { partner: option ? option.textContent : partners[0] });
      }
    }
    if (data.phase === "pilot" && !facilitators.some(function (f) { return f.role === "professional"; })) {
      add("phase", "pilot-needs-professional", {});
    }
    var contact = data.contact || {};
    if (!contact.phone && !contact.email) add("contact.phone", "contact-missing", {});
    if (contact.email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(contact.email)) {
      add("contact.email", "email-invalid", { value: contact.email });
    }
    if (contact.phone && !/^\+?[\d\s()-]{6,20}$/.test(contact.phone)) {
      add("contact.phone", "phone-invalid", { value: contact.phone });
    }
    var schedule = data.schedule || {};
    (schedule.meetings || []).forEach(function (m, i) {
      if (m.start && m.end && m.end <= m.start) {
        add("schedule.meetings." + i + ".end", "time-order", { start: m.start, end: m.end });
      }
    });
    var season = schedule.season || {};
    if (season.start && season.end && season.end < season.start) {
      add("schedule.season.end", "season-order", { start: season.start, end: season.end });
    }
    (schedule.breaks || []).forEach(function (b, i) {
      if (b.start && b.end && b.end < b.start) {
        add("schedule.breaks." + i + ".start", "break-order", { start: b.start, end: b.end });
      }
    });
    return problems;
  }

  function slugProblems(slug) {
    if (!/^[a-z0-9][a-z0-9-]{1,58}[a-z0-9]$/.test(slug) || slug.indexOf("--") >= 0) {
      return [{ path: "slug", text: words.slugFormat }];
    }
    if (mode === "new" && config.existing.indexOf(fnv1a(slug)) >= 0) {
      return [{ path: "slug", text: words.slugTaken }];
    }
    return [];
  }

  // The taken file names are in the page as hashes only: a hidden group's name is not shown.
  function fnv1a(text) {
    var hash = 0x811c9dc5;
    for (var i = 0; i < text.length; i++) {
      hash ^= text.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return ("0000000" + hash.toString(16)).slice(-8);
  }

  function suggestSlug(name) {
    return name.toLowerCase().replace(/[äå]/g, "a").replace(/ö/g, "o")
      .normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60).replace(/-+$/, "");
  }

  // --- messages next to the fields ------------------------------------------------------

  function errorElement(path) {
    var id = "e-" + path.replace(/\./g, "-");
    var el = document.getElementById(id);
    var parts = path.split(".");
    while (!el && parts.length > 1) {
      parts.pop();
      el = document.getElementById("e-" + parts.join("-"));
    }
    return el;
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

  function show(problems) {
    clearMessages();
    var summary = document.getElementById("form-summary");
    summary.textContent = "";
    summary.hidden = false;
    if (!problems.length) {
      summary.className = "f-summary f-ok";
      summary.textContent = words.checked;
      return;
    }
    summary.className = "f-summary f-bad";
    var heading = document.createElement("p");
    heading.textContent = words.problems;
    var list = document.createElement("ul");
    problems.forEach(function (problem) {
      var el = errorElement(problem.path);
      if (el) {
        el.hidden = false;
        el.textContent = el.textContent ? el.textContent + " " + problem.text : problem.text;
      }
      var control = one(problem.path);
      if (control) control.setAttribute("aria-invalid", "true");
      var item = document.createElement("li");
      var link = document.createElement("a");
      var target = control || (el && el.closest("fieldset, .f-field"));
      var targetId = control ? control.id : (el ? el.id : "");
      link.href = "#" + targetId;
      link.textContent = problem.text;
      link.addEventListener("click", function (event) {
        event.preventDefault();
        var focusable = control || (target && target.querySelector("input, select, textarea"));
        if (focusable) focusable.focus();
      });
      item.appendChild(link);
      list.appendChild(item);
    });
    summary.appendChild(heading);
    summary.appendChild(list);
    summary.focus();
  }

  // --- writing YAML ----------------------------------------------------------------------

  function quoted(text) {
    return '"' + String(text).replace(/\\/g, "\\\\").replace(/"/g, '\\"')
      .replace(/\n/g, "\\n").replace(/\t/g, "\\t") + '"';
  }

  function id(text) {
    text = String(text);
    return /^[a-z][a-z0-9-]*$/.test(text) && AMBIGUOUS.indexOf(text) < 0 ? text : quoted(text);
  }

  function scalar(field, value) {
    switch (field.kind) {
      case "integer":
        return typeof value === "number" ? String(value) : quoted(value);
      case "boolean":
      case "constant":
        return typeof value === "boolean" ? String(value) : JSON.stringify(value);
      case "date":
        return /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : quoted(value);
      case "choice":
        return id(value);
      case "choices":
        return "[" + value.map(id).join(", ") + "]";
      case "numbers":
        return "[" + value.join(", ") + "]";
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
      if (field.kind === "integer" && field.value !== null && item === field.value) return;
      parts.push(field.name + ": " + (field.kind === "group" ? flowMapping(field.children, item)
        : scalar(field, item)));
    });
    return "{" + parts.join(", ") + "}";
  }

  function block(text, indent) {
    var lines = text.split("\n");
    var safe = lines.every(function (line) { return !/^\s/.test(line) && !/\s$/.test(line); });
    if (!safe || lines.length < 2) return null;
    return "|\n" + lines.map(function (line) {
      return line ? indent + line : "";
    }).join("\n");
  }

  function emit(fields, data, indent, out, top) {
    fields.forEach(function (field) {
      var value = data[field.name];
      if (value === undefined || value === null) return;
      if (Array.isArray(value) && !value.length && field.kind !== "choices") return;
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
      } else if (field.kind === "list") {
        out.push(head);
        value.forEach(function (item) {
          out.push(indent + "  - " + flowMapping(field.children, item));
        });
      } else {
        out.push(head + " " + scalar(field, value));
      }
    });
    return out;
  }

  function toYaml(data) {
    var lines = ["# yaml-language-server: $schema=../../schema/group.schema.json"];
    emit(config.fields, data, "", lines, true);
    return lines.join("\n") + "\n";
  }

  // --- GitHub ------------------------------------------------------------------------------

  function githubUrl(slug, yaml) {
    var gh = config.github;
    if (!gh) return null;
    var base = "https://github.com/" + gh.owner + "/" + gh.repo;
    var file = "content/groups/" + slug + ".yaml";
    if (mode === "change") {
      return { url: base + "/edit/" + encodeURIComponent(gh.branch) + "/" + file, copy: true };
    }
    var url = base + "/new/" + encodeURIComponent(gh.branch) + "?filename=" +
      encodeURIComponent(file).replace(/%2F/g, "/") + "&value=" + encodeURIComponent(yaml);
    if (url.length <= config.maxUrl) return { url: url, copy: false };
    return { url: base + "/new/" + encodeURIComponent(gh.branch) + "?filename=" +
      encodeURIComponent(file).replace(/%2F/g, "/"), copy: true, tooLong: true };
  }

  function copy(text) {
    var status = document.getElementById("form-status");
    function fallback() {
      var area = document.getElementById("form-yaml");
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

  var result = null;

  function check() {
    var data = read(config.fields, "");
    var slugInput = document.getElementById("f-slug");
    if (!slugTouched && !slugInput.value && data.name && data.name.fi) {
      slugInput.value = suggestSlug(data.name.fi);
    }
    var slug = slugInput.value.trim();
    var problems = ruleProblems(data).concat(schemaProblems(data)).concat(slugProblems(slug));
    // One message per place is enough.
    var seen = {};
    problems = problems.filter(function (p) {
      var key = p.path + "|" + p.text;
      if (seen[key]) return false;
      seen[key] = true;
      return true;
    });
    show(problems);
    var section = document.getElementById("form-result");
    if (problems.length) {
      section.hidden = true;
      result = null;
      return;
    }
    var yaml = toYaml(data);
    document.getElementById("form-yaml").value = yaml;
    var target = githubUrl(slug, yaml);
    result = { yaml: yaml, target: target };
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
    section.hidden = false;
  }

  document.getElementById("form-check").addEventListener("click", check);
  document.getElementById("form-open").addEventListener("click", function () {
    if (result && result.target && result.target.copy) copy(result.yaml);
  });
  document.getElementById("form-copy").addEventListener("click", function () {
    if (result) copy(result.yaml);
  });
  document.getElementById("f-slug").addEventListener("input", function () {
    slugTouched = true;
  });

  // --- new group or change -------------------------------------------------------------

  var changeChoice = document.getElementById("change-choice");
  var changeSelect = document.getElementById("change-group");

  function loadRecords() {
    if (records) return Promise.resolve(records);
    return fetch(form.getAttribute("data-groups")).then(function (response) {
      return response.json();
    }).then(function (document_) {
      records = document_.groups || [];
      records.forEach(function (record) {
        var option = document.createElement("option");
        option.value = record.slug;
        option.textContent = (record.name[config.lang] || record.name.fi) + " (" +
          record.slug + ")";
        changeSelect.appendChild(option);
      });
      return records;
    }).catch(function () {
      document.getElementById("form-status").textContent = words.loadFailed;
      return [];
    });
  }

  var modeSelect = document.getElementById("form-mode");
  modeSelect.addEventListener("change", function () {
    mode = modeSelect.value;
    changeChoice.hidden = mode !== "change";
    document.getElementById("f-slug").readOnly = mode === "change";
    if (mode === "change") loadRecords();
  });

  changeSelect.addEventListener("change", function () {
    var slug = changeSelect.value;
    loadRecords().then(function (all) {
      var record = all.filter(function (r) { return r.slug === slug; })[0];
      if (!record) return;
      fill(config.fields, fromRecord(record), "");
      document.getElementById("f-slug").value = record.slug;
      slugTouched = true;
    });
  });

  initialItems(config.fields);
  var reviewed = one("reviewed");
  if (reviewed && !reviewed.value) reviewed.value = config.today;
})();
