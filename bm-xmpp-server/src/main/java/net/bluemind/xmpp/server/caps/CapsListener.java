package net.bluemind.xmpp.server.caps;

import java.util.Set;

import net.bluemind.xmpp.server.session.ClientSession;

/** Hears that a resource's known features changed (PEP uses it for "+notify" interest). */
public interface CapsListener {

    /** Called on any thread, once per change; must not block. */
    void featuresChanged(ClientSession session, Set<String> before, Set<String> after);
}
