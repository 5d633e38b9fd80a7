package net.bluemind.xmpp.server.config;

/**
 * Protection against broken or abusive peers. Going over a limit ends that connection with a
 * {@code policy-violation} stream error.
 *
 * @param maxStanzaBytes      largest stanza accepted after authentication
 * @param maxBytesBeforeAuth  bytes a connection may send before it has authenticated
 * @param maxDepth            deepest element nesting inside a stanza
 * @param maxAttributes       attributes on one element
 * @param maxChildren         child nodes of one element
 * @param authTimeoutSeconds  time to authenticate and bind before {@code connection-timeout}
 * @param maxOutboundStanzas  stanzas queued for a client that does not read, before it is disconnected
 * @param maxOutboundBytes    bytes waiting in the socket's buffer for a client that does not read
 * @param connections         caps on connections before and after authentication
 * @param inboundRate         the per-connection inbound shaper
 * @param maxRosterItems      items one roster may hold (pending subscription requests included)
 * @param memory              byte budgets of the queues (see {@link MemoryLimits})
 */
public record LimitsConfig(Integer maxStanzaBytes, Integer maxBytesBeforeAuth, Integer maxDepth, Integer maxAttributes,
                           Integer maxChildren, Integer authTimeoutSeconds, Integer maxOutboundStanzas,
                           Integer maxOutboundBytes, ConnectionLimitsConfig connections, InboundRateConfig inboundRate,
                           Integer maxRosterItems, MemoryLimits memory) {

    public LimitsConfig {
        maxStanzaBytes = maxStanzaBytes == null ? 262_144 : maxStanzaBytes;
        maxBytesBeforeAuth = maxBytesBeforeAuth == null ? 65_536 : maxBytesBeforeAuth;
        maxDepth = maxDepth == null ? 32 : maxDepth;
        maxAttributes = maxAttributes == null ? 64 : maxAttributes;
        maxChildren = maxChildren == null ? 4096 : maxChildren;
        authTimeoutSeconds = authTimeoutSeconds == null ? 60 : authTimeoutSeconds;
        maxOutboundStanzas = maxOutboundStanzas == null ? 10_000 : maxOutboundStanzas;
        maxOutboundBytes = maxOutboundBytes == null ? 512 * 1024 : maxOutboundBytes;
        connections = connections == null ? ConnectionLimitsConfig.defaults() : connections;
        inboundRate = inboundRate == null ? InboundRateConfig.defaults() : inboundRate;
        maxRosterItems = maxRosterItems == null ? 2_000 : maxRosterItems;
        memory = memory == null ? MemoryLimits.defaults() : memory;
    }

    /** Without the abuse limits and byte budgets (the shape before they existed): their defaults. */
    public LimitsConfig(Integer maxStanzaBytes, Integer maxBytesBeforeAuth, Integer maxDepth, Integer maxAttributes,
                        Integer maxChildren, Integer authTimeoutSeconds, Integer maxOutboundStanzas, Integer maxOutboundBytes) {
        this(maxStanzaBytes, maxBytesBeforeAuth, maxDepth, maxAttributes, maxChildren, authTimeoutSeconds, maxOutboundStanzas,
                maxOutboundBytes, null, null, null, null);
    }

    public static LimitsConfig defaults() {
        return new LimitsConfig(null, null, null, null, null, null, null, null, null, null, null, null);
    }

    public LimitsConfig withMemory(MemoryLimits m) {
        return new LimitsConfig(maxStanzaBytes, maxBytesBeforeAuth, maxDepth, maxAttributes, maxChildren, authTimeoutSeconds,
                maxOutboundStanzas, maxOutboundBytes, connections, inboundRate, maxRosterItems, m);
    }

    public LimitsConfig withConnections(ConnectionLimitsConfig c) {
        return new LimitsConfig(maxStanzaBytes, maxBytesBeforeAuth, maxDepth, maxAttributes, maxChildren, authTimeoutSeconds,
                maxOutboundStanzas, maxOutboundBytes, c, inboundRate, maxRosterItems, memory);
    }

    public LimitsConfig withInboundRate(InboundRateConfig r) {
        return new LimitsConfig(maxStanzaBytes, maxBytesBeforeAuth, maxDepth, maxAttributes, maxChildren, authTimeoutSeconds,
                maxOutboundStanzas, maxOutboundBytes, connections, r, maxRosterItems, memory);
    }

    public LimitsConfig withMaxRosterItems(int max) {
        return new LimitsConfig(maxStanzaBytes, maxBytesBeforeAuth, maxDepth, maxAttributes, maxChildren, authTimeoutSeconds,
                maxOutboundStanzas, maxOutboundBytes, connections, inboundRate, max, memory);
    }
}
