package net.bluemind.xmpp.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Errors of a run, grouped by kind, with the first full example of each kind so the report can show what the server
 * actually said. Bounded: after {@value #MAX_KINDS} kinds, new kinds are counted under "other".
 */
final class FailureLog {

    private static final int MAX_KINDS = 32;
    private static final String OTHER = "other";

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final Map<String, String> examples = new ConcurrentHashMap<>();
    private final AtomicReference<LoginFailure> firstLoginFailure = new AtomicReference<>();
    private final LongAdder total = new LongAdder();

    void loginFailed(LoginFailure failure) {
        firstLoginFailure.compareAndSet(null, failure);
        record("login " + failure.kind(), failure.describe());
    }

    void record(String kind, String example) {
        total.increment();
        String key = counts.containsKey(kind) || counts.size() < MAX_KINDS ? kind : OTHER;
        counts.computeIfAbsent(key, k -> new LongAdder()).increment();
        if (example != null) {
            examples.putIfAbsent(key, example);
        }
    }

    long total() {
        return total.sum();
    }

    LoginFailure firstLoginFailure() {
        return firstLoginFailure.get();
    }

    /** Kind → count, most frequent first. */
    Map<String, Long> countsByKind() {
        Map<String, Long> out = new LinkedHashMap<>();
        counts.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue().sum(), a.getValue().sum()))
                .forEach(e -> out.put(e.getKey(), e.getValue().sum()));
        return out;
    }

    /** Kind → first example, in the same order as {@link #countsByKind()}. */
    Map<String, String> examplesByKind() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String kind : countsByKind().keySet()) {
            String ex = examples.get(kind);
            if (ex != null) {
                out.put(kind, ex);
            }
        }
        return out;
    }
}
