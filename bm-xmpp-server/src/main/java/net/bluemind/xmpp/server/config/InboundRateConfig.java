package net.bluemind.xmpp.server.config;

/**
 * The inbound shaper of each client connection ({@code limits.inbound-rate}): two token buckets, bytes
 * and stanzas. A connection that used its burst is read at the sustained rate: reading pauses until
 * the bucket has refilled, nothing is dropped and nobody is disconnected. 0 turns a bucket off.
 *
 * @param bytesPerSecond   sustained bytes per second
 * @param burstBytes       bytes a connection may send at once after a quiet time
 * @param stanzasPerSecond sustained top-level elements (stanzas, acks, SASL and other nonzas) per second
 * @param burstStanzas     elements a connection may send at once after a quiet time
 */
public record InboundRateConfig(Integer bytesPerSecond, Integer burstBytes, Integer stanzasPerSecond, Integer burstStanzas) {

    public InboundRateConfig {
        bytesPerSecond = bytesPerSecond == null ? 65_536 : bytesPerSecond;
        burstBytes = burstBytes == null ? 1_048_576 : burstBytes;
        stanzasPerSecond = stanzasPerSecond == null ? 100 : stanzasPerSecond;
        burstStanzas = burstStanzas == null ? 1_000 : burstStanzas;
    }

    public static InboundRateConfig defaults() {
        return new InboundRateConfig(null, null, null, null);
    }
}
