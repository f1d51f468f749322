-- Embedded default store. Times are integer milliseconds since the epoch (UTC).
CREATE TABLE IF NOT EXISTS users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL,
    username_folded TEXT NOT NULL UNIQUE,
    full_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    gender TEXT,
    avatar_url TEXT,
    created_at INTEGER NOT NULL,
    active INTEGER NOT NULL DEFAULT 1,
    deactivated_at INTEGER,  -- set exactly while active = 0
    sessions_reset_at INTEGER,  -- last password change: sessions begun before it are ended
    sessions_reset_by TEXT,  -- except this one, which changed it (NULL: an admin reset)
    last_seen_at INTEGER,  -- when the user's last socket closed (shown to contacts)
    settings TEXT,  -- JSON of the user's choices (privacy switches); NULL: the defaults
    settings_changed_at INTEGER  -- when settings last changed: processes drop cached copies
);

CREATE INDEX IF NOT EXISTS users_deactivated_at ON users (deactivated_at);
CREATE INDEX IF NOT EXISTS users_sessions_reset_at ON users (sessions_reset_at);
CREATE INDEX IF NOT EXISTS users_settings_changed_at ON users (settings_changed_at);

-- Words a user can be found by (username and full-name words), for indexed prefix search.
CREATE TABLE IF NOT EXISTS user_search_words (
    word TEXT NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (word, user_id)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS conversations (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL DEFAULT 'direct',  -- 'direct' (direct_key names the pair) or 'group'
    title TEXT,  -- groups
    last_change INTEGER NOT NULL DEFAULT 0,  -- change numbers: edits, deletions, reactions
    direct_key TEXT UNIQUE,
    last_seq INTEGER NOT NULL DEFAULT 0,
    last_message_id INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

-- Purging idle conversations.
CREATE INDEX IF NOT EXISTS conversations_updated_at ON conversations (updated_at);

CREATE TABLE IF NOT EXISTS conversation_members (
    conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    last_read_seq INTEGER NOT NULL DEFAULT 0,
    last_delivered_seq INTEGER NOT NULL DEFAULT 0,
    unread INTEGER NOT NULL DEFAULT 0,  -- text messages from others after last_read_seq
    unread_mentions INTEGER NOT NULL DEFAULT 0,  -- those of them that name this member
    shown_read_seq INTEGER NOT NULL DEFAULT 0,  -- the read cursor others see (receipts)
    role TEXT NOT NULL DEFAULT 'member',  -- owner, admin or member
    visible_after INTEGER NOT NULL DEFAULT 0,  -- sees messages with a higher seq...
    left_seq INTEGER,  -- ...up to this one once removed or gone (NULL: a current member)
    joined_at INTEGER NOT NULL DEFAULT 0,
    muted INTEGER NOT NULL DEFAULT 0,  -- no notifications but for mentions
    PRIMARY KEY (conversation_id, user_id)
) WITHOUT ROWID;
-- Keyed by conversation, so a conversation's members share a page or two: a group send's 49
-- unread counters and the receipts of one commit rewrite those, not 50 pages spread over the
-- table (each a 4 KiB write-ahead log frame per commit), and "who is a member now" and
-- "delivered to all" / "read by all" read them in one range. Databases keyed by user first
-- are rebuilt on start (migrate.py).
DROP INDEX IF EXISTS conversation_members_by_conversation;
DROP INDEX IF EXISTS conversation_members_current;
DROP INDEX IF EXISTS conversation_members_cursors;
-- A user's conversations (lists, contacts, search); left_seq changes only on leaving.
CREATE INDEX IF NOT EXISTS conversation_members_by_user
    ON conversation_members (user_id, left_seq);

CREATE TABLE IF NOT EXISTS messages (
    id INTEGER PRIMARY KEY,
    conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    sender_id INTEGER NOT NULL,  -- a system message's actor
    client_id TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'text',  -- 'text' or 'system'
    event TEXT,  -- system messages: what changed
    target_ids TEXT,  -- system messages: whom it is about, comma-separated
    ciphertext BLOB NOT NULL,  -- AES-256-GCM: nonce || sealed text; never plain text (empty once deleted)
    key_id TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    edited_at INTEGER,
    deleted INTEGER NOT NULL DEFAULT 0,  -- a tombstone: its text and reactions are gone
    reply_to INTEGER,  -- the seq of the message this one answers
    mentions TEXT,  -- user ids named with @, as ",1,5,"
    change_seq INTEGER NOT NULL DEFAULT 0,  -- the conversation's change number of its last change
    UNIQUE (conversation_id, seq),
    UNIQUE (sender_id, client_id)
);

-- Counting today's messages.
CREATE INDEX IF NOT EXISTS messages_created_at ON messages (created_at);
-- What changed in a conversation since a client's change cursor (sync).
CREATE INDEX IF NOT EXISTS messages_changes ON messages (conversation_id, change_seq)
    WHERE change_seq > 0;

-- Reactions: one row per (message, emoji, user); a deleted message has none.
CREATE TABLE IF NOT EXISTS message_reactions (
    message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    emoji TEXT NOT NULL,
    user_id INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (message_id, emoji, user_id)
) WITHOUT ROWID;
-- A message's reactions in the order they came (the first of an emoji places it), no sorting.
CREATE INDEX IF NOT EXISTS message_reactions_by_time ON message_reactions (message_id, created_at);

-- Ended sessions and rotated refresh tokens (by id), until they would have expired anyway.
CREATE TABLE IF NOT EXISTS revoked_tokens (
    jti TEXT PRIMARY KEY,
    expires_at INTEGER NOT NULL,
    revoked_at INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
-- Purging expired ones on every revoke; every process polling for new ones each second.
CREATE INDEX IF NOT EXISTS revoked_tokens_expires_at ON revoked_tokens (expires_at);
CREATE INDEX IF NOT EXISTS revoked_tokens_revoked_at ON revoked_tokens (revoked_at);

-- Who blocked whom: nothing from blocked_id reaches blocker_id.
CREATE TABLE IF NOT EXISTS blocks (
    blocker_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    blocked_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (blocker_id, blocked_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS blocks_by_blocked ON blocks (blocked_id);

-- Sign-in sessions as their users see them (GET /api/auth/sessions); the tokens and
-- revoked_tokens decide whether one may be used. Deleted once past expires_at.
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY,  -- the tokens' "session" claim
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    generation INTEGER NOT NULL,  -- the user's session generation it was last continued in
    started_at INTEGER NOT NULL,
    last_active_at INTEGER NOT NULL,  -- sign-in or latest refresh
    expires_at INTEGER NOT NULL,  -- idle or absolute end, whichever is first
    user_agent TEXT NOT NULL,
    address TEXT,
    ended_at INTEGER
) WITHOUT ROWID;
-- "This user's sessions", most recently active first; purging those past their end.
CREATE INDEX IF NOT EXISTS sessions_by_user ON sessions (user_id, last_active_at);
CREATE INDEX IF NOT EXISTS sessions_expires_at ON sessions (expires_at);

-- Uploaded files. The name, file and thumbnail are sealed with the message keys; the bytes live
-- under DATA_DIR/attachments (chunked AES-256-GCM, see attachment_sealing.py). client_id claims
-- one for the uploader's message being sent; message_id is NULL until that message is stored.
CREATE TABLE IF NOT EXISTS attachments (
    id TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL,
    uploader_id TEXT NOT NULL,
    name BLOB NOT NULL,  -- nonce || sealed name
    size INTEGER NOT NULL,
    content_type TEXT NOT NULL,
    width INTEGER,
    height INTEGER,
    has_thumbnail INTEGER NOT NULL DEFAULT 0,
    key_id TEXT NOT NULL,
    client_id TEXT,
    message_id TEXT,
    created_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS attachments_by_message ON attachments (message_id)
    WHERE message_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS attachments_by_uploader ON attachments (uploader_id, client_id);
CREATE INDEX IF NOT EXISTS attachments_by_conversation ON attachments (conversation_id);
-- Uploads never sent, removed after an hour.
CREATE INDEX IF NOT EXISTS attachments_unsent ON attachments (created_at)
    WHERE message_id IS NULL;
-- The blind index of text messages: keyed tokens of their words and prefixes (never a word;
-- see chat/search/tokens.py). Searched by token equality, newest message first.
CREATE TABLE IF NOT EXISTS message_search_tokens (
    token INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    PRIMARY KEY (token, message_id)
) WITHOUT ROWID;
-- Messages with a higher id are not in message_search_tokens yet: a send leaves its postings
-- to the indexer (search_indexer.py), which writes many messages' postings in one sorted
-- transaction. A new database starts at 0; one from before the indexer had indexed them all.
CREATE TABLE IF NOT EXISTS search_progress (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    indexed_through INTEGER NOT NULL
);
INSERT OR IGNORE INTO search_progress (id, indexed_through)
    SELECT 1, coalesce(max(id), 0) FROM messages;
