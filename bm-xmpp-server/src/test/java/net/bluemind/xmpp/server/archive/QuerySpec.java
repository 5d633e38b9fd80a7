package net.bluemind.xmpp.server.archive;

import java.util.List;

import net.bluemind.xmpp.spi.ArchiveQuery;

/** A readable way to write the eleven fields of an {@link ArchiveQuery} in tests. */
public final class QuerySpec {

    private final String owner;
    private String with;
    private Long start;
    private Long end;
    private String afterId;
    private String beforeId;
    private String rsmAfter;
    private String rsmBefore;
    private List<String> ids = List.of();
    private String fullText;
    private int max = 100;

    private QuerySpec(String owner) {
        this.owner = owner;
    }

    public static QuerySpec archiveOf(String owner) {
        return new QuerySpec(owner);
    }

    public QuerySpec with(String jid) {
        this.with = jid;
        return this;
    }

    public QuerySpec start(long micros) {
        this.start = micros;
        return this;
    }

    public QuerySpec end(long micros) {
        this.end = micros;
        return this;
    }

    public QuerySpec afterId(String id) {
        this.afterId = id;
        return this;
    }

    public QuerySpec beforeId(String id) {
        this.beforeId = id;
        return this;
    }

    public QuerySpec rsmAfter(String id) {
        this.rsmAfter = id;
        return this;
    }

    /** "" for the last page. */
    public QuerySpec rsmBefore(String id) {
        this.rsmBefore = id;
        return this;
    }

    public QuerySpec ids(String... stanzaIds) {
        this.ids = List.of(stanzaIds);
        return this;
    }

    public QuerySpec fullText(String words) {
        this.fullText = words;
        return this;
    }

    public QuerySpec max(int pageSize) {
        this.max = pageSize;
        return this;
    }

    public ArchiveQuery build() {
        return new ArchiveQuery(owner, with, start, end, afterId, beforeId, rsmAfter, rsmBefore, ids, fullText, max);
    }
}
