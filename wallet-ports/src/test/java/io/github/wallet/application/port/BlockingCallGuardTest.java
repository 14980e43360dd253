package io.github.wallet.application.port;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class BlockingCallGuardTest {

    private static Throwable runOn(Thread.Builder builder) throws InterruptedException {
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        Thread thread = builder.unstarted(() -> {
            try {
                BlockingCallGuard.check("test");
                failure.complete(null);
            } catch (IllegalStateException e) {
                failure.complete(e);
            }
        });
        thread.start();
        thread.join();
        return failure.join();
    }

    @Test
    void eventLoopThreadsOfLettuceAndUndertowAreRefused() throws InterruptedException {
        long before = BlockingCallGuard.refused();
        for (String name : new String[]{"lettuce-nioEventLoop-4-1", "lettuce-epollEventLoop-5-2", "lettuce-eventExecutorLoop-1-3", "XNIO-1 I/O-2"}) {
            assertThat(runOn(Thread.ofPlatform().name(name))).as(name).isInstanceOf(IllegalStateException.class).hasMessageContaining(name);
        }
        assertThat(BlockingCallGuard.refused() - before).isEqualTo(4);
    }

    @Test
    void workersAndVirtualThreadsMayBlock() throws InterruptedException {
        assertThat(runOn(Thread.ofPlatform().name("wallet-shard-0"))).isNull();
        assertThat(runOn(Thread.ofPlatform().name("XNIO-1 task-3"))).isNull();
        assertThat(runOn(Thread.ofVirtual().name("lettuce-nioEventLoop-lookalike"))).isNull();
    }
}
