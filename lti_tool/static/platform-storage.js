/* The tool's half of 1EdTech's LTI Client Side postMessages with Platform Storage
   (lti_tool/lti/platform_storage.py), for LMS frames that refuse the tool's cookies:
   - login: ask the platform for lti.capabilities, store the launch's state and nonce with
     lti.put_data, then go on to the authentication request (data-next); without an answer,
     fall back to the cookie login (data-fallback);
   - launch: read the state and nonce back with lti.get_data and post them, with the origin that
     answered, to the tool, which accepts the launch only if they match.
   Every message goes only to the platform's OIDC origin (data-origin), never "*", and only
   replies from that origin and that window, with our message_id, are read. */

const box = document.getElementById("platform-storage");
const REPLY_MS = 8000; // a browser starting cold can take seconds before the LMS page answers
const RESEND_MS = 200; // the platform's listener may not be ready yet: every message is idempotent

function parentWindow() {
  if (window.parent !== window) {
    return window.parent;
  }
  return window.opener;
}

function frameNamed(name) {
  const parent = parentWindow();
  if (!parent) {
    return null;
  }
  if (!name || name === "_parent") {
    return parent;
  }
  try {
    return parent.frames[name] || null;
  } catch (error) {
    return null;
  }
}

function ask(target, origin, message, keepErrors) {
  return new Promise((resolve, reject) => {
    if (!target) {
      reject(new Error("no platform window"));
      return;
    }
    const id = crypto.randomUUID();
    const sent = Object.assign({ message_id: id }, message);
    const resend = window.setInterval(() => target.postMessage(sent, origin), RESEND_MS);
    const timer = window.setTimeout(() => {
      window.clearInterval(resend);
      window.removeEventListener("message", listen);
      reject(new Error(message.subject + " was not answered"));
    }, REPLY_MS);
    function listen(event) {
      const data = event.data;
      if (event.origin !== origin || event.source !== target) {
        return;
      }
      if (!data || typeof data !== "object" || data.message_id !== id) {
        return;
      }
      if (data.subject !== message.subject + ".response") {
        return;
      }
      window.clearTimeout(timer);
      window.clearInterval(resend);
      window.removeEventListener("message", listen);
      if (data.error && !keepErrors) {
        reject(new Error(String(data.error.message || data.error.code || "refused")));
      } else {
        resolve({ data: data, origin: event.origin });
      }
    }
    window.addEventListener("message", listen);
    target.postMessage(sent, origin);
  });
}

async function storageFrame(settings) {
  // Asked of the storage frame: it is at the OIDC origin, which the LMS page may not be.
  const reply = await ask(frameNamed(settings.target), settings.origin, { subject: "lti.capabilities" });
  const supported = Array.isArray(reply.data.supported_messages) ? reply.data.supported_messages : [];
  const frames = {};
  supported.forEach((entry) => {
    if (entry && typeof entry.subject === "string") {
      frames[entry.subject] = entry.frame || settings.target;
    }
  });
  if (!frames["lti.put_data"] || !frames["lti.get_data"]) {
    throw new Error("the platform offers no storage");
  }
  return frameNamed(frames["lti.put_data"]);
}

async function store(settings) {
  const frame = await storageFrame(settings);
  for (const [key, value] of [["state-" + settings.state, settings.state], ["nonce-" + settings.nonce, settings.nonce]]) {
    const reply = await ask(frame, settings.origin, { subject: "lti.put_data", key: key, value: value });
    if (reply.data.key !== key) {
      throw new Error("the platform stored another key");
    }
  }
}

async function readBack(settings) {
  const frame = frameNamed(settings.target);
  const found = { origin: "" };
  for (const name of ["state", "nonce"]) {
    const key = name + "-" + settings[name];
    const reply = await ask(frame, settings.origin, { subject: "lti.get_data", key: key }, true);
    found.origin = reply.origin;
    found[name] = !reply.data.error && reply.data.key === key ? reply.data.value : "";
  }
  return found;
}

async function login(settings) {
  try {
    await store(settings);
  } catch (error) {
    window.location.replace(settings.fallback);
    return;
  }
  window.location.replace(settings.next);
}

async function launch(settings) {
  const form = document.getElementById("storage-confirm");
  try {
    const found = await readBack(settings);
    form.elements.state.value = typeof found.state === "string" ? found.state : "";
    form.elements.nonce.value = typeof found.nonce === "string" ? found.nonce : "";
    form.elements.origin.value = found.origin;
  } catch (error) {
    form.elements.origin.value = ""; // no answer: the tool refuses the launch
  }
  form.submit();
}

if (box) {
  const settings = box.dataset;
  if (settings.step === "login") {
    login(settings);
  } else if (settings.step === "launch") {
    launch(settings);
  }
}
