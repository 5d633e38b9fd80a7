package net.bluemind.xmpp.server.testkit;

import java.util.ArrayList;
import java.util.List;

/** What a test opened (servers, clients, sockets), closed after it, the last opened first. */
public final class Opened implements AutoCloseable {

    private final List<AutoCloseable> resources = new ArrayList<>();

    /** Remembers {@code resource} to close it with the others; returns it. */
    public <T extends AutoCloseable> T add(T resource) {
        resources.add(resource);
        return resource;
    }

    @Override
    public void close() throws Exception {
        Exception first = null;
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                first = first == null ? e : first;
            }
        }
        resources.clear();
        if (first != null) {
            throw first;
        }
    }
}
