package io.github.wallet.bootstrap;

import io.github.wallet.application.service.RuleSettings;
import io.github.wallet.application.service.WalletDefaults;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The server's configuration, from environment variables, or the same names as {@code -D} system
 * properties (which win). Every setting and its default is listed in docs/CONFIGURATION.md.
 */
public record Config(
        String httpHost,
        int httpPort,
        Optional<String> dbUrl,
        String dbUser,
        String dbPassword,
        int dbPoolSize,
        Duration dbConnectTimeout,
        Path embeddedDataDir,
        int embeddedDbPort,
        Optional<String> redisUrl,
        QueueKind queue,
        int queueShards,
        int queueCapacity,
        Duration queueRoomWait,
        int walletCacheSize,
        Duration warmup,
        int batchSizeMax,
        Duration syncWait,
        String defaultCurrency,
        String redisKeyPrefix,
        String instanceId,
        Duration leaseTime,
        Duration redisTimeout,
        String apiKeys,
        boolean dbMigrate,
        RuleSettings rules,
        Duration webhookRetryBase,
        int webhookMaxFailures,
        boolean webhookAllowPrivate,
        Duration httpBodyTimeout) {

    /** Which operation queue the server uses. */
    public enum QueueKind { INPROCESS, REDIS }

    /** Reads the process's environment and system properties. */
    public static Config load() {
        return from(System.getenv(), System.getProperties());
    }

    public static Config from(Map<String, String> env, Properties properties) {
        Map<String, String> values = new LinkedHashMap<>(env);
        properties.stringPropertyNames().stream().filter(name -> name.startsWith("WALLET_"))
                .forEach(name -> values.put(name, properties.getProperty(name)));
        Settings s = new Settings(values);
        Optional<String> redisUrl = s.optional("WALLET_REDIS_URL");
        Optional<String> dbUrl = s.optional("WALLET_DB_URL");
        QueueKind queue = QueueKind.valueOf(s.choice("WALLET_QUEUE", redisUrl.isPresent() ? "redis" : "inprocess", List.of("inprocess", "redis"), true)
                .toUpperCase(Locale.ROOT));
        if (queue == QueueKind.REDIS && redisUrl.isEmpty()) {
            throw new InvalidSettingException("WALLET_QUEUE=redis needs WALLET_REDIS_URL");
        }
        try {
            io.github.wallet.adapter.in.http.ApiKeys.parse(s.text("WALLET_API_KEYS", ""));
        } catch (IllegalArgumentException bad) {
            // Its message names the entry, never the key.
            throw new InvalidSettingException(bad.getMessage());
        }
        String instanceId = s.text("WALLET_INSTANCE_ID", defaultInstanceId());
        if (instanceId.contains("|")) {
            throw new InvalidSettingException("WALLET_INSTANCE_ID must be without '|', was '" + instanceId + "'");
        }
        // Read by logback.xml, not here; checked here because a bad one leaves the server with no log at all.
        s.choice("WALLET_LOG_FORMAT", "text", List.of("text", "json"), false);
        s.choice("WALLET_LOG_LEVEL", "INFO", List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF"), true);
        return new Config(
                s.text("WALLET_HTTP_HOST", "0.0.0.0"),
                s.integer("WALLET_HTTP_PORT", 8080, 0, 65535),
                dbUrl,
                s.text("WALLET_DB_USER", "postgres"),
                s.text("WALLET_DB_PASSWORD", ""),
                s.integer("WALLET_DB_POOL_SIZE", 8, 1, 1000),
                Duration.ofMillis(s.integer("WALLET_DB_CONNECT_TIMEOUT_MS", 2000, 250, 600_000)),
                Path.of(s.text("WALLET_EMBEDDED_DATA_DIR", "./wallet-data")),
                s.integer("WALLET_EMBEDDED_DB_PORT", 0, 0, 65535),
                redisUrl,
                queue,
                s.integer("WALLET_QUEUE_SHARDS", queue == QueueKind.REDIS ? WalletDefaults.SHARD_COUNT : inProcessShards(), 1, 1024),
                s.integer("WALLET_QUEUE_CAPACITY", WalletDefaults.QUEUE_CAPACITY, 1, 100_000_000),
                Duration.ofMillis(s.integer("WALLET_QUEUE_ROOM_WAIT_MS", (int) WalletDefaults.QUEUE_ROOM_WAIT.toMillis(), 0, 600_000)),
                s.integer("WALLET_BALANCE_CACHE_SIZE", WalletDefaults.WALLET_CACHE_SIZE, 0, 100_000_000),
                Duration.ofSeconds(s.integer("WALLET_WARMUP_SECONDS", dbUrl.isPresent() ? 0 : WARMUP_SECONDS_DEFAULT, 0, 600)),
                s.integer("WALLET_BATCH_SIZE", WalletDefaults.BATCH_SIZE_MAX, 1, 10_000),
                Duration.ofMillis(s.integer("WALLET_SYNC_WAIT_MS", 5000, 0, 600_000)),
                s.currency("WALLET_DEFAULT_CURRENCY", WalletDefaults.CURRENCY.code()),
                s.text("WALLET_REDIS_PREFIX", "wallet"),
                instanceId,
                Duration.ofMillis(s.integer("WALLET_LEASE_MS", 5000, 300, 600_000)),
                Duration.ofMillis(s.integer("WALLET_REDIS_TIMEOUT_MS", 2000, 100, 600_000)),
                s.text("WALLET_API_KEYS", ""),
                s.bool("WALLET_DB_MIGRATE", true),
                new RuleSettings(s.zone("WALLET_LIMITS_ZONE", WalletDefaults.LIMITS_ZONE),
                        Duration.ofSeconds(s.integer("WALLET_HOLD_EXPIRY_S", (int) WalletDefaults.HOLD_EXPIRY.toSeconds(), 1,
                                (int) WalletDefaults.HOLD_EXPIRY_MAX.toSeconds())),
                        Duration.ofMillis(s.integer("WALLET_HOLD_EXPIRY_CHECK_MS", (int) WalletDefaults.HOLD_EXPIRY_CHECK.toMillis(), 10, 60_000))),
                Duration.ofMillis(s.integer("WALLET_WEBHOOK_RETRY_BASE_MS", 1000, 10, 3_600_000)),
                s.integer("WALLET_WEBHOOK_MAX_FAILURES", 20, 1, 1_000_000),
                s.bool("WALLET_WEBHOOK_ALLOW_PRIVATE", false),
                Duration.ofMillis(s.integer("WALLET_HTTP_BODY_TIMEOUT_MS", 10_000, 100, 600_000)));
    }

    /**
     * The self warm-up's bound: a new JVM on 2 cores answers about half its warm rate for most of a
     * minute; warmed until its JIT settles (about 20 s there), its first 15 s run at its warm rate.
     * On by default only on the embedded database: on one of its own (WALLET_DB_URL) the warm-up
     * needs the right to create a schema and a direct connection (a transaction pooler that drops
     * search_path would send its writes to the real tables; SelfWarmup refuses what it can see).
     */
    static final int WARMUP_SECONDS_DEFAULT = 30;

    /**
     * The in-process queue's default shard count: one per two cores, up to the Redis default. Its
     * instance is alone on its database, so nothing else has to agree on the count, and on a small
     * machine fewer, larger batches win: on 2 cores one shard ran deposits spread over 10,000
     * wallets 1.6x faster than four (docs/BENCHMARKS.md), with commits that no longer take turns
     * for the same two cores.
     */
    static int inProcessShards() {
        return Math.clamp(Runtime.getRuntime().availableProcessors() / 2, 1, WalletDefaults.SHARD_COUNT);
    }

    /** Host name and process id, plus a random part, so that a restarted process is a new instance. */
    private static String defaultInstanceId() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "host";
        }
        return host.replace('|', '-') + "-" + ProcessHandle.current().pid() + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    }

    /** The same configuration on another HTTP port (tests use 0: any free port). */
    public Config withHttpPort(int port) {
        return new Config(httpHost, port, dbUrl, dbUser, dbPassword, dbPoolSize, dbConnectTimeout, embeddedDataDir, embeddedDbPort,
                redisUrl, queue, queueShards, queueCapacity, queueRoomWait, walletCacheSize, warmup, batchSizeMax, syncWait, defaultCurrency, redisKeyPrefix, instanceId,
                leaseTime, redisTimeout, apiKeys, dbMigrate, rules, webhookRetryBase, webhookMaxFailures, webhookAllowPrivate,
                httpBodyTimeout);
    }

    /**
     * The configuration of an AOT training run ({@link AotTraining}): the same settings on scratch
     * resources, so the run touches no real data. An embedded PostgreSQL in {@code dataDir} (never
     * the configured database; its own superuser), the configured queue under {@code redisPrefix}, a loopback listener
     * on any free port, no API keys (the training's own client sends none) and no self warm-up (the
     * training's load is the warm-up).
     */
    Config forAotTraining(Path dataDir, String redisPrefix) {
        return new Config("127.0.0.1", 0, Optional.empty(), "postgres", "", dbPoolSize, dbConnectTimeout, dataDir, 0,
                redisUrl, queue, queueShards, queueCapacity, queueRoomWait, walletCacheSize, Duration.ZERO, batchSizeMax, syncWait, defaultCurrency,
                redisPrefix, "aot-training-" + java.util.UUID.randomUUID().toString().substring(0, 8),
                leaseTime, redisTimeout, "", true, rules, webhookRetryBase, webhookMaxFailures, webhookAllowPrivate,
                httpBodyTimeout);
    }

    /** Reads and checks one value at a time, naming the variable in every complaint. */
    private record Settings(Map<String, String> values) {
        Optional<String> optional(String name) {
            String value = values.get(name);
            return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
        }

        String text(String name, String fallback) {
            return optional(name).orElse(fallback);
        }

        /** {@code true} or {@code false}, in any case: anything else (yes, 1, on) is refused, not read as false. */
        boolean bool(String name, boolean fallback) {
            return Boolean.parseBoolean(choice(name, Boolean.toString(fallback), List.of("true", "false"), true));
        }

        /** One of {@code choices} (in any case when {@code anyCase}), as given. */
        String choice(String name, String fallback, List<String> choices, boolean anyCase) {
            String value = text(name, fallback);
            boolean known = choices.stream().anyMatch(choice -> anyCase ? choice.equalsIgnoreCase(value) : choice.equals(value));
            if (!known) {
                throw new InvalidSettingException(name + " must be " + (choices.size() == 2 && choices.contains("true") ? "true or false"
                        : "one of " + String.join(", ", choices)) + ", was '" + value + "'");
            }
            return value;
        }

        /** An ISO 4217 code's shape: three capital letters. */
        String currency(String name, String fallback) {
            String value = text(name, fallback);
            if (!value.matches("[A-Z]{3}")) {
                throw new InvalidSettingException(name + " must be a currency code, three capital letters such as EUR, was '" + value + "'");
            }
            return value;
        }

        java.time.ZoneId zone(String name, java.time.ZoneId fallback) {
            Optional<String> value = optional(name);
            try {
                return value.map(java.time.ZoneId::of).orElse(fallback);
            } catch (java.time.DateTimeException e) {
                throw new InvalidSettingException(name + " must be a time zone like UTC or Europe/Moscow, was '" + value.get() + "'", e);
            }
        }

        int integer(String name, int fallback, int min, int max) {
            Optional<String> value = optional(name);
            if (value.isEmpty()) {
                return fallback;
            }
            try {
                int parsed = Integer.parseInt(value.get());
                if (parsed < min || parsed > max) {
                    throw new InvalidSettingException(name + " must be between " + min + " and " + max + ", was " + parsed);
                }
                return parsed;
            } catch (NumberFormatException e) {
                throw new InvalidSettingException(name + " must be a whole number, was '" + value.get() + "'", e);
            }
        }
    }
}
