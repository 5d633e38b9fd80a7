package net.bluemind.xmpp.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.Deque;

import org.junit.jupiter.api.Test;

class ConnectionLauncherTest {

    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @Test
    void neverMoreThanConcurrencyInProgress() throws Exception {
        Deque<Long> pending = new ArrayDeque<>();
        ConnectionLauncher l = new ConnectionLauncher(3, 10, pending::add);
        l.start();
        assertEquals(3, pending.size());
        int max = 0;
        while (!pending.isEmpty()) {
            max = Math.max(max, pending.size());
            pending.poll();
            l.settled(true);
        }
        assertEquals(3, max);
        assertTrue(l.awaitSettled(1000, QUIET));
        assertEquals(10, l.online());
        assertFalse(l.gaveUp());
    }

    @Test
    void givesUpWhenTheFirstWaveAllFails() throws Exception {
        Deque<Long> pending = new ArrayDeque<>();
        ConnectionLauncher l = new ConnectionLauncher(4, 1000, pending::add);
        l.start();
        int launched = 0;
        while (!pending.isEmpty()) {
            pending.poll();
            launched++;
            l.settled(false);
        }
        assertTrue(l.gaveUp());
        assertTrue(launched <= 8, "stopped early, launched " + launched);
        assertTrue(l.awaitSettled(1000, QUIET));
    }

    @Test
    void stopLetsRunningOnesSettle() throws Exception {
        Deque<Long> pending = new ArrayDeque<>();
        ConnectionLauncher l = new ConnectionLauncher(2, Long.MAX_VALUE, pending::add);
        l.start();
        pending.poll();
        l.settled(true);
        l.stop();
        assertFalse(l.awaitSettled(10, QUIET), "two still in progress");
        assertEquals(2, pending.size());
        while (!pending.isEmpty()) {
            pending.poll();
            l.settled(true);
        }
        assertTrue(l.awaitSettled(1000, QUIET));
        assertEquals(3, l.online());
    }
}
