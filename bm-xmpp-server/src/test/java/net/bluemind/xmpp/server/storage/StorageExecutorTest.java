package net.bluemind.xmpp.server.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class StorageExecutorTest {

    private static Throwable failure(CompletionStage<?> stage) {
        CompletableFuture<?> f = stage.toCompletableFuture();
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
        return e.getCause();
    }

    @Test
    void failsInsteadOfBlockingWhenTheQueueIsFull() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (StorageExecutor executor = new StorageExecutor("test", 1, 1, 5_000)) {
            CompletionStage<String> running = executor.submit(() -> {
                release.await();
                return "ran";
            });
            CompletionStage<String> queued = executor.submit(() -> "queued");
            Throwable refused = failure(executor.submit(() -> "refused"));
            assertInstanceOf(RejectedExecutionException.class, refused);
            assertTrue(refused.getMessage().contains("queue is full"), refused.getMessage());
            release.countDown();
            assertEquals("ran", running.toCompletableFuture().get(10, TimeUnit.SECONDS));
            assertEquals("queued", queued.toCompletableFuture().get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void completesWithTheWorksException() {
        try (StorageExecutor executor = new StorageExecutor("test", 1, 1, 5_000)) {
            assertInstanceOf(IllegalStateException.class, failure(executor.submit(() -> {
                throw new IllegalStateException("boom");
            })));
        }
    }

    @Test
    void letsQueuedWorkFinishWhenClosing() throws Exception {
        CompletionStage<String> queued;
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (StorageExecutor executor = new StorageExecutor("test", 1, 10, 5_000)) {
            executor.submit(() -> {
                started.countDown();
                release.await();
                return "slow";
            });
            queued = executor.submit(() -> "queued");
            // The slow work is released from another thread, typically while close() is already waiting.
            Thread releaser = new Thread(() -> {
                try {
                    started.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                release.countDown();
            });
            releaser.start();
        }
        assertEquals("queued", queued.toCompletableFuture().getNow("not run"));
    }

    @Test
    void failsWhatCloseCouldNotWaitFor() {
        CountDownLatch never = new CountDownLatch(1);
        StorageExecutor executor = new StorageExecutor("test", 1, 10, 100);
        CompletionStage<Object> stuck = executor.submit(() -> {
            never.await();
            return null;
        });
        CompletionStage<String> queued = executor.submit(() -> "queued");
        executor.close();
        assertInstanceOf(InterruptedException.class, failure(stuck));
        assertInstanceOf(RejectedExecutionException.class, failure(queued));
        assertInstanceOf(RejectedExecutionException.class, failure(executor.submit(() -> "late")));
    }
}
