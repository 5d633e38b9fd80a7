package net.bluemind.xmpp.server.config;

/** The checks of {@code limits.connections}, {@code limits.inbound-rate} and {@code limits.max-roster-items}, each error naming its key. */
final class AbuseLimitsCheck {

    private AbuseLimitsCheck() {
    }

    static void validate(LimitsConfig l, String file) throws ConfigException {
        ConnectionLimitsConfig c = l.connections();
        positive(c.maxUnauthenticatedPerIp(), file, "limits.connections.max-unauthenticated-per-ip");
        positive(c.maxUnauthenticated(), file, "limits.connections.max-unauthenticated");
        notNegative(c.maxTotal(), file, "limits.connections.max-total", "0 (from the open-file limit) or more");
        InboundRateConfig r = l.inboundRate();
        notNegative(r.bytesPerSecond(), file, "limits.inbound-rate.bytes-per-second", "0 (no byte shaping) or more");
        notNegative(r.stanzasPerSecond(), file, "limits.inbound-rate.stanzas-per-second", "0 (no stanza shaping) or more");
        if (r.bytesPerSecond() > 0) {
            positive(r.burstBytes(), file, "limits.inbound-rate.burst-bytes");
        }
        if (r.stanzasPerSecond() > 0) {
            positive(r.burstStanzas(), file, "limits.inbound-rate.burst-stanzas");
        }
        positive(l.maxRosterItems(), file, "limits.max-roster-items");
    }

    private static void positive(int value, String file, String key) throws ConfigException {
        if (value <= 0) {
            throw new ConfigException(file, key, "must be greater than 0, not " + value);
        }
    }

    private static void notNegative(int value, String file, String key, String allowed) throws ConfigException {
        if (value < 0) {
            throw new ConfigException(file, key, "must be " + allowed + ", not " + value);
        }
    }
}
