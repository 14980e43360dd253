package io.github.wallet.adapter.out.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The feed's end (FeedState) against a model of writers: each takes a transaction id, then seqs,
 * and commits or rolls back later, in any order. Whatever the interleaving, the end never passes a
 * seq whose transaction is still running (a reader past it could miss that event), it never goes
 * back, and once every writer is over it reaches the last seq.
 */
class FeedStateTest {

    @Test
    void nothingRunningMovesTheEndAtOnce() {
        FeedState state = new FeedState(5, null, List.of()).next(9, List.of());
        assertThat(state).isEqualTo(new FeedState(9, null, List.of()));
    }

    @Test
    void aRunningTransactionHoldsTheEndUntilItIsOver() {
        FeedState state = new FeedState(5, null, List.of()).next(9, List.of("100"));
        assertThat(state).isEqualTo(new FeedState(5, 9L, List.of("100")));
        assertThat(state.next(12, List.of("100", "101"))).as("still running").isEqualTo(state);
        FeedState after = state.next(12, List.of("101"));
        assertThat(after).as("9 is safe now; 12 waits for 101").isEqualTo(new FeedState(9, 12L, List.of("101")));
        assertThat(after.next(12, List.of())).isEqualTo(new FeedState(12, null, List.of()));
    }

    @Test
    void underRandomWritersTheEndNeverPassesASeqStillInFlight() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int round = 0; round < 300; round++) {
            FeedState state = new FeedState(0, null, List.of());
            long lastSeq = 0;
            int nextXid = 1;
            Map<String, List<Long>> running = new HashMap<>();
            Set<Long> inFlight = new HashSet<>();
            for (int step = 0; step < 200; step++) {
                switch (random.nextInt(4)) {
                    case 0 -> running.put(String.valueOf(nextXid++), new ArrayList<>());  // a writer takes its id
                    case 1 -> {  // a running writer takes a seq
                        if (!running.isEmpty()) {
                            List<String> xids = new ArrayList<>(running.keySet());
                            running.get(xids.get(random.nextInt(xids.size()))).add(++lastSeq);
                            inFlight.add(lastSeq);
                        }
                    }
                    case 2 -> {  // a writer ends (commit or rollback: either way its seqs are final)
                        if (!running.isEmpty()) {
                            List<String> xids = new ArrayList<>(running.keySet());
                            inFlight.removeAll(running.remove(xids.get(random.nextInt(xids.size()))));
                        }
                    }
                    default -> {  // a sequencer run
                        FeedState next = state.next(lastSeq, List.copyOf(running.keySet()));
                        assertThat(next.published()).as("seed " + seed + ": never back").isGreaterThanOrEqualTo(state.published());
                        long end = next.published();
                        assertThat(inFlight).as("seed " + seed + ": in flight at or below the end " + end).allMatch(seq -> seq > end);
                        state = next;
                    }
                }
            }
            running.values().forEach(inFlight::removeAll);
            running.clear();
            state = state.next(lastSeq, List.of()).next(lastSeq, List.of());
            assertThat(state.published()).as("seed " + seed + ": all over, the end is the last seq").isEqualTo(lastSeq);
        }
    }
}
