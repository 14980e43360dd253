package io.github.wallet.adapter.out.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wallet.application.inprocess.InProcessOutcomeBus;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Every instance on one Redis (one prefix) must split wallets into the same number of shards: an
 * instance with another count sends a wallet's operations to another stream, where a second
 * consumer applies them beside the first (per-wallet order gone), or to a stream nobody reads.
 * The first instance records its count; one with another count does not start.
 */
class ShardCountAgreementTest {

    @Test
    void anInstanceWithAnotherShardCountThanTheOthersDoesNotStart() {
        try (TestRedis redis = TestRedis.forClass(ShardCountAgreementTest.class);
             RedisAdapter first = RedisAdapter.start(redis.settings("first", 4, Duration.ofSeconds(2)), new InProcessOutcomeBus(), null);
             RedisAdapter same = RedisAdapter.start(redis.settings("same", 4, Duration.ofSeconds(2)), new InProcessOutcomeBus(), null)) {
            assertThat(same.queue().shardCount()).isEqualTo(first.queue().shardCount());
            assertThatThrownBy(() -> RedisAdapter.start(redis.settings("other", 6, Duration.ofSeconds(2)), new InProcessOutcomeBus(), null).close())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("WALLET_QUEUE_SHARDS")
                    .hasMessageContaining("6")
                    .hasMessageContaining("4");
        }
    }
}
