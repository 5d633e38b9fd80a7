package net.bluemind.xmpp.spi;

import java.nio.file.Path;
import java.util.concurrent.Executor;

/** What the engine lends a {@link ProcessorProvider}'s processors besides the stanzas they handle. */
public interface PluginContext {

    /** The server's state folder, against which relative paths are resolved. */
    Path stateDir();

    /** The engine's bounded executor for work that waits on another system. */
    Executor background();

    /** Adds a decorator applied to every available presence an account broadcasts. */
    void addPresenceDecorator(PresenceDecorator decorator);

    /**
     * Broadcasts again the current available presence of each resource of the account, decorated afresh
     * (e.g. its avatar changed). Does nothing for an account without an available resource.
     */
    void rebroadcastPresence(String bareJid);

    /** Closed with the server (a plugin's connections, threads). */
    void onClose(AutoCloseable resource);
}
