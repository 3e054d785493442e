// Drafts that survive a reload or a lost connection: a form with data-draft="key" is saved to
// localStorage as the person types, restored when they come back, and cleared once the server
// has accepted it (the next page carries data-clear-draft="key").
(function () {
  "use strict";
  var PREFIX = "cc-draft:";
  var store;
  try {
    store = window.localStorage;
    store.setItem(PREFIX + "probe", "1");
    store.removeItem(PREFIX + "probe");
  } catch (e) {
    return; // no storage (private mode): the form still works, just without drafts
  }

  document.querySelectorAll("[data-clear-draft]").forEach(function (el) {
    var key = el.getAttribute("data-clear-draft");
    Object.keys(store).forEach(function (name) {
      if (name === PREFIX + key || name.indexOf(PREFIX + key + ":") === 0) store.removeItem(name);
    });
  });

  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name !== "csrfmiddlewaretoken" && ["hidden", "submit", "button", "file"].indexOf(el.type) < 0;
    });
  }
  function values(form) {
    var out = {};
    fields(form).forEach(function (el) { out[el.name] = el.value; });
    return out;
  }
  function say(form, text, withDiscard) {
    var status = form.querySelector(".draft-status");
    if (!status) return;
    status.hidden = false;
    status.textContent = text;
    if (withDiscard) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "link-button";
      button.textContent = form.getAttribute("data-draft-discard") || "丢弃草稿";
      button.addEventListener("click", function () {
        store.removeItem(PREFIX + form.getAttribute("data-draft"));
        form.reset();
        status.hidden = true;
      });
      status.appendChild(document.createTextNode(" "));
      status.appendChild(button);
    }
  }

  document.querySelectorAll("form[data-draft]").forEach(function (form) {
    var key = PREFIX + form.getAttribute("data-draft");
    var saved = null;
    try { saved = JSON.parse(store.getItem(key) || "null"); } catch (e) { saved = null; }
    var current = values(form);
    if (saved && saved.values) {
      var differs = Object.keys(saved.values).some(function (name) {
        return name in current && saved.values[name] !== current[name];
      });
      if (differs) {
        fields(form).forEach(function (el) {
          if (el.name in saved.values) el.value = saved.values[el.name];
        });
        say(form, form.getAttribute("data-draft-restored") || "已恢复您未提交的草稿。", true);
      }
    }
    var timer = null;
    function save() {
      clearTimeout(timer);
      timer = null;
      try {
        store.setItem(key, JSON.stringify({ at: Date.now(), values: values(form) }));
      } catch (e) { /* storage full: nothing to do */ }
    }
    form.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(save, 300);
    });
    window.addEventListener("pagehide", function () { if (timer) save(); });
  });
})();
