-- The conversation archive (XEP-0313 MAM) when archive.type is jdbc.
-- One row per archive holding the message: a message between two local users is two rows, one per
-- owner, with the same stanza id (XEP-0359 ids only have to be unique within their owner's archive).
-- ts is in microseconds since the epoch, unique and increasing across the server: it orders an archive.
CREATE TABLE xmpp_archive (
    owner_jid     VARCHAR(3071) NOT NULL,
    stanza_id     VARCHAR(128)  NOT NULL,
    ts            BIGINT        NOT NULL,
    with_jid      VARCHAR(3071) NOT NULL,
    with_resource VARCHAR(1023),
    from_jid      VARCHAR(3071) NOT NULL,
    from_resource VARCHAR(1023),
    to_jid        VARCHAR(3071) NOT NULL,
    to_resource   VARCHAR(1023),
    origin_id     VARCHAR(1023),
    msg_type      VARCHAR(16)   NOT NULL,
    thread        VARCHAR(1023),
    body          VARCHAR,
    -- lower-cased body: full-text search is a case-insensitive LIKE per word on both databases
    body_lower    VARCHAR,
    stanza        VARCHAR       NOT NULL,
    CONSTRAINT xmpp_archive_pk PRIMARY KEY (owner_jid, stanza_id)
);

CREATE INDEX xmpp_archive_owner_ts ON xmpp_archive (owner_jid, ts);
CREATE INDEX xmpp_archive_owner_with_ts ON xmpp_archive (owner_jid, with_jid, ts);
-- the retention purge deletes by age across all owners
CREATE INDEX xmpp_archive_ts ON xmpp_archive (ts);
