package net.bluemind.xmpp.spi;

/**
 * Makes a {@link MessageArchive} for {@code archive.type: <name>}; plugins register one with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/net.bluemind.xmpp.spi.MessageArchiveProvider}).
 * The engine has {@code jdbc} and {@code memory} built in.
 */
public interface MessageArchiveProvider {

    /** The value of {@code archive.type} that selects this provider, e.g. "elasticsearch". */
    String name();

    /**
     * Opens the archive: connects, creates what is missing (an index, tables). Does not fail when the
     * backend is merely unreachable at start (the engine spools until it comes back); fails with
     * {@link IllegalArgumentException} naming the setting when a setting is wrong.
     *
     * @param context its {@link PluginContext#settings()} are the {@code archive.settings} section
     */
    MessageArchive create(PluginContext context);
}
