"""Lenient JSON loading for the JSON formats."""

from __future__ import annotations

import json


def load_json(data: bytes) -> tuple[object, list[str], str]:
    """(value, warnings, failure) for JSON bytes in UTF-8/16/32; never raises.

    Invalid UTF-8 is replaced (with a warning) rather than refused.
    """
    warnings: list[str] = []
    try:
        return json.loads(data), warnings, ""
    except UnicodeDecodeError:
        text = data.decode("utf-8", errors="replace").lstrip("\ufeff")
        warnings.append("invalid UTF-8 replaced")
    except (ValueError, RecursionError) as error:
        return None, warnings, f"malformed JSON: {' '.join(str(error).split())[:200]}"
    try:
        return json.loads(text), warnings, ""
    except (ValueError, RecursionError) as error:
        return None, warnings, f"malformed JSON: {' '.join(str(error).split())[:200]}"
