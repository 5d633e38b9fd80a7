package net.bluemind.xmpp.coresim.directory;

import java.util.ArrayList;
import java.util.List;

/** A BlueMind server (the admin console's "Server roles" tab): tags say what it may run. */
public final class SimServer {
    final ItemMeta meta;
    final String uid;
    String name;
    String fqdn;
    String ip;
    final List<String> tags;

    SimServer(ItemMeta meta, String uid, String name, String fqdn, String ip, List<String> tags) {
        this.meta = meta;
        this.uid = uid;
        this.name = name;
        this.fqdn = fqdn;
        this.ip = ip;
        this.tags = new ArrayList<>(tags);
    }

    public ItemMeta meta() { return meta; }
    public String uid() { return uid; }
    public String name() { return name; }
    public String fqdn() { return fqdn; }
    public String ip() { return ip; }
    public List<String> tags() { return List.copyOf(tags); }
}
