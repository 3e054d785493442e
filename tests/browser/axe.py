"""axe-core (vendored, tests/browser/vendor/axe.min.js) on the page a journey is on, and a screenshot of it
in test-artifacts/ for CI to keep."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
ARTIFACTS = ROOT / "test-artifacts"
BLOCKING = {"serious", "critical"}


def check_page(page, name: str) -> None:
    """Save a screenshot named after the step and the viewport; fail on serious or critical violations."""
    viewport = page.viewport_size or {"width": 0, "height": 0}
    ARTIFACTS.mkdir(exist_ok=True)
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    page.screenshot(path=ARTIFACTS / f"{slug}-{viewport['width']}x{viewport['height']}.png", full_page=True)
    if not page.evaluate("() => Boolean(window.axe)"):
        # Evaluated through the browser's protocol, not as an inline <script>, which the site's
        # Content-Security-Policy rightly refuses.
        page.evaluate(f"() => {{ {AXE}\n}}")
    violations = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    blocking = [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
                for v in violations if v["impact"] in BLOCKING]
    assert not blocking, f"{name} at {viewport['width']}×{viewport['height']}:\n" + "\n".join(blocking)
