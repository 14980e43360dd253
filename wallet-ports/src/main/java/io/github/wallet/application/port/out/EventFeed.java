package io.github.wallet.application.port.out;

import io.github.wallet.application.port.FeedEvent;
import io.github.wallet.domain.wallet.WalletId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The event feed's store: events are written with their batch (see {@link BatchWrites#events()})
 * and reach readers only once {@link #sequence} has moved the feed's end past them, which it does
 * only when nothing below that end can still commit. So an event that commits late (a slow shard)
 * is never found below a position a reader has already passed: a reader following positions never
 * skips an event.
 *
 * <p>Every method may throw {@link io.github.wallet.application.port.DependencyUnavailableException}.
 */
public interface EventFeed {

    /** Moves the feed's end on over the events now safe to read (committed, and nothing below them still in flight); how far (0: not at all). */
    long sequence();

    /** Up to {@code limit} events after {@code position} up to the feed's end, in feed order; only those naming {@code walletId} if given. */
    List<FeedEvent> read(long position, int limit, Optional<WalletId> walletId);

    /** The feed's end: the position every reader may read up to (0 when none). */
    long end();

    /** How long the oldest event beyond the feed's end has waited (zero when none waits): the feed's lag. */
    Duration lag(Instant now);

}
