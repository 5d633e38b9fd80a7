package net.bluemind.xmpp.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The small text formats: outgoing stanzas, the benchmark payload, JSON. */
class WireFormatTest {

    @Test
    void chatPayloadRoundTrip() {
        long t = System.nanoTime();
        assertEquals(t, ChatPayload.decode(ChatPayload.encode(t, 0)));
        assertEquals(-42, ChatPayload.decode(ChatPayload.encode(-42, 0)));
        String padded = ChatPayload.encode(t, 100);
        assertEquals(t, ChatPayload.decode(padded));
        assertEquals(("bm:" + t).length() + 101, padded.length());
        assertEquals(Long.MIN_VALUE, ChatPayload.decode("hello"));
        assertEquals(Long.MIN_VALUE, ChatPayload.decode("bm:x1"));
        assertEquals(Long.MIN_VALUE, ChatPayload.decode(null));
    }

    @Test
    void chatStanza() {
        assertEquals("<message to='bench2@acme.test' type='chat' id='12'><body>bm:5</body></message>",
                ClientStanzas.chat("bench2@acme.test", 12, "bm:5"));
    }

    @Test
    void escaping() {
        assertEquals("a&lt;b&gt;&amp;&apos;&quot;", ClientStanzas.escape("a<b>&'\""));
        String plain = "bench1@acme.test";
        assertTrue(plain == ClientStanzas.escape(plain), "no copy when nothing to escape");
    }

    @Test
    void jsonOutput() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "a\"b\\c\nd\u0001");
        m.put("n", 3);
        m.put("d", 1.23456);
        m.put("nan", Double.NaN);
        m.put("list", List.of(1, "x"));
        m.put("empty", Map.of());
        m.put("nil", null);
        assertEquals("""
                {
                  "s": "a\\"b\\\\c\\nd\\u0001",
                  "n": 3,
                  "d": 1.235,
                  "nan": null,
                  "list": [
                    1,
                    "x"
                  ],
                  "empty": {},
                  "nil": null
                }
                """, JsonWriter.toJson(m));
    }
}
