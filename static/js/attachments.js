// Attachments from a phone: record voice into the form's file input (MediaRecorder: Chrome and
// Android WeChat record WebM/Opus, Safari and iOS WeChat MP4/AAC), show upload progress, and keep
// the text when an upload fails. Without JavaScript the same forms post files as they are.
(function () {
  "use strict";

  function text(el, name, fallback) { return (el && el.getAttribute(name)) || fallback; }

  function addFile(input, file) {
    if (!window.DataTransfer) return false;
    var transfer = new DataTransfer();
    Array.prototype.forEach.call(input.files || [], function (f) { transfer.items.add(f); });
    transfer.items.add(file);
    input.files = transfer.files;
    input.dispatchEvent(new Event("change", { bubbles: true }));
    return true;
  }

  function removeFile(input, file) {
    var transfer = new DataTransfer();
    Array.prototype.forEach.call(input.files || [], function (f) { if (f !== file) transfer.items.add(f); });
    input.files = transfer.files;
  }

  function pickType() {
    var types = ["audio/webm;codecs=opus", "audio/mp4", "audio/webm", "audio/ogg;codecs=opus"];
    for (var i = 0; i < types.length; i++) {
      if (MediaRecorder.isTypeSupported && MediaRecorder.isTypeSupported(types[i])) return types[i];
    }
    return "";
  }

  function clock(seconds) {
    var s = Math.floor(seconds);
    return Math.floor(s / 60) + ":" + ("0" + (s % 60)).slice(-2);
  }

  // --- voice recording ------------------------------------------------------------------------
  function setUpRecorder(box) {
    var form = box.closest("form");
    var input = form && form.querySelector("input[type=file]");
    if (!input || !window.MediaRecorder || !navigator.mediaDevices || !window.DataTransfer) return;
    if (box.hasAttribute("data-ready")) return;
    box.setAttribute("data-ready", "");
    box.hidden = false;
    var button = box.querySelector("[data-record]");
    var status = box.querySelector("[data-record-status]");
    var preview = box.querySelector("[data-record-preview]");
    var maxSeconds = parseInt(box.getAttribute("data-max-seconds") || "300", 10);
    var recorder = null, chunks = [], started = 0, ticker = null, recorded = null;

    function stop() {
      if (recorder && recorder.state !== "inactive") recorder.stop();
    }
    function reset() {
      if (recorded) removeFile(input, recorded);
      recorded = null;
      preview.innerHTML = "";
      status.textContent = "";
    }
    button.addEventListener("click", function () {
      if (recorder && recorder.state === "recording") { stop(); return; }
      navigator.mediaDevices.getUserMedia({ audio: true }).then(function (stream) {
        var type = pickType();
        recorder = type ? new MediaRecorder(stream, { mimeType: type }) : new MediaRecorder(stream);
        chunks = [];
        recorder.ondataavailable = function (e) { if (e.data && e.data.size) chunks.push(e.data); };
        recorder.onstop = function () {
          clearInterval(ticker);
          stream.getTracks().forEach(function (t) { t.stop(); });
          button.textContent = text(box, "data-label-record", "Record");
          button.setAttribute("aria-pressed", "false");
          var mime = (recorder.mimeType || type || "audio/webm").split(";")[0];
          var extension = mime.indexOf("mp4") >= 0 ? "m4a" : mime.indexOf("ogg") >= 0 ? "ogg" : "webm";
          var blob = new Blob(chunks, { type: mime });
          reset();
          recorded = new File([blob], "voice-" + Date.now() + "." + extension, { type: mime });
          addFile(input, recorded);
          var audio = document.createElement("audio");
          audio.controls = true;
          audio.src = URL.createObjectURL(blob);
          var discard = document.createElement("button");
          discard.type = "button";
          discard.className = "link-button";
          discard.textContent = text(box, "data-label-discard", "Discard recording");
          discard.addEventListener("click", reset);
          preview.appendChild(audio);
          preview.appendChild(discard);
          status.textContent = text(box, "data-label-attached", "Recording attached") + " · " +
            clock((Date.now() - started) / 1000);
        };
        recorder.start(1000);
        started = Date.now();
        button.textContent = text(box, "data-label-stop", "Stop");
        button.setAttribute("aria-pressed", "true");
        ticker = setInterval(function () {
          var elapsed = (Date.now() - started) / 1000;
          status.textContent = clock(elapsed) + " / " + clock(maxSeconds);
          if (elapsed >= maxSeconds) stop();
        }, 250);
      }).catch(function () {
        status.textContent = text(box, "data-label-denied", "The microphone is not available.");
      });
    });
    form.addEventListener("reset", function () { recorded = null; preview.innerHTML = ""; status.textContent = ""; });
  }

  // --- upload progress --------------------------------------------------------------------------
  function showProgress(form, loaded, total) {
    var bar = form.querySelector("[data-upload-progress]");
    if (!bar || !total) return;
    bar.hidden = false;
    bar.max = total;
    bar.value = loaded;
  }

  function say(form, message) {
    var box = form.querySelector("[data-upload-status]");
    if (!box) return;
    box.hidden = !message;
    box.textContent = message;
  }

  // A plain (non-htmx) form with files goes by XMLHttpRequest, for progress; on success we follow
  // the redirect, on a refusal we show the reasons and keep everything typed and chosen.
  function setUpUpload(form) {
    form.addEventListener("submit", function (event) {
      if (!window.FormData || !window.XMLHttpRequest || !window.DOMParser) return;
      var hasFiles = Array.prototype.some.call(form.querySelectorAll("input[type=file]"), function (i) {
        return i.files && i.files.length;
      });
      if (!hasFiles) return;  // text only: the ordinary post is quick enough
      event.preventDefault();
      var submit = form.querySelector("[type=submit]");
      if (submit) submit.disabled = true;
      say(form, "");
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.getAttribute("action") || window.location.href);
      xhr.upload.addEventListener("progress", function (e) { showProgress(form, e.loaded, e.total); });
      xhr.onload = function () {
        if (submit) submit.disabled = false;
        if (xhr.status < 400 && xhr.responseURL && xhr.responseURL.split("#")[0] !== window.location.href.split("#")[0]) {
          window.location.assign(xhr.responseURL);
          return;
        }
        var page = new DOMParser().parseFromString(xhr.responseText, "text/html");
        var reasons = Array.prototype.map.call(page.querySelectorAll("form [role=alert], main > [role=alert]"),
          function (el) { return el.textContent.trim(); }).filter(Boolean);
        say(form, reasons.join(" ") || text(form, "data-upload-failed", "The upload failed."));
        var bar = form.querySelector("[data-upload-progress]");
        if (bar) bar.hidden = true;
      };
      xhr.onerror = xhr.ontimeout = function () {
        if (submit) submit.disabled = false;
        say(form, text(form, "data-upload-failed", "The upload failed."));
      };
      xhr.send(new FormData(form));
    });
  }

  function init(root) {
    root.querySelectorAll("[data-recorder]").forEach(setUpRecorder);
    root.querySelectorAll("form[data-upload]").forEach(function (form) {
      if (form.hasAttribute("hx-post") || form.hasAttribute("data-upload-ready")) return;
      form.setAttribute("data-upload-ready", "");
      setUpUpload(form);
    });
  }

  // htmx forms (comments) report their own progress.
  document.addEventListener("htmx:xhr:progress", function (event) {
    var form = event.target && event.target.closest && event.target.closest("form[data-upload]");
    if (form && event.detail) showProgress(form, event.detail.loaded, event.detail.total);
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail && event.detail.elt;
    var bar = form && form.querySelector && form.querySelector("[data-upload-progress]");
    if (bar) bar.hidden = true;
  });
  document.addEventListener("htmx:sendError", function (event) {
    var form = event.detail && event.detail.elt;
    if (form && form.matches && form.matches("form[data-upload]")) say(form, text(form, "data-upload-failed", ""));
  });
  document.addEventListener("htmx:afterSwap", function (event) { init(event.detail.target); });
  init(document);
})();
