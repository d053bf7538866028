// The person picker of the program's forms: the encounter form of /follow-ups and the
// referral panel of the search page. It finds someone by name or initials with
// GET /api/v1/people?q=, or opens the fields of a new pseudonymous record, which is made
// (POST /api/v1/people) only when the owning form sends: a form with a missing field
// makes no one. Plain script, no framework, nothing from elsewhere; session.js runs first.
//
// The page gives it, under one prefix P (enc, ref): P-picked, P-picked-name, P-unpick,
// P-find, P-q, P-q-hint, P-matches, P-new-open, P-new, P-new-name, P-new-phone,
// P-new-lang, P-new-cancel. The owning form shows errors (its own P-err-new-name …).
//
// Privacy: what is typed lives in the form and in memory only; the search words go to
// GET /api/v1/people?q= as the API defines it, and nothing else goes into a URL.
"use strict";

window.HandoffPersonPicker = (function () {
  const { t } = window.HandoffI18n; // the catalog (i18n.js, loaded first)
  // The languages most asked for in the region; a person's file can be corrected later.
  const LANGUAGES = ["en", "es", "pt", "ht", "vi", "ru", "ar", "zh", "pl", "fr", "ase"].map((code) => [code, t("person.lang." + code)]);
  // Where the API's errors of a new person (errors[].field) go: the owning form's keys.
  const FIELDS = { display_name: "new-name", phone: "new-phone", preferred_language: "new-lang" };
  const SEARCH_WAIT = 300; // ms after the last key before the search asks
  const SEARCH_MIN = 2;

  // create binds the picker to the elements under prefix. opts.onChange(what) runs after
  // each change ("picked", "new", "cancel-new", "unpicked", "created"); opts.onLost(e)
  // gets an answer 401 of the search (the session ended).
  function create(prefix, opts) {
    const H = window.Handoff;
    const { el, api, label } = H;
    const $ = (name) => document.getElementById(prefix + "-" + name);
    const changed = (what) => {
      if (opts.onChange) {
        opts.onChange(what);
      }
    };
    let person = null; // the chosen person: {id, name, fresh}; fresh = made by this form
    let adding = false; // the new-person fields are open
    let searches = 0; // the latest search; older answers are dropped
    let timer = 0;

    const lang = $("new-lang");
    if (lang.options.length <= 1) {
      for (const [v, t] of LANGUAGES) {
        const o = el("option", "", t);
        o.value = v;
        lang.append(o);
      }
    }

    // render shows the part that applies: the chosen person, the search, or the new fields.
    function render() {
      $("picked").hidden = !person;
      $("find").hidden = !!person || adding;
      $("new").hidden = !!person || !adding;
      // The name is the person's own: a span marked translate="no".
      const name = el("span", "", person ? person.name : "");
      name.setAttribute("translate", "no");
      $("picked-name").replaceChildren(...(!person ? [] : person.fresh ? [name, " " + t("person.new_record")] : [name]));
    }

    function onInput() {
      clearTimeout(timer);
      const q = $("q").value.trim();
      const mine = ++searches;
      if (q.length < SEARCH_MIN) {
        $("matches").replaceChildren();
        $("q-hint").textContent = t("person.type_more");
        return;
      }
      timer = setTimeout(() => search(q, mine), SEARCH_WAIT);
    }

    async function search(q, mine) {
      $("q-hint").textContent = t("person.searching");
      try {
        const page = await api("GET", "/api/v1/people?per_page=8&q=" + encodeURIComponent(q));
        if (mine !== searches) {
          return;
        }
        const items = page.items || [];
        $("matches").replaceChildren(...items.map(match));
        $("q-hint").textContent = items.length === 0 ? t("person.none")
          : page.total > items.length ? t("person.first_of", { count: items.length, total: page.total }) : t("person.tap");
      } catch (e) {
        if (mine !== searches) {
          return;
        }
        $("q-hint").textContent = e.status === 401 ? t("chrome.session_ended") : t("person.search_failed", { detail: e.detail });
        if (e.status === 401 && opts.onLost) {
          opts.onLost(e);
        }
      }
    }

    // match is one person found; every value goes in as text, never as markup.
    function match(p) {
      const li = el("li");
      const b = el("button", "match");
      b.type = "button";
      b.dataset.id = p.id;
      const name = el("span", "name", p.display_name);
      name.setAttribute("translate", "no");
      b.append(name);
      const extra = [p.phone, p.preferred_language ? label(LANGUAGES, p.preferred_language) : ""].filter(Boolean).join(" · ");
      if (extra) {
        b.append(el("span", "extra", extra));
      }
      b.addEventListener("click", () => {
        person = { id: p.id, name: p.display_name, fresh: false };
        clearSearch();
        render();
        changed("picked");
        $("unpick").focus();
      });
      li.append(b);
      return li;
    }

    function clearSearch() {
      searches++;
      clearTimeout(timer);
      $("q").value = "";
      $("matches").replaceChildren();
      $("q-hint").textContent = t("person.type_more");
    }

    function openNew() {
      adding = true;
      // What was typed in the search is most likely the name.
      if (!$("new-name").value.trim()) {
        $("new-name").value = $("q").value.trim();
      }
      clearSearch();
      render();
      changed("new");
      $("new-name").focus();
    }

    function closeNew() {
      adding = false;
      render();
      changed("cancel-new");
      $("q").focus();
    }

    function unpick() {
      person = null;
      adding = false;
      render();
      changed("unpicked");
      $("q").focus();
    }

    // missing lists what the new record lacks, as [key, message] of the owning form.
    function missing() {
      return adding && !person && !$("new-name").value.trim() ? [["new-name", ""]] : [];
    }

    // ensure makes the new record when the new fields are open, once: sending again
    // after an error further on reuses it. It answers the chosen person (or null) and
    // throws the API's error (map its fields with FIELDS).
    async function ensure() {
      if (adding && !person) {
        const body = { display_name: $("new-name").value.trim() };
        if ($("new-phone").value.trim()) {
          body.phone = $("new-phone").value.trim();
        }
        if ($("new-lang").value) {
          body.preferred_language = $("new-lang").value;
        }
        const made = await api("POST", "/api/v1/people", body);
        person = { id: made.id, name: made.display_name, fresh: true };
        adding = false;
        render();
        changed("created");
      }
      return person;
    }

    // reset forgets the choice and empties the picker's fields.
    function reset() {
      clearSearch();
      person = null;
      adding = false;
      for (const n of ["new-name", "new-phone", "new-lang"]) {
        $(n).value = "";
      }
      render();
    }

    $("q").addEventListener("input", onInput);
    $("new-open").addEventListener("click", openNew);
    $("new-cancel").addEventListener("click", closeNew);
    $("unpick").addEventListener("click", unpick);
    render();

    return {
      person: () => person,
      adding: () => adding,
      named: () => !!person || adding,
      newName: () => $("new-name").value.trim(),
      render, missing, ensure, reset, clearSearch,
    };
  }

  return { create, LANGUAGES, FIELDS };
})();
