package net.bluemind.xmpp.coresim.http;

import java.util.Map;

/** One HTTP request as the routes see it: path variables decoded, query parameters, body bytes. */
public record Request(String method, String path, Map<String, String> pathVars, Map<String, String> query,
                      String apiKey, byte[] body) {

    public String var(String name) {
        return pathVars.get(name);
    }

    public String param(String name) {
        return query.get(name);
    }
}
