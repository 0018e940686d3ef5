// Security keys (WebAuthn). A form marked data-security-key asks the browser for its key before it
// is sent: "create" adds a key, "get" signs in with one. The options come from data-options; the
// key's answer and the sealed state go in the form's hidden fields. Without this script, or when
// the key is not used, the form is sent without them and the page says what is missing.
(() => {
  "use strict";
  const supported = window.PublicKeyCredential
    && typeof PublicKeyCredential.parseCreationOptionsFromJSON === "function"
    && typeof PublicKeyCredential.parseRequestOptionsFromJSON === "function";
  if (!supported) {
    return;
  }

  const field = (form, suffix) => form.querySelector(`input[type="hidden"][name$="${suffix}"]`);

  async function ceremony(form) {
    const response = await fetch(form.dataset.options, { method: "POST", body: new FormData(form), credentials: "same-origin" });
    if (!response.ok) {
      return;
    }

    const { options, state } = await response.json();
    const credential = form.dataset.securityKey === "create"
      ? await navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options) })
      : await navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options) });
    if (credential) {
      field(form, "Credential").value = JSON.stringify(credential);
      field(form, "State").value = state;
    }
  }

  for (const form of document.querySelectorAll("form[data-security-key]")) {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const button = form.querySelector("button[type=submit]");
      if (button) {
        button.disabled = true;
      }

      try {
        await ceremony(form);
      } catch {
        // Cancelled, timed out or refused by the browser: the server explains, and nothing is kept.
      }

      form.submit();
    });
  }
})();
