package net.bluemind.xmpp.server.inbound;

import java.util.concurrent.atomic.AtomicInteger;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/**
 * Whether a connection's input is read, for everything that may want it paused: reading is on only while
 * no reason holds it. Two features switching {@code autoRead} themselves would undo each other (the shaper
 * resuming a connection the archive had paused); each holds and releases its own reason here instead.
 *
 * <p>Hold and release from any thread. The channel's setting is written on its event loop, from the
 * reasons as they are then, so the last change always wins. No allocation on the event loop.
 */
public final class ReadGate {

    /** Why reading may be paused. */
    public enum Reason {
        /** A stage behind the connection cannot keep up (the archive). */
        BACK_PRESSURE,
        /** The connection used its byte budget ({@code limits.inbound-rate}). */
        BYTE_RATE,
        /** The connection used its stanza budget ({@code limits.inbound-rate}). */
        STANZA_RATE,
        /** Too much of what the client sent is not stored yet ({@code limits.memory.max-pending-inbound-*}). */
        PENDING_STORAGE,
        /** The server is stopping: what was read is handled, nothing more is read. */
        STOPPING
    }

    private static final AttributeKey<ReadGate> KEY = AttributeKey.valueOf(ReadGate.class, "readGate");

    private final Channel channel;
    private final AtomicInteger held = new AtomicInteger();
    private final Runnable apply = this::apply;

    private ReadGate(Channel channel) {
        this.channel = channel;
    }

    /** The gate of a channel, made on first use. */
    public static ReadGate of(Channel channel) {
        ReadGate gate = channel.attr(KEY).get();
        if (gate == null) {
            ReadGate fresh = new ReadGate(channel);
            gate = channel.attr(KEY).setIfAbsent(fresh);
            gate = gate == null ? fresh : gate;
        }
        return gate;
    }

    /** Holds ({@code true}) or releases ({@code false}) the gate for one reason. */
    public void hold(Reason reason, boolean on) {
        int bit = 1 << reason.ordinal();
        int before;
        int after;
        do {
            before = held.get();
            after = on ? before | bit : before & ~bit;
        } while (before != after && !held.compareAndSet(before, after));
        if ((before == 0) != (after == 0)) {
            if (channel.eventLoop().inEventLoop()) {
                apply();
            } else {
                channel.eventLoop().execute(apply);
            }
        }
    }

    /** Whether nothing holds reading. */
    public boolean isOpen() {
        return held.get() == 0;
    }

    /** Whether {@code reason} holds reading. */
    public boolean isHeld(Reason reason) {
        return (held.get() & 1 << reason.ordinal()) != 0;
    }

    private void apply() {
        // Netty reads again as soon as autoRead turns on, and stops after the current read when it turns off.
        channel.config().setAutoRead(held.get() == 0);
    }
}
