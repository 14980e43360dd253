package io.github.wallet.adapter.out.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which URL means a cluster, and how its seed nodes are read (no server needed). */
class RedisConnectionsTest {

    @Test
    void onlyTheClusterSchemesMeanACluster() {
        assertThat(RedisConnections.isCluster("redis://127.0.0.1:6379")).isFalse();
        assertThat(RedisConnections.isCluster("rediss://redis:6380")).isFalse();
        assertThat(RedisConnections.isCluster("redis-cluster://127.0.0.1:7000")).isTrue();
        assertThat(RedisConnections.isCluster("rediss-cluster://a:7000,b:7000")).isTrue();
    }

    @Test
    void everySeedGetsTheUrlsCredentialsOptionsAndTheCommandTimeout() {
        List<RedisURI> seeds = RedisConnections.clusterSeeds("redis-cluster://app:secret@10.0.0.1:7000, 10.0.0.2:7001?clientName=wallet",
                Duration.ofMillis(1500));
        assertThat(seeds).extracting(RedisURI::getHost).containsExactly("10.0.0.1", "10.0.0.2");
        assertThat(seeds).extracting(RedisURI::getPort).containsExactly(7000, 7001);
        assertThat(seeds).allSatisfy(seed -> {
            RedisCredentials credentials = seed.getCredentialsProvider().resolveCredentials().block();
            assertThat(credentials.getUsername()).isEqualTo("app");
            assertThat(new String(credentials.getPassword())).isEqualTo("secret");
            assertThat(seed.getClientName()).isEqualTo("wallet");
            assertThat(seed.getTimeout()).isEqualTo(Duration.ofMillis(1500));
            assertThat(seed.isSsl()).isFalse();
        });
        assertThat(RedisConnections.clusterSeeds("rediss-cluster://h:7000", Duration.ofSeconds(2))).singleElement()
                .satisfies(seed -> assertThat(seed.isSsl()).isTrue());
    }

    @Test
    void aClusterUrlWithoutHostsIsRefused() {
        assertThatThrownBy(() -> RedisConnections.clusterSeeds("redis-cluster://", Duration.ofSeconds(2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("redis-cluster://");
    }
}
