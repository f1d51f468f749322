"""The serving process's collector settings: the young generation's threshold is applied."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from chat.extensions import socketio
from chat.realtime.gc_tuning import start_gc_tuning


@pytest.fixture
def thresholds() -> Iterator[None]:
    before = gc.get_threshold()
    yield
    gc.set_threshold(*before)


@pytest.mark.usefixtures("thresholds")
def test_the_young_threshold_is_set_and_the_older_generations_kept() -> None:
    _, middle, old = gc.get_threshold()
    start_gc_tuning(socketio, 0, 12_345)  # 0: no freezer task
    assert gc.get_threshold() == (12_345, middle, old)
