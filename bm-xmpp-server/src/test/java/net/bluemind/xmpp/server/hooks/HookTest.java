package net.bluemind.xmpp.server.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class HookTest {

    @Test
    void handlersRunHighestPriorityFirstAndInTheOrderAddedWhenEqual() {
        Hook<List<String>> hook = new Hook<>("test/order");
        hook.add(0, "archive", seen -> seen.add("archive"));
        hook.add(100, "stanza-id", seen -> !seen.add("stanza-id"));
        hook.add(50, "carbons", seen -> !seen.add("carbons"));
        hook.add(50, "push", seen -> !seen.add("push"));
        List<String> seen = new ArrayList<>();
        assertTrue(hook.fire(seen), "archive's handler took care of it");
        assertEquals(List.of("stanza-id", "carbons", "push", "archive"), seen);
        assertEquals("test/order [stanza-id(100), carbons(50), push(50), archive(0)]", hook.toString());
    }

    @Test
    void aHandlerThatTakesCareOfTheEventStopsTheOnesAfterIt() {
        Hook<List<String>> hook = new Hook<>("test/stop");
        hook.add(10, "offline", seen -> seen.add("offline"));
        hook.add(0, "drop", seen -> seen.add("drop"));
        List<String> seen = new ArrayList<>();
        assertTrue(hook.fire(seen));
        assertEquals(List.of("offline"), seen);
    }

    @Test
    void aFailingHandlerIsSkippedAndTheOthersStillRun() {
        Hook<List<String>> hook = new Hook<>("test/failure");
        hook.add(10, "broken", seen -> {
            throw new IllegalStateException("broken on purpose");
        });
        hook.add(0, "archive", seen -> !seen.add("archive"));
        List<String> seen = new ArrayList<>();
        assertFalse(hook.fire(seen), "nobody took care of it");
        assertEquals(List.of("archive"), seen);
    }

    @Test
    void anEmptyHookTakesCareOfNothing() {
        Hook<Object> hook = new Hook<>("test/empty");
        assertTrue(hook.isEmpty());
        assertFalse(hook.fire(new Object()));
    }
}
