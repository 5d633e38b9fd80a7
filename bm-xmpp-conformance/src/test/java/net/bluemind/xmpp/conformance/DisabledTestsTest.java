package net.bluemind.xmpp.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class DisabledTestsTest {

    @Test
    void separatesSpecificationsFromTestClasses() {
        DisabledTests d = DisabledTests.parse(List.of(
                "# a note",
                "",
                "XEP-0045  # no MUC",
                "StreamManagementTest # needs registration",
                "org.jivesoftware.smack.LoginIntegrationTest # same"));
        assertEquals("XEP-0045", d.specifications());
        assertEquals("StreamManagementTest,org.jivesoftware.smack.LoginIntegrationTest", d.testClasses());
        assertEquals("no MUC", d.entries().get(0).reason());
    }

    @Test
    void refusesAnEntryWithoutReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DisabledTests.parse(List.of("XEP-0045")));
        assertTrue(e.getMessage().contains("line 1"), e.getMessage());
    }

    @Test
    void refusesATestMethodBecauseTheFrameworkWouldDisableItsWholeClass() {
        assertThrows(IllegalArgumentException.class,
                () -> DisabledTests.parse(List.of("RosterIntegrationTest.testPresenceDeliveredToRecipient # flaky")));
    }

    @Test
    void shippedListGivesEveryEntryAReason() throws Exception {
        DisabledTests d = DisabledTests.load();
        assertFalse(d.entries().isEmpty());
        assertTrue(d.specifications().contains("XEP-0045"));
        d.entries().forEach(e -> assertFalse(e.reason().isBlank(), e.name()));
    }
}
