"""Short codes: the 4–5 characters of a group's dictated link ``r/<code>/``.

The alphabet leaves out characters that look alike when read from paper or a screen: 0 and
o, 1, l and i, and the letter of each pair 2/z, 5/s, 8/b, 9/g/q, u/v, so "k7m3" can be read
out and typed without mistakes. A code is written in the group file once (``brochure new``
does it) and never changes; deleted groups keep theirs in ``content/retired.yaml``, so it is
never reused.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Collection

ALPHABET = "23456789acdefhjkmnprtwxy"
LENGTHS = (4, 5)
CODE_PATTERN = re.compile(f"[{ALPHABET}]{{4,5}}\\Z")


def valid_code(code: str) -> bool:
    return bool(CODE_PATTERN.match(code))


def suggest_code(slug: str, taken: Collection[str] = ()) -> str:
    """A code for ``slug`` that is not in ``taken``: the same every time for the same input,
    so a warning and ``brochure new`` suggest the same code."""
    attempt = 0
    while True:
        digest = hashlib.blake2b(f"{slug}:{attempt}".encode(), digest_size=8).digest()
        number = int.from_bytes(digest, "big")
        length = LENGTHS[0] if attempt < 50 else LENGTHS[1]
        chars = []
        for _ in range(length):
            number, index = divmod(number, len(ALPHABET))
            chars.append(ALPHABET[index])
        code = "".join(chars)
        if code not in taken:
            return code
        attempt += 1
