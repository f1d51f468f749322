"""Refresh-token rotation: each refresh token is good for one use (OWASP, RFC 9700 4.14.2),
with a short grace for a client that never got the answer to that use."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import current_app

from ..sessions import Claims, end_session
from ..storage import get_store
from ..storage.models import utcnow


def retire_refresh_token(claims: Claims) -> bool:
    """Mark this refresh token used; False if it was used before, which means a copy exists
    (stolen, or replayed): then its whole session is ended, for the thief and the owner alike.

    Within REFRESH_REUSE_GRACE of its first use it is answered again instead: on a flaky
    network the new cookies can be lost on the way back, and the client then presents the old
    token once more (a grace period like Okta's and Auth0's reuse interval; a copy used within
    those seconds goes unnoticed, one used later still ends the session).

    Two refreshes racing with one token can both pass; they come from one client, and the
    client refreshes one at a time (client/src/lib/session-refresh.ts).
    """
    revocations = get_store().revocations
    first_used = revocations.revoked_at(claims["jti"])
    if first_used is None:
        revocations.revoke(claims["jti"], datetime.fromtimestamp(claims["exp"], UTC))
        return True
    if utcnow() - first_used <= current_app.config["REFRESH_REUSE_GRACE"]:
        return True
    end_session(claims)
    return False
