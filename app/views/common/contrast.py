"""WCAG 2.2 contrast: relative luminance and contrast ratio of sRGB colours ("#RRGGBB").

Used to pick the letter colour on a risk symbol, and by the tests that check every
colour pair the screens draw (text 4.5:1, graphics and faded states 3:1).
"""

from __future__ import annotations


def _rgb(colour: str) -> tuple[int, int, int]:
    c = colour.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)


def luminance(colour: str) -> float:
    """Relative luminance (WCAG 2.2 definition) of an opaque sRGB colour."""

    def channel(v: int) -> float:
        s = v / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ratio(a: str, b: str) -> float:
    """Contrast ratio of two colours, from 1 (none) to 21 (black on white)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def blend(front: str, back: str, opacity: float) -> str:
    """`front` drawn at `opacity` over `back`, as the colour seen."""
    f, b = _rgb(front), _rgb(back)
    mixed = (round(x * opacity + y * (1 - opacity)) for x, y in zip(f, b, strict=True))
    return "#" + "".join(f"{v:02X}" for v in mixed)


def best_text(background: str) -> str:
    """Black or white, whichever reads better on `background`."""
    return "#000000" if ratio("#000000", background) >= ratio("#FFFFFF", background) else "#FFFFFF"
