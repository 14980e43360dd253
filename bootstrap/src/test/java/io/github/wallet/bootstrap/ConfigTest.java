package io.github.wallet.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The queue's shard count: what each queue defaults to, and that a set value wins. */
class ConfigTest {

    private static Config config(Map<String, String> env) {
        return Config.from(env, new Properties());
    }

    @Test
    void theInProcessQueueHasOneShardPerTwoCoresUpToFour() {
        int cores = Runtime.getRuntime().availableProcessors();
        int expected = Math.max(1, Math.min(4, cores / 2));
        assertThat(config(Map.of()).queueShards()).as("%d cores", cores).isEqualTo(expected);
        assertThat(config(Map.of("WALLET_QUEUE_SHARDS", "3")).queueShards()).isEqualTo(3);
    }

    @Test
    void redisKeepsFourShardsWhateverTheMachineSinceEveryInstanceMustAgree() {
        assertThat(config(Map.of("WALLET_REDIS_URL", "redis://127.0.0.1:6379")).queueShards()).isEqualTo(4);
        assertThat(config(Map.of("WALLET_REDIS_URL", "redis://127.0.0.1:6379", "WALLET_QUEUE_SHARDS", "6")).queueShards()).isEqualTo(6);
    }
}
