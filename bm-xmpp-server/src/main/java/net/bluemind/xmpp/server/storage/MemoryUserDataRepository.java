package net.bluemind.xmpp.server.storage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import net.bluemind.xmpp.server.limits.StoredValueLimits;
import net.bluemind.xmpp.spi.UserDataRepository;

/**
 * User data kept in memory only: for load tests and throw-away servers, where a restart may lose
 * everything. Production and the standalone default use the JDBC repository.
 */
public final class MemoryUserDataRepository implements UserDataRepository {

    private final Map<String, Map<String, RosterItem>> rosters = new HashMap<>();
    private final Map<String, Long> versions = new HashMap<>();
    private final Map<String, List<OfflineMessage>> offline = new HashMap<>();
    private final Map<String, String> privateXml = new HashMap<>();
    private final Map<String, Set<String>> blocked = new HashMap<>();
    private final Map<String, PepNodeConfig> pepNodes = new LinkedHashMap<>();
    private final Map<String, List<PepItem>> pepItems = new HashMap<>();
    private long offlineIds;

    private synchronized <T> CompletionStage<T> sync(Supplier<T> s) {
        return CompletableFuture.completedFuture(s.get());
    }

    @Override
    public CompletionStage<Roster> roster(String user) {
        return sync(() -> new Roster(versions.getOrDefault(user, 0L), new ArrayList<>(rosters.getOrDefault(user, Map.of()).values())));
    }

    @Override
    public CompletionStage<Long> putRosterItem(String user, RosterItem item) {
        return sync(() -> {
            rosters.computeIfAbsent(user, k -> new LinkedHashMap<>()).put(item.contact(), item);
            return versions.merge(user, 1L, Long::sum);
        });
    }

    @Override
    public CompletionStage<Long> removeRosterItem(String user, String contact) {
        return sync(() -> {
            if (rosters.getOrDefault(user, new HashMap<>()).remove(contact) == null) {
                return versions.getOrDefault(user, 0L);
            }
            return versions.merge(user, 1L, Long::sum);
        });
    }

    @Override
    public CompletionStage<Boolean> storeOffline(String user, OfflineMessage m, int maxPerUser, long maxBytesPerUser) {
        return sync(() -> {
            List<OfflineMessage> l = offline.computeIfAbsent(user, k -> new ArrayList<>());
            if (l.size() >= maxPerUser) {
                return false;
            }
            long held = l.stream().mapToLong(o -> StoredValueLimits.utf8Length(o.stanza())).sum();
            if (!l.isEmpty() && held + StoredValueLimits.utf8Length(m.stanza()) > maxBytesPerUser) {
                return false;
            }
            l.add(new OfflineMessage(++offlineIds, m.from(), m.stanza(), m.stamp()));
            return true;
        });
    }

    @Override
    public CompletionStage<List<OfflineMessage>> offlineMessages(String user) {
        return sync(() -> List.copyOf(offline.getOrDefault(user, List.of())));
    }

    @Override
    public CompletionStage<Void> deleteOffline(String user, List<Long> ids) {
        return sync(() -> {
            offline.getOrDefault(user, new ArrayList<>()).removeIf(m -> ids.contains(m.id()));
            return null;
        });
    }

    @Override
    public CompletionStage<Optional<String>> privateXml(String user, String elementName, String namespace) {
        return sync(() -> Optional.ofNullable(privateXml.get(user + ' ' + elementName + ' ' + namespace)));
    }

    @Override
    public CompletionStage<Void> putPrivateXml(String user, String elementName, String namespace, String xml) {
        return sync(() -> {
            privateXml.put(user + ' ' + elementName + ' ' + namespace, xml);
            return null;
        });
    }

    @Override
    public CompletionStage<Set<String>> blockList(String user) {
        return sync(() -> Set.copyOf(blocked.getOrDefault(user, Set.of())));
    }

    @Override
    public CompletionStage<Void> block(String user, Set<String> jids) {
        return sync(() -> {
            blocked.computeIfAbsent(user, k -> new HashSet<>()).addAll(jids);
            return null;
        });
    }

    @Override
    public CompletionStage<Void> unblock(String user, Set<String> jids) {
        return sync(() -> {
            if (jids.isEmpty()) {
                blocked.remove(user);
            } else {
                blocked.getOrDefault(user, new HashSet<>()).removeAll(jids);
            }
            return null;
        });
    }

    @Override
    public CompletionStage<List<String>> pepNodes(String owner) {
        return sync(() -> {
            List<String> out = new ArrayList<>();
            for (String k : pepNodes.keySet()) {
                if (k.startsWith(owner + ' ')) {
                    out.add(k.substring(owner.length() + 1));
                }
            }
            out.sort(null);
            return out;
        });
    }

    @Override
    public CompletionStage<Optional<PepNodeConfig>> pepNode(String owner, String node) {
        return sync(() -> Optional.ofNullable(pepNodes.get(owner + ' ' + node)));
    }

    @Override
    public CompletionStage<Void> putPepNode(String owner, String node, PepNodeConfig config) {
        return sync(() -> {
            pepNodes.put(owner + ' ' + node, config);
            return null;
        });
    }

    @Override
    public CompletionStage<Void> publishPepItem(String owner, String node, PepItem item, PepNodeConfig configIfNew) {
        return sync(() -> {
            String key = owner + ' ' + node;
            PepNodeConfig config = pepNodes.computeIfAbsent(key, k -> configIfNew);
            List<PepItem> items = pepItems.computeIfAbsent(key, k -> new ArrayList<>());
            items.removeIf(i -> i.id().equals(item.id()));
            if (!config.persist()) {
                items.clear();
                return null;
            }
            items.add(item); // publication order, as the JDBC repository keeps it
            while (items.size() > Math.max(1, config.maxItems())) {
                items.remove(0);
            }
            return null;
        });
    }

    @Override
    public CompletionStage<List<PepItem>> pepItems(String owner, String node, int max) {
        return sync(() -> {
            List<PepItem> items = new ArrayList<>(pepItems.getOrDefault(owner + ' ' + node, List.of()));
            java.util.Collections.reverse(items);
            return max > 0 && items.size() > max ? List.copyOf(items.subList(0, max)) : List.copyOf(items);
        });
    }

    @Override
    public CompletionStage<Boolean> retractPepItem(String owner, String node, String itemId) {
        return sync(() -> pepItems.getOrDefault(owner + ' ' + node, new ArrayList<>()).removeIf(i -> i.id().equals(itemId)));
    }

    @Override
    public CompletionStage<Boolean> deletePepNode(String owner, String node) {
        return sync(() -> {
            pepItems.remove(owner + ' ' + node);
            return pepNodes.remove(owner + ' ' + node) != null;
        });
    }

    @Override
    public CompletionStage<Void> deleteUser(String user) {
        return sync(() -> {
            rosters.remove(user);
            versions.remove(user);
            offline.remove(user);
            blocked.remove(user);
            privateXml.keySet().removeIf(k -> k.startsWith(user + ' '));
            pepNodes.keySet().removeIf(k -> k.startsWith(user + ' '));
            pepItems.keySet().removeIf(k -> k.startsWith(user + ' '));
            return null;
        });
    }
}
