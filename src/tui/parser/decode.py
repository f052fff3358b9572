"""Bytes to text: UTF-8 with or without BOM, UTF-16 with BOM, GB18030/GBK; any line ends."""

from __future__ import annotations

import codecs
from typing import NamedTuple


class DecodeError(ValueError):
    """The bytes are not a text file this reader understands."""


class Decoded(NamedTuple):
    """The text (`\\n` line ends), the encoding's name, and a note when the end was cut off."""

    text: str
    encoding: str
    cut: str | None = None


# Every byte but the C0 controls that text files do not hold (tab, LF, VT, FF and CR are fine).
_NOT_CONTROL = bytes(sorted(set(range(256)) - {*range(0x00, 0x09), *range(0x0E, 0x20)}))
# At most this many bytes of one character can be missing at the end (UTF-8: 3; UTF-16: a pair).
_LONGEST_CHARACTER = 4


def _decode_cut(body: bytes, encoding: str) -> tuple[str, str | None]:
    """Decode `body`; a file cut inside its last character (an interrupted download or copy)
    keeps everything before the cut, with a note, instead of being refused whole."""
    try:
        return body.decode(encoding), None
    except UnicodeDecodeError as error:
        cut_at_end = error.end == len(body) and len(body) - error.start < _LONGEST_CHARACTER
        if not cut_at_end:
            raise
        text = body[: error.start].decode(encoding)  # raises if the text before is bad too
        return text, (
            "the file ends in the middle of a character (an interrupted download or copy?);"
            f" read up to byte {error.start}"
        )


def decode(data: bytes) -> Decoded:
    """Return (text with `\\n` line ends, encoding name, note about a cut end or None)."""
    cut: str | None = None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text, cut = _decode_cut(data, "utf-16")
            encoding = "utf-16"
        except UnicodeDecodeError:
            raise DecodeError("not a text file: broken UTF-16") from None
        head = text[:8192].encode("utf-8", "surrogatepass")
    else:
        body = data[3:] if data.startswith(codecs.BOM_UTF8) else data
        if b"\x00" in body:
            raise DecodeError("binary file (it contains NUL bytes)")
        head = body[:8192]
        try:
            text, cut = _decode_cut(body, "utf-8")
            encoding = "utf-8-sig" if body is not data else "utf-8"
        except UnicodeDecodeError as utf8_error:
            try:
                text, encoding = body.decode("gb18030"), "gb18030"
            except UnicodeDecodeError:
                raise DecodeError(
                    f"not a text file: neither UTF-8 ({utf8_error.reason} at byte "
                    f"{utf8_error.start}) nor GB18030"
                ) from None
    if len(head.translate(None, _NOT_CONTROL)) > max(8, len(head) // 100):
        raise DecodeError("binary file (too many control characters)")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return Decoded(text, encoding, cut)
