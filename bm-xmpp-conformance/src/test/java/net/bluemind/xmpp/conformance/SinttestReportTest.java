package net.bluemind.xmpp.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Lines as Smack 4.5.0-beta5 prints them with ConformanceRun's one-line log format. */
class SinttestReportTest {

    private static SinttestReport read(String... lines) {
        SinttestReport r = new SinttestReport();
        for (String l : lines) {
            r.accept(l);
        }
        return r;
    }

    @Test
    void readsTheClosingSummaryAndFailures() {
        SinttestReport r = read(
                "INFO: PingIntegrationTest.pingServer (Normal) Success",
                "SEVERE: MoodIntegrationTest.testNotification (Normal) Failed",
                "INFO: Could not run org.jivesoftware.smackx.mam.MamIntegrationTest because: Message Archive Management (XEP-0313) is not supported by the server.",
                "INFO: SmackIntegrationTestFramework[cddn9] finished: 27/35 [8 failed]",
                "WARNING: 💀 The following 8 tests failed! 💀",
                "SEVERE: MoodIntegrationTest.testNotification (Normal) failed: org.jivesoftware.smack.XMPPException$XMPPErrorException: XMPPError: service-unavailable - cancel",
                "org.jivesoftware.smack.XMPPException$XMPPErrorException: XMPPError: service-unavailable - cancel",
                "SEVERE: FileTransferIntegrationTest.ibbFileTransferTest (Normal) failed: org.opentest4j.AssertionFailedError: Expected data");
        assertTrue(r.finished());
        assertEquals(27, r.passed());
        assertEquals(8, r.failed());
        assertEquals(35, r.total().getAsInt());
        assertEquals(List.of(
                "MoodIntegrationTest.testNotification (Normal): org.jivesoftware.smack.XMPPException$XMPPErrorException: XMPPError: service-unavailable - cancel",
                "FileTransferIntegrationTest.ibbFileTransferTest (Normal): org.opentest4j.AssertionFailedError: Expected data"),
                r.failedTests());
        assertEquals(List.of("org.jivesoftware.smackx.mam.MamIntegrationTest: Message Archive Management (XEP-0313) is not supported by the server."),
                r.notPossible());
    }

    @Test
    void anAbortedRunCountsWhatRanPlusOneFailure() {
        SinttestReport r = read(
                "INFO: PingIntegrationTest.pingServer (Normal) Success",
                "INFO: PingIntegrationTest.pingAsync (Normal) Success",
                "SEVERE: MoodIntegrationTest.testNotification (Normal) Failed",
                "SEVERE: Unexpected abort because runTests() threw throwable");
        assertFalse(r.finished());
        assertEquals(2, r.passed());
        assertEquals(2, r.failed());
    }
}
