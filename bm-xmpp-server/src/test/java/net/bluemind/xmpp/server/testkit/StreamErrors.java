package net.bluemind.xmpp.server.testkit;

import java.util.concurrent.atomic.AtomicReference;

import org.jivesoftware.smack.ConnectionListener;
import org.jivesoftware.smack.XMPPConnection;
import org.jivesoftware.smack.XMPPException.StreamErrorException;
import org.jivesoftware.smack.packet.StreamError;

/** The stream error condition that closed a client, as the client saw it. */
public final class StreamErrors implements ConnectionListener {

    private final AtomicReference<StreamError.Condition> condition = new AtomicReference<>();

    public static StreamErrors watch(XMPPConnection c) {
        StreamErrors s = new StreamErrors();
        c.addConnectionListener(s);
        return s;
    }

    @Override
    public void connectionClosedOnError(Exception e) {
        condition.compareAndSet(null, of(e));
    }

    /** The condition, or null while the stream is open (or closed without one). */
    public StreamError.Condition condition() {
        return condition.get();
    }

    /** The stream error condition in a failure's cause chain, or null. */
    public static StreamError.Condition of(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof StreamErrorException se) {
                return se.getStreamError().getCondition();
            }
        }
        return null;
    }
}
