package net.bluemind.xmpp.server.session;

import net.bluemind.xmpp.server.stream.StreamErrorCondition;
import net.bluemind.xmpp.xml.Element;

/** The writing end of a connection, callable from any thread. */
public interface StanzaSink {

    /** Queues a stanza for the peer; never blocks. */
    void deliver(Element stanza);

    /** Ends the stream with a stream error and closes the connection. */
    void closeWithError(StreamErrorCondition condition, String text);

    /**
     * Runs a task on the thread that processes this connection's stanzas, after what it has queued.
     * A sink without a thread of its own runs it at once.
     */
    default void execute(Runnable task) {
        task.run();
    }

    /**
     * Stops (true) or resumes (false) reading what the peer sends: back-pressure from a stage that cannot
     * keep up (the archive). From any thread. A sink without a connection ignores it.
     */
    default void pauseReading(boolean paused) {
    }
}
