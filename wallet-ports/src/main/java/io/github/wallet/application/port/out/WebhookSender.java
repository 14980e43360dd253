package io.github.wallet.application.port.out;

import io.github.wallet.application.port.FeedEvent;
import io.github.wallet.application.port.Webhook;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Sends one signed event to a webhook's URL, with timeouts, and says whether a URL may be called
 * at all (no private, loopback, link-local or metadata address, by default).
 */
public interface WebhookSender {

    /** Why the URL may not be called (checked at registration and before each delivery: DNS changes), or empty. */
    Optional<String> refusal(String url);

    /** One attempt: the receiver's status, or what went wrong (a timeout, a refused address). Never throws. */
    Result send(Webhook webhook, FeedEvent event, long unixSeconds);

    /** How an attempt went: a 2xx is a success. */
    record Result(OptionalInt status, Optional<String> error) {
        public boolean succeeded() {
            return status.isPresent() && status.getAsInt() >= 200 && status.getAsInt() < 300;
        }
    }
}
