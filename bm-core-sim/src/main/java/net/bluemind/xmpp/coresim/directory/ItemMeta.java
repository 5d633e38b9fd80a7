package net.bluemind.xmpp.coresim.directory;

/** The bookkeeping part of a BlueMind {@code ItemValue}: ids, version and dates (epoch ms). */
public final class ItemMeta {
    private final long internalId;
    private final long created;
    private long version = 1;
    private long updated;

    ItemMeta(long internalId, long now) {
        this.internalId = internalId;
        this.created = now;
        this.updated = now;
    }

    void touch(long now) {
        version++;
        updated = now;
    }

    public long internalId() { return internalId; }
    public long version() { return version; }
    public long created() { return created; }
    public long updated() { return updated; }
}
