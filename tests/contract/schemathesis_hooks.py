"""Schemathesis hooks for test_schemathesis, loaded by the CLI in its own process.

The examples phase (which runs first) gets one signed-in case with real path ids for each operation
named in EXAMPLES_ENV, so its handler serves it. Only an answer in 2xx tells schemathesis that the
configured credentials work for an operation: where random ids only ever get 404, its missing_auth
warning otherwise hinges on how many of the fuzzing phase's cases happen to drop the session
cookie (90% or more 401s in a scenario). Coverage and fuzzing still draw their own ids. EXAMPLES_ENV
holds JSON: {"GET /api/avatars/{attachment_id}": {"attachment_id": "..."}}.
"""

from __future__ import annotations

import json
import os
from typing import Any

import schemathesis

# The engine's own way to turn a strategy into one example (internal to schemathesis 4: a change
# there fails the run with a hook error rather than silently).
from schemathesis.generation.hypothesis.examples import generate_one
from schemathesis.generation.meta import TestPhase

EXAMPLES_ENV = "CONTRACT_PATH_EXAMPLES"  # set by test_schemathesis.py


@schemathesis.hook
def before_add_examples(context: Any, examples: list[Any]) -> None:
    operation = context.operation
    path_parameters = json.loads(os.environ[EXAMPLES_ENV]).get(operation.label)
    if path_parameters is not None:
        strategy = operation.as_strategy(phase=TestPhase.EXAMPLES, path_parameters=path_parameters)
        examples.append(generate_one(strategy))
