package net.bluemind.xmpp.server.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import net.bluemind.xmpp.server.testkit.LongValues;
import net.bluemind.xmpp.xml.StanzaError;

class StoredValueLimitsTest {

    @Test
    void countsUtf8BytesLikeTheEncoder() {
        for (String s : new String[] { "", "abc", "é", "中文", "😀", "a😀é中", LongValues.utf8(5000, 7), "\uD800" }) {
            assertEquals(s.getBytes(StandardCharsets.UTF_8).length, StoredValueLimits.utf8Length(s), s);
        }
    }

    @Test
    void identifiersAndRosterTextsStopAt1023Bytes() {
        assertTrue(StoredValueLimits.fitsIdentifier(LongValues.utf8(1023, 1)));
        assertFalse(StoredValueLimits.fitsIdentifier(LongValues.utf8(1024, 1)));
        assertFalse(StoredValueLimits.fitsIdentifier("😀".repeat(256)), "256 characters, 1024 bytes");
        assertTrue(StoredValueLimits.fitsRosterText(LongValues.utf8(1023, 2)));
        assertFalse(StoredValueLimits.fitsRosterText(LongValues.utf8(1024, 2)));
        assertTrue(StoredValueLimits.fitsIdentifier(null));
    }

    @Test
    void keysFitPostgresqlIndexEntries() {
        String longestBare = LongValues.bareJid(1023, 1023, 3);
        assertTrue(StoredValueLimits.fitsKey("alice@acme.test", longestBare), "any contact of an ordinary account");
        assertTrue(StoredValueLimits.fitsKey(LongValues.utf8(553, 4), longestBare), "up to 2600 bytes");
        assertFalse(StoredValueLimits.fitsKey(LongValues.utf8(554, 4), longestBare));
        assertFalse(StoredValueLimits.fitsKey("alice@acme.test", longestBare + "/" + LongValues.utf8(1023, 5)), "a longest full JID never");
        assertTrue(StoredValueLimits.fitsKey("alice@acme.test", LongValues.utf8(1023, 6), LongValues.utf8(1023, 7), null));
    }

    @Test
    void answersNotAcceptableToBeChanged() {
        StanzaError e = StoredValueLimits.tooLong("the item id", 1023);
        assertEquals(StanzaError.Condition.NOT_ACCEPTABLE, e.condition());
        assertEquals(StanzaError.Type.MODIFY, e.type());
        assertTrue(e.text().contains("1023 bytes"));
    }
}
