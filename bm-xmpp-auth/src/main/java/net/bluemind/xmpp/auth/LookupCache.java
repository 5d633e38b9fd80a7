package net.bluemind.xmpp.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Answers of bm-core reused for a short time, bounded in size. Only successful answers are kept: a
 * failed lookup (bm-core down) is asked again next time. Concurrent lookups of one key share one call.
 */
final class LookupCache<K, V> {

    private record Entry<V>(CompletableFuture<V> answer, long expiresAt) {
    }

    private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();
    private final long ttlMillis;
    private final int maxSize;
    private final Clock clock;

    LookupCache(Duration ttl, int maxSize, Clock clock) {
        this.ttlMillis = ttl.toMillis();
        this.maxSize = maxSize;
        this.clock = clock;
    }

    CompletableFuture<V> get(K key, Function<K, CompletableFuture<V>> lookup) {
        if (ttlMillis == 0) {
            return lookup.apply(key);
        }
        long now = clock.millis();
        Entry<V> current = entries.get(key);
        if (current != null && current.expiresAt() > now && !current.answer().isCompletedExceptionally()) {
            return current.answer();
        }
        makeRoom(now);
        Entry<V> fresh = new Entry<>(lookup.apply(key), now + ttlMillis);
        entries.put(key, fresh);
        fresh.answer().whenComplete((value, failure) -> {
            if (failure != null) {
                entries.remove(key, fresh);
            }
        });
        return fresh.answer();
    }

    void invalidate(K key) {
        entries.remove(key);
    }

    int size() {
        return entries.size();
    }

    private void makeRoom(long now) {
        if (entries.size() < maxSize) {
            return;
        }
        entries.values().removeIf(e -> e.expiresAt() <= now);
        // Still full of live entries: start over rather than track usage; they are cheap to ask again.
        if (entries.size() >= maxSize) {
            entries.clear();
        }
    }
}
