"""Accessibility checks of a loaded page: axe-core at WCAG 2.1 A/AA, and a keyboard walk
through every focusable element with the focus visible at each step."""

from dataclasses import dataclass, field
from typing import Any

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
TARGETS_SHOWN = 3  # selectors printed per violation

# What the keyboard can reach, as the browser decides: rendered, enabled, not taken out of the
# tab order. Each gets a data-tour-focus number and the style it has unfocused, to compare.
MARK_FOCUSABLE = """() => {
  const selector = 'a[href], area[href], button, input:not([type=hidden]), select, textarea, '
    + 'summary, iframe, [contenteditable=""], [contenteditable=true], [tabindex]';
  // checkVisibility: not inside a closed <details> or a display:none or hidden ancestor.
  const rendered = el => el.checkVisibility({visibilityProperty: true})
    && el.getClientRects().length > 0 && !el.closest('[inert]');
  const listed = [...document.querySelectorAll(selector)].filter(el =>
    el.tabIndex >= 0 && !el.disabled && rendered(el)
    && (el.tagName !== 'SUMMARY' || el.parentElement.firstElementChild === el));
  window.tourRest = listed.map(el => focusStyle(el));
  listed.forEach((el, index) => el.setAttribute('data-tour-focus', index));
  return listed.length;
}"""

# The parts of an element's computed style a focus indicator can change.
FOCUS_STYLE = """() => { window.focusStyle = el => {
  const s = getComputedStyle(el);
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0
    ? `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}` : '';
  return {outline, boxShadow: s.boxShadow === 'none' ? '' : s.boxShadow};
}; }"""

# Where the focus is now: the element's number (null for the document itself, or for an
# element the browser made focusable such as a scrolling box), what it is and whether its focus
# is visible (an outline or a box shadow it does not have unfocused).
ACTIVE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const number = el.getAttribute('data-tour-focus');
  const now = focusStyle(el);
  const rest = number === null ? {outline: '', boxShadow: ''} : tourRest[Number(number)];
  const visible = Boolean(now.outline && now.outline !== rest.outline)
    || Boolean(now.boxShadow && now.boxShadow !== rest.boxShadow);
  const text = (el.getAttribute('aria-label') || el.textContent || el.value || '').trim();
  const name = `<${el.tagName.toLowerCase()}> «${text.replace(/\\s+/g, ' ').slice(0, 40)}»`;
  return {number: number === null ? null : Number(number), name, visible,
          href: el.getAttribute('href') || ''};
}"""


def axe_violations(page: Page) -> list[str]:
    """axe-core's WCAG 2.1 A/AA violations on the page, one readable line each."""
    options = {"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]}
    results = Axe().run(page, options=options)
    return [describe_violation(violation) for violation in results.response["violations"]]


def describe_violation(violation: dict[str, Any]) -> str:
    targets = [" ".join(map(str, node["target"])) for node in violation["nodes"]]
    shown = "; ".join(targets[:TARGETS_SHOWN]) + (" …" if len(targets) > TARGETS_SHOWN else "")
    return (
        f"{violation['id']} ({violation['impact']}): {violation['help']} [{len(targets)}× {shown}]"
    )


@dataclass
class KeyboardWalk:
    """What pressing Tab from the top of a page met, in order."""

    focusable: int  # elements the keyboard should reach
    reached: list[int] = field(default_factory=list)  # their numbers, in tab order
    names: list[str] = field(default_factory=list)
    invisible: list[str] = field(default_factory=list)  # focused with no visible indicator
    first_href: str = ""
    ended: bool = False  # focus left the page after the last element (no trap)

    @property
    def unreached(self) -> list[int]:
        return sorted(set(range(self.focusable)) - set(self.reached))


def walk_with_tab(page: Page) -> KeyboardWalk:
    """Tab from the top until the focus leaves the page; more steps than the page has
    focusable elements (plus a few the browser adds) means the focus is trapped or looping."""
    page.evaluate(FOCUS_STYLE)
    walk = KeyboardWalk(focusable=page.evaluate(MARK_FOCUSABLE))
    for _ in range(2 * walk.focusable + 5):
        page.keyboard.press("Tab")
        active = page.evaluate(ACTIVE)
        if active is None:
            walk.ended = True
            break
        if not walk.names:
            walk.first_href = active["href"]
        walk.names.append(active["name"])
        if active["number"] is not None:
            walk.reached.append(active["number"])
        if not active["visible"]:
            walk.invisible.append(active["name"])
    return walk


def skip_link_moves_focus(page: Page, href: str) -> bool:
    """After the walk: Tab to the skip link again, follow it with Enter, and Tab once more;
    the focus must land inside the link's target."""
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    target = href.removeprefix("#")
    inside: bool = page.evaluate(
        "id => { const t = document.getElementById(id);"
        " return Boolean(t && t.contains(document.activeElement)); }",
        target,
    )
    return inside
