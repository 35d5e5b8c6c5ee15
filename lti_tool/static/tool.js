/* Development Planner in the browser, loaded first in <body> on every page (the Content-Security-
   Policy allows no inline script):
   - marks the body as the NHS.UK frontend's inline snippet does, then starts its components;
   - inside an LMS frame, tells the LMS the page's height (lti.frameResize), only to an origin the
     launching platform may frame the tool from (data-platform-origins on <body>): the frame's
     parent as the browser reports it (location.ancestorOrigins, else document.referrer) when it
     is one of those, else each of them, which the browser delivers to the parent only if it
     matches (Canvas frames the tool from the institution's host, not its issuer or login host);
   - submits forms marked data-auto-submit (the deep-linking return to the LMS);
   - runs the launch's cookie check (#cookie-check) and the Dynamic Registration close message. */
(function () {
  "use strict";

  var script = document.currentScript;
  var body = document.body;
  var supported = "noModule" in HTMLScriptElement.prototype;
  var framed = window.parent !== window;
  var RESIZE_DELAY_MS = 50;

  body.className += " js-enabled" + (supported ? " nhsuk-frontend-supported" : "");
  if (framed) {
    document.documentElement.classList.add("dp-framed");
  }

  function startComponents() {
    if (supported && script.dataset.nhsukFrontend) {
      import(script.dataset.nhsukFrontend).then(function (nhsuk) {
        nhsuk.initAll();
      });
    }
  }

  function contentHeight() {
    return Math.ceil(document.documentElement.getBoundingClientRect().height);
  }

  function originOf(url) {
    try {
      return new URL(url).origin;
    } catch (error) {
      return "";
    }
  }

  function parentOrigins(allowed) {
    var ancestors = window.location.ancestorOrigins;
    var seen = ancestors && ancestors.length ? ancestors[0] : originOf(document.referrer);
    return allowed.indexOf(seen) !== -1 ? [seen] : allowed;
  }

  function reportHeight(origins) {
    var sent = 0;
    var timer = 0;
    function send() {
      timer = 0;
      var height = contentHeight();
      if (height <= 0 || height === sent) {
        return;
      }
      sent = height;
      var message = { subject: "lti.frameResize", height: height };
      origins.forEach(function (origin) {
        window.parent.postMessage(message, origin); // LTI, Canvas, Brightspace
        window.parent.postMessage(JSON.stringify(message), origin); // Moodle's handler, Sakai
      });
    }
    function later() {
      window.clearTimeout(timer);
      timer = window.setTimeout(send, RESIZE_DELAY_MS);
    }
    send();
    if ("ResizeObserver" in window) {
      var observer = new ResizeObserver(later);
      observer.observe(document.documentElement);
      observer.observe(body);
    }
    window.addEventListener("load", later);
  }

  function autoSubmit() {
    var forms = document.querySelectorAll("form[data-auto-submit]");
    for (var i = 0; i < forms.length; i++) {
      forms[i].submit();
    }
  }

  function checkCookies() {
    var check = document.getElementById("cookie-check");
    if (!check) {
      return;
    }
    var params = JSON.parse(check.dataset.params || "{}");
    var query = new URLSearchParams(window.location.search);
    Object.keys(params).forEach(function (key) {
      query.set(key, params[key]);
    });
    var target = window.location.pathname + "?" + query.toString();
    var cookie = "lti1p3_test_cookie=1; path=/; SameSite=None; Secure; Partitioned";
    document.cookie = cookie;
    if (document.cookie.indexOf("lti1p3_test_cookie") !== -1) {
      document.cookie = cookie + "; expires=Thu, 01 Jan 1970 00:00:01 GMT";
      window.location.replace(target);
      return;
    }
    document.getElementById("loading").hidden = true;
    document.getElementById("new-window").href = target;
    document.getElementById("blocked").hidden = false;
  }

  function closeRegistration() {
    if (document.querySelector("[data-lti-close]")) {
      // The Dynamic Registration spec's message: it carries nothing but "close me".
      (window.opener || window.parent).postMessage({ subject: "org.imsglobal.lti.close" }, "*");
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    startComponents();
    checkCookies();
    autoSubmit();
    closeRegistration();
    var allowed = (body.dataset.platformOrigins || "").split(" ").filter(Boolean);
    if (framed && allowed.length) {
      reportHeight(parentOrigins(allowed));
    }
  });
})();
