package io.github.wallet.bootstrap;

import io.github.wallet.adapter.in.http.ApiKeys;
import io.github.wallet.adapter.in.http.HttpSettings;
import io.github.wallet.adapter.in.http.WalletApi;
import io.github.wallet.adapter.in.http.WalletHttpServer;
import io.github.wallet.adapter.out.postgres.PostgresSettings;
import io.github.wallet.adapter.out.postgres.PostgresWalletStore;
import io.github.wallet.adapter.out.redis.RedisAdapter;
import io.github.wallet.adapter.out.redis.RedisSettings;
import io.github.wallet.application.inprocess.InProcessOutcomeBus;
import io.github.wallet.application.service.ProcessorSettings;
import io.github.wallet.application.service.WalletCore;
import io.github.wallet.application.service.WebhookDeliverer;
import io.github.wallet.domain.money.CurrencyCode;
import io.lettuce.core.metrics.MicrometerCommandLatencyRecorder;
import io.lettuce.core.metrics.MicrometerOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds the store, the core and the HTTP API from a {@link Config}, by
 * plain constructor calls, and takes them down in the right order. {@code main} and the
 * end-to-end tests start the server the same way.
 */
public final class WalletServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WalletServer.class);

    /**
     * How long an idempotency claim and a pending record last from their publish; the
     * acknowledgement deletes them (the claim a minute later). It must outlast any time an
     * operation may wait in the queue: a claim that expired while its entry still waits (PostgreSQL
     * down for longer) would let a retry with the key queue a second operation, answered 202 with an
     * id that never exists, and the first would read 404 until committed. Claims never outlive their
     * queue entry otherwise, so the length costs memory only for operations that wait that long.
     */
    private static final Duration CLAIM_TIME = Duration.ofHours(24);

    private final Config config;
    private final Optional<EmbeddedDatabase> embedded;
    private final PostgresWalletStore store;
    private final Optional<RedisAdapter> redis;
    private final WalletCore core;
    private final WalletHttpServer http;

    private WalletServer(Config config, Optional<EmbeddedDatabase> embedded, PostgresWalletStore store, Optional<RedisAdapter> redis,
                         WalletCore core, WalletHttpServer http) {
        this.config = config;
        this.embedded = embedded;
        this.store = store;
        this.redis = redis;
        this.core = core;
        this.http = http;
    }

    public static WalletServer start(Config config) {
        Optional<EmbeddedDatabase> embedded = Optional.empty();
        PostgresWalletStore store = null;
        Optional<RedisAdapter> redis = Optional.empty();
        WalletCore core = null;
        try {
            PostgresSettings postgres;
            if (config.dbUrl().isPresent()) {
                postgres = postgresSettings(config, config.dbUrl().get());
                log.info("store: PostgreSQL at {}", config.dbUrl().get());
            } else {
                embedded = Optional.of(EmbeddedDatabase.start(config.embeddedDataDir(), config.embeddedDbPort()));
                postgres = postgresSettings(config, embedded.get().jdbcUrl());
                log.info("store: embedded PostgreSQL (no WALLET_DB_URL), data in {}, at {}", config.embeddedDataDir().toAbsolutePath(), embedded.get().jdbcUrl());
            }
            if (config.warmup().isPositive()) {
                SelfWarmup.run(config, postgres);
            }
            PrometheusMeterRegistry metrics = metricsRegistry();
            store = PostgresWalletStore.start(postgres, metrics, config.dbMigrate());
            redis = redis(config, metrics);
            core = core(config, store, redis, metrics).start();
            queueGauges(core, metrics);
            WalletHttpServer http = WalletHttpServer.start(api(core, metrics), httpSettings(config), new HttpMetrics(metrics));
            return new WalletServer(config, embedded, store, redis, core, http);
        } catch (RuntimeException e) {
            if (core != null) {
                core.close();
            }
            redis.ifPresent(RedisAdapter::close);
            if (store != null) {
                store.close();
            }
            embedded.ifPresent(EmbeddedDatabase::close);
            throw e;
        }
    }

    private static PostgresSettings postgresSettings(Config config, String jdbcUrl) {
        return new PostgresSettings(jdbcUrl, config.dbUser(), config.dbPassword(), config.dbPoolSize(), config.dbConnectTimeout());
    }

    private static Optional<RedisAdapter> redis(Config config, PrometheusMeterRegistry metrics) {
        if (config.queue() != Config.QueueKind.REDIS) {
            log.info("queue: in-process ({} shards, capacity {}, batches of up to {}); one instance per database",
                    config.queueShards(), config.queueCapacity(), config.batchSizeMax());
            return Optional.empty();
        }
        return Optional.of(RedisAdapter.start(redisSettings(config),
                new InProcessOutcomeBus(),
                ClientResources.builder()
                        .commandLatencyRecorder(new MicrometerCommandLatencyRecorder(metrics, MicrometerOptions.create()))
                        // Lettuce's default backoff grows to 30 s between reconnects: a Redis back after a
                        // 10 s outage was only seen ~6 s later. Retry at least once a second instead.
                        .reconnectDelay(Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
                        .build()));
    }

    /** How the configured Redis queue is reached and shared. */
    static RedisSettings redisSettings(Config config) {
        String url = config.redisUrl().orElseThrow(() -> new InvalidSettingException("WALLET_QUEUE=redis needs WALLET_REDIS_URL"));
        return new RedisSettings(url, config.redisKeyPrefix(), config.instanceId(), config.queueShards(),
                Math.max(1, config.queueCapacity() / config.queueShards()), config.leaseTime(), config.redisTimeout(), CLAIM_TIME);
    }

    /** Operations waiting per shard, read on each scrape. */
    private static void queueGauges(WalletCore core, PrometheusMeterRegistry metrics) {
        for (int shard = 0; shard < core.queue().shardCount(); shard++) {
            int mine = shard;
            Gauge.builder("wallet.queue.depth", () -> core.queue().depth(mine)).tag("shard", Integer.toString(shard))
                    .description("Operations queued and not yet committed").register(metrics);
        }
        // Batches planned on remembered wallets that another writer had changed: each ran a second time, locked and read.
        io.micrometer.core.instrument.FunctionCounter.builder("wallet.batch.replans", core, WalletCore::batchesReplanned)
                .description("Batches planned on remembered wallets that had changed meanwhile, run again locked and read").register(metrics);
        // Read on scrape: how long the oldest committed event has waited for its place in the feed.
        Gauge.builder("wallet.events.lag", () -> {
            try {
                return core.events().lag().toNanos() / 1e9;
            } catch (RuntimeException storeDown) {
                return Double.NaN;
            }
        }).baseUnit("seconds").description("Age of the oldest committed event not yet placed in the feed").register(metrics);
        core.webhookDeliverer().ifPresent(deliverer -> {
            io.micrometer.core.instrument.FunctionCounter.builder("wallet.webhook.deliveries", deliverer, WebhookDeliverer::succeeded)
                    .tag("outcome", "succeeded").description("Webhook delivery attempts by outcome, on this instance").register(metrics);
            io.micrometer.core.instrument.FunctionCounter.builder("wallet.webhook.deliveries", deliverer, WebhookDeliverer::failed)
                    .tag("outcome", "failed").description("Webhook delivery attempts by outcome, on this instance").register(metrics);
            io.micrometer.core.instrument.FunctionCounter.builder("wallet.webhook.deliveries", deliverer, WebhookDeliverer::givenUp)
                    .tag("outcome", "given_up").description("Webhook delivery attempts by outcome, on this instance").register(metrics);
            Gauge.builder("wallet.webhook.retries.pending", deliverer, WebhookDeliverer::retriesPending)
                    .description("Webhooks delivered here that wait to retry an event").register(metrics);
        });
    }

    static WalletCore core(Config config, PostgresWalletStore store, Optional<RedisAdapter> redis, PrometheusMeterRegistry metrics) {
        WalletCore.Builder builder = WalletCore.builder(store);
        redis.ifPresent(r -> builder.queue(r.queue()).outcomeBus(r.outcomeBus()));
        return builder
                .shardCount(config.queueShards())
                .queueCapacity(config.queueCapacity())
                .queueRoomWait(config.queueRoomWait())
                .walletCacheSize(config.walletCacheSize())
                .defaultCurrency(new CurrencyCode(config.defaultCurrency()))
                .processorSettings(ProcessorSettings.defaults().withBatchSizeMax(config.batchSizeMax()))
                .ruleSettings(config.rules())
                .webhooks(store.webhooks(), new io.github.wallet.adapter.in.http.WebhookHttpSender(config.webhookAllowPrivate()),
                        new io.github.wallet.application.service.WebhookSettings(config.webhookRetryBase(), config.webhookMaxFailures(),
                                java.time.Duration.ofHours(24), java.time.Duration.ofSeconds(10), java.time.Duration.ofMillis(200), config.instanceId()))
                .listener(new MetricsListener(metrics))
                .build();
    }

    private static PrometheusMeterRegistry metricsRegistry() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        return registry;
    }

    static WalletApi api(WalletCore core, PrometheusMeterRegistry metrics) {
        return new WalletApi(core.createWallet(), core.getWallet(), core.submitOperation(), core.getOperation(), core.listOperations(), core.holds(), core.walletRules(), core.verifyWallet(), core.events(), core.webhooks(),
                () -> {
                    Map<String, Boolean> checks = new LinkedHashMap<>();
                    checks.put("store", core.isStoreAvailable());
                    checks.put("queue", core.isQueueAvailable());
                    return checks;
                },
                metrics::scrape);
    }

    private static HttpSettings httpSettings(Config config) {
        return new HttpSettings(config.httpHost(), config.httpPort(), config.syncWait(), HttpSettings.BODY_SIZE_MAX_DEFAULT,
                Runtime.getRuntime().availableProcessors(), ApiKeys.parse(config.apiKeys()), config.httpBodyTimeout());
    }

    public int port() {
        return http.port();
    }

    /**
     * Graceful shutdown: stop taking requests and let those in flight be answered, commit what is
     * queued, then close the HTTP server, the pool and the embedded database.
     */
    @Override
    public void close() {
        log.info("shutting down");
        http.shutdown(config.syncWait().plusSeconds(1));
        core.close();
        redis.ifPresent(RedisAdapter::close);
        http.close();
        store.close();
        embedded.ifPresent(EmbeddedDatabase::close);
        log.info("stopped");
    }
}
