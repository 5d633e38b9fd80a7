package net.bluemind.xmpp.server.config;

/**
 * How much of the heap stanzas may take while they wait (section {@code limits.memory}): bounded in bytes,
 * not in stanzas, so that a few large stanzas cannot do what many small ones may not.
 *
 * @param budgetMb                 all queues of the server together (unread and unacknowledged stanzas,
 *                                 the archive's queue, federation queues, stanzas waiting for the storage);
 *                                 past it the client holding the most is disconnected. 0 (default): 40% of
 *                                 the JVM's maximum heap
 * @param maxSessionBytes          one client session: stanzas waiting to be written to it, and those written
 *                                 but not acknowledged (XEP-0198) or kept while it may resume; past it the
 *                                 client is disconnected with {@code policy-violation} and its stanzas go to
 *                                 offline storage. Default 8 MiB
 * @param maxPendingInboundBytes   what one client sent that is not stored yet (offline messages, roster
 *                                 changes, archive hand-off); past it the server stops reading from that
 *                                 client until the storage has caught up. Default 2 MiB
 * @param maxPendingInboundStanzas the same, in stanzas. Default 1000
 */
public record MemoryLimits(Integer budgetMb, Integer maxSessionBytes, Integer maxPendingInboundBytes,
                           Integer maxPendingInboundStanzas) {

    static final double DEFAULT_HEAP_SHARE = 0.4;

    public MemoryLimits {
        budgetMb = budgetMb == null ? 0 : budgetMb;
        maxSessionBytes = maxSessionBytes == null ? 8 << 20 : maxSessionBytes;
        maxPendingInboundBytes = maxPendingInboundBytes == null ? 2 << 20 : maxPendingInboundBytes;
        maxPendingInboundStanzas = maxPendingInboundStanzas == null ? 1000 : maxPendingInboundStanzas;
    }

    public static MemoryLimits defaults() {
        return new MemoryLimits(null, null, null, null);
    }

    /** The budget in bytes: the one configured, else a share of the maximum heap. */
    public long budgetBytes() {
        return budgetMb > 0 ? (long) budgetMb << 20 : (long) (Runtime.getRuntime().maxMemory() * DEFAULT_HEAP_SHARE);
    }

    public MemoryLimits withMaxSessionBytes(int bytes) {
        return new MemoryLimits(budgetMb, bytes, maxPendingInboundBytes, maxPendingInboundStanzas);
    }

    public MemoryLimits withBudgetMb(int mb) {
        return new MemoryLimits(mb, maxSessionBytes, maxPendingInboundBytes, maxPendingInboundStanzas);
    }
}
