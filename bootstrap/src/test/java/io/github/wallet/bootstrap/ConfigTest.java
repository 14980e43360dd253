package io.github.wallet.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The queue's shard count: what each queue defaults to, and that a set value wins; a bad value stops the start, naming its variable. */
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

    /** A value the server cannot use is refused by name at once, never read as some default (a migrate silently off, no log at all). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "WALLET_DB_MIGRATE | yes | true or false",
            "WALLET_DB_MIGRATE | 1 | true or false",
            "WALLET_WEBHOOK_ALLOW_PRIVATE | on | true or false",
            "WALLET_QUEUE | kafka | one of inprocess, redis",
            "WALLET_LOG_FORMAT | JSON | one of text, json",
            "WALLET_LOG_LEVEL | verbose | one of TRACE, DEBUG, INFO, WARN, ERROR, OFF",
            "WALLET_DEFAULT_CURRENCY | usd | three capital letters",
            "WALLET_HTTP_PORT | abc | a whole number",
            "WALLET_INSTANCE_ID | 'a|b' | without '|'"})
    void aValueTheServerCannotUseIsRefusedByName(String variable, String value, String expected) {
        assertThatThrownBy(() -> config(Map.of(variable, value)))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith(variable + " must be")
                .hasMessageContaining(expected)
                .hasMessageContaining(value);
    }

    @Test
    void booleansAndChoicesTakeAnyCase() {
        assertThat(config(Map.of("WALLET_DB_MIGRATE", "FALSE")).dbMigrate()).isFalse();
        assertThat(config(Map.of("WALLET_WEBHOOK_ALLOW_PRIVATE", "True")).webhookAllowPrivate()).isTrue();
        assertThat(config(Map.of("WALLET_QUEUE", "InProcess")).queue()).isEqualTo(Config.QueueKind.INPROCESS);
        assertThat(config(Map.of("WALLET_LOG_LEVEL", "debug")).queue()).isEqualTo(Config.QueueKind.INPROCESS);
    }

    @Test
    void aMalformedApiKeyListIsRefusedByNameWithoutTheKey() {
        assertThatThrownBy(() -> config(Map.of("WALLET_API_KEYS", "s3cret-without-scope")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("WALLET_API_KEYS")
                .hasMessageNotContaining("s3cret");
    }
}
