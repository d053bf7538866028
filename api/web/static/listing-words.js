// Listing fields in plain words, for the history and suggestion pages: the API names a
// field by its path in the record ("phones[0].number", "schedules[1].closes_at"); people
// read "Phone 1: number", "Hours 2: closes at".
"use strict";

window.ListingWords = (function () {
  const LISTS = {
    phones: "Phone", schedules: "Hours", languages: "Language", capacities: "Beds and capacity",
    service_areas: "Area served", cost_options: "Cost", attributes: "Category", addresses: "Address",
    service_at_locations: "Location",
  };
  const NAMES = {
    name: "Name", alternate_name: "Other name", description: "Description", url: "Website", email: "Email",
    status: "Status", interpretation_services: "Interpretation", application_process: "How to apply",
    fees_description: "Fees", fees: "Fees", wait_time: "Wait time", accreditations: "Accreditations",
    eligibility_description: "Who can use it", minimum_age: "Minimum age", maximum_age: "Maximum age",
    licenses: "Licences", alert: "Alert", organization_id: "Organization", number: "number", type: "type",
    opens_at: "opens at", closes_at: "closes at", byday: "days", bymonthday: "days of the month",
    freq: "repeats", available: "available", maximum: "maximum", valid_from: "from", valid_to: "until",
    dtstart: "starting", until: "until", notes: "notes", code: "code", note: "note",
  };
  const SOURCES = {
    portal: "agency portal", api: "API", link: "update link", import: "import", admin: "admin",
    suggestion: "approved suggestion", system: "system",
  };

  // field says a field's path in words.
  function field(path) {
    if (!path) {
      return "";
    }
    return path.split(".").map((part) => {
      const m = /^([a-z_]+)\[(\d+)\]$/.exec(part);
      if (m) {
        return (LISTS[m[1]] || m[1]) + " " + (Number(m[2]) + 1);
      }
      return NAMES[part] || LISTS[part] || part.replace(/_/g, " ");
    }).join(": ");
  }

  // value shows a value, or says there was none.
  function value(v) {
    return v === "" || v === undefined || v === null ? "(empty)" : v;
  }

  function source(s) {
    return SOURCES[s] || s;
  }

  // by says who made a write and from where, without saying either twice.
  function by(row) {
    switch (row.source) {
      case "link":
        return "Through the update link";
      case "import":
        return "By an import" + (row.user_name ? " (" + row.user_name + ")" : "");
      case "system":
        return "By the system";
      case "suggestion":
        return row.who + " · from an approved suggestion";
    }
    return (row.user_name || "Someone") + " · from " + source(row.source);
  }

  // beforeAfter shows a value's change: the old struck through, the new marked; a value
  // that was or becomes empty says so plainly.
  function beforeAfter(before, after) {
    const el = (tag, cls, text) => {
      const n = document.createElement(tag);
      n.className = cls;
      n.textContent = text;
      return n;
    };
    const ba = el("span", "ba", "");
    ba.append(before === "" ? el("span", "none", "(empty)") : el("del", "", before));
    ba.append(el("span", "arrow", " → "));
    ba.append(after === "" ? el("span", "none", "(empty)") : el("ins", "", after));
    return ba;
  }

  return { field, value, source, by, beforeAfter };
})();
