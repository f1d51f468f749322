"""Refresh-token rotation: each refresh token is good for one use (OWASP, RFC 9700 4.14.2)."""

from __future__ import annotations

from datetime import UTC, datetime

from ..sessions import Claims, end_session
from ..storage import get_store


def retire_refresh_token(claims: Claims) -> bool:
    """Mark this refresh token used; False if it was used before, which means a copy exists
    (stolen, or replayed): then its whole session is ended, for the thief and the owner alike.

    Two refreshes racing with one token can both pass; they come from one client, and the
    client refreshes one at a time (client/src/lib/session-refresh.ts).
    """
    revocations = get_store().revocations
    if revocations.is_revoked(claims["jti"]):
        end_session(claims)
        return False
    revocations.revoke(claims["jti"], datetime.fromtimestamp(claims["exp"], UTC))
    return True
