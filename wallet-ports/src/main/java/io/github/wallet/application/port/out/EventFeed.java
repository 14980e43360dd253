package io.github.wallet.application.port.out;

import io.github.wallet.application.port.FeedEvent;
import io.github.wallet.domain.wallet.WalletId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The event feed's store: events are written with their batch (see {@link BatchWrites#events()})
 * and get their place in the feed only once committed, from {@link #sequence}, which runs alone
 * (one at a time across every instance) and numbers what it sees committed above everything
 * numbered before. So an event that commits late (a slow shard) is placed after what readers have
 * already passed, never before it: a reader following positions never skips an event.
 *
 * <p>Every method may throw {@link io.github.wallet.application.port.DependencyUnavailableException}.
 */
public interface EventFeed {

    /** Places up to {@code max} committed, unplaced events after the last placed one, in the order they were written; how many. */
    int sequence(int max);

    /** Up to {@code limit} placed events after {@code position}, in feed order; only those naming {@code walletId} if given. */
    List<FeedEvent> read(long position, int limit, Optional<WalletId> walletId);

    /** The last position placed so far (0 when none). */
    long end();

    /** How long the oldest committed event has waited for its place (zero when none waits): the feed's lag. */
    Duration lag(Instant now);

    /** Removes placed events that occurred before {@code cutoff}; how many. */
    int purge(Instant cutoff);
}
