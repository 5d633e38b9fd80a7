package net.bluemind.xmpp.coresim.directory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A BlueMind domain with its aliases, settings and the XMPP server it is assigned to (if any). */
public final class SimDomain {
    final ItemMeta meta;
    final String uid;
    final String name;
    String label;
    String description;
    final boolean global;
    final List<String> aliases;
    String defaultAlias;
    final Map<String, String> settings;
    String xmppServer;

    SimDomain(ItemMeta meta, String uid, String name, String label, String description, boolean global,
              List<String> aliases, String defaultAlias, Map<String, String> settings, String xmppServer) {
        this.meta = meta;
        this.uid = uid;
        this.name = name;
        this.label = label;
        this.description = description;
        this.global = global;
        this.aliases = new ArrayList<>(aliases);
        this.defaultAlias = defaultAlias;
        this.settings = new LinkedHashMap<>(settings);
        this.xmppServer = xmppServer;
    }

    /** True when {@code domainName} is this domain's name or one of its aliases (case-insensitive). */
    boolean answersTo(String domainName) {
        return name.equalsIgnoreCase(domainName) || aliases.stream().anyMatch(a -> a.equalsIgnoreCase(domainName));
    }

    public ItemMeta meta() { return meta; }
    public String uid() { return uid; }
    public String name() { return name; }
    public String label() { return label; }
    public String description() { return description; }
    public boolean global() { return global; }
    public List<String> aliases() { return List.copyOf(aliases); }
    public String defaultAlias() { return defaultAlias; }
    public Map<String, String> settings() { return Map.copyOf(settings); }
    public String xmppServer() { return xmppServer; }
}
