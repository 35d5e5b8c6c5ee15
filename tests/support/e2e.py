"""Browser helpers: launch from the demo LMS into the tool's iframe, and check accessibility with
axe-core, in Debian's chromium driven by Playwright."""

from __future__ import annotations

from pathlib import Path

from lti_tool.assessment.forms import rating_field_name

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def launch_in_iframe(page, demo_site, persona: str, timeout: float = 15_000):
    """Open the demo course, press the persona's Launch button and return the tool's frame once
    its home page shows."""
    page.goto(f"{demo_site.lms_url}/")
    with page.expect_navigation():
        page.locator(f"a[href*='/launch/{persona}']").first.click()
    frame = tool_frame(page)
    frame.wait_for_url(
        lambda url: url.startswith(demo_site.tool_url) and "/lti/" not in url, timeout=timeout
    )
    frame.wait_for_load_state()
    return frame


def navigate(frame, locator) -> None:
    """Click a link or submit button and wait for the frame's next page, so that assertions never
    read the page being left."""
    with frame.expect_navigation():
        locator.click()


def radio_id(field_id: str, value: int, values: list[int]) -> str:
    """The NHS.UK radios give the first option the bare id and the others -2, -3, …"""
    index = values.index(value) + 1
    return field_id if index == 1 else f"{field_id}-{index}"


def rate(frame, behaviour_id: str, value: int, values: list[int]) -> None:
    field_id = radio_id(rating_field_name(behaviour_id), value, values)
    frame.locator(f"label[for='{field_id}']").click()


def answer_dimension(frame, dimension, rating_for, importance: int, values) -> None:
    for behaviour in dimension.all_behaviours():
        value = rating_for(behaviour)
        if value is not None:
            rate(frame, behaviour.id, value, values)
    frame.locator(f"label[for='{radio_id('importance', importance, [1, 2, 3, 4])}']").click()


def tool_frame(page):
    """The Frame object of the tool inside the LMS page."""
    handle = page.wait_for_selector("iframe.activity")
    return handle.content_frame()


FOCUS_OBSCURED = """() => {
  const focusable = [...document.querySelectorAll(
    'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]'
  )].filter((el) => el.tabIndex >= 0 && !el.disabled && el.getClientRects().length);
  const obscured = [];
  for (const el of focusable) {
    el.focus();
    if (document.activeElement !== el) continue;
    const box = el.getBoundingClientRect();
    const x = Math.min(Math.max(box.left + box.width / 2, 0), innerWidth - 1);
    const y = Math.min(Math.max(box.top + box.height / 2, 0), innerHeight - 1);
    const hit = document.elementFromPoint(x, y);
    const related = hit && (hit === el || el.contains(hit) || hit.contains(el)
      || (el.labels && [...el.labels].some((label) => label.contains(hit))));
    if (!related) {
      const name = (node) => node.tagName.toLowerCase() + (node.id ? '#' + node.id : '');
      obscured.push(name(el) + ' under ' + (hit ? name(hit) : 'nothing'));
    }
  }
  document.activeElement && document.activeElement.blur();
  scrollTo(0, 0);
  return obscured;
}"""


def assert_focus_not_obscured(target, context: str) -> None:
    """WCAG 2.2 2.4.11 Focus Not Obscured: every focusable element, once focused (the browser
    scrolls it into view), is at least partly visible, never hidden under a sticky header or
    another element."""
    obscured = target.evaluate(FOCUS_OBSCURED)
    assert not obscured, f"focus obscured on {context}: " + ", ".join(obscured[:10])


def assert_fits_the_frame(target, context: str) -> None:
    """No horizontal scrolling at the frame's width."""
    scroll, client = target.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert scroll <= client, f"horizontal scrolling on {context}: {scroll} > {client} px"


def assert_accessible(target, context: str) -> None:
    """axe-core's WCAG 2.0–2.2 A/AA rules (target size 24 px included), focus never obscured,
    and no horizontal scrolling; fails listing every problem found."""
    assert_focus_not_obscured(target, context)
    assert_fits_the_frame(target, context)
    if not target.evaluate("() => typeof window.axe !== 'undefined'"):
        target.evaluate(AXE_SCRIPT.read_text())
    result = target.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        AXE_TAGS,
    )
    problems = [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(n["target"][0] if n["target"] else "?" for n in v["nodes"][:5])
        for v in result["violations"]
    ]
    assert not problems, f"accessibility violations on {context}:\n" + "\n".join(problems)
