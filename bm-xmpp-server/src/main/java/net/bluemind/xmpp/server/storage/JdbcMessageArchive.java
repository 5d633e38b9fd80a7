package net.bluemind.xmpp.server.storage;

import java.nio.file.Path;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionStage;

import com.zaxxer.hikari.HikariDataSource;

import net.bluemind.xmpp.server.config.StorageConfig;
import net.bluemind.xmpp.spi.ArchivePage;
import net.bluemind.xmpp.spi.ArchiveQuery;
import net.bluemind.xmpp.spi.ArchiveQueryException;
import net.bluemind.xmpp.spi.ArchiveRejectedException;
import net.bluemind.xmpp.spi.ArchivedMessage;
import net.bluemind.xmpp.spi.MessageArchive;

/**
 * The archive in the storage database (H2 or PostgreSQL): the standalone default. One row per owner
 * of a message ({@code xmpp_archive}, migration V2); full-text search is a case-insensitive match of
 * every word, enough for one server's users, not a ranked search (Elasticsearch's archive does that).
 *
 * <p>It has its own small connection pool and threads, so archive writes and long MAM queries never
 * take the connections that roster and offline operations wait for.
 */
public final class JdbcMessageArchive implements MessageArchive {

    private static final int THREADS = 4;
    private static final String COLUMNS = "owner_jid, stanza_id, ts, with_jid, with_resource, from_jid, from_resource, to_jid,"
            + " to_resource, origin_id, msg_type, thread, body, stanza";

    private final HikariDataSource dataSource;
    private final StorageExecutor executor;
    private final TransactionRunner tx;
    private final String insert;
    private final String description;

    private JdbcMessageArchive(HikariDataSource dataSource, SqlDialect dialect, StorageExecutor executor, String description) {
        this.dataSource = dataSource;
        this.executor = executor;
        // Archive writes are upserts by stanza id, replayed from the spool when they fail: no need to wait for a lost commit.
        this.tx = new TransactionRunner(dataSource, dialect, executor, false);
        this.insert = dialect.upsert("xmpp_archive", List.of("owner_jid", "stanza_id"), List.of("ts", "with_jid", "with_resource",
                "from_jid", "from_resource", "to_jid", "to_resource", "origin_id", "msg_type", "thread", "body", "body_lower", "stanza"));
        this.description = description;
    }

    /** Opens the archive in the database the storage configuration names (migrating it if needed). */
    public static JdbcMessageArchive open(StorageConfig storage, Path stateDir) {
        StorageConfig own = new StorageConfig(storage.type(), storage.url(), storage.username(), storage.password(), THREADS,
                storage.maxOfflinePerUser());
        StorageDatabase.Opened db = StorageDatabase.open(own, stateDir);
        String where = storage.url() == null ? storage.type() + " under " + stateDir.resolve("db") : storage.type() + " at "
                + storage.redactedUrl();
        return new JdbcMessageArchive(db.dataSource(), db.dialect(),
                new StorageExecutor("bm-xmpp-archive-db", THREADS, 1000, 10_000), where);
    }

    @Override
    public CompletionStage<Void> store(List<ArchivedMessage> batch) {
        return tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(insert)) {
                for (ArchivedMessage m : batch) {
                    for (String owner : m.owners()) {
                        int i = 1;
                        ps.setString(i++, owner);
                        ps.setString(i++, m.stanzaId());
                        ps.setLong(i++, m.timestamp());
                        ps.setString(i++, m.with(owner));
                        ps.setString(i++, m.withResource(owner));
                        ps.setString(i++, m.from());
                        ps.setString(i++, m.fromResource());
                        ps.setString(i++, m.to());
                        ps.setString(i++, m.toResource());
                        ps.setString(i++, m.originId());
                        ps.setString(i++, m.type());
                        ps.setString(i++, m.thread());
                        ps.setString(i++, m.body());
                        ps.setString(i++, m.body() == null ? null : m.body().toLowerCase(Locale.ROOT));
                        ps.setString(i, m.stanza());
                        ps.addBatch();
                    }
                }
                execute(ps, batch);
            }
            return null;
        });
    }

    /**
     * A value the database refuses fails the batch with {@link ArchiveRejectedException} (the transaction
     * is rolled back: nothing of the batch is stored, and for a batch of several messages which one was
     * refused is not known); any other error is an outage. Either way the failure is said without the
     * statement: PgJDBC names a refused batch entry by its statement with the parameters written in, message
     * bodies that must not reach the log (the database's row details are off as well: {@code
     * logServerErrorDetail}, see {@link StorageDatabase}).
     */
    private static void execute(PreparedStatement ps, List<ArchivedMessage> batch) throws SQLException {
        try {
            ps.executeBatch();
        } catch (SQLException e) {
            SQLException refusal = SqlRejection.find(e);
            if (refusal != null) {
                String reason = SqlRejection.describe(refusal);
                throw batch.size() == 1 ? ArchiveRejectedException.named(List.of(batch.get(0).stanzaId()), reason)
                        : ArchiveRejectedException.unidentified(reason);
            }
            if (!(e instanceof BatchUpdateException)) {
                throw e;
            }
            SQLException cause = e.getNextException();
            throw new SQLException("writing " + batch.size() + " messages failed: " + (cause == null ? "state " + e.getSQLState()
                    : cause.getMessage()), e.getSQLState(), cause);
        }
    }

    @Override
    public CompletionStage<ArchivePage> query(ArchiveQuery q) {
        return tx.inTransaction(c -> {
            Filter filter = filter(c, q);
            long count = count(c, filter);
            Filter paged = new Filter(filter);
            if (q.rsmAfter() != null) {
                paged.add("ts > ?", timestampOf(c, q.owner(), q.rsmAfter()));
            }
            if (q.rsmBefore() != null && !q.rsmBefore().isEmpty()) {
                paged.add("ts < ?", timestampOf(c, q.owner(), q.rsmBefore()));
            }
            if (q.max() == 0) {
                return new ArchivePage(List.of(), count, false, -1);
            }
            List<ArchivedMessage> rows = select(c, paged, filter.order, q.backwards(), q.max() + 1);
            boolean complete = rows.size() <= q.max();
            if (!complete) {
                rows = rows.subList(0, q.max());
            }
            List<ArchivedMessage> page = new ArrayList<>(rows);
            if (q.backwards()) {
                Collections.reverse(page);
            }
            long firstIndex = -1;
            if (!page.isEmpty() && !q.backwards() && q.rsmAfter() == null) {
                firstIndex = 0; // the first page
            } else if (!page.isEmpty() && "".equals(q.rsmBefore())) {
                firstIndex = count - page.size(); // the last page
            } else if (!page.isEmpty()) {
                Filter before = new Filter(filter);
                before.add("ts < ?", page.get(0).timestamp());
                firstIndex = count(c, before);
            }
            return new ArchivePage(page, count, complete, firstIndex);
        });
    }

    /** The query's filters (everything but the RSM position); resolves the ids it names. */
    private static Filter filter(Connection c, ArchiveQuery q) throws SQLException {
        Filter f = new Filter();
        f.add("owner_jid = ?", q.owner());
        if (q.with() != null) {
            String with = q.with();
            int slash = with.indexOf('/');
            if (with.indexOf('@') < 0 && slash < 0) {
                f.add("with_jid LIKE ? ESCAPE '!'", "%@" + likeLiteral(with));
            } else if (slash >= 0) {
                f.add("with_jid = ?", with.substring(0, slash));
                f.add("with_resource = ?", with.substring(slash + 1));
            } else {
                f.add("with_jid = ?", with);
                // the (owner_jid, with_jid, ts) index gives the rows in this order: no sort
                f.order = List.of("owner_jid", "with_jid", "ts");
            }
        }
        if (q.start() != null) {
            f.add("ts >= ?", q.start());
        }
        if (q.end() != null) {
            f.add("ts <= ?", q.end());
        }
        if (q.afterId() != null) {
            f.add("ts > ?", timestampOf(c, q.owner(), q.afterId()));
        }
        if (q.beforeId() != null) {
            f.add("ts < ?", timestampOf(c, q.owner(), q.beforeId()));
        }
        if (!q.ids().isEmpty()) {
            f.add("stanza_id IN (" + String.join(", ", Collections.nCopies(q.ids().size(), "?")) + ")", q.ids().toArray());
        }
        if (q.fullText() != null) {
            for (String word : q.fullText().toLowerCase(Locale.ROOT).split("\\s+")) {
                if (!word.isEmpty()) {
                    f.add("body_lower LIKE ? ESCAPE '!'", "%" + likeLiteral(word) + "%");
                }
            }
        }
        return f;
    }

    private static String likeLiteral(String s) {
        return s.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    private static long timestampOf(Connection c, String owner, String stanzaId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT ts FROM xmpp_archive WHERE owner_jid = ? AND stanza_id = ?")) {
            ps.setString(1, owner);
            ps.setString(2, stanzaId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new ArchiveQueryException(ArchiveQueryException.Reason.ITEM_NOT_FOUND,
                            "no message '" + stanzaId + "' in the archive of " + owner);
                }
                return rs.getLong(1);
            }
        }
    }

    private static long count(Connection c, Filter f) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM xmpp_archive WHERE " + f.where())) {
            f.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * The page's rows. The order names the index's columns up to ts (equal for every row but ts), so
     * that H2 reads the index in order and stops at the limit instead of sorting every matching row.
     */
    private static List<ArchivedMessage> select(Connection c, Filter f, List<String> order, boolean newestFirst, int limit)
            throws SQLException {
        String direction = newestFirst ? " DESC" : " ASC";
        String sql = "SELECT " + COLUMNS + " FROM xmpp_archive WHERE " + f.where() + " ORDER BY "
                + String.join(direction + ", ", order) + direction + " LIMIT " + limit;
        List<ArchivedMessage> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            f.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ArchivedMessage(List.of(rs.getString("owner_jid")), rs.getString("from_jid"),
                            rs.getString("from_resource"), rs.getString("to_jid"), rs.getString("to_resource"),
                            rs.getString("stanza_id"), rs.getString("origin_id"), rs.getString("msg_type"),
                            rs.getString("thread"), rs.getString("body"), rs.getLong("ts"), rs.getString("stanza")));
                }
            }
        }
        return out;
    }

    @Override
    public CompletionStage<Long> purgeBefore(long epochMillis) {
        return tx.inTransaction(c -> {
            // A message is one row per owner: the count is of messages, as the SPI has them.
            long messages;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(DISTINCT stanza_id) FROM xmpp_archive WHERE ts < ?")) {
                ps.setLong(1, epochMillis * 1000);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    messages = rs.getLong(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM xmpp_archive WHERE ts < ?")) {
                ps.setLong(1, epochMillis * 1000);
                ps.executeUpdate();
            }
            return messages;
        });
    }

    @Override
    public CompletionStage<Void> deleteOwner(String owner) {
        return tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM xmpp_archive WHERE owner_jid = ?")) {
                ps.setString(1, owner);
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        executor.close();
        dataSource.close();
    }

    /** A conjunction of conditions with their parameters, in order. */
    private static final class Filter {
        private final List<String> conditions;
        private final List<Object> parameters;
        /** The ORDER BY columns matching the index the conditions select. */
        List<String> order = List.of("owner_jid", "ts");

        Filter() {
            conditions = new ArrayList<>();
            parameters = new ArrayList<>();
        }

        Filter(Filter base) {
            conditions = new ArrayList<>(base.conditions);
            parameters = new ArrayList<>(base.parameters);
            order = base.order;
        }

        void add(String condition, Object... values) {
            conditions.add(condition);
            Collections.addAll(parameters, values);
        }

        String where() {
            return String.join(" AND ", conditions);
        }

        void bind(PreparedStatement ps) throws SQLException {
            for (int i = 0; i < parameters.size(); i++) {
                ps.setObject(i + 1, parameters.get(i));
            }
        }
    }
}
