package net.bluemind.xmpp.faults.kit;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * A PostgreSQL cluster of the test's own (Debian's PostgreSQL 15 binaries, run as user postgres): its data and
 * socket folders under /tmp, a free loopback port, trust authentication. The test may stop and start it at will
 * without touching the shared server on 5432. {@link #close()} stops it and deletes its files; a JVM shutdown
 * hook does the same if the test never gets there.
 */
public final class PrivatePostgres extends PrivateService {

    private static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
    private static final String USER = "postgres";
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private final int port;

    private PrivatePostgres(Path dir, int port) {
        super(dir);
        this.port = port;
    }

    /** initdb, then start; installs postgresql-15 first if its binaries are missing. */
    public static PrivatePostgres start() {
        DebianPackages.require(BIN.resolve("pg_ctl"), "postgresql-15");
        PrivatePostgres pg = new PrivatePostgres(Commands.folderOwnedBy("bm-xmpp-faults-pg-", USER), Commands.freePort());
        try {
            pg.tool("initdb", "-D", pg.data().toString(), "--auth=trust", "--username=" + USER, "-E", "UTF8", "--locale=C.UTF-8");
            pg.startAgain();
            return pg;
        } catch (RuntimeException | AssertionError e) {
            pg.close();
            throw e;
        }
    }

    /** Starts the stopped cluster (same data, same port) and returns once it accepts connections. */
    public void startAgain() {
        tool("pg_ctl", "-D", data().toString(), "-l", dir.resolve("postgresql.log").toString(), "-w", "-t", "60", "-o",
                "-c listen_addresses=127.0.0.1 -p " + port + " -k " + dir + " -c max_connections=50", "start");
        running(true);
    }

    /** A fast shutdown ({@code pg_ctl stop -m fast}): sessions are ended, the server exits; returns once it has. */
    public void stop() {
        tool("pg_ctl", "-D", data().toString(), "-m", "fast", "-w", "-t", "60", "stop");
        running(false);
    }

    public int port() {
        return port;
    }

    /** The JDBC URL of {@code database} on this cluster. */
    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(url(database), USER, null);
    }

    /** Creates an empty database and returns its name. */
    public String createDatabase(String name) throws SQLException {
        try (Connection c = connect("postgres"); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        return name;
    }

    /** The server's own log, for a failure message. */
    public Path log() {
        return dir.resolve("postgresql.log");
    }

    private Path data() {
        return dir.resolve("data");
    }

    private void tool(String name, String... args) {
        String[] command = new String[args.length + 1];
        command[0] = BIN.resolve(name).toString();
        System.arraycopy(args, 0, command, 1, args.length);
        Commands.run(Commands.as(USER, command), Commands.baseEnvironment("/var/lib/postgresql"), dir, DEADLINE);
    }

    /** An immediate shutdown (no checkpoint), or a kill if pg_ctl cannot. */
    @Override
    protected void stopNow() {
        try {
            tool("pg_ctl", "-D", data().toString(), "-m", "immediate", "-w", "-t", "30", "stop");
        } catch (AssertionError e) {
            Commands.killTree(Commands.pidIn(data().resolve("postmaster.pid")));
        }
    }

    @Override
    public String toString() {
        return "private PostgreSQL on 127.0.0.1:" + port + " (" + dir + ")";
    }

}
