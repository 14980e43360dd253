package io.github.wallet.application.service;

import io.github.wallet.application.inprocess.InProcessOperationQueue;
import io.github.wallet.application.inprocess.InProcessOutcomeBus;
import io.github.wallet.application.inprocess.InProcessWebhookStore;
import io.github.wallet.application.inprocess.SystemTimeSource;
import io.github.wallet.application.inprocess.TimeOrderedIdGenerator;
import io.github.wallet.application.port.in.CreateWalletUseCase;
import io.github.wallet.application.port.in.GetOperationUseCase;
import io.github.wallet.application.port.in.GetWalletUseCase;
import io.github.wallet.application.port.in.HoldsUseCase;
import io.github.wallet.application.port.in.ListOperationsUseCase;
import io.github.wallet.application.port.in.SubmitOperationUseCase;
import io.github.wallet.application.port.in.VerifyWalletUseCase;
import io.github.wallet.application.port.in.WalletRulesUseCase;
import io.github.wallet.application.port.in.WebhooksUseCase;
import io.github.wallet.application.port.out.IdGenerator;
import io.github.wallet.application.port.out.OperationQueue;
import io.github.wallet.application.port.out.OutcomeBus;
import io.github.wallet.application.port.out.TimeSource;
import io.github.wallet.application.port.out.WalletStore;
import io.github.wallet.application.port.out.WebhookSender;
import io.github.wallet.application.port.out.WebhookStore;
import io.github.wallet.domain.money.CurrencyCode;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The whole wallet core, wired: use cases, the batching worker, and (unless given others) the
 * in-process queue and outcome bus. Give it a store and start it; close it
 * to drain the queue and stop.
 *
 * <pre>{@code
 * try (WalletCore core = WalletCore.builder(store).build().start()) {
 *     core.submitOperation().submit(SubmitOperationCommand.deposit(walletId, new Amount(100)));
 * }
 * }</pre>
 */
public final class WalletCore implements AutoCloseable {

    private final OperationQueue queue;
    private final OperationProcessor processor;
    private final CreateWalletService createWallet;
    private final SubmitOperationService submitOperation;
    private final WalletQueryService queries;
    private final HoldService holds;
    private final WalletRulesService rules;
    private final HoldExpiryScanner expiryScanner;
    private final ChainVerifier chainVerifier;
    private final EventSequencer events;
    private final WebhookService webhooks;
    private final Optional<WebhookDeliverer> deliverer;
    private final StorePolling polling;
    private final KeyLookups keyLookups;
    private final WalletStore store;
    private final BatchCommitter committer;

    private WalletCore(Builder builder) {
        this.store = builder.store;
        this.queue = builder.queue != null ? builder.queue : new InProcessOperationQueue(builder.shardCount, builder.queueCapacity);
        OutcomeBus outcomes = builder.outcomes != null ? builder.outcomes : new InProcessOutcomeBus();
        KnownWallets knownWallets = new KnownWallets(store);
        this.polling = new StorePolling();
        this.keyLookups = new KeyLookups(store);
        // Balances from memory only where this process is the only writer: the in-process queue.
        WalletSnapshotCache cache = builder.queue == null ? new WalletSnapshotCache(builder.walletCacheSize) : WalletSnapshotCache.off();
        // The worker plans on the wallets it committed last with any queue: a batch planned on a wallet
        // that changed meanwhile (another instance, another shard) writes nothing and runs again, locked and read.
        WalletSnapshotCache committed = builder.queue == null ? cache : new WalletSnapshotCache(builder.walletCacheSize);
        this.committer = new BatchCommitter(store, builder.ruleSettings, committed);
        this.processor = new OperationProcessor(queue, committer, outcomes, builder.time,
                builder.processorSettings, nudging(builder.listener));
        this.createWallet = new CreateWalletService(store, knownWallets, cache, builder.time, builder.ids, builder.defaultCurrency);
        this.submitOperation = new SubmitOperationService(queue, outcomes, keyLookups, knownWallets, polling, builder.time, builder.ids,
                builder.queueRoomWait);
        this.queries = new WalletQueryService(store, queue, cache);
        this.holds = new HoldService(submitOperation, store, queue, builder.time, builder.ruleSettings);
        this.rules = new WalletRulesService(submitOperation);
        this.chainVerifier = new ChainVerifier(store);
        this.events = new EventSequencer(store, builder.time);
        WebhookStore webhookStore = builder.webhookStore != null ? builder.webhookStore : new InProcessWebhookStore();
        WebhookSender sender = builder.webhookSender != null ? builder.webhookSender : NO_SENDER;
        this.webhooks = new WebhookService(webhookStore, sender, store, builder.time, builder.ids);
        this.deliverer = Optional.ofNullable(builder.webhookSender)
                .map(configured -> new WebhookDeliverer(webhookStore, configured, store, builder.time, builder.webhookSettings));
        this.expiryScanner = new HoldExpiryScanner(store, queue, outcomes, builder.time, builder.ruleSettings);
    }

    /** Without a sender, no URL can be registered: the core alone cannot make HTTP requests. */
    private static final WebhookSender NO_SENDER = new WebhookSender() {
        @Override
        public Optional<String> refusal(String url) {
            return Optional.of("webhooks are not enabled in this core (no sender is wired)");
        }

        @Override
        public Result send(io.github.wallet.application.port.Webhook webhook, io.github.wallet.application.port.FeedEvent event, long unixSeconds) {
            return new Result(java.util.OptionalInt.empty(), Optional.of("no sender is wired"));
        }
    };

    /** The listener the worker reports to, plus a nudge to the event sequencer after each commit. */
    private ProcessorListener nudging(ProcessorListener listener) {
        return new ProcessorListener() {
            @Override
            public void batchCommitted(int shard, java.util.List<io.github.wallet.application.port.Settlement> settlements, long applyNanos) {
                events.nudge();
                listener.batchCommitted(shard, settlements, applyNanos);
            }

            @Override
            public void batchFailed(int shard, int size, RuntimeException failure, long retryInMillis) {
                listener.batchFailed(shard, size, failure, retryInMillis);
            }
        };
    }

    public static Builder builder(WalletStore store) {
        return new Builder(store);
    }

    /** Starts the batching worker; returns this, for try-with-resources. */
    public WalletCore start() {
        events.start();
        deliverer.ifPresent(WebhookDeliverer::start);
        processor.start();
        expiryScanner.start();
        return this;
    }

    /**
     * Refuses new writes, commits what is queued (up to the drain wait), then stops the worker and
     * the queue. Writes are refused first: one accepted after the workers are gone would never be
     * committed on the in-process queue.
     */
    @Override
    public void close() {
        queue.stopAccepting();
        expiryScanner.close();
        processor.close();
        deliverer.ifPresent(WebhookDeliverer::close);
        events.close();
        queue.close();
        polling.close();
        keyLookups.close();
    }

    public CreateWalletUseCase createWallet() {
        return createWallet;
    }

    public SubmitOperationUseCase submitOperation() {
        return submitOperation;
    }

    /** Batches planned on remembered wallets that had changed, run again locked and read (see {@link BatchCommitter#replanned()}). */
    public long batchesReplanned() {
        return committer.replanned();
    }

    /** The event feed: readers, and the feed's lag for metrics. */
    public EventSequencer events() {
        return events;
    }

    /** The webhook deliverer, when a sender is wired (for metrics). */
    public Optional<WebhookDeliverer> webhookDeliverer() {
        return deliverer;
    }

    public WebhooksUseCase webhooks() {
        return webhooks;
    }

    public VerifyWalletUseCase verifyWallet() {
        return chainVerifier;
    }

    public HoldsUseCase holds() {
        return holds;
    }

    public WalletRulesUseCase walletRules() {
        return rules;
    }

    /** The scan that queues the expiry of due holds (it runs on its own once started; tests may run one at will). */
    public HoldExpiryScanner holdExpiry() {
        return expiryScanner;
    }

    public GetWalletUseCase getWallet() {
        return queries;
    }

    public GetOperationUseCase getOperation() {
        return queries;
    }

    public ListOperationsUseCase listOperations() {
        return queries;
    }

    /** Whether the store and the queue both answer (readiness). */
    public boolean isStoreAvailable() {
        return store.isAvailable();
    }

    public boolean isQueueAvailable() {
        return queue.isAvailable();
    }

    public OperationQueue queue() {
        return queue;
    }

    /** Chooses the parts of a {@link WalletCore}; everything but the store has a default. */
    public static final class Builder {
        private final WalletStore store;
        private OperationQueue queue;
        private OutcomeBus outcomes;
        private TimeSource time = new SystemTimeSource();
        private IdGenerator ids = new TimeOrderedIdGenerator();
        private CurrencyCode defaultCurrency = WalletDefaults.CURRENCY;
        private ProcessorSettings processorSettings = ProcessorSettings.defaults();
        private RuleSettings ruleSettings = RuleSettings.defaults();
        private WebhookStore webhookStore;
        private WebhookSender webhookSender;
        private WebhookSettings webhookSettings = WebhookSettings.defaults("local");
        private ProcessorListener listener = ProcessorListener.NONE;
        private int shardCount = WalletDefaults.SHARD_COUNT;
        private int queueCapacity = WalletDefaults.QUEUE_CAPACITY;
        private Duration queueRoomWait = WalletDefaults.QUEUE_ROOM_WAIT;
        private int walletCacheSize = WalletDefaults.WALLET_CACHE_SIZE;

        private Builder(WalletStore store) {
            this.store = Objects.requireNonNull(store, "'store' must not be null");
        }

        /** Another queue than the in-process one (e.g. Redis Streams); then shard count and capacity are the queue's. */
        public Builder queue(OperationQueue value) {
            this.queue = value;
            return this;
        }

        public Builder outcomeBus(OutcomeBus value) {
            this.outcomes = value;
            return this;
        }

        public Builder timeSource(TimeSource value) {
            this.time = Objects.requireNonNull(value, "'value' must not be null");
            return this;
        }

        public Builder idGenerator(IdGenerator value) {
            this.ids = Objects.requireNonNull(value, "'value' must not be null");
            return this;
        }

        public Builder defaultCurrency(CurrencyCode value) {
            this.defaultCurrency = Objects.requireNonNull(value, "'value' must not be null");
            return this;
        }

        public Builder processorSettings(ProcessorSettings value) {
            this.processorSettings = Objects.requireNonNull(value, "'value' must not be null");
            return this;
        }

        /** How holds and limits are applied: the limits' time zone, holds' default expiry, how often expiries are looked for. */
        public Builder ruleSettings(RuleSettings value) {
            this.ruleSettings = Objects.requireNonNull(value, "'value' must not be null");
            return this;
        }

        /** Delivers webhooks with this sender, keeping them in this store (without: registration is refused). */
        public Builder webhooks(WebhookStore store, WebhookSender sender, WebhookSettings settings) {
            this.webhookStore = Objects.requireNonNull(store, "'store' must not be null");
            this.webhookSender = Objects.requireNonNull(sender, "'sender' must not be null");
            this.webhookSettings = Objects.requireNonNull(settings, "'settings' must not be null");
            return this;
        }

        public Builder listener(ProcessorListener value) {
            this.listener = Objects.requireNonNull(value, "'value' must not be null");
            return this;
        }

        /** Shards of the in-process queue: one worker thread and one open transaction each. */
        public Builder shardCount(int value) {
            this.shardCount = value;
            return this;
        }

        /** How long a write waits for room in a full shard (any queue) before it is answered 503. */
        public Builder queueRoomWait(Duration value) {
            this.queueRoomWait = java.util.Objects.requireNonNull(value, "'queueRoomWait' must not be null");
            return this;
        }

        /**
         * How many wallets are kept in memory as the worker last committed them (0: none): the worker
         * plans batches on them without reading them first (checked when it writes), and on the
         * in-process queue balance reads answer from them. With another queue (Redis) other instances
         * write too, so balances are always read from the store.
         */
        public Builder walletCacheSize(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("'walletCacheSize' must be >= 0, was " + value);
            }
            this.walletCacheSize = value;
            return this;
        }

        /** How many operations the in-process queue holds before it answers "full". */
        public Builder queueCapacity(int value) {
            this.queueCapacity = value;
            return this;
        }

        public WalletCore build() {
            return new WalletCore(this);
        }
    }
}
