"""Search over encrypted messages through a blind index (see tokens.py)."""
