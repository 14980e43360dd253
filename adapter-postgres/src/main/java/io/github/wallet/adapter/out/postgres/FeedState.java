package io.github.wallet.adapter.out.postgres;

import java.util.Collections;
import java.util.List;

/**
 * Where the event feed ends, and the next end waiting to be safe (the {@code feed_state} row).
 *
 * <p>An event's position is its operation's seq, taken when the row is written, not when it
 * commits: a transaction can take seq 10, and commit after another took 11 and committed. A reader
 * that passed 11 must never find 10 appear behind it, so readers only read up to {@code published},
 * and every seq up to it is final: committed and visible, or never to be (rolled back).
 *
 * <p>A run of the sequencer reads the last seq taken, then the transactions running. Every
 * transaction that took a seq up to that last one has its id before its seq (see
 * BatchWriteStatement), so it is either over or among those running. That last seq becomes the end
 * once all of them are over: at once when none runs, else at a later run (pending).
 *
 * @param published   every seq up to it is final: the feed's end
 * @param pendingSeq  the next end, once the transactions in {@code pendingXids} are over (null: none waits)
 * @param pendingXids the transactions running when {@code pendingSeq} was read
 */
record FeedState(long published, Long pendingSeq, List<String> pendingXids) {

    FeedState {
        pendingXids = pendingSeq == null ? List.of() : List.copyOf(pendingXids);
    }

    /** After a run that read {@code lastSeq}, then the transactions {@code running} now. */
    FeedState next(long lastSeq, List<String> running) {
        long end = published;
        Long waiting = pendingSeq;
        List<String> waitingFor = pendingXids;
        if (waiting != null && Collections.disjoint(waitingFor, running)) {
            end = Math.max(end, waiting);
            waiting = null;
        }
        if (waiting == null && lastSeq > end) {
            if (running.isEmpty()) {
                end = lastSeq;
            } else {
                waiting = lastSeq;
                waitingFor = running;
            }
        }
        return new FeedState(end, waiting, waiting == null ? List.of() : waitingFor);
    }
}
