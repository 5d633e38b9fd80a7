package net.bluemind.xmpp.vcard;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import net.bluemind.xmpp.coreclient.CoreClient;
import net.bluemind.xmpp.coreclient.CoreNotFoundException;

/**
 * Cards and photos by bare JID, bounded (LRU) and fresh for a TTL; an expired card stays as the fallback
 * while bm-core is unreachable. {@link #dropUser} forgets a user at once (bm-mq {@code user.*}).
 */
final class CardCache {

    private record Entry(UserCard card, long fetchedNanos) {
    }

    private final CoreClient core;
    private final PhotoScaler scaler;
    private final Duration ttl;
    private final Duration timeout;
    private final Map<String, Entry> entries;

    CardCache(CoreClient core, PhotoScaler scaler, Duration ttl, int size, Duration timeout) {
        this.core = core;
        this.scaler = scaler;
        this.ttl = ttl;
        this.timeout = timeout;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > size;
            }
        };
    }

    /** The cached card when fresh, without asking bm-core; null otherwise. */
    synchronized UserCard fresh(String bareJid) {
        Entry e = entries.get(bareJid);
        return e != null && System.nanoTime() - e.fetchedNanos < ttl.toNanos() ? e.card : null;
    }

    /** The account's card; completes exceptionally when bm-core fails and nothing is cached; never hangs. */
    CompletableFuture<UserCard> card(String bareJid) {
        UserCard fresh = fresh(bareJid);
        if (fresh != null) {
            return CompletableFuture.completedFuture(fresh);
        }
        return fetch(bareJid).orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).handle((card, failure) -> {
            if (failure == null) {
                synchronized (this) {
                    entries.put(bareJid, new Entry(card, System.nanoTime()));
                }
                return CompletableFuture.completedFuture(card);
            }
            Entry stale;
            synchronized (this) {
                stale = entries.get(bareJid);
            }
            return stale != null ? CompletableFuture.completedFuture(stale.card) : CompletableFuture.<UserCard>failedFuture(failure);
        }).thenCompose(f -> f);
    }

    synchronized void dropUser(String userUid) {
        entries.values().removeIf(e -> e.card.userUid().equals(userUid));
    }

    /** The bare JIDs cached for that user (to rebroadcast their presence). */
    synchronized java.util.List<String> jidsOf(String userUid) {
        return entries.entrySet().stream().filter(e -> e.getValue().card.userUid().equals(userUid)).map(Map.Entry::getKey).toList();
    }

    private CompletableFuture<UserCard> fetch(String bareJid) {
        String domain = bareJid.substring(bareJid.indexOf('@') + 1);
        return core.lookupDomain(domain).thenCompose(d -> core.userByEmail(d.uid(), bareJid).thenCompose(u -> {
            String email = u.value().defaultEmail().orElse(bareJid);
            var cardF = core.completeCard(d.uid(), u.uid());
            var photoF = core.cardPhoto(d.uid(), u.uid()).exceptionally(t -> java.util.Optional.empty());
            return cardF.thenCombine(photoF, (card, photo) -> new UserCard(d.uid(), u.uid(),
                    CardMapper.toVCard(card.value(), email), photo.map(scaler::avatar).orElse(null)));
        }));
    }

    static boolean notFound(Throwable t) {
        Throwable c = t;
        while (c instanceof java.util.concurrent.CompletionException && c.getCause() != null) {
            c = c.getCause();
        }
        return c instanceof CoreNotFoundException;
    }
}
