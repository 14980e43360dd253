package io.github.wallet.adapter.out.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.wallet.application.inprocess.InProcessOutcomeBus;
import io.github.wallet.application.port.out.OperationQueue;
import io.github.wallet.application.port.out.QueuedOperation;
import io.github.wallet.application.testing.Operations;
import io.github.wallet.domain.wallet.WalletId;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A stream entry this build cannot read (one from a newer build during a rolling upgrade, or one
 * added by hand) stops its shard there, in order: what came before it is applied, nothing after it
 * until the entry is readable or removed. It once made the worker drop the batch it was in and go
 * on with later entries, the dropped ones applied late, out of order, after a takeover.
 */
class UnreadableEntryTest {

    private static final Duration WAIT = Duration.ofMillis(50);

    /** Takes until a batch comes, or the take fails (null). */
    private static OperationQueue.Batch nextBatch(OperationQueue queue) {
        List<OperationQueue.Batch> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            try {
                OperationQueue.Batch batch = queue.take(0, 100, WAIT);
                if (batch.isEmpty()) {
                    return false;
                }
                found.add(batch);
            } catch (RuntimeException unreadable) {
                found.add(null);
            }
            return true;
        });
        return found.getFirst();
    }

    @Test
    void anEntryThisBuildCannotReadStopsItsShardInOrder() {
        try (TestRedis redis = TestRedis.forClass(UnreadableEntryTest.class);
             RedisAdapter adapter = RedisAdapter.start(redis.settings("reader", 1, Duration.ofSeconds(2)), new InProcessOutcomeBus(), null)) {
            OperationQueue queue = adapter.queue();
            WalletId wallet = new WalletId(UUID.randomUUID());
            QueuedOperation before = Operations.deposit(wallet, 1);
            QueuedOperation after = Operations.deposit(wallet, 2);
            RedisKeys keys = new RedisKeys(redis.prefix());
            RedisClient client = RedisClient.create(redis.url());
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                connection.sync().xadd(keys.stream(0), MessageCodec.encode(before));
                String unreadable = connection.sync().xadd(keys.stream(0), Map.of(MessageCodec.ENTRY_FIELD, "type=FROM_A_NEWER_BUILD&id=x"));
                connection.sync().xadd(keys.stream(0), MessageCodec.encode(after));

                OperationQueue.Batch first = nextBatch(queue);
                assertThat(first).isNotNull();
                assertThat(first.operations()).containsExactly(before);
                queue.acknowledge(first);
                for (int i = 0; i < 3; i++) {
                    // However often the worker tries, nothing after the unreadable entry comes.
                    OperationQueue.Batch stuck = nextBatch(queue);
                    assertThat(stuck == null ? List.of() : stuck.operations()).as("try %d", i).doesNotContain(after);
                }

                connection.sync().xdel(keys.stream(0), unreadable);   // what the log tells an operator to do
                OperationQueue.Batch rest = nextBatch(queue);
                assertThat(rest).isNotNull();
                assertThat(rest.operations()).containsExactly(after);
            } finally {
                client.shutdown();
            }
        }
    }
}
