"""The checked entities of a content set, kept in the cache so that a command need not check
the same files again.

Checking the content's documents against the models (``loader``) is what makes them
entities; it needs the models' validators, which are built on first use (the models are
declared with ``defer_build``) and take longer to build than anything a command then does
with them. A content set that loaded without a problem is therefore kept as its entities'
field values, as JSON (dates, tuples and nested entities tagged), in one cache file per
content digest, version of the content code (``cache.code_digest``: the models, the checks
and the engine) and version of pydantic. The next command that reads the same bytes takes
the entities from there, made with ``model_construct``: the values are the ones the
validators gave, so nothing is checked twice.

The record is trusted for exactly the digests it names, and only whole: its body carries its
own SHA-256, each entity must name a model of the content and every one of that model's fields,
and anything else is ignored (the files are then checked afresh and the record rewritten). It
holds data, never code. A content set with scenario overrides is not kept: an override is
checked against the document it changes, which the record does not hold.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pydantic_core
from pydantic.version import VERSION as PYDANTIC_VERSION

from diplomacy_game.content import cache
from diplomacy_game.model.content import KINDS, Entity, entity_models
from diplomacy_game.safe_read import FileProblem, read_limited

FORMAT = 1


def _encode(value: Any) -> Any:
    if isinstance(value, Entity):
        fields = {name: _encode(getattr(value, name)) for name in type(value).model_fields}
        return {"$entity": [type(value).__name__, fields, sorted(value.model_fields_set)]}
    if isinstance(value, dict):
        if any(not isinstance(k, str) or k.startswith("$") for k in value):
            raise ValueError("a table's key cannot be kept")
        return {k: _encode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, tuple):
        return {"$tuple": [_encode(v) for v in value]}
    if isinstance(value, dt.datetime | dt.time):
        raise ValueError("a time of day cannot be kept")
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if value is None or isinstance(value, str | int | float):
        return value
    raise ValueError(f"a {type(value).__name__} cannot be kept")


def _decoder(models: dict[str, type[Entity]]) -> Any:
    def decode(value: Any) -> Any:
        if isinstance(value, list):
            return [decode(v) for v in value]
        if not isinstance(value, dict):
            return value
        if len(value) == 1:
            ((key, inner),) = value.items()
            if key == "$entity":
                name, fields, given = inner
                model = models[name]
                if not isinstance(fields, dict) or fields.keys() != model.model_fields.keys():
                    raise ValueError(f"the fields of {name} are not the model's")
                return model.model_construct(
                    _fields_set=set(given), **{k: decode(v) for k, v in fields.items()}
                )
            if key == "$tuple":
                return tuple(decode(v) for v in inner)
            if key == "$date":
                return dt.date.fromisoformat(inner)
        return {k: decode(v) for k, v in value.items()}

    return decode


def _entry(digest: str) -> tuple[Path | None, dict[str, Any]]:
    # The checks' outcome depends on pydantic as well as on our models.
    checker = f"pydantic {PYDANTIC_VERSION}, pydantic-core {pydantic_core.__version__}"
    names = {"format": FORMAT, "digest": digest, "code": cache.code_digest(), "checker": checker}
    folder = cache.cache_dir()
    if folder is None or not digest or not names["code"]:
        return None, names
    key = hashlib.sha256(json.dumps(names, sort_keys=True).encode()).hexdigest()
    return folder / f"entities-{key[:40]}.json", names


def keep(cs: Any) -> None:
    """Keep a content set that loaded without a problem; nothing happens when it had one,
    holds overrides, or cannot be kept."""
    if cs.issues or any(s.overrides for s in cs.entities["scenario"].values()):
        return
    try:
        path, names = _entry(cs.digest)
        if path is None:
            return
        entities = {
            kind: [[key, cs.origin[(kind, key)], _encode(e)] for key, e in bucket.items()]
            for kind, bucket in cs.entities.items()
        }
        body = json.dumps(entities, ensure_ascii=False, allow_nan=False)
        record = {**names, "sha256": hashlib.sha256(body.encode()).hexdigest(), "body": body}
        cache.write_atomic(path, json.dumps(record, ensure_ascii=False))
    except (OSError, ValueError, TypeError, RecursionError):
        return
    cache.prune(path, "entities-")


def recall(cs: Any, key_of: Callable[[str, Entity], str]) -> bool:
    """Fill ``cs`` (its digest and files set, no entity yet) with the entities kept for its
    digest, each under ``key_of(kind, entity)``; False, leaving it untouched, when there is no
    whole record to trust."""
    try:
        path, names = _entry(cs.digest)
        if path is None:
            return False
        record = json.loads(read_limited(path, cache.MAX_CACHE_BYTES, "cache file"))
        if not isinstance(record, dict) or any(record.get(k) != v for k, v in names.items()):
            return False
        body = record["body"]
        if hashlib.sha256(body.encode()).hexdigest() != record["sha256"]:
            return False
        rows_by_kind = json.loads(body)
        decode = _decoder(entity_models())
        entities: dict[str, dict[str, Entity]] = {kind: {} for kind in KINDS}
        origin: dict[tuple[str, str], str] = {}
        for kind, rows in rows_by_kind.items():
            bucket = entities[kind]
            for key, where, encoded in rows:
                entity = decode(encoded)
                if not isinstance(entity, KINDS[kind]):
                    return False
                # Keyed by the entity's own id, as a fresh load keys it: the very string
                # object, which a lookup by ``spec.id`` then finds without comparing text.
                own = key_of(kind, entity)
                if own != key:
                    return False
                key = own
                bucket[key] = entity
                origin[(kind, key)] = where
    except (FileProblem, OSError, ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return False
    cs.entities, cs.origin = entities, origin
    return True
