// Listing fields in plain words, for the history and suggestion pages: the API names a
// field by its path in the record ("phones[0].number", "schedules[1].closes_at"); people
// read "Phone 1: number", "Hours 2: closes at". The words are the catalog's, by the
// field's code (history.field.CODE, history.list.CODE), in the page's language; a code
// the catalog does not know is shown as it is, its underscores as spaces.
"use strict";

window.ListingWords = (function () {
  const { t, has } = window.HandoffI18n;

  // word is the catalog's word for a code under prefix, or "" when it has none.
  const word = (prefix, code) => (has(prefix + code) ? t(prefix + code) : "");

  // field says a field's path in words.
  function field(path) {
    if (!path) {
      return "";
    }
    return path.split(".").map((part) => {
      const m = /^([a-z_]+)\[(\d+)\]$/.exec(part);
      if (m) {
        return t("history.numbered", { what: word("history.list.", m[1]) || m[1], n: Number(m[2]) + 1 });
      }
      return word("history.field.", part) || word("history.list.", part) || part.replace(/_/g, " ");
    }).join(": ");
  }

  // value shows a value, or says there was none.
  function value(v) {
    return v === "" || v === undefined || v === null ? t("history.empty") : v;
  }

  function source(s) {
    return word("history.source.", s) || s;
  }

  // phrase is a catalog message as nodes, with the values named in data (people's and
  // listings' own names, which are not translated) each in a span marked translate="no".
  function phrase(key, vars, data) {
    const marked = Object.assign({}, vars);
    for (const k of (data || []).filter(Boolean)) {
      marked[k] = "\u0000" + k + "\u0000";
    }
    const frag = document.createDocumentFragment();
    t(key, marked).split(/\u0000([a-z_]+)\u0000/).forEach((part, i) => {
      if (i % 2 === 0) {
        if (part) {
          frag.append(part);
        }
        return;
      }
      const s = document.createElement("span");
      s.setAttribute("translate", "no");
      s.textContent = String(vars[part]);
      frag.append(s);
    });
    return frag;
  }

  // by says who made a write and from where, without saying either twice, as nodes
  // (phrase): the names are the people's own.
  function by(row) {
    switch (row.source) {
      case "link":
        return phrase("history.by.link");
      case "import":
        return row.user_name ? phrase("history.by.import_named", { name: row.user_name }, ["name"]) : phrase("history.by.import");
      case "system":
        return phrase("history.by.system");
      case "suggestion": {
        const vars = { proposer: row.proposer_name || t("history.public_report"), approver: row.user_name || t("history.someone") };
        return phrase("history.by.suggestion", vars, [row.proposer_name ? "proposer" : "", row.user_name ? "approver" : ""]);
      }
    }
    if (!row.user_name) {
      return phrase("history.by.unnamed", { source: source(row.source) });
    }
    return phrase("history.by.other", { name: row.user_name, source: source(row.source) }, ["name"]);
  }

  // code says a value that is a code in words (a phone's kind: "voice"), or "" when the
  // value is the listing's own words.
  function code(path, v) {
    if (/(^|\.)phones\[\d+\]\.type$/.test(path || "")) {
      return word("editor.phone.type.", v);
    }
    return "";
  }

  // beforeAfter shows a change of the field at path: the old value struck through, the
  // new marked; a value that was or becomes empty says so plainly. The values are the
  // listing's own words, but for codes said in the page's language.
  function beforeAfter(before, after, path) {
    const el = (tag, cls, text) => {
      const n = document.createElement(tag);
      n.className = cls;
      n.textContent = text;
      return n;
    };
    const own = (tag, text) => {
      const words = code(path, text);
      const n = el(tag, "", words || text);
      if (!words) {
        n.setAttribute("translate", "no");
      }
      return n;
    };
    const ba = el("span", "ba", "");
    ba.append(before === "" ? el("span", "none", t("history.empty")) : own("del", before));
    ba.append(el("span", "arrow", " → "));
    ba.append(after === "" ? el("span", "none", t("history.empty")) : own("ins", after));
    return ba;
  }

  return { field, value, source, by, phrase, beforeAfter };
})();
