package net.bluemind.xmpp.spi;

import net.bluemind.xmpp.xml.Element;

/**
 * The points of the message path a plugin attaches to, as the engine's own features do (Prosody's
 * {@code module:hook}): at each point the handlers run by priority, highest first, each seeing the message as
 * the ones before left it, until one answers that it took care of it. The engine's features use priorities
 * between -100 and 100: a plugin picks its place among them. A handler runs on the thread that routes the
 * message and must not block; one that throws is logged and skipped.
 */
public interface MessageHooks {

    /** A message is about to be given to a local user's sessions: a handler may rewrite it. */
    void toLocal(int priority, String owner, Handler handler);

    /** A message was given to one or more sessions of a local user. */
    void delivered(int priority, String owner, Handler handler);

    /**
     * No session of an existing local user could take a message: a handler that keeps it answers true (the
     * engine's offline storage is one, at priority 0); when none does, the message is dropped.
     */
    void undelivered(int priority, String owner, Handler handler);

    /** A local user's message was handed to federation for another server's user. */
    void toRemote(int priority, String owner, Handler handler);

    /** A user's last session ended (the bare JID): what a plugin keeps for online users can go. */
    void userOffline(int priority, String owner, UserHandler handler);

    /** One plugin's part at a point of the path. */
    @FunctionalInterface
    interface Handler {
        /** @return true when the message was taken care of: the handlers after this one do not see it */
        boolean handle(Message message);
    }

    @FunctionalInterface
    interface UserHandler {
        void handle(String bareJid);
    }

    /** A message as a hook sees it. */
    interface Message {
        /** The sender's JID as the stanza carries it. */
        String from();

        /** The addressee as the sender wrote it, with the canonical domain. */
        String to();

        /** The message's type ({@code normal} when absent). */
        String type();

        /** The id the server gave the message (XEP-0359), or null. */
        String stanzaId();

        /** The stanza as it goes on from this point. */
        Element stanza();

        /** Replaces the stanza for the handlers after this one and for the recipient (where the point allows it). */
        void rewrite(Element stanza);
    }
}
