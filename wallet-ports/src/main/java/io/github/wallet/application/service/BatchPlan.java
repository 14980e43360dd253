package io.github.wallet.application.service;

import io.github.wallet.application.port.Settlement;
import io.github.wallet.application.port.out.BatchWrites;
import java.util.List;
import java.util.Objects;

/**
 * What the planner decided for one batch: each queued operation's settlement, in batch order, and
 * what the store must write for the operations decided now.
 */
public record BatchPlan(List<Settlement> settlements, BatchWrites writes) {
    public BatchPlan {
        settlements = List.copyOf(settlements);
        Objects.requireNonNull(writes, "'writes' must not be null");
    }
}
