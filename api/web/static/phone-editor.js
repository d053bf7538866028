// The phone lines of the agency's edit page: number, kind and a note per phone, added
// and removed in place. A line no one touched goes back exactly as it came (with its
// languages and extension, which the page does not show); a new line gets a random id.
// Each control's error box is named by the API's field ("phones[1].number"). The kinds
// are HSDS's codes, named in words by the catalog (editor.phone.type.CODE).
"use strict";

window.PhoneEditor = (function () {
  const H = window.Handoff;
  const { t } = window.HandoffI18n;
  const TYPES = ["voice", "cell", "text", "fax", "textphone", "video", "pager"];

  function errBox(f) {
    const p = H.el("p", "field-error");
    p.dataset.err = f;
    p.hidden = true;
    return p;
  }

  function field(text, control, errField) {
    const l = H.el("label", "", text);
    l.htmlFor = control.id;
    const d = H.el("div", "field");
    d.append(l, control, errBox(errField));
    return d;
  }

  // create makes the editor in the list ol, with addButton adding a line.
  function create(ol, addButton) {
    let lines = []; // {orig, touched, number, type, description}

    function render(focusLast) {
      ol.replaceChildren();
      lines.forEach((line, i) => ol.append(item(line, i)));
      if (focusLast && lines.length) {
        document.getElementById("ph-num-" + (lines.length - 1)).focus();
      }
    }

    function item(line, i) {
      const li = H.el("li", "prow");
      const p = "phones[" + i + "].";
      const num = H.el("input");
      num.type = "tel";
      num.value = line.number;
      num.autocomplete = "off";
      num.id = "ph-num-" + i;
      num.addEventListener("input", () => { line.number = num.value; line.touched = true; });
      const type = H.el("select");
      type.id = "ph-type-" + i;
      for (const v of TYPES) {
        const o = H.el("option", "", t("editor.phone.type." + v));
        o.value = v;
        type.append(o);
      }
      type.value = line.type || "voice";
      type.addEventListener("change", () => { line.type = type.value; line.touched = true; });
      const desc = H.el("input");
      desc.type = "text";
      desc.value = line.description;
      desc.id = "ph-desc-" + i;
      desc.placeholder = t("editor.phone.note_hint");
      desc.addEventListener("input", () => { line.description = desc.value; line.touched = true; });
      const remove = H.el("button", "quiet remove", t("editor.remove"));
      remove.type = "button";
      remove.setAttribute("aria-label", t("editor.phone.remove", { n: i + 1 }));
      remove.addEventListener("click", () => {
        lines.splice(i, 1);
        render();
        addButton.focus();
      });
      li.append(field(t("editor.phone.number"), num, p + "number"), field(t("editor.phone.kind"), type, p + "type"),
        field(t("editor.phone.note"), desc, p + "description"), remove,
        errBox(p.slice(0, -1)));
      return li;
    }

    addButton.addEventListener("click", () => {
      lines.push({ orig: null, touched: true, number: "", type: "voice", description: "" });
      render(true);
    });

    return {
      load(phones) {
        lines = phones.map((p) => ({ orig: p, touched: false, number: p.number || "", type: p.type || "voice", description: p.description || "" }));
        render();
      },
      // rows answers the phones as HSDS rows, untouched ones as they came.
      rows() {
        return lines.map((line) => {
          if (line.orig && !line.touched) {
            return line.orig;
          }
          const r = Object.assign({}, line.orig || { id: window.ScheduleEditor.uuid() });
          r.number = line.number.trim();
          r.type = line.type || "voice";
          r.description = line.description.trim();
          if (!r.description) {
            delete r.description;
          }
          return r;
        });
      },
    };
  }

  return { create };
})();
