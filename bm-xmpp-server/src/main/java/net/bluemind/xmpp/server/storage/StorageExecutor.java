package net.bluemind.xmpp.server.storage;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads that wait on the database: a fixed pool with a bounded queue. A caller is never
 * blocked: when the queue is full, or after {@link #close}, the returned stage fails with a
 * {@link RejectedExecutionException}, which the engine turns into a {@code wait} error.
 *
 * <p>Stages complete on a storage thread; callers continue on their own executor.
 */
final class StorageExecutor implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(StorageExecutor.class);

    private final ThreadPoolExecutor pool;
    private final int queueCapacity;
    private final long closeTimeoutMillis;

    StorageExecutor(String name, int threads, int queueCapacity, long closeTimeoutMillis) {
        this.queueCapacity = queueCapacity;
        this.closeTimeoutMillis = closeTimeoutMillis;
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queueCapacity), threadFactory(name), new ThreadPoolExecutor.AbortPolicy());
    }

    <T> CompletionStage<T> submit(Callable<T> work) {
        Task<T> task = new Task<>(work);
        try {
            pool.execute(task);
        } catch (RejectedExecutionException e) {
            task.fail(new RejectedExecutionException(pool.isShutdown() ? "storage is closed"
                    : "storage queue is full (" + queueCapacity + " operations waiting)"));
        }
        return task.result;
    }

    /**
     * Refuses new work and lets queued work (writes a client may be waiting to see acknowledged)
     * finish for a while; what is still queued after that fails, so every stage completes.
     */
    @Override
    public void close() {
        pool.shutdown();
        try {
            if (pool.awaitTermination(closeTimeoutMillis, TimeUnit.MILLISECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Runnable> abandoned = pool.shutdownNow();
        logger.warn("storage closed with {} operations still queued; they failed", abandoned.size());
        for (Runnable r : abandoned) {
            ((Task<?>) r).fail(new RejectedExecutionException("storage closed before the operation ran"));
        }
    }

    private static ThreadFactory threadFactory(String name) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + count.incrementAndGet());
            // close() drains the queue; daemon threads only spare the JVM from hanging when it is not called.
            t.setDaemon(true);
            return t;
        };
    }

    private static final class Task<T> implements Runnable {
        final CompletableFuture<T> result = new CompletableFuture<>();
        private final Callable<T> work;

        Task(Callable<T> work) {
            this.work = work;
        }

        @Override
        public void run() {
            try {
                result.complete(work.call());
            } catch (Throwable t) { // every stage completes, whatever went wrong
                result.completeExceptionally(t);
            }
        }

        void fail(Exception e) {
            result.completeExceptionally(e);
        }
    }
}
