package io.github.wallet.application.service;

import io.github.wallet.domain.money.CurrencyCode;

/**
 * The one home of every default of the core; the server's configuration starts from these too.
 */
public final class WalletDefaults {

    /** The currency of a wallet opened without one. */
    public static final CurrencyCode CURRENCY = new CurrencyCode("RUB");
    /** Queue shards: one worker thread and one open transaction each. */
    public static final int SHARD_COUNT = 4;
    /** Operations all shards of a queue hold before it answers "full" (503). */
    public static final int QUEUE_CAPACITY = 100_000;
    /** How long a write waits for room in a full shard before it is answered 503 (backpressure). */
    public static final java.time.Duration QUEUE_ROOM_WAIT = java.time.Duration.ofSeconds(2);
    /** Wallets kept in memory for balance reads (in-process queue): about 50 MB at most. */
    public static final int WALLET_CACHE_SIZE = 100_000;
    /** The most operations committed in one transaction. */
    public static final int BATCH_SIZE_MAX = 500;

    /** How long a hold placed without {@code expiresInSeconds} lasts. */
    public static final java.time.Duration HOLD_EXPIRY = java.time.Duration.ofDays(7);
    /** The longest a hold may last. */
    public static final java.time.Duration HOLD_EXPIRY_MAX = java.time.Duration.ofDays(30);
    /** How often the owner of a shard looks for holds whose time is up: the most an expiry is late, roughly. */
    public static final java.time.Duration HOLD_EXPIRY_CHECK = java.time.Duration.ofMillis(500);
    /** Where the calendar days and months of debit limits turn. */
    public static final java.time.ZoneId LIMITS_ZONE = java.time.ZoneOffset.UTC;

    private WalletDefaults() {
    }
}
