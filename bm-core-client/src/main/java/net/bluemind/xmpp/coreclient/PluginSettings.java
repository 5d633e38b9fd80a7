package net.bluemind.xmpp.coreclient;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Reading a BlueMind plugin's settings section (as configured: texts, numbers): each reader throws an
 * {@link IllegalArgumentException} naming the key, which the server turns into a configuration error.
 */
public final class PluginSettings {

    private PluginSettings() {
    }

    public static String text(Map<String, Object> s, String key) {
        Object v = s.get(key);
        if (!(v instanceof String str) || str.isBlank()) {
            throw new IllegalArgumentException("'" + key + "' must be a non-empty text");
        }
        return str;
    }

    /** A URL with a scheme and a host. */
    public static URI uri(Map<String, Object> s, String key) {
        try {
            URI u = URI.create(text(s, key));
            if (u.getScheme() == null || u.getHost() == null) {
                throw new IllegalArgumentException("no scheme or host");
            }
            return u;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + key + "' must be a URL (" + e.getMessage() + ")");
        }
    }

    /** A whole number greater than 0. */
    public static long number(Map<String, Object> s, String key) {
        Object v = s.get(key);
        if (!(v instanceof Number n) || n.longValue() <= 0) {
            throw new IllegalArgumentException("'" + key + "' must be a number greater than 0");
        }
        return n.longValue();
    }

    /** A number of seconds, or {@code fallback} when the key is absent. */
    public static Duration seconds(Map<String, Object> s, String key, Duration fallback) {
        return s.containsKey(key) ? Duration.ofSeconds(number(s, key)) : fallback;
    }

    /** A number of milliseconds, or {@code fallback} when the key is absent. */
    public static Duration millis(Map<String, Object> s, String key, Duration fallback) {
        return s.containsKey(key) ? Duration.ofMillis(number(s, key)) : fallback;
    }
}
