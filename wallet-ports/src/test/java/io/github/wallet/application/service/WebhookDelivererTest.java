package io.github.wallet.application.service;

import static io.github.wallet.application.testing.Operations.deposit;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.wallet.application.inprocess.InProcessWebhookStore;
import io.github.wallet.application.port.FeedEvent;
import io.github.wallet.application.port.Webhook;
import io.github.wallet.application.port.WebhookDelivery;
import io.github.wallet.application.port.out.WebhookSender;
import io.github.wallet.application.testing.InMemoryWalletStore;
import io.github.wallet.application.testing.Operations;
import io.github.wallet.application.testing.Wallets;
import io.github.wallet.domain.wallet.WalletId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The deliverer's rules for a receiver that keeps failing (CONTRACT.md §9): an event is retried
 * for the whole give-up time, then marked failed, and only then is the webhook disabled; a sender
 * that throws fails one attempt instead of ending the round. The feed and the webhook store are
 * the in-memory ones; the clock is moved by hand to each attempt's next time.
 */
class WebhookDelivererTest {

    private static final Duration GIVE_UP = Duration.ofHours(1);

    private final InMemoryWalletStore walletStore = new InMemoryWalletStore();
    private final InProcessWebhookStore webhooks = new InProcessWebhookStore();
    private final AtomicReference<Instant> clock = new AtomicReference<>(Instant.now());
    private final List<Instant> attempts = new ArrayList<>();

    /** A receiver that is down: every attempt gets a 503. */
    private final WebhookSender down = new WebhookSender() {
        @Override
        public Optional<String> refusal(String url) {
            return Optional.empty();
        }

        @Override
        public Result send(Webhook webhook, FeedEvent event, long unixSeconds) {
            attempts.add(clock.get());
            return new Result(OptionalInt.of(503), Optional.empty());
        }
    };

    private WebhookDeliverer deliverer(WebhookSender sender, int maxFailures) {
        return new WebhookDeliverer(webhooks, sender, walletStore, clock::get,
                new WebhookSettings(Duration.ofSeconds(1), maxFailures, GIVE_UP, Duration.ofSeconds(10), Duration.ofMillis(200), "this"));
    }

    private UUID webhookWithTwoEvents() {
        WalletId wallet = Wallets.open(walletStore);
        Operations.commit(walletStore, List.of(deposit(wallet, 5), deposit(wallet, 6)));
        walletStore.sequence();
        UUID id = UUID.randomUUID();
        webhooks.create(new Webhook(id, "https://receiver.example/hook", Set.of(), Set.of(), "whsec_test", Webhook.Status.ENABLED,
                clock.get(), 0, 0), java.util.Optional.empty(), "");
        return id;
    }

    private Webhook webhook(UUID id) {
        return webhooks.find(id).orElseThrow();
    }

    @Test
    void aReceiverThatIsDownIsRetriedForTheWholeGiveUpTimeBeforeTheWebhookIsDisabled() {
        UUID id = webhookWithTwoEvents();
        WebhookDeliverer deliverer = deliverer(down, 3);
        Instant firstAttempt = clock.get();
        Optional<Instant> next = Optional.of(firstAttempt);
        while (next.isPresent()) {
            clock.set(next.get());
            assertThat(webhook(id).status()).as("enabled while the first event is still retried (attempt %d)", attempts.size() + 1)
                    .isEqualTo(Webhook.Status.ENABLED);
            deliverer.deliver(webhook(id));
            next = webhooks.lastAttempt(id, 1).flatMap(WebhookDelivery::nextAttemptAt);
        }
        assertThat(attempts.size()).as("attempts in the give-up time, far more than the 3 that disable").isGreaterThan(3);
        assertThat(Duration.between(firstAttempt, attempts.getLast())).isGreaterThanOrEqualTo(GIVE_UP.minusSeconds(1));
        assertThat(webhooks.lastAttempt(id, 1).orElseThrow().status()).isEqualTo(WebhookDelivery.Status.FAILED);
        assertThat(webhook(id).status()).as("disabled once the event is given up").isEqualTo(Webhook.Status.DISABLED);
    }

    @Test
    void anEventGivenUpWithFewerFailedAttemptsInARowThanTheLimitLeavesTheWebhookEnabled() {
        UUID id = webhookWithTwoEvents();
        WebhookDeliverer deliverer = deliverer(down, 3);
        deliverer.deliver(webhook(id));
        clock.set(clock.get().plus(GIVE_UP));
        deliverer.deliver(webhook(id));
        assertThat(webhooks.lastAttempt(id, 1).orElseThrow().attempt()).isEqualTo(2);
        assertThat(webhooks.lastAttempt(id, 1).orElseThrow().nextAttemptAt()).as("given up at its second attempt, the give-up time after its first").isEmpty();
        assertThat(webhook(id).status()).as("two failed attempts in a row are fewer than 3").isEqualTo(Webhook.Status.ENABLED);
        assertThat(webhook(id).position()).as("the given-up event is skipped").isEqualTo(1);
    }

    @Test
    void anEventOlderThanTheGiveUpTimeWhenFirstTriedStillGetsItsRetries() {
        UUID id = webhookWithTwoEvents();
        WebhookDeliverer deliverer = deliverer(down, 1);
        clock.set(clock.get().plus(GIVE_UP.multipliedBy(3)));  // a webhook far behind the feed, after a long outage
        deliverer.deliver(webhook(id));
        assertThat(webhooks.lastAttempt(id, 1).orElseThrow().nextAttemptAt()).as("retried, counted from its first attempt").isPresent();
        assertThat(webhook(id).status()).isEqualTo(Webhook.Status.ENABLED);
    }

    @Test
    void aSenderThatThrowsFailsOneAttemptWhichIsRetried() {
        UUID id = webhookWithTwoEvents();
        WebhookSender throwing = new WebhookSender() {
            @Override
            public Optional<String> refusal(String url) {
                return Optional.empty();
            }

            @Override
            public Result send(Webhook webhook, FeedEvent event, long unixSeconds) {
                throw new IllegalArgumentException("port out of range:99999");
            }
        };
        deliverer(throwing, 3).deliver(webhook(id));
        WebhookDelivery attempt = webhooks.lastAttempt(id, 1).orElseThrow();
        assertThat(attempt.status()).isEqualTo(WebhookDelivery.Status.FAILED);
        assertThat(attempt.error()).hasValueSatisfying(error -> assertThat(error).contains("port out of range"));
        assertThat(attempt.nextAttemptAt()).as("retried").isPresent();
        assertThat(webhook(id).position()).as("the event waits for its retry").isZero();
    }

    @Test
    void pausesDoubleWithinTheirJitterAndAreNeverMoreThanAnHourApart() {
        WebhookDeliverer deliverer = deliverer(down, 3);
        for (int sample = 0; sample < 2_000; sample++) {
            assertThat(deliverer.pause(1)).isBetween(Duration.ofMillis(800), Duration.ofMillis(1_200));
            assertThat(deliverer.pause(4)).isBetween(Duration.ofMillis(6_400), Duration.ofMillis(9_600));
            for (int attempt : new int[] {13, 20, 40}) {
                assertThat(deliverer.pause(attempt)).as("attempt %d", attempt).isLessThanOrEqualTo(WebhookSettings.RETRY_MAX);
            }
        }
    }
}
