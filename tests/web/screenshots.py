"""The pictures of the game in a browser in docs/: a laptop's screen, a tablet's and a
phone's (held upright).

    python -m tests.web.screenshots            # writes docs/browser-*.png
    python -m tests.web.screenshots phone      # only the phone's

A class of three is served on a loopback port; Debian's chromium opens it at each size,
a student types their name, and the page is photographed at the name box and in the
cabinet room (with one action chosen, so that the actions list is shown).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from tests.web import browser
from tests.web.helpers import ROOT, Served, write_class

SIZES = {"laptop": (1366, 768), "tablet": (768, 1024), "phone": (390, 844)}


def settle(page, seconds: float = 1.0) -> None:
    """Let the last frame reach the canvas (frames come at most every 1/60 s)."""
    time.sleep(seconds)


def shoot(out: Path, labels: list[str] | None = None) -> list[Path]:
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_class(Path(tmp))
        with Served(
            "--class", str(folder), "--hand-in", str(Path(tmp) / "in"), "--warm", "0", cwd=tmp
        ) as srv:
            # a student for each size: a game opened again asks for its key
            names = iter(["Chloe Tremblay", "Amira Haddad", "Ben O'Connor"])
            for label, (width, height) in SIZES.items():
                if labels and label not in labels:
                    continue
                with browser.chromium(width, height) as page:
                    page.goto(srv.address)
                    browser.wait_for_words(page, "as it is on the class list")
                    browser.focus_game(page)
                    page.keyboard.type(next(names))
                    settle(page)
                    path = out / f"browser-{label}-name.png"
                    page.screenshot(path=str(path))
                    written.append(path)
                    page.keyboard.press("Enter")
                    browser.wait_for_words(page, "Briefing")
                    settle(page)  # the cabinet room lays itself out for the width first
                    page.keyboard.press("a")
                    browser.wait_for_words(page, "Enter to add it to this turn")
                    page.keyboard.press("Enter")
                    settle(page, 4.0)  # the notice of the chosen action fades
                    path = out / f"browser-{label}.png"
                    page.screenshot(path=str(path))
                    written.append(path)
                srv.wait_for_log("a game closed (0 open)")
    return written


def main(labels: list[str]) -> int:
    unknown = [label for label in labels if label not in SIZES]
    if unknown:
        sys.stderr.write(f"no such size: {', '.join(unknown)} (sizes: {', '.join(SIZES)})\n")
        return 2
    problem = browser.missing()
    if problem:
        sys.stderr.write(problem + "\n")
        return 1
    for path in shoot(ROOT / "docs", labels):
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
