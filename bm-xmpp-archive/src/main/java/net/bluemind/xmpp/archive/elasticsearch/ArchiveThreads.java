package net.bluemind.xmpp.archive.elasticsearch;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The archive's own two threads. The client completes its futures on the HTTP client's I/O reactor
 * thread; whatever the engine chains on a stage we return must not run there (it would stall every
 * other request), so each result is handed over to these threads first.
 */
final class ArchiveThreads implements AutoCloseable {

    private final ExecutorService executor = Executors.newFixedThreadPool(2, new Named());

    /** The same outcome, delivered on our threads, with the cause unwrapped from CompletionException. */
    <T> CompletionStage<T> deliver(CompletableFuture<T> work) {
        CompletableFuture<T> delivered = new CompletableFuture<>();
        work.whenComplete((value, failure) -> {
            Runnable hand = () -> {
                if (failure == null) {
                    delivered.complete(value);
                } else {
                    delivered.completeExceptionally(unwrap(failure));
                }
            };
            try {
                executor.execute(hand);
            } catch (RejectedExecutionException closed) {
                hand.run();
            }
        });
        return delivered;
    }

    static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    @Override
    public void close() {
        executor.shutdown();
    }

    private static final class Named implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "archive-es-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }
}
