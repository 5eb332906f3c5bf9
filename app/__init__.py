"""Circles: mapping young people identified for support in a self-harm group response."""

from __future__ import annotations

__version__ = "0.1.0"
