-- Offline storage bounded in bytes as well as in messages (storage.max-offline-bytes-per-user): each message
-- keeps its size (UTF-8 bytes of the stored stanza), and the user's mailbox row, locked by every store, keeps
-- the total, so the check costs no scan of the messages.
ALTER TABLE xmpp_offline_message ADD COLUMN stanza_bytes BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE xmpp_offline_lock ADD COLUMN total_bytes BIGINT DEFAULT 0 NOT NULL;
-- Messages stored before this version: their length in characters, close enough for a limit.
UPDATE xmpp_offline_message SET stanza_bytes = LENGTH(stanza);
UPDATE xmpp_offline_lock SET total_bytes = (
    SELECT COALESCE(SUM(m.stanza_bytes), 0) FROM xmpp_offline_message m WHERE m.user_jid = xmpp_offline_lock.user_jid);
