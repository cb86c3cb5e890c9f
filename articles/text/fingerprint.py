"""Stable content hashes: what the import saw, and what an editor may have changed since."""

import hashlib
import json


def content_hash(*parts) -> str:
    payload = json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
