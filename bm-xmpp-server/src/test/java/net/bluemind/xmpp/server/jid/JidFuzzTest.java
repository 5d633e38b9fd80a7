package net.bluemind.xmpp.server.jid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.charset.StandardCharsets;

import org.jxmpp.jid.Jid;

import com.code_intelligence.jazzer.junit.FuzzTest;

import net.bluemind.xmpp.server.testkit.FuzzBudget;
import net.bluemind.xmpp.xml.XmlChars;
import rocks.xmpp.precis.PrecisProfiles;

/**
 * Random strings as JIDs: parsing never throws, a JID it accepts is stable (its string parses to the same
 * JID), holds no '@' or '/' in its domainpart and no character XML forbids, and the ASCII fast paths of
 * {@link PrecisJidPrep} give exactly what the PRECIS profiles give. The input is the string in UTF-8
 * (malformed bytes become U+FFFD).
 */
class JidFuzzTest {

    /** Jazzer's own driver (scripts/fuzz.sh, long sessions) calls this; the build calls the @FuzzTest. */
    public static void fuzzerTestOneInput(byte[] input) {
        new JidFuzzTest().parsesOrRefusesAndTheFastPathsAgreeWithPrecis(input);
    }

    @FuzzTest(maxDuration = FuzzBudget.PER_TARGET)
    void parsesOrRefusesAndTheFastPathsAgreeWithPrecis(byte[] input) {
        String s = new String(input, StandardCharsets.UTF_8);
        Jid jid = Jids.parse(s);
        if (jid != null) {
            String text = jid.toString();
            assertEquals(jid, Jids.parse(text), "stable: " + text);
            String domain = jid.getDomain().toString();
            assertFalse(domain.contains("@") || domain.contains("/"), domain);
            assertEquals(-1, XmlChars.firstForbidden(text), text);
        }
        String local = PrecisJidPrep.asciiLocalpart(s);
        if (local != null) {
            assertEquals(PrecisProfiles.USERNAME_CASE_MAPPED.enforce(s), local, "localpart fast path");
        }
        String domain = PrecisJidPrep.asciiDomain(s);
        if (domain != null) {
            assertEquals(PrecisProfiles.IDN.enforce(s), domain, "domain fast path");
        }
        if (!s.isEmpty() && s.chars().allMatch(c -> c >= ' ' && c <= '~')) {
            assertEquals(PrecisProfiles.OPAQUE_STRING.enforce(s), s, "resource fast path");
        }
        assertNotNull(Jids.parse("ok@acme.test/r"), "parsing still works");
    }
}
