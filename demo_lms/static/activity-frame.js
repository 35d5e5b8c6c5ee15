/* The demo LMS honours the tool's lti.frameResize message, as Canvas and Brightspace do: only from
   the tool's origin and the activity's own frame, as an object or as its JSON text. The frame
   then grows (or shrinks) to the tool's page, so nobody scrolls a box inside the course page. */
(function () {
  "use strict";

  var frame = document.querySelector("iframe.activity");
  if (!frame) {
    return;
  }
  var toolOrigin = new URL(frame.src, window.location.href).origin;

  function resizeRequest(data) {
    if (typeof data === "string") {
      try {
        data = JSON.parse(data);
      } catch (error) {
        return null;
      }
    }
    if (!data || data.subject !== "lti.frameResize") {
      return null;
    }
    var height = Number(data.height);
    return Number.isFinite(height) && height > 0 ? Math.ceil(height) : null;
  }

  window.addEventListener("message", function (event) {
    if (event.origin !== toolOrigin || event.source !== frame.contentWindow) {
      return;
    }
    var height = resizeRequest(event.data);
    if (height !== null) {
      var borders = frame.offsetHeight - frame.clientHeight;
      frame.style.height = height + borders + "px";
    }
  });
})();
