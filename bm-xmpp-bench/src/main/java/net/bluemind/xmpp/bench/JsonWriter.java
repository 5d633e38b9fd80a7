package net.bluemind.xmpp.bench;

import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

/**
 * Serialises the report's plain values (maps, collections, strings, numbers, booleans, null) as indented JSON.
 * Small enough to not justify a JSON library on the generator's class path.
 */
final class JsonWriter {

    private final StringBuilder out = new StringBuilder(4096);

    static String toJson(Object value) {
        JsonWriter w = new JsonWriter();
        w.value(value, 0);
        return w.out.append('\n').toString();
    }

    private void value(Object v, int indent) {
        if (v == null) {
            out.append("null");
        } else if (v instanceof Map<?, ?> map) {
            object(map, indent);
        } else if (v instanceof Collection<?> c) {
            array(c, indent);
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            // JSON has no NaN/Infinity: an unmeasurable value (no samples) is null
            out.append(Double.isFinite(d) ? Double.toString(Math.round(d * 1000) / 1000.0) : "null");
        } else if (v instanceof Number || v instanceof Boolean) {
            out.append(v);
        } else {
            string(v.toString());
        }
    }

    private void object(Map<?, ?> map, int indent) {
        if (map.isEmpty()) {
            out.append("{}");
            return;
        }
        out.append("{\n");
        Iterator<? extends Map.Entry<?, ?>> it = map.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<?, ?> e = it.next();
            pad(indent + 1);
            string(String.valueOf(e.getKey()));
            out.append(": ");
            value(e.getValue(), indent + 1);
            out.append(it.hasNext() ? ",\n" : "\n");
        }
        pad(indent);
        out.append('}');
    }

    private void array(Collection<?> c, int indent) {
        if (c.isEmpty()) {
            out.append("[]");
            return;
        }
        out.append("[\n");
        Iterator<?> it = c.iterator();
        while (it.hasNext()) {
            pad(indent + 1);
            value(it.next(), indent + 1);
            out.append(it.hasNext() ? ",\n" : "\n");
        }
        pad(indent);
        out.append(']');
    }

    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
            case '"' -> out.append("\\\"");
            case '\\' -> out.append("\\\\");
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            default -> {
                if (c < 0x20) {
                    out.append(String.format("\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
            }
            }
        }
        out.append('"');
    }

    private void pad(int indent) {
        out.append("  ".repeat(indent));
    }
}
