package net.bluemind.xmpp.server.archive;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Predicate;

import net.bluemind.xmpp.spi.ArchivePage;
import net.bluemind.xmpp.spi.ArchiveQuery;
import net.bluemind.xmpp.spi.ArchiveQueryException;
import net.bluemind.xmpp.spi.ArchivedMessage;
import net.bluemind.xmpp.spi.MessageArchive;

/**
 * An archive in the heap, lost at stop: for {@code storage.type: memory} (tests, throw-away demos).
 * Each owner's archive is a map ordered by timestamp; queries scan it.
 */
public final class MemoryMessageArchive implements MessageArchive {

    private final Map<String, NavigableMap<Long, ArchivedMessage>> byOwner = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Long>> idsByOwner = new ConcurrentHashMap<>();

    @Override
    public synchronized CompletionStage<Void> store(List<ArchivedMessage> batch) {
        for (ArchivedMessage m : batch) {
            for (String owner : m.owners()) {
                byOwner.computeIfAbsent(owner, o -> new ConcurrentSkipListMap<>()).put(m.timestamp(), m.withOwners(List.of(owner)));
                idsByOwner.computeIfAbsent(owner, o -> new ConcurrentHashMap<>()).put(m.stanzaId(), m.timestamp());
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized CompletionStage<ArchivePage> query(ArchiveQuery q) {
        try {
            NavigableMap<Long, ArchivedMessage> archive = byOwner.getOrDefault(q.owner(), Collections.emptyNavigableMap());
            Predicate<ArchivedMessage> filter = filter(q);
            List<ArchivedMessage> matching = new ArrayList<>();
            for (ArchivedMessage m : archive.values()) {
                if (filter.test(m)) {
                    matching.add(m);
                }
            }
            long after = q.rsmAfter() == null ? Long.MIN_VALUE : timestampOf(q.owner(), q.rsmAfter());
            long before = q.rsmBefore() == null || q.rsmBefore().isEmpty() ? Long.MAX_VALUE : timestampOf(q.owner(), q.rsmBefore());
            List<ArchivedMessage> window = matching.stream().filter(m -> m.timestamp() > after && m.timestamp() < before).toList();
            List<ArchivedMessage> page;
            boolean complete;
            if (q.backwards()) {
                int from = Math.max(0, window.size() - q.max());
                page = window.subList(from, window.size());
                complete = from == 0;
            } else {
                int to = Math.min(window.size(), q.max());
                page = window.subList(0, to);
                complete = to == window.size();
            }
            long firstIndex = page.isEmpty() ? -1 : matching.indexOf(page.get(0));
            return CompletableFuture.completedFuture(new ArchivePage(page, matching.size(), complete, firstIndex));
        } catch (ArchiveQueryException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private Predicate<ArchivedMessage> filter(ArchiveQuery q) {
        String owner = q.owner();
        Predicate<ArchivedMessage> p = m -> true;
        if (q.with() != null) {
            String with = q.with();
            int slash = with.indexOf('/');
            if (slash >= 0) {
                String bare = with.substring(0, slash);
                String resource = with.substring(slash + 1);
                p = p.and(m -> bare.equals(m.with(owner)) && resource.equals(m.withResource(owner)));
            } else if (with.indexOf('@') < 0) {
                p = p.and(m -> m.with(owner).endsWith("@" + with));
            } else {
                p = p.and(m -> with.equals(m.with(owner)));
            }
        }
        if (q.start() != null) {
            long start = q.start();
            p = p.and(m -> m.timestamp() >= start);
        }
        if (q.end() != null) {
            long end = q.end();
            p = p.and(m -> m.timestamp() <= end);
        }
        if (q.afterId() != null) {
            long after = timestampOf(owner, q.afterId());
            p = p.and(m -> m.timestamp() > after);
        }
        if (q.beforeId() != null) {
            long before = timestampOf(owner, q.beforeId());
            p = p.and(m -> m.timestamp() < before);
        }
        if (!q.ids().isEmpty()) {
            List<String> ids = q.ids();
            p = p.and(m -> ids.contains(m.stanzaId()));
        }
        if (q.fullText() != null) {
            for (String word : q.fullText().toLowerCase(Locale.ROOT).split("\\s+")) {
                if (!word.isEmpty()) {
                    p = p.and(m -> m.body() != null && m.body().toLowerCase(Locale.ROOT).contains(word));
                }
            }
        }
        return p;
    }

    private long timestampOf(String owner, String stanzaId) {
        Long ts = idsByOwner.getOrDefault(owner, Map.of()).get(stanzaId);
        if (ts == null) {
            throw new ArchiveQueryException(ArchiveQueryException.Reason.ITEM_NOT_FOUND,
                    "no message '" + stanzaId + "' in the archive of " + owner);
        }
        return ts;
    }

    @Override
    public synchronized CompletionStage<Long> purgeBefore(long epochMillis) {
        long cutoff = epochMillis * 1000;
        java.util.Set<String> removed = new java.util.HashSet<>();
        for (Map.Entry<String, NavigableMap<Long, ArchivedMessage>> e : byOwner.entrySet()) {
            NavigableMap<Long, ArchivedMessage> old = e.getValue().headMap(cutoff, false);
            Map<String, Long> ids = idsByOwner.get(e.getKey());
            for (ArchivedMessage m : old.values()) {
                ids.remove(m.stanzaId());
                removed.add(m.stanzaId());
            }
            old.clear();
        }
        return CompletableFuture.completedFuture((long) removed.size());
    }

    @Override
    public synchronized CompletionStage<Void> deleteOwner(String owner) {
        byOwner.remove(owner);
        idsByOwner.remove(owner);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public String describe() {
        return "memory (lost at stop)";
    }

    @Override
    public void close() {
        // nothing held outside the heap
    }
}
