// The pages' side of the message catalog (package i18n): /i18n/LANG.js, loaded before this
// file, sets window.HANDOFF_I18N to the page language's messages (English where a key has
// no translation). t(key, vars) fills {name} placeholders and picks plural forms with
// Intl.PluralRules; numbers, dates and distances are written as the language writes them.
"use strict";
window.HandoffI18n = (function () {
  const cat = window.HANDOFF_I18N || { lang: document.documentElement.lang || "en", messages: {} };
  const lang = cat.lang;
  const plurals = new Intl.PluralRules(lang);
  const numbers = new Intl.NumberFormat(lang);

  function num(n, opts) {
    return opts ? new Intl.NumberFormat(lang, opts).format(n) : numbers.format(n);
  }

  // t is a message in the page's language. vars.count picks the plural form.
  function t(key, vars) {
    const m = cat.messages[key];
    if (m == null) return key;
    let text = m;
    if (typeof m === "object") {
      const n = vars && typeof vars.count === "number" ? vars.count : 0;
      text = m[plurals.select(n)] || m.other;
    }
    return text.replace(/\{([a-z_]+)\}/g, (all, k) => {
      if (!vars || !(k in vars)) return all;
      return typeof vars[k] === "number" ? num(vars[k]) : String(vars[k]);
    }).replace(/ {2,}/g, " ").replace(/ ([.,])/g, "$1").trim();
  }

  function has(key) {
    return Object.prototype.hasOwnProperty.call(cat.messages, key);
  }

  // date writes a moment with Intl.DateTimeFormat options, in the page's language.
  function date(d, opts) {
    return new Intl.DateTimeFormat(lang, opts).format(d);
  }

  // distance is "1.2 km (0.7 mi)" as the language writes numbers and units.
  function distance(km) {
    const f = (x, unit) => num(x, { style: "unit", unit, unitDisplay: "short", maximumFractionDigits: x < 10 ? 1 : 0, minimumFractionDigits: x < 10 ? 1 : 0 });
    return f(km, "kilometer") + " (" + f(km * 0.621371, "mile") + ")";
  }

  let names = null;
  // languageName names a language code in the page's language ("es" → "español").
  function languageName(code) {
    try {
      names = names || new Intl.DisplayNames([lang, "en"], { type: "language" });
      return names.of(code) || code;
    } catch (e) {
      return code;
    }
  }

  return { lang, t, has, num, date, distance, languageName };
})();
