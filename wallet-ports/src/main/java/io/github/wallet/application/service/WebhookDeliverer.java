package io.github.wallet.application.service;

import io.github.wallet.application.port.FeedEvent;
import io.github.wallet.application.port.Webhook;
import io.github.wallet.application.port.WebhookDelivery;
import io.github.wallet.application.port.out.EventFeed;
import io.github.wallet.application.port.out.TimeSource;
import io.github.wallet.application.port.out.WebhookSender;
import io.github.wallet.application.port.out.WebhookStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Delivers the feed to webhooks: at least once, one event at a time per webhook in feed order (so
 * each wallet's events in commit order), by one instance at a time (a lease in the store, renewed
 * while it works; another instance takes over within a lease time after a crash, from the last
 * event the store saw delivered). A failed attempt is retried after a pause that doubles from
 * {@link WebhookSettings#retryBase()} (±20 % jitter, at most an hour); the webhook waits on that
 * event meanwhile. An event still failing after {@link WebhookSettings#giveUpAfter()} is marked
 * failed and skipped; a webhook is disabled when it gives up an event with at least
 * {@link WebhookSettings#maxFailures()} failed attempts in a row behind it, so never before its
 * receiver has had the whole retry time (CONTRACT.md §9: retried for 24 hours, then disabled).
 * Runs on one virtual thread; the sender has timeouts, so it never hangs.
 */
public final class WebhookDeliverer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(WebhookDeliverer.class.getName());
    private static final int PAGE = 100;

    private final WebhookStore store;
    private final WebhookSender sender;
    private final EventFeed feed;
    private final TimeSource time;
    private final WebhookSettings settings;
    private final Thread thread;
    private volatile boolean running = true;
    private final java.util.concurrent.atomic.AtomicLong succeeded = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong failed = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong givenUp = new java.util.concurrent.atomic.AtomicLong();
    /** The webhooks this instance delivers that wait to retry an event. */
    private final java.util.Set<java.util.UUID> waiting = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public WebhookDeliverer(WebhookStore store, WebhookSender sender, EventFeed feed, TimeSource time, WebhookSettings settings) {
        this.store = store;
        this.sender = sender;
        this.feed = feed;
        this.time = time;
        this.settings = settings;
        this.thread = Thread.ofVirtual().name("webhook-deliverer").unstarted(this::loop);
    }

    public void start() {
        thread.start();
    }

    private void loop() {
        while (running) {
            try {
                for (Webhook listed : store.enabled()) {
                    if (running && store.lease(listed.id(), settings.instanceId(), settings.lease())) {
                        // Read again under the lease: the list can be minutes old after a long page on another
                        // webhook, and another instance may have moved this one on meanwhile.
                        store.find(listed.id()).filter(webhook -> webhook.status() == Webhook.Status.ENABLED).ifPresent(this::deliver);
                    }
                }
                Thread.sleep(settings.poll());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // The store is down: the next round tries again; the webhooks' positions are kept.
                LOG.log(System.Logger.Level.DEBUG, "webhook delivery round failed: " + e.getMessage());
                try {
                    Thread.sleep(settings.poll());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * Delivers the webhook's next events in order, until one fails, or a page is done; the caller has
     * just taken or renewed the lease. A page can
     * outlast the lease (a slow receiver), so the lease is renewed before every later attempt (an attempt
     * is bounded by the sender's timeout, well within a lease) and the page stops if another
     * instance has taken it meanwhile.
     */
    void deliver(Webhook webhook) {
        long position = webhook.position();
        int failures = webhook.consecutiveFailures();
        boolean leaseJustTaken = true;  // by the caller, for this page's first attempt
        List<FeedEvent> events = feed.read(position, PAGE, Optional.empty());
        long skipped = position;
        for (FeedEvent event : events) {
            if (!webhook.wants(event.event())) {
                skipped = event.position();
                continue;
            }
            if (skipped != position) {
                store.skipTo(webhook.id(), skipped);
            }
            Optional<WebhookDelivery> last = store.lastAttempt(webhook.id(), event.position());
            Instant now = time.now();
            if (last.flatMap(WebhookDelivery::nextAttemptAt).filter(next -> next.isAfter(now)).isPresent()) {
                waiting.add(webhook.id());
                return;  // waiting to retry this one; the later events wait behind it
            }
            waiting.remove(webhook.id());
            int attempt = last.map(a -> a.attempt() + 1).orElse(1);
            if (!leaseJustTaken && !store.lease(webhook.id(), settings.instanceId(), settings.lease())) {
                return;  // taken over: the other instance goes on from the position recorded
            }
            leaseJustTaken = false;
            Optional<String> refusal = sender.refusal(webhook.url());
            WebhookSender.Result result = refusal.isPresent()
                    ? new WebhookSender.Result(java.util.OptionalInt.empty(), refusal)
                    : attempt(webhook, event, now);
            if (result.succeeded()) {
                succeeded.incrementAndGet();
                store.record(new WebhookDelivery(webhook.id(), event.position(), event.event().operation().id(), attempt,
                        WebhookDelivery.Status.SUCCEEDED, result.status(), Optional.empty(), now, Optional.empty()), true);
                position = event.position();
                skipped = position;
                failures = 0;
                continue;
            }
            failures++;
            failed.incrementAndGet();
            // Retried for the give-up time from its first attempt, not from its commit: a webhook far behind
            // the feed (after a long outage) still gives each event its whole retry time.
            Instant firstTried = attempt == 1 ? now
                    : store.firstAttempt(webhook.id(), event.position()).map(WebhookDelivery::attemptedAt).orElse(now);
            boolean giveUp = Duration.between(firstTried, now).compareTo(settings.giveUpAfter()) >= 0;
            Optional<Instant> next = giveUp ? Optional.empty() : Optional.of(now.plus(pause(attempt)));
            store.record(new WebhookDelivery(webhook.id(), event.position(), event.event().operation().id(), attempt,
                    WebhookDelivery.Status.FAILED, result.status(), result.error(), now, next), giveUp);
            if (giveUp) {
                givenUp.incrementAndGet();
            } else {
                waiting.add(webhook.id());
            }
            if (giveUp && failures >= settings.maxFailures()) {
                store.disable(webhook.id());
                LOG.log(System.Logger.Level.WARNING, "webhook " + webhook.id() + " disabled after " + failures + " failed attempts in a row");
            }
            return;
        }
        if (skipped != position) {
            store.skipTo(webhook.id(), skipped);
        }
    }

    /**
     * One attempt. A sender that throws (it should answer a failed result) fails this attempt, which
     * is logged and retried like any other; it must not end the round, or every webhook after this
     * one would wait behind it for good.
     */
    private WebhookSender.Result attempt(Webhook webhook, FeedEvent event, Instant now) {
        try {
            return sender.send(webhook, event, now.getEpochSecond());
        } catch (RuntimeException e) {
            return new WebhookSender.Result(java.util.OptionalInt.empty(), Optional.of(e.toString()));
        }
    }

    /** Deliveries by outcome since start, on this instance: succeeded, failed (to be retried or given up), given up. */
    public long succeeded() {
        return succeeded.get();
    }

    public long failed() {
        return failed.get();
    }

    public long givenUp() {
        return givenUp.get();
    }

    /** How many webhooks delivered here wait to retry an event. */
    public int retriesPending() {
        return waiting.size();
    }

    /** retryBase × 2^(attempt−1), ±20 %, at most an hour (the contract's bound holds with the jitter too). */
    Duration pause(int attempt) {
        long doubled = settings.retryBase().toMillis() << Math.min(attempt - 1, 30);
        long millis = Math.min(WebhookSettings.RETRY_MAX.toMillis(), doubled);
        double jitter = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
        return Duration.ofMillis(Math.min(WebhookSettings.RETRY_MAX.toMillis(), Math.round(millis * jitter)));
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
