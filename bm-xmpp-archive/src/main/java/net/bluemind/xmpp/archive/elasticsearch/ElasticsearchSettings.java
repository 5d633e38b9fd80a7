package net.bluemind.xmpp.archive.elasticsearch;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@code archive.settings} section for {@code archive.type: elasticsearch}, validated once at start so
 * that a typo stops the server with the key's name instead of failing every store later.
 *
 * @param urls           the cluster's nodes ({@code url}: one or a comma-separated list, default
 *                       http://127.0.0.1:9200); a URL without a port uses its scheme's port (80/443)
 * @param shards         primary shards of an index we create ({@code shards}, 1)
 * @param replicas       replicas of an index we create ({@code replicas}, 0)
 * @param requestTimeout the longest wait for one answer ({@code request-timeout-seconds}, 10)
 * @param username       basic authentication ({@code username}), or null
 * @param password       basic authentication ({@code password}), or null; never printed
 */
public record ElasticsearchSettings(List<URI> urls, int shards, int replicas, Duration requestTimeout, String username,
                                    String password) {

    static final String PREFIX = "archive.settings.";
    private static final Set<String> KEYS = Set.of("url", "shards", "replicas", "request-timeout-seconds", "username",
            "password");

    public ElasticsearchSettings {
        urls = List.copyOf(urls);
    }

    /** @throws IllegalArgumentException naming the setting */
    public static ElasticsearchSettings from(Map<String, Object> settings) {
        for (String key : settings.keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException(PREFIX + key + ": unknown setting; known: " + KEYS);
            }
        }
        String username = text(settings, "username");
        String password = text(settings, "password");
        if ((username == null) != (password == null)) {
            throw new IllegalArgumentException(PREFIX + (username == null ? "username" : "password")
                    + ": required with " + (username == null ? "password" : "username"));
        }
        return new ElasticsearchSettings(urls(settings.getOrDefault("url", "http://127.0.0.1:9200")),
                (int) number(settings, "shards", 1, 1), (int) number(settings, "replicas", 0, 0),
                Duration.ofSeconds(number(settings, "request-timeout-seconds", 10, 1)), username, password);
    }

    /** The URLs as written in the start log. */
    public String urlsText() {
        return urls.stream().map(URI::toString).collect(Collectors.joining(","));
    }

    @Override
    public String toString() {
        return "ElasticsearchSettings[urls=" + urlsText() + ", shards=" + shards + ", replicas=" + replicas
                + ", requestTimeout=" + requestTimeout + ", username=" + username + "]";
    }

    private static List<URI> urls(Object value) {
        List<URI> urls = new ArrayList<>();
        for (String part : value.toString().split(",")) {
            urls.add(url(part.trim()));
        }
        return urls;
    }

    private static URI url(String text) {
        try {
            URI uri = new URI(text);
            boolean http = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
            if (!http || uri.getHost() == null) {
                throw new IllegalArgumentException(PREFIX + "url: not an http(s) URL: '" + text + "'");
            }
            if (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")) {
                throw new IllegalArgumentException(PREFIX + "url: a path is not supported: '" + text + "'");
            }
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), null, null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(PREFIX + "url: not an http(s) URL: '" + text + "'");
        }
    }

    private static String text(Map<String, Object> settings, String key) {
        Object value = settings.get(key);
        return value == null || value.toString().isEmpty() ? null : value.toString();
    }

    private static long number(Map<String, Object> settings, String key, long dflt, long min) {
        Object value = settings.get(key);
        if (value == null) {
            return dflt;
        }
        try {
            long n = Long.parseLong(value.toString().trim());
            if (n < min || n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(PREFIX + key + ": must be at least " + min + ", not " + value);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PREFIX + key + ": not a number: '" + value + "'");
        }
    }
}
