// Conditionally revealed fields (NHS.UK radios markup: an input's data-aria-controls names the
// nhsuk-radios__conditional it reveals). The same behaviour as nhsuk-frontend's radios, without
// the aria-expanded it sets on radio inputs, which ARIA does not allow on them (axe's
// aria-allowed-attr; alphagov/govuk-frontend#979). Without JavaScript every field stays shown.
const sync = (group) => {
  for (const input of group.querySelectorAll("input[type=radio][aria-controls]")) {
    const target = document.getElementById(input.getAttribute("aria-controls"));
    target?.classList.toggle("nhsuk-radios__conditional--hidden", !input.checked);
  }
};

for (const group of document.querySelectorAll("[data-module=dp-reveal]")) {
  for (const input of group.querySelectorAll("input[type=radio][data-aria-controls]")) {
    input.setAttribute("aria-controls", input.dataset.ariaControls);
    input.removeAttribute("data-aria-controls");
  }
  group.addEventListener("change", () => sync(group));
  sync(group);
}
