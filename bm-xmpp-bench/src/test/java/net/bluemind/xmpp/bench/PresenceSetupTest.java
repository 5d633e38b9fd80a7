package net.bluemind.xmpp.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PresenceSetupTest {

    @Test
    void usersAreFoundFromTheirJids() {
        assertEquals(0, PresenceScenario.userIndex("bench1@acme.test/r", "bench", 1, 202));
        assertEquals(201, PresenceScenario.userIndex("bench202@acme.test", "bench", 1, 202));
        assertEquals(-1, PresenceScenario.userIndex("bench203@acme.test", "bench", 1, 202), "not one of ours");
        assertEquals(-1, PresenceScenario.userIndex("bench0@acme.test", "bench", 1, 202));
        assertEquals(-1, PresenceScenario.userIndex("benchx@acme.test", "bench", 1, 202));
        assertEquals(-1, PresenceScenario.userIndex("bench12", "bench", 1, 202), "no domain");
        assertEquals(-1, PresenceScenario.userIndex("other1@acme.test", "bench", 1, 202));
        assertEquals(-1, PresenceScenario.userIndex(null, "bench", 1, 202));
        assertEquals(-1, PresenceScenario.userIndex("bench99999999999@acme.test", "bench", 1, 202));
    }

    @Test
    void groupsAreCompleteAndDisjoint() {
        assertEquals(2, PresenceScenario.groupCount(202, 100));
        assertEquals(1, PresenceScenario.groupCount(201, 100));
        assertEquals(1, PresenceScenario.groupCount(10, 100), "always at least one group");
        List<Integer> first = PresenceScenario.groupMembers(0, 3);
        assertEquals(List.of(1, 2, 3), first);
        assertEquals(List.of(4, 6, 7), PresenceScenario.groupMembers(5, 3));
        assertFalse(PresenceScenario.groupMembers(5, 3).contains(5));
        assertEquals(100, PresenceScenario.groupMembers(150, 100).size());
    }

    @Test
    void prosodyAccountFilesAreWrittenOnce(@TempDir Path data) throws Exception {
        assertEquals("acme%2etest", BenchServers.Prosody.encodeHost("acme.test"));
        assertEquals(3, BenchServers.Prosody.writeAccounts(data, "acme.test", "bench", 3, "be\"nch"));
        Path f = data.resolve("acme%2etest/accounts/bench2.dat");
        assertTrue(Files.exists(f));
        assertEquals("return {\n\t[\"password\"] = \"be\\\"nch\";\n};\n", Files.readString(f));
        assertEquals(1, BenchServers.Prosody.writeAccounts(data, "acme.test", "bench", 4, "be\"nch"),
                "existing accounts are kept");
    }

    @Test
    void prosodyRostersMakeEveryGroupMemberABothContact(@TempDir Path data) throws Exception {
        BenchServers.Prosody.writeRosters(data, "acme.test", "bench", 8, 3);
        String r = Files.readString(data.resolve("acme%2etest/roster/bench6.dat"));
        assertTrue(r.startsWith("return {\n\t[false] = {\n\t\t[\"version\"] = 1;"), r);
        for (String contact : List.of("bench5", "bench7", "bench8")) {
            assertTrue(r.contains("\t[\"" + contact + "@acme.test\"] = {\n\t\t[\"groups\"] = {};\n\t\t[\"subscription\"] = \"both\";"), r);
        }
        assertFalse(r.contains("bench6@"), "nobody is their own contact");
        assertFalse(r.contains("bench4@"), "other groups stay apart");
        assertTrue(r.endsWith("\t};\n};\n"), r);
    }
}
