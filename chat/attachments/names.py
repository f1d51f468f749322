"""File names as uploaded, made safe to store and to offer for download."""

from __future__ import annotations

import unicodedata

MAX_NAME_BYTES = 255
FALLBACK = "file"


def sanitise_name(raw: str | None) -> str:
    """The last path component, without control or format characters (bidi overrides can
    disguise an extension), leading dots or surrounding spaces, cut to 255 bytes of UTF-8
    keeping the extension; "file" when nothing is left."""
    name = unicodedata.normalize("NFC", (raw or "").replace("\\", "/").rsplit("/", 1)[-1])
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = name.strip().lstrip(".").strip()
    if not name:
        return FALLBACK
    return _fit(name)


def _fit(name: str) -> str:
    if len(name.encode()) <= MAX_NAME_BYTES:
        return name
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem or len(extension.encode()) > 16:
        stem, extension = name, ""
    suffix = f".{extension}" if extension else ""
    budget = MAX_NAME_BYTES - len(suffix.encode())
    cut = stem.encode()[:budget].decode(errors="ignore")  # never half a character
    return cut + suffix
