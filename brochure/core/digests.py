"""One way to make a key from parts: the checker's file cache, the content's fingerprint and
the build's output cache all use it, so a key means the same wherever it is made."""

from __future__ import annotations

import hashlib


def digest(*parts: bytes | str) -> bytes:
    """A 20-byte digest of ``parts``; each part is length-prefixed, so ("ab", "c") and
    ("a", "bc") differ."""
    h = hashlib.blake2b(digest_size=20)
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.digest()
