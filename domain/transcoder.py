"""The events' JSON, read fast.

The library's `JSONTranscoder` writes an event's state as JSON in which every value of a
registered type (UUID, datetime, date, the vocabulary's enums) is a tagged object
`{"_type_": name, "_data_": data}`, and reads it back with the standard parser calling a Python
hook for every object. Reading is what a rebuild does a million times: `TaggedJSONTranscoder`
parses with msgspec's C parser (about 2.5× the standard one here) and then turns the tagged
objects into values in one pass over what was parsed. The bytes written are the library's,
unchanged; JSON the fast parser refuses (NaN, integers past 64 bits) is read by the library's
path, so the two readings never differ.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID, SafeUUID

import msgspec
from eventsourcing.persistence import JSONTranscoder


class TaggedJSONTranscoder(JSONTranscoder):
    def __init__(self) -> None:
        super().__init__()
        self._parse = msgspec.json.Decoder().decode

    def decode(self, data: bytes) -> Any:
        try:
            parsed = self._parse(data)
        except msgspec.DecodeError:
            return super().decode(data)
        return self._untag(parsed) if type(parsed) is dict else _values(self, parsed)

    def _untag(self, obj: dict[str, Any]) -> Any:
        """A parsed object with its tagged values decoded, inner ones first (as the library's
        hook sees them)."""
        if len(obj) == 2 and "_type_" in obj and "_data_" in obj:
            data = obj["_data_"]
            kind = type(data)
            if kind is dict:
                data = self._untag(data)
            elif kind is list:
                data = _values(self, data)
            try:
                transcoding = self.names[obj["_type_"]]
            except (KeyError, TypeError):  # the library's error for an unknown name
                return self._decode_obj({"_type_": obj["_type_"], "_data_": data})
            return transcoding.decode(data)
        names = self.names
        for name, value in obj.items():
            kind = type(value)
            if kind is dict:
                # the common case inline: a tagged scalar (a UUID, a moment, an enum's value)
                if len(value) == 2 and type(data := value.get("_data_")) is str:
                    tagged = names.get(value.get("_type_"))
                    if tagged is not None:
                        obj[name] = tagged.decode(data)
                        continue
                obj[name] = self._untag(value)
            elif kind is list:
                obj[name] = _values(self, value)
        return obj


def _values(transcoder: TaggedJSONTranscoder, items: Any) -> Any:
    if type(items) is not list:
        return items
    return [
        transcoder._untag(item)
        if type(item) is dict
        else _values(transcoder, item)
        if type(item) is list
        else item
        for item in items
    ]


_new, _set, _UNKNOWN = object.__new__, object.__setattr__, SafeUUID.unknown


def uuid_from_hex(text: str) -> UUID:
    """`UUID(text)`, made without `UUID`'s parsing when `text` is the 32 hex digits the log
    stores (a rebuild makes a million of them); any other text goes through `UUID` itself."""
    if len(text) == 32:
        try:
            value = int(text, 16)
        except ValueError:
            value = -1
        if value < 0:  # not hex digits (UUID drops a "-" before it parses: let it)
            return UUID(text)
        made = _new(UUID)
        _set(made, "int", value)
        _set(made, "is_safe", _UNKNOWN)
        return made
    return UUID(text)
