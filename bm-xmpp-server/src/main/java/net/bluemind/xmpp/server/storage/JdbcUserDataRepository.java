package net.bluemind.xmpp.server.storage;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import com.zaxxer.hikari.HikariDataSource;

import net.bluemind.xmpp.server.config.StorageConfig;
import net.bluemind.xmpp.spi.UserDataRepository;

/**
 * {@link UserDataRepository} on a relational database: embedded H2 for a standalone server,
 * PostgreSQL in production. The schema is created and upgraded by Flyway at {@link #open}.
 *
 * <p>Each operation is one transaction, run on a bounded pool of storage threads and committed before
 * its stage completes. When the queue is full the stage fails with a
 * {@link java.util.concurrent.RejectedExecutionException} instead of blocking the caller. Stages
 * complete on a storage thread: continue on your own executor.
 */
public final class JdbcUserDataRepository implements UserDataRepository, AutoCloseable {

    // Bounds the memory of a backlog while absorbing bursts (a broadcast filling many mailboxes).
    private static final int QUEUED_PER_THREAD = 1000;
    // How long close() lets queued writes finish.
    private static final long CLOSE_TIMEOUT_MILLIS = 10_000;

    private final HikariDataSource dataSource;
    private final StorageExecutor executor;
    private final TransactionRunner tx;
    private final RosterTable roster;
    private final OfflineMessageTable offline = new OfflineMessageTable();
    private final PrivateXmlTable privateXml;
    private final BlockListTable blockList;
    private final PepTables pep;

    JdbcUserDataRepository(HikariDataSource dataSource, SqlDialect dialect, StorageExecutor executor) {
        this.dataSource = dataSource;
        this.executor = executor;
        this.tx = new TransactionRunner(dataSource, dialect, executor, true);
        this.roster = new RosterTable(dialect);
        this.privateXml = new PrivateXmlTable(dialect);
        this.blockList = new BlockListTable(dialect);
        this.pep = new PepTables(dialect);
    }

    /**
     * Connects, brings the schema up to date and starts the storage threads.
     *
     * @param stateDir where the default H2 database lives ({@code <stateDir>/db})
     * @throws StorageException naming the database and the cause when it cannot start
     */
    public static JdbcUserDataRepository open(StorageConfig config, Path stateDir) {
        StorageDatabase.Opened db = StorageDatabase.open(config, stateDir);
        int threads = config.poolSize();
        return new JdbcUserDataRepository(db.dataSource(), db.dialect(),
                new StorageExecutor("bm-xmpp-storage", threads, threads * QUEUED_PER_THREAD, CLOSE_TIMEOUT_MILLIS));
    }

    // --- Roster ---

    @Override
    public CompletionStage<Roster> roster(String user) {
        return tx.inTransaction(c -> roster.roster(c, user));
    }

    @Override
    public CompletionStage<Long> putRosterItem(String user, RosterItem item) {
        return tx.inTransaction(c -> roster.put(c, user, item));
    }

    @Override
    public CompletionStage<Long> removeRosterItem(String user, String contact) {
        return tx.inTransaction(c -> roster.remove(c, user, contact));
    }

    // --- Offline messages ---

    @Override
    public CompletionStage<Boolean> storeOffline(String user, OfflineMessage message, int maxPerUser, long maxBytesPerUser) {
        return tx.inTransaction(c -> offline.store(c, user, message, maxPerUser, maxBytesPerUser));
    }

    @Override
    public CompletionStage<List<OfflineMessage>> offlineMessages(String user) {
        return tx.inTransaction(c -> offline.messages(c, user));
    }

    @Override
    public CompletionStage<Void> deleteOffline(String user, List<Long> ids) {
        if (ids.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        List<Long> copy = List.copyOf(ids);
        return tx.inTransaction(c -> {
            offline.delete(c, user, copy);
            return null;
        });
    }

    // --- Private XML ---

    @Override
    public CompletionStage<Optional<String>> privateXml(String user, String elementName, String namespace) {
        return tx.inTransaction(c -> privateXml.get(c, user, elementName, namespace));
    }

    @Override
    public CompletionStage<Void> putPrivateXml(String user, String elementName, String namespace, String xml) {
        return tx.inTransaction(c -> {
            privateXml.put(c, user, elementName, namespace, xml);
            return null;
        });
    }

    // --- Blocking ---

    @Override
    public CompletionStage<Set<String>> blockList(String user) {
        return tx.inTransaction(c -> blockList.blockList(c, user));
    }

    @Override
    public CompletionStage<Void> block(String user, Set<String> jids) {
        Set<String> copy = Set.copyOf(jids);
        return tx.inTransaction(c -> {
            blockList.block(c, user, copy);
            return null;
        });
    }

    @Override
    public CompletionStage<Void> unblock(String user, Set<String> jids) {
        Set<String> copy = Set.copyOf(jids);
        return tx.inTransaction(c -> {
            blockList.unblock(c, user, copy);
            return null;
        });
    }

    // --- PEP ---

    @Override
    public CompletionStage<List<String>> pepNodes(String owner) {
        return tx.inTransaction(c -> pep.nodes(c, owner));
    }

    @Override
    public CompletionStage<Optional<PepNodeConfig>> pepNode(String owner, String node) {
        return tx.inTransaction(c -> pep.node(c, owner, node));
    }

    @Override
    public CompletionStage<Void> putPepNode(String owner, String node, PepNodeConfig config) {
        return tx.inTransaction(c -> {
            pep.putNode(c, owner, node, config);
            return null;
        });
    }

    @Override
    public CompletionStage<Void> publishPepItem(String owner, String node, PepItem item, PepNodeConfig configIfNew) {
        return tx.inTransaction(c -> {
            pep.publish(c, owner, node, item, configIfNew);
            return null;
        });
    }

    @Override
    public CompletionStage<List<PepItem>> pepItems(String owner, String node, int max) {
        return tx.inTransaction(c -> pep.items(c, owner, node, max));
    }

    @Override
    public CompletionStage<Boolean> retractPepItem(String owner, String node, String itemId) {
        return tx.inTransaction(c -> pep.retract(c, owner, node, itemId));
    }

    @Override
    public CompletionStage<Boolean> deletePepNode(String owner, String node) {
        return tx.inTransaction(c -> pep.deleteNode(c, owner, node));
    }

    // --- Account lifecycle ---

    @Override
    public CompletionStage<Void> deleteUser(String user) {
        return tx.inTransaction(c -> {
            roster.deleteUser(c, user);
            offline.deleteUser(c, user);
            privateXml.deleteUser(c, user);
            blockList.deleteUser(c, user);
            pep.deleteUser(c, user);
            return null;
        });
    }

    /** Lets queued operations finish (for a while), then closes the connections. */
    @Override
    public void close() {
        executor.close();
        dataSource.close();
    }
}
