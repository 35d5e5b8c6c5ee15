/* The demo LMS's half of 1EdTech's LTI Client Side postMessages with Platform Storage: the launch
   page is the tool's storage frame ("_parent" in the login's lti_storage_target), or a frame of
   its own in the launch page ("post_message_forwarding", as Canvas names it). It answers
   lti.capabilities, lti.put_data and lti.get_data only from the tool's origin and the activity's
   own frame, keeps the values in this page for this tool's origin only, and replies only to
   that origin, as Canvas, Brightspace and Sakai do. */
(function () {
  "use strict";

  var inFrame = window.parent !== window;
  var launchPage = inFrame ? window.parent : window;
  var frameName = inFrame ? window.name : "_parent";
  var frame = launchPage.document.querySelector("iframe.activity");
  if (!frame) {
    return;
  }
  var toolOrigin = new URL(frame.src, window.location.href).origin;
  var stored = new Map();
  var MAX_KEY = 2048;
  var MAX_VALUE = 4096;

  function capabilities() {
    return {
      supported_messages: [
        { subject: "lti.capabilities" },
        { subject: "lti.put_data", frame: frameName },
        { subject: "lti.get_data", frame: frameName },
      ],
    };
  }

  function putData(data) {
    if (typeof data.key !== "string" || !data.key || data.key.length > MAX_KEY) {
      return { error: { code: "bad_request", message: "key must be a non-empty string" } };
    }
    if (typeof data.value !== "string" || data.value.length > MAX_VALUE) {
      return { error: { code: "bad_request", message: "value must be a string" } };
    }
    stored.set(toolOrigin + " " + data.key, data.value);
    return { key: data.key, value: data.value };
  }

  function getData(data) {
    var key = toolOrigin + " " + data.key;
    if (typeof data.key !== "string" || !stored.has(key)) {
      return { error: { code: "bad_request", message: "no value is stored under that key" } };
    }
    return { key: data.key, value: stored.get(key) };
  }

  var answers = {
    "lti.capabilities": capabilities,
    "lti.put_data": putData,
    "lti.get_data": getData,
  };

  window.addEventListener("message", function (event) {
    var data = event.data;
    if (event.origin !== toolOrigin || event.source !== frame.contentWindow) {
      return;
    }
    if (!data || typeof data !== "object" || !answers.hasOwnProperty(data.subject)) {
      return;
    }
    var reply = answers[data.subject](data);
    reply.subject = data.subject + ".response";
    reply.message_id = data.message_id;
    event.source.postMessage(reply, event.origin);
  });
})();
