"""The Content-Security-Policy of the pages solieu writes: nothing loads from anywhere, only our own code runs.

A review page shows text from documents nobody vetted. Everything in it is
escaped; the policy is the second wall: `default-src 'none'` forbids every
fetch, image, font, frame and form target, and the one inline `<style>` and
`<script>` are allowed by their SHA-256 hashes, so any other script (an
injected `<script>`, an `onerror=` attribute) would be refused by the browser
even if it ever reached the page.
"""

from __future__ import annotations

import base64
import hashlib
import html


def source_hash(code: str) -> str:
    """The CSP source expression allowing exactly this inline script or style.

    >>> source_hash("")
    "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
    """
    digest = hashlib.sha256(code.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def policy(style: str, script: str | None = None) -> str:
    """The policy text for a page with one inline style and at most one inline script."""
    scripts = source_hash(script) if script is not None else "'none'"
    parts = [
        "default-src 'none'",
        f"style-src {source_hash(style)}",
        f"script-src {scripts}",
        "img-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
    ]  # frame-ancestors: not in a meta tag
    return "; ".join(parts)


def meta_tag(style: str, script: str | None = None) -> str:
    """`<meta http-equiv="Content-Security-Policy" …>`, to come first in `<head>`."""
    return f'<meta http-equiv="Content-Security-Policy" content="{html.escape(policy(style, script))}">'
