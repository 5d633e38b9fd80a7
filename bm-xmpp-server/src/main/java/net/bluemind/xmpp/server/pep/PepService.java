package net.bluemind.xmpp.server.pep;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.jxmpp.jid.EntityBareJid;

import net.bluemind.xmpp.server.session.UserSerializer;
import net.bluemind.xmpp.spi.PepStore;
import net.bluemind.xmpp.spi.PepStore.PepItem;
import net.bluemind.xmpp.spi.PepStore.PepNodeConfig;
import net.bluemind.xmpp.xml.Element;
import net.bluemind.xmpp.xml.StanzaError;

/**
 * The operations of an account's PEP service (XEP-0163 on XEP-0060): publish with auto-create and
 * publish-options, retrieve, retract, create, configure, delete. Each account's operations run in
 * order (the {@link UserSerializer}), are stored before they are answered, and notifications are
 * queued before the publisher gets its result. Failures are {@link PubsubException}s.
 */
final class PepService {

    private final PepStore repository;
    private final UserSerializer serializer;
    private final PepAccess access;
    private final PepNotifier notifier;
    private final SecureRandom random = new SecureRandom();
    /** Publication times, kept strictly increasing so items published in the same millisecond keep their order. */
    private final AtomicLong clock = new AtomicLong();

    PepService(PepStore repository, UserSerializer serializer, PepAccess access, PepNotifier notifier) {
        this.repository = repository;
        this.serializer = serializer;
        this.access = access;
        this.notifier = notifier;
    }

    /** What a step run in the account's order came to: a pubsub refusal is an answer, not a failed update. */
    private record Outcome<T>(T value, PubsubException refusal) {
        T get() {
            if (refusal != null) {
                throw refusal;
            }
            return value;
        }
    }

    /** Runs {@code step} in the account's order; refusals pass through without counting as failed updates. */
    private <T> CompletionStage<T> inOrder(String user, Supplier<CompletionStage<T>> step) {
        return serializer.run(user, () -> {
            CompletionStage<T> stage;
            try {
                stage = step.get();
            } catch (PubsubException e) {
                return CompletableFuture.completedFuture(new Outcome<T>(null, e));
            }
            return stage.handle((v, e) -> {
                Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                if (cause == null || cause instanceof PubsubException) {
                    return CompletableFuture.completedFuture(new Outcome<>(v, (PubsubException) cause));
                }
                return CompletableFuture.<Outcome<T>>failedFuture(cause);
            }).thenCompose(f -> f);
        }).thenApply(Outcome::get);
    }

    /** Publishes one item; answers the XEP-0060 §7.1.2 result naming the item. */
    CompletionStage<Element> publish(EntityBareJid owner, String publisher, String node, String itemId, Element payload,
                                     NodeOptions options) {
        String user = owner.toString();
        String id = itemId == null || itemId.isEmpty() ? newItemId() : itemId;
        PepItem item = new PepItem(id, payload.toString(), publisher, now());
        return inOrder(user, () -> repository.pepNode(user, node).thenCompose(existing -> {
            PepNodeConfig config = existing.isPresent() ? checkPreconditions(existing.get(), options) : configForNew(options);
            CompletionStage<Void> stored;
            if (config.persist()) {
                stored = repository.publishPepItem(user, node, item, config);
            } else {
                stored = existing.isPresent() ? CompletableFuture.completedFuture(null) : repository.putPepNode(user, node, config);
            }
            return stored.thenApply(v -> config);
        })).thenCompose(config -> notifier.broadcast(owner, node, config, PepElements.published(node, eventItem(id, payload))))
                .thenApply(v -> pubsub(Element.builder("publish", Pubsub.NS).attribute("node", node)
                        .child(Element.builder("item", Pubsub.NS).attribute("id", id).build()).build()));
    }

    private static PepNodeConfig checkPreconditions(PepNodeConfig config, NodeOptions options) {
        if (!options.metBy(config)) {
            throw PubsubError.text(StanzaError.Condition.CONFLICT, "precondition-not-met",
                    "the node's configuration differs from the publish-options").exception();
        }
        return config;
    }

    /** XEP-0060 §7.1.5: a node auto-created by a publication takes the options, or the publication fails. */
    private static PepNodeConfig configForNew(NodeOptions options) {
        try {
            return options.applyTo(NodeOptions.DEFAULTS);
        } catch (IllegalArgumentException e) {
            throw PubsubError.text(StanzaError.Condition.CONFLICT, "precondition-not-met", e.getMessage()).exception();
        }
    }

    private static Element eventItem(String id, Element payload) {
        return Element.builder("item", Pubsub.EVENT).attribute("id", id).child(payload).build();
    }

    /**
     * Items of a node for a requester allowed to see them, oldest first: the {@code max} newest
     * (0 = all), or those with the given ids.
     */
    CompletionStage<Element> items(EntityBareJid owner, String requester, String node, int max, List<String> ids) {
        String user = owner.toString();
        return inOrder(user, () -> readableNode(user, requester, node)
                .thenCompose(config -> repository.pepItems(user, node, ids.isEmpty() ? max : 0))).thenApply(stored -> {
                    List<PepItem> chosen = new ArrayList<>(stored);
                    if (!ids.isEmpty()) {
                        chosen.removeIf(i -> !ids.contains(i.id()));
                    }
                    Collections.reverse(chosen);
                    Element.Builder items = Element.builder("items", Pubsub.NS).attribute("node", node);
                    for (PepItem i : chosen) {
                        Element e = PepElements.item(Pubsub.NS, i);
                        if (e != null) {
                            items.child(e);
                        }
                    }
                    return pubsub(items.build());
                });
    }

    /** The node's configuration when the requester may see it; item-not-found when it does not exist. */
    private CompletionStage<PepNodeConfig> readableNode(String owner, String requester, String node) {
        return existingNode(owner, node).thenCompose(config -> access.reader(owner, requester).thenApply(r -> {
            if (!r.mayRead(config)) {
                throw r.denial(config).exception();
            }
            return config;
        }));
    }

    private CompletionStage<PepNodeConfig> existingNode(String owner, String node) {
        return repository.pepNode(owner, node).thenApply(config -> config.orElseThrow(
                () -> PubsubError.of(StanzaError.Condition.ITEM_NOT_FOUND).exception()));
    }

    /** Removes an item and tells the node's audience (notify_retract is always on). */
    CompletionStage<Element> retract(EntityBareJid owner, String node, String itemId) {
        String user = owner.toString();
        return inOrder(user, () -> existingNode(user, node).thenCompose(config -> repository.retractPepItem(user, node, itemId)
                .thenApply(existed -> {
                    if (!existed) {
                        throw PubsubError.of(StanzaError.Condition.ITEM_NOT_FOUND).exception();
                    }
                    return config;
                }))).thenCompose(config -> notifier.broadcast(owner, node, config, PepElements.retracted(node, itemId)))
                .thenApply(v -> null);
    }

    /** Creates a node (XEP-0060 §8.1), with the configure form's options when there is one. */
    CompletionStage<Element> create(EntityBareJid owner, String node, NodeOptions options) {
        String user = owner.toString();
        PepNodeConfig config = configurationFrom(NodeOptions.DEFAULTS, options);
        return inOrder(user, () -> repository.pepNode(user, node).thenCompose(existing -> {
            if (existing.isPresent()) {
                throw PubsubError.of(StanzaError.Condition.CONFLICT).exception();
            }
            return repository.putPepNode(user, node, config);
        })).thenApply(v -> null);
    }

    /** The node's configuration form (XEP-0060 §8.2.1). */
    CompletionStage<Element> configuration(EntityBareJid owner, String node) {
        String user = owner.toString();
        return inOrder(user, () -> existingNode(user, node)).thenApply(config -> ownerPubsub(
                Element.builder("configure", Pubsub.OWNER).attribute("node", node)
                        .child(NodeOptions.form(config, "form", Pubsub.NODE_CONFIG)).build()));
    }

    /** The configuration a node created now would have (XEP-0060 §8.3). */
    static Element defaultConfiguration() {
        return ownerPubsub(Element.builder("default", Pubsub.OWNER).child(NodeOptions.form(NodeOptions.DEFAULTS, "form", Pubsub.NODE_CONFIG)).build());
    }

    /** Applies a submitted configuration form (XEP-0060 §8.2.4). */
    CompletionStage<Element> configure(EntityBareJid owner, String node, NodeOptions options) {
        String user = owner.toString();
        return inOrder(user, () -> existingNode(user, node)
                .thenCompose(config -> repository.putPepNode(user, node, configurationFrom(config, options)))).thenApply(v -> null);
    }

    private static PepNodeConfig configurationFrom(PepNodeConfig base, NodeOptions options) {
        try {
            return options.applyTo(base);
        } catch (IllegalArgumentException e) {
            throw PubsubError.text(StanzaError.Condition.NOT_ACCEPTABLE, null, e.getMessage()).exception();
        }
    }

    /** Deletes a node with its items and tells its audience (XEP-0060 §8.4). */
    CompletionStage<Element> delete(EntityBareJid owner, String node) {
        String user = owner.toString();
        return inOrder(user, () -> existingNode(user, node)
                .thenCompose(config -> repository.deletePepNode(user, node).thenApply(v -> config)))
                .thenCompose(config -> notifier.broadcast(owner, node, config, PepElements.deleted(node)))
                .thenApply(v -> null);
    }

    /** The nodes of {@code owner} the requester may see, with their configuration (disco#items). */
    CompletionStage<List<String>> visibleNodes(String owner, String requester) {
        return access.reader(owner, requester).thenCompose(reader -> repository.pepNodes(owner).thenCompose(names -> {
            CompletableFuture<List<String>> all = CompletableFuture.completedFuture(new ArrayList<>());
            for (String n : names) {
                all = all.thenCompose(out -> repository.pepNode(owner, n).thenApply(config -> {
                    if (config.isPresent() && reader.mayRead(config.get())) {
                        out.add(n);
                    }
                    return out;
                }));
            }
            return all;
        }));
    }

    /** A node's configuration if it exists and the requester may see it (disco#info of a node). */
    CompletionStage<Optional<PepNodeConfig>> visibleNode(String owner, String requester, String node) {
        return repository.pepNode(owner, node).thenCompose(config -> {
            if (config.isEmpty()) {
                return CompletableFuture.completedFuture(Optional.empty());
            }
            return access.reader(owner, requester).thenApply(r -> r.mayRead(config.get()) ? config : Optional.empty());
        });
    }

    /** The ids of a visible node's items, newest first (disco#items of a node). */
    CompletionStage<Optional<List<String>>> visibleItemIds(String owner, String requester, String node) {
        return visibleNode(owner, requester, node).thenCompose(config -> {
            if (config.isEmpty()) {
                return CompletableFuture.completedFuture(Optional.empty());
            }
            return repository.pepItems(owner, node, 0).thenApply(items -> Optional.of(items.stream().map(PepItem::id).toList()));
        });
    }

    private static Element pubsub(Element child) {
        return Element.builder("pubsub", Pubsub.NS).child(child).build();
    }

    private static Element ownerPubsub(Element child) {
        return Element.builder("pubsub", Pubsub.OWNER).child(child).build();
    }

    private String newItemId() {
        byte[] b = new byte[10];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private long now() {
        long t = System.currentTimeMillis();
        return clock.updateAndGet(last -> Math.max(last + 1, t));
    }
}
