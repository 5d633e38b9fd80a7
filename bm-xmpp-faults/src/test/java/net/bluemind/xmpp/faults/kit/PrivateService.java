package net.bluemind.xmpp.faults.kit;

import java.nio.file.Path;

/**
 * A service of a test's own (a database, a broker): its files in a folder of its own, and a cleanup that runs
 * whatever happens: {@link #close()} stops it at once and deletes the folder, and a JVM shutdown hook does the
 * same if the test never gets there (a failure in its set-up, an interrupted run).
 */
public abstract class PrivateService implements AutoCloseable {

    protected final Path dir;
    private final Thread cleanup;
    private volatile boolean running;

    protected PrivateService(Path dir) {
        this.dir = dir;
        this.cleanup = new Thread(this::stopNowAndDelete, getClass().getSimpleName() + "-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
    }

    /** Says it runs (after a start) or not (after a clean stop): only a running service is stopped by the cleanup. */
    protected final void running(boolean now) {
        running = now;
    }

    /** Stops it at once, however it can (killing it if it has to): the test is over or failed. */
    protected abstract void stopNow();

    private void stopNowAndDelete() {
        if (running) {
            stopNow();
            running = false;
        }
        Commands.deleteTree(dir);
    }

    @Override
    public void close() {
        stopNowAndDelete();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook is running or has run
        }
    }
}
