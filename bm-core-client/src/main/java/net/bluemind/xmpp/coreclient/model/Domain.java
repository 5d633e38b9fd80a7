package net.bluemind.xmpp.coreclient.model;

import java.util.List;
import java.util.Map;

/** A BlueMind domain; {@code global} marks the internal pseudo-domain {@code global.virt}, never served. */
public record Domain(String label, String name, String description, Map<String, String> properties, boolean global,
                     List<String> aliases, String defaultAlias) {

    /** The name and every alias. */
    public List<String> allNames() {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(name),
                aliases == null ? java.util.stream.Stream.empty() : aliases.stream()).toList();
    }
}
