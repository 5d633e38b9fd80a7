package net.bluemind.xmpp.spi;

import net.bluemind.xmpp.xml.Element;

/**
 * Changes an account's outgoing available presence before the engine stores and broadcasts it (XEP-0153
 * adds the avatar hash). Runs on the sender's connection thread: it must answer from memory, never wait.
 */
public interface PresenceDecorator {

    /** @return the presence to broadcast: {@code presence} itself or a changed copy */
    Element decorate(String bareJid, Element presence);
}
