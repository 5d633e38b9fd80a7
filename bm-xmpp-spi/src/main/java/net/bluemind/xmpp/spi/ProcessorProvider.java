package net.bluemind.xmpp.spi;

import java.util.List;

/**
 * Adds protocol features from a plugin jar: every provider found by {@link java.util.ServiceLoader}
 * ({@code META-INF/services/net.bluemind.xmpp.spi.ProcessorProvider}) is asked for its processors at start,
 * with the {@code plugins.<name>} section of the configuration. Plugin processors are consulted before the
 * engine's own for the same stanza, so {@link StanzaProcessor#accepts} lets one take a narrow slice
 * (one PEP node) and leave the rest to the engine.
 */
public interface ProcessorProvider {

    /** The name of the configuration section {@code plugins.<name>}, e.g. "vcard". */
    String name();

    /**
     * @param context its {@link PluginContext#settings()} are the {@code plugins.<name>} section
     * @throws IllegalArgumentException with a message naming the setting, when a setting is wrong
     */
    List<StanzaProcessor> create(PluginContext context);
}
