"""Headless Chromium for the tests: load a page, report console errors and broken images.

The page is loaded from a copy with a probe script first in ``<head>`` (before the page's
own Content-Security-Policy, which still governs everything after it): it records errors,
CSP violations, ``console.error`` calls and, after ``load``, every image that did not
decode, and writes them into ``<body data-errors=…>``; ``--dump-dom`` returns the DOM.
Chromium's own log (``--enable-logging=stderr``) is searched for console messages too.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

__all__ = ["Loaded", "chromium", "load"]

PROBE = """<script>
window.__errors = [];
window.addEventListener('error', function (e) {
  var t = e.target || {};
  window.__errors.push('error: ' + (e.message || t.src || t.href || t.tagName));
}, true);
document.addEventListener('securitypolicyviolation', function (e) {
  window.__errors.push('csp: ' + e.violatedDirective + ' ' + e.blockedURI);
});
var __err = console.error;
console.error = function () {
  window.__errors.push('console: ' + Array.prototype.join.call(arguments, ' '));
  __err.apply(console, arguments);
};
window.addEventListener('load', function () {
  var imgs = Array.prototype.slice.call(document.images);
  imgs.forEach(function (i) {
    if (!i.complete || i.naturalWidth === 0) { window.__errors.push('broken image: ' + i.alt); }
  });
  document.body.setAttribute('data-images', String(imgs.length));
  document.body.setAttribute('data-errors', JSON.stringify(window.__errors));
});
</script>"""

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         "--disable-default-apps", "--disable-extensions", "--mute-audio")

_CONSOLE = re.compile(r"CONSOLE\(\d+\)|Uncaught|Refused to|Failed to load resource")


@dataclass(frozen=True)
class Loaded:
    dom: str
    errors: list[str]
    images: int
    log_errors: list[str]


def chromium() -> str:
    """The Chromium binary; fails under CI (it must be installed) and skips elsewhere."""
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    message = "headless Chromium is not installed (make system-deps: apt-get install chromium)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)
    raise AssertionError("unreachable")


def load(page: str, *, timeout: float = 90) -> Loaded:
    """Load the HTML text ``page`` in headless Chromium and return what the probe saw."""
    binary = chromium()
    with tempfile.TemporaryDirectory(prefix="zwxmt-chromium-") as tmp:
        path = Path(tmp) / "page.html"
        probed = page.replace("<head>", "<head>" + PROBE, 1)
        assert probed != page, "the page has no <head>"
        path.write_text(probed, encoding="utf-8")
        profile = Path(tmp) / "profile"
        cmd = [binary, *FLAGS, f"--user-data-dir={profile}", "--enable-logging=stderr",
               "--v=0", "--virtual-time-budget=10000", "--dump-dom", path.as_uri()]
        run = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                             env={**os.environ, "HOME": tmp})
    if run.returncode != 0:
        raise AssertionError(f"chromium failed ({run.returncode}): {run.stderr[-2000:]}")
    dom = run.stdout
    match = re.search(r"<body[^>]*\sdata-errors=\"([^\"]*)\"", dom)
    if match is None:
        raise AssertionError("the probe did not run: no data-errors on <body>\n" + dom[:500])
    import html

    errors = json.loads(html.unescape(match.group(1)))
    images = re.search(r"<body[^>]*\sdata-images=\"(\d+)\"", dom)
    logged = [line for line in run.stderr.splitlines() if _CONSOLE.search(line)]
    return Loaded(dom, errors, int(images.group(1)) if images else -1, logged)
