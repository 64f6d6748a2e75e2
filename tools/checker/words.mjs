// The checker's messages in the page's language: brochure/check/rules.py's message() and hint(),
// with the catalogue's words for the page's language from the page (brochure/site/form_rules.py).

import { fill, pyStr } from "./text.mjs";

export function makeWords(config) {
  const W = config.ruleWords;

  function choiceText(choices) {
    const items = choices.map(([id, labels]) => {
      const label = labels ? labels[config.lang] : null;
      return label && label.toLowerCase() !== id.toLowerCase() ? id + " (" + label + ")" : id;
    });
    if (items.length < 2) return items.join("");
    return items.slice(0, -1).join(", ") + " " + W.or + " " + items[items.length - 1];
  }

  function describeDays(days) {
    return days.map((iso) => {
      const [y, m, d] = iso.split("-").map(Number);
      return (d + "." + m + "." + y + " " + (config.holidays[iso] || "")).trim();
    }).join(", ");
  }

  // brochure.check.rules.localized_params
  // brochure.check.fields.field_words: "Lyhytkoodi (code)", or the key in quotes.
  function fieldWords(path) {
    const key = path.split(".").pop();
    let label = W.fields[path];
    if (!label) {
      const parent = path.slice(0, path.lastIndexOf("."));
      if (parent && W.languages[key] && W.fields[parent]) label = W.fields[parent] + ", " + W.languages[key];
    }
    return label ? label + " (" + key + ")" : "'" + key + "'";
  }

  function localized(params, rule) {
    const out = {};
    for (const [k, v] of Object.entries(params)) {
      // An empty value would leave a gap in the sentence.
      if (v === "" && k !== "suggestion") out[k] = W.empty;
      else out[k] = typeof v === "string" ? v : (k === "choices" ? v : pyStr(v));
    }
    if ("value_kind" in params) out.value = W.valueKinds[params.value_kind] || params.value_kind;
    if (rule && config.rules[rule] && config.rules[rule].namesField && "field" in params) out.field = fieldWords(String(params.field));
    if ("language" in params) out.language = W.languages[params.language] || params.language;
    if ("holiday_dates" in params) out.holidays = describeDays(params.holiday_dates);
    if ("expected" in params) out.expected = W.expected[params.expected] || params.expected;
    if ("choices" in params) out.allowed = choiceText(params.choices);
    if ("suggestion_id" in params) out.suggestion = fill(W.didYouMean, { id: params.suggestion_id });
    else if (!("suggestion" in params)) out.suggestion = "";
    return out;
  }

  function message(problem) {
    const rule = config.rules[problem.rule];
    return rule ? fill(rule.message, localized(problem.params, problem.rule)) : problem.rule;
  }

  function hint(problem) {
    const rule = config.rules[problem.rule];
    return rule ? fill(rule.hint, localized(problem.params, problem.rule)).trim() : "";
  }

  return { message, hint, localized, choiceText };
}
