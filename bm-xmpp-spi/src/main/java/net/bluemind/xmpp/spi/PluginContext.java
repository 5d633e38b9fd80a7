package net.bluemind.xmpp.spi;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * What the engine lends every plugin, the same way whatever it provides (an account repository, the served domains,
 * an archive, processors): its settings, the state folder, an executor, the served domains, control of sessions,
 * presence decoration, the message path's hooks, resources shared between plugins, and a place to hand what must
 * be closed with the server.
 *
 * <p>Some of it only exists once the server runs: a repository made at start may keep the context and use
 * {@link #sessions()}, {@link #background()}, {@link #addPresenceDecorator} and {@link #rebroadcastPresence} later;
 * before the server runs they do nothing (sessions, presence) or run on a fallback pool (background).
 */
public interface PluginContext {

    /** The plugin's section of the configuration, as written ({@code auth.settings}, {@code domains.settings},
     * {@code archive.settings}, {@code plugins.<name>}); empty when absent. */
    Map<String, Object> settings();

    /** The server's state folder ({@code state-dir}), against which relative paths are resolved. */
    Path stateDir();

    /** The engine's bounded executor for work that waits on another system. */
    Executor background();

    /**
     * The served domains.
     *
     * @throws IllegalStateException for the provider of the domains itself ({@link VHostRepositoryProvider})
     */
    VHostRepository vhosts();

    /** To end the sessions of accounts that were deleted or lost their rights. */
    SessionControl sessions();

    /** Adds a decorator applied to every available presence an account broadcasts. */
    void addPresenceDecorator(PresenceDecorator decorator);

    /**
     * Broadcasts again the current available presence of each resource of the account, decorated afresh
     * (e.g. its avatar changed). Does nothing for an account without an available resource.
     */
    void rebroadcastPresence(String bareJid);

    /** Closed with the server (a plugin's connections, threads), in the reverse order they were handed. */
    void onClose(AutoCloseable resource);

    /**
     * The message path's hooks. Handlers added before the server runs are attached when it starts; a plugin
     * that attaches to them is composed as the engine's features are, not by editing the engine.
     */
    MessageHooks messages();

    /**
     * A resource several plugins use, made once: the first plugin that asks for {@code key} makes it with
     * {@code make}, every later one gets that same instance (one bm-core client, one bm-mq connection for all the
     * plugins whose settings agree). A resource that is {@link AutoCloseable} is closed with the server, after
     * what plugins handed to {@link #onClose} later.
     *
     * @param key  equal for plugins that may share (a record of the settings that matter)
     * @throws IllegalStateException when what is shared under {@code key} is not a {@code type}
     */
    <T> T shared(Object key, Class<T> type, Supplier<? extends T> make);
}
