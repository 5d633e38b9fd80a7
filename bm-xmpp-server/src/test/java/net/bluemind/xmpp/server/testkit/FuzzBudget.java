package net.bluemind.xmpp.server.testkit;

/**
 * How long each {@code @FuzzTest} fuzzes when the build runs it with JAZZER_FUZZ set (the {@code fuzz}
 * Maven profile of bm-xmpp-server): five targets, well under three minutes with the JVM starts. Without
 * JAZZER_FUZZ the fuzz tests only replay their seeds and past crashes. Longer sessions: see
 * docs/developer-guide.md (scripts/fuzz.sh), where the time is given on the command line instead.
 */
public final class FuzzBudget {

    /** The bounded run's time per target (a Jazzer duration string). */
    public static final String PER_TARGET = "15s";

    private FuzzBudget() {
    }
}
