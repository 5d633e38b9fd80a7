package net.bluemind.xmpp.server.sm;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.jxmpp.jid.EntityBareJid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import net.bluemind.xmpp.server.session.ClientSession;
import net.bluemind.xmpp.server.session.InboundReceipts;
import net.bluemind.xmpp.server.session.StanzaSink;
import net.bluemind.xmpp.server.stream.StreamErrorCondition;
import net.bluemind.xmpp.server.stream.StreamErrorException;
import net.bluemind.xmpp.xml.Element;

/**
 * XEP-0198 on one client stream: enable, acknowledgement requests and answers, counting what is written, taking a
 * session over from a lost stream (§5) and keeping a session for a resumption when the stream is lost. The state that
 * outlives a stream is {@link StreamManagement}; what this needs of the stream is {@link Connection}. Everything here
 * runs on the stream's event loop except {@link #handled}, which storage threads call.
 */
public final class SmStream {

    /** What stream management needs of a client's stream. */
    public interface Connection extends StanzaSink {

        /** For logs. */
        String id();

        /** Writes a stream management element now, ahead of the stanzas queued (on the event loop). */
        void writeNonza(String xml);

        /** Queues a stanza sent again after a resumption, as any stanza for the client. */
        void resend(Element stanza);

        /** Runs a task on the stream's event loop later. */
        ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit);

        /** Runs a task on the stream's event loop; from any thread, a stopped loop ignored. */
        void onLoop(Runnable task);

        /** Whether the stream is being closed (nothing more is written). */
        boolean closing();

        /** The stream carries {@code session} from now on, its stanzas counted by {@code receipts}. */
        void takeOver(ClientSession session, InboundReceipts receipts);

        /** The stream now carries the resumed session: the features' filters go on it. */
        void resumed();

        /** A resumption elsewhere took this stream's session: close it without ending the session. */
        void superseded();

        /** Takes what was queued for the client but never written (the stream is gone). */
        List<Element> takeUnwritten();

        /** Ends a session for good: what it was sent and did not acknowledge goes elsewhere. */
        void endSession(ClientSession session, StreamManagement state, List<Element> unwritten);
    }

    private static final Logger log = LoggerFactory.getLogger(SmStream.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** How long a resumption waits for the lost stream's stanzas to be handled before it answers. */
    private static final long RESUME_WAIT_SECONDS = 5;

    private final Connection connection;
    private final ResumableSessions resumable;
    private final int maxResumeSeconds;
    private StreamManagement sm;
    private boolean ackRequested;
    /**
     * When the client last asked for an acknowledgement that could not count everything it had sent (some
     * stanzas not handled yet): the receipts' received count then; -1 when nothing is owed. The rest is
     * sent unasked (XEP-0198 §4 allows an {@code <a/>} at any time) once those stanzas are handled.
     */
    private volatile long ackOwedAt = -1;
    /** While a resumption waits for the lost stream's stanzas to be handled: where the session was. */
    private volatile StanzaSink resumedFrom;
    /** The session a resumption takes over. */
    private ClientSession takenOver;
    private ScheduledFuture<?> resumeDeadline;

    public SmStream(Connection connection, ResumableSessions resumable, int maxResumeSeconds) {
        this.connection = connection;
        this.resumable = resumable;
        this.maxResumeSeconds = maxResumeSeconds;
    }

    /** The session's state, or null while stream management is off. */
    public StreamManagement state() {
        return sm;
    }

    /** A stream management element from a bound client. */
    public void onElement(Element e, ClientSession session, InboundReceipts receipts) {
        switch (e.name()) {
            case "enable" -> {
                Element answer = enable(e, session, receipts);
                writeElement(answer);
                if (answer.name().equals("enabled")) {
                    log.debug("[{}] stream management enabled{}", connection.id(), sm.resumable() ? " with resumption" : "");
                }
            }
            case "r", "a" -> {
                receipts.expireStale();
                String answer = onAck(e);
                if (answer != null) {
                    connection.writeNonza(answer);
                }
            }
            case "resume" -> writeElement(StreamManagement.failed("unexpected-request"));
            default -> throw new StreamErrorException(StreamErrorCondition.UNSUPPORTED_STANZA_TYPE, "unexpected '" + e.name() + "'");
        }
    }

    /** A stream management element from an authenticated client before it bound a resource. */
    public void beforeBind(Element e, EntityBareJid user) {
        if (e.is("resume", StreamManagement.NS)) {
            resume(e, user);
        } else if (e.is("enable", StreamManagement.NS)) {
            // XEP-0198 §3: enabling needs a bound resource; the stream goes on.
            writeElement(StreamManagement.failed("unexpected-request"));
        } else {
            throw new StreamErrorException(StreamErrorCondition.UNSUPPORTED_STANZA_TYPE, "unexpected '" + e.name() + "' element");
        }
    }

    /** Answers {@code <enable/>} on a bound stream; {@code receipts} count the client's stanzas from now on. */
    private Element enable(Element enable, ClientSession session, InboundReceipts receipts) {
        if (sm != null) {
            return StreamManagement.failed("unexpected-request");
        }
        boolean resume = "true".equals(enable.attribute("resume")) || "1".equals(enable.attribute("resume"));
        int max = maxResumeSeconds;
        String requested = enable.attribute("max");
        if (requested != null) {
            try {
                max = Math.max(1, Math.min(max, Integer.parseInt(requested.trim())));
            } catch (NumberFormatException ignored) {
                // keep the server's maximum
            }
        }
        byte[] id = new byte[18];
        RANDOM.nextBytes(id);
        sm = new StreamManagement(Base64.getUrlEncoder().withoutPadding().encodeToString(id), resume, max, receipts, session.held());
        if (resume) {
            resumable.register(session, sm);
        }
        return StreamManagement.enabled(sm.id(), resume, max);
    }

    /** Handles {@code <r/>} and {@code <a/>}; returns what to answer, or null. */
    private String onAck(Element e) {
        if (sm == null) {
            throw new StreamErrorException(StreamErrorCondition.UNSUPPORTED_STANZA_TYPE, "stream management is not enabled");
        }
        if ("r".equals(e.name())) {
            // Answered at once, with what is durable now; the rest follows when it is.
            InboundReceipts receipts = sm.receipts();
            long received = receipts.received();
            long handled = receipts.handled();
            ackOwedAt = handled < received ? received : -1;
            return ack(handled);
        }
        ackRequested = false;
        long h;
        try {
            h = Long.parseLong(e.attribute("h"));
        } catch (NumberFormatException | NullPointerException ex) {
            throw new StreamErrorException(StreamErrorCondition.UNDEFINED_CONDITION, "an <a/> needs a numeric h");
        }
        if (!sm.acknowledge(h)) {
            throw new StreamErrorException(StreamErrorCondition.UNDEFINED_CONDITION, "acknowledged more stanzas than were sent");
        }
        return null;
    }

    private String ack(long handledTotal) {
        return "<a xmlns='" + StreamManagement.NS + "' h='" + sm.toH(handledTotal) + "'/>";
    }

    /** A stanza was written to the client: true when stream management keeps it until acknowledged. */
    public boolean written(Element stanza) {
        if (sm != null) {
            sm.stanzaSent(stanza);
            return true;
        }
        return false;
    }

    /** After a flush: asks the client to acknowledge what it was sent, once per outstanding request; else null. */
    public String ackRequestIfNeeded() {
        if (sm == null || ackRequested || sm.unackedCount() == 0) {
            return null;
        }
        ackRequested = true;
        return "<r xmlns='" + StreamManagement.NS + "'/>";
    }

    /** The last acknowledgement before a stream error (§4 allows one at any time), or "" without stream management. */
    public String lastAck() {
        return sm == null ? "" : "<a xmlns='" + StreamManagement.NS + "' h='" + sm.handled() + "'/>";
    }

    /**
     * More of the client's stanzas are handled ({@code handledTotal} in all), from any thread: a resumption waiting for
     * them may answer, or an acknowledgement owed since an earlier request may go.
     */
    public void handled(long handledTotal) {
        if (resumedFrom != null) {
            connection.onLoop(() -> {
                if (sm != null && sm.allHandled()) {
                    finishResume();
                }
            });
        } else if (ackOwedAt >= 0) {
            connection.onLoop(() -> {
                long owed = ackOwedAt;
                if (sm == null || owed < 0 || handledTotal < owed || connection.closing()) {
                    return;
                }
                ackOwedAt = -1;
                connection.writeNonza(ack(handledTotal));
            });
        }
    }

    /** XEP-0198 §5: this new stream takes over a session whose stream was lost. */
    private void resume(Element e, EntityBareJid user) {
        ResumableSessions.Entry entry = resumable.find(e.attribute("previd"));
        long h;
        try {
            h = Long.parseLong(e.attribute("h"));
        } catch (NumberFormatException | NullPointerException ex) {
            writeElement(StreamManagement.failed("bad-request"));
            return;
        }
        if (entry == null || !entry.session().bareJid().equals(user) || !entry.sm().cancelExpiry()) {
            writeElement(StreamManagement.failed("item-not-found"));
            return;
        }
        StreamManagement state = entry.sm();
        if (!state.acknowledge(h)) {
            writeElement(StreamManagement.failed("unexpected-request"));
            return;
        }
        resumedFrom = entry.session().sink();
        takenOver = entry.session();
        sm = state;
        ackRequested = false;
        ackOwedAt = -1;
        connection.takeOver(entry.session(), state.receipts());
        if (state.allHandled()) {
            finishResume();
        } else {
            // The h of <resumed/> must be final: the client sends again what it does not count. Stanzas of the
            // lost stream still being stored are waited for, a while.
            resumeDeadline = connection.schedule(this::finishResume, RESUME_WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** Answers a resumption once the stanzas of the lost stream are handled (or the wait is over). */
    private void finishResume() {
        StanzaSink previous = resumedFrom;
        if (previous == null || connection.closing()) {
            return;
        }
        resumedFrom = null;
        if (resumeDeadline != null) {
            resumeDeadline.cancel(false);
            resumeDeadline = null;
        }
        writeElement(Element.builder("resumed", StreamManagement.NS)
                .attribute("previd", sm.id()).attribute("h", Long.toString(sm.handled())).build());
        int again = sm.unackedCount();
        sm.attach(connection, connection::resend);
        takenOver.rebind(connection);
        connection.resumed();
        if (previous instanceof Connection old && old != connection) {
            old.superseded();
        }
        log.info("[{}] resumed {} ({} stanzas sent again)", connection.id(), takenOver.fullJid(), again);
    }

    /**
     * The stream is gone (closed or lost) while carrying {@code session}: a session waiting for this stream's
     * resumption ends; a resumable one that did not end cleanly waits for a resumption; any other ends now.
     */
    public void lost(ClientSession session, boolean cleanClose) {
        if (resumeDeadline != null) {
            resumeDeadline.cancel(false);
        }
        if (resumedFrom != null) {
            // Lost again while the resumption waited: the session's wait was cancelled, so it ends here.
            resumedFrom = null;
            connection.endSession(session, sm, List.of());
        } else if (session.sink() == connection) {
            List<Element> unwritten = connection.takeUnwritten();
            if (sm != null && sm.resumable() && !cleanClose) {
                waitForResumption(session, sm, unwritten);
            } else {
                connection.endSession(session, sm, unwritten);
            }
        }
    }

    /** Whether the stream carries a session a resumption is still waiting to answer for. */
    public boolean resuming() {
        return resumedFrom != null;
    }

    /** §5: the session stays, its stanzas held, until the client resumes or the time is up. */
    private void waitForResumption(ClientSession s, StreamManagement state, List<Element> unwritten) {
        Runnable end = () -> {
            if (s.sink() instanceof DetachedSink) {
                connection.endSession(s, state, List.of());
                log.info("[{}] {} not resumed in time: session ended", connection.id(), s.fullJid());
            }
        };
        state.detach(unwritten);
        s.rebind(new DetachedSink(state, () -> connection.onLoop(() -> {
            if (state.cancelExpiry()) {
                end.run();
            }
        })));
        state.setExpiry(connection.schedule(end, state.maxSeconds(), TimeUnit.SECONDS));
        log.info("[{}] connection of {} lost: waiting {} s for a resumption", connection.id(), s.fullJid(), state.maxSeconds());
    }

    private void writeElement(Element e) {
        connection.writeNonza(net.bluemind.xmpp.xml.XmlWriter.toXml(e, net.bluemind.xmpp.xml.Namespaces.CLIENT));
    }
}
