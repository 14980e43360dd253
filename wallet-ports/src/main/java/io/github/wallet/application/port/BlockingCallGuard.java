package io.github.wallet.application.port;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Refuses a blocking call (JDBC, a synchronous Redis command) on a thread that must never block:
 * an event loop of Netty (Lettuce's I/O and callback threads) or of XNIO (Undertow's I/O threads).
 * Blocking one stalls every connection it serves (Lettuce: every command on the connection waits
 * for the blocked one's timeout), so it is a programming error, reported at once instead of as a
 * slow, distant symptom. Adapters call {@link #check} at their blocking entry points.
 */
public final class BlockingCallGuard {

    private static final AtomicLong REFUSED = new AtomicLong();

    private BlockingCallGuard() {
    }

    /** @throws IllegalStateException when the current thread is an event loop */
    public static void check(String call) {
        Thread current = Thread.currentThread();
        if (isEventLoop(current)) {
            REFUSED.incrementAndGet();
            throw new IllegalStateException("blocking call '" + call + "' on event-loop thread '" + current.getName()
                    + "': hand it to a worker or virtual thread");
        }
    }

    /** How many blocking calls were refused since the process started (tests assert it stays 0). */
    public static long refused() {
        return REFUSED.get();
    }

    static boolean isEventLoop(Thread thread) {
        if (thread.isVirtual()) {
            return false;
        }
        String name = thread.getName();
        // Netty names its event-loop threads after the group (Lettuce: lettuce-nioEventLoop-…,
        // lettuce-epollEventLoop-…, lettuce-eventExecutorLoop-…); XNIO's I/O threads are "XNIO-n I/O-m".
        return name.contains("EventLoop") || name.contains("eventExecutorLoop") || name.contains(" I/O-");
    }
}
