package net.bluemind.xmpp.server.stream;

import net.bluemind.xmpp.server.config.LimitsConfig;

/** The parser's share of the configured limits. */
public record StreamLimits(int maxStanzaBytes, int maxBytesBeforeAuth, int maxDepth, int maxAttributes, int maxChildren) {

    public static StreamLimits of(LimitsConfig c) {
        return new StreamLimits(c.maxStanzaBytes(), c.maxBytesBeforeAuth(), c.maxDepth(), c.maxAttributes(), c.maxChildren());
    }
}
