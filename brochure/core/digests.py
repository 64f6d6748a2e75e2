"""One way to make a key from parts: the checker's file cache, the content's fingerprint and
the build's output cache all use it, so a key means the same wherever it is made."""

from __future__ import annotations

import hashlib
import io
import pickle


def digest(*parts: bytes | str) -> bytes:
    """A 20-byte digest of ``parts``; each part is length-prefixed, so ("ab", "c") and
    ("a", "bc") differ."""
    h = hashlib.blake2b(digest_size=20)
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.digest()


def data_bytes(value: object) -> bytes:
    """``value``'s data as bytes, whatever objects it shares. A pickle normally writes an
    object it meets again as a reference to the first, so equal data held in one object or
    in two equal ones gave other bytes: a group's details read back from the cache beside
    names made anew gave its short links new keys. Without that memo (``fast``) equal data
    gives equal bytes (the data must hold no cycles, which it could not pickle)."""
    out = io.BytesIO()
    pickler = pickle.Pickler(out, protocol=5)
    pickler.fast = True
    pickler.dump(value)
    return out.getvalue()
