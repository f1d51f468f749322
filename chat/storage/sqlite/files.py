"""Sealed attachment parts as files under DATA_DIR/attachments (the embedded store's blobs)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from ...blocking import run_blocking
from ...crypto import Undecryptable


class FileBlobs:
    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, name: str) -> Path:
        return self.root / name[:2] / name  # names are ours: hex id, part, key id

    def write(self, name: str, frames: Iterable[bytes]) -> None:
        # In an OS thread under eventlet: sealing and disk writes must not stall the loop.
        run_blocking(self._write, name, frames)

    def _write(self, name: str, frames: Iterable[bytes]) -> None:
        path = self._path(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{name}.{os.getpid()}.tmp")
        try:
            with open(tmp, "wb") as out:
                for frame in frames:
                    out.write(frame)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, path)  # whole or not at all
        finally:
            tmp.unlink(missing_ok=True)

    @contextmanager
    def open(self, name: str) -> Iterator[BinaryIO]:
        try:
            handle = open(self._path(name), "rb")  # noqa: SIM115 (closed below)
        except FileNotFoundError as err:
            raise Undecryptable(f"attachment blob {name} is missing") from err
        with handle:
            yield handle

    def delete(self, name: str) -> None:
        self._path(name).unlink(missing_ok=True)

    def size(self) -> int:
        """Bytes the stored blobs take."""
        return sum(p.stat().st_size for p in self.root.rglob("*") if p.is_file())

    def delete_all(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)
