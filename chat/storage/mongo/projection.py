"""findAndModify with a projection where the server supports it.

A send's first update needs only the seq and the member ids; returning the whole conversation
(every member's cursor and role, the last message) costs decoding time on every message. The
MongoDB-protocol test server (FerretDB) does not implement the projection of findAndModify: it
answers NotImplemented once, and this collection then asks for the whole document.
"""

from __future__ import annotations

from typing import Any

from pymongo import ReturnDocument
from pymongo.collection import Collection
from pymongo.errors import OperationFailure

NOT_IMPLEMENTED = 238


class ProjectedUpdates:
    def __init__(self, collection: Collection) -> None:
        self._c = collection
        self._supported = True

    def find_one_and_update(
        self, query: dict[str, Any], update: dict[str, Any], projection: dict[str, int]
    ) -> dict | None:
        """The document after the update (at least the projected fields), or None."""
        if self._supported:
            try:
                return self._c.find_one_and_update(
                    query, update, projection=projection, return_document=ReturnDocument.AFTER
                )
            except OperationFailure as err:
                if err.code != NOT_IMPLEMENTED:
                    raise
                self._supported = False
        return self._c.find_one_and_update(query, update, return_document=ReturnDocument.AFTER)
