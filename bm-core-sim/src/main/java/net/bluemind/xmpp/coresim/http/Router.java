package net.bluemind.xmpp.coresim.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Path templates such as {@code /api/users/{domainUid}/byEmail/{email}}; the first registered match wins. */
public final class Router {
    private final List<Entry> entries = new ArrayList<>();

    public Router add(String method, String template, Route route) {
        entries.add(new Entry(method, segments(template), route));
        return this;
    }

    /** The route and its path variables, or empty when no template matches (the method aside). */
    public Optional<Match> match(String method, String rawPath) {
        String[] path = segments(rawPath);
        boolean pathKnown = false;
        for (Entry entry : entries) {
            Map<String, String> vars = entry.bind(path);
            if (vars != null) {
                pathKnown = true;
                if (entry.method.equals(method)) {
                    return Optional.of(new Match(entry.route, vars));
                }
            }
        }
        if (pathKnown) {
            throw new ApiException(405, "METHOD_NOT_ALLOWED", method + " not allowed on " + rawPath);
        }
        return Optional.empty();
    }

    public record Match(Route route, Map<String, String> vars) {
    }

    private static String[] segments(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1);
    }

    static String decode(String segment) {
        return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private record Entry(String method, String[] template, Route route) {
        Map<String, String> bind(String[] path) {
            if (path.length != template.length) {
                return null;
            }
            Map<String, String> vars = new LinkedHashMap<>();
            for (int i = 0; i < path.length; i++) {
                String t = template[i];
                if (t.startsWith("{") && t.endsWith("}")) {
                    vars.put(t.substring(1, t.length() - 1), decode(path[i]));
                } else if (!t.equals(path[i])) {
                    return null;
                }
            }
            return vars;
        }
    }
}
