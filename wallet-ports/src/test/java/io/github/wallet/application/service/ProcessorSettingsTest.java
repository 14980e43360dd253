package io.github.wallet.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Settings an embedder passes to {@link WalletCore.Builder#processorSettings} are refused at once when
 * the worker could not run on them, instead of failing later in a way that names nothing: a Redis
 * XREADGROUP blocks in whole milliseconds and BLOCK 0 means "for ever", so a poll wait under a
 * millisecond would leave a worker (and its shutdown) waiting until an entry comes.
 */
class ProcessorSettingsTest {

    private static final Duration MS_20 = Duration.ofMillis(20);
    private static final Duration S_2 = Duration.ofSeconds(2);

    @Test
    void defaultsAreValid() {
        ProcessorSettings defaults = ProcessorSettings.defaults();

        assertThat(defaults.pollWait()).isEqualTo(Duration.ofMillis(100));
        assertThat(defaults.withBatchSizeMax(1).batchSizeMax()).isEqualTo(1);
    }

    @Test
    void aPollWaitUnderOneMillisecondIsRefused() {
        assertThatThrownBy(() -> new ProcessorSettings(8, Duration.ofNanos(999_999), MS_20, S_2, S_2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'pollWait'").hasMessageContaining("1 ms");
        assertThatThrownBy(() -> new ProcessorSettings(8, Duration.ZERO, MS_20, S_2, S_2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'pollWait'");
        assertThatThrownBy(() -> new ProcessorSettings(8, Duration.ofMillis(-5), MS_20, S_2, S_2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'pollWait'");
        assertThat(new ProcessorSettings(8, Duration.ofMillis(1), MS_20, S_2, S_2).pollWait()).isEqualTo(Duration.ofMillis(1));
    }

    @Test
    void retryDelaysMustBePositiveAndOrdered() {
        assertThatThrownBy(() -> new ProcessorSettings(8, MS_20, Duration.ZERO, S_2, S_2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'retryDelayMin'");
        assertThatThrownBy(() -> new ProcessorSettings(8, MS_20, Duration.ofSeconds(3), S_2, S_2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'retryDelayMax'");
        assertThat(new ProcessorSettings(8, MS_20, S_2, S_2, S_2).retryDelayMax()).isEqualTo(S_2);
    }

    @Test
    void aNegativeDrainWaitIsRefusedAndZeroIsAllowed() {
        assertThatThrownBy(() -> new ProcessorSettings(8, MS_20, MS_20, S_2, Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'drainWait'");
        assertThat(new ProcessorSettings(8, MS_20, MS_20, S_2, Duration.ZERO).drainWait()).isZero();
    }
}
