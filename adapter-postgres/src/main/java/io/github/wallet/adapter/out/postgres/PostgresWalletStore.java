package io.github.wallet.adapter.out.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.wallet.application.port.FeedEvent;
import io.github.wallet.application.port.HoldPage;
import io.github.wallet.application.port.OperationPage;
import io.github.wallet.application.port.out.BatchTransaction;
import io.github.wallet.application.port.out.StoredEntry;
import io.github.wallet.application.port.out.StoredOperation;
import io.github.wallet.application.port.out.WalletStore;
import io.github.wallet.domain.operation.Hold;
import io.github.wallet.domain.operation.HoldStatus;
import io.github.wallet.domain.operation.IdempotencyKey;
import io.github.wallet.domain.operation.OperationId;
import io.github.wallet.domain.operation.OperationRecord;
import io.github.wallet.domain.operation.RequestFingerprint;
import io.github.wallet.domain.wallet.Wallet;
import io.github.wallet.domain.wallet.WalletId;
import io.github.wallet.domain.wallet.WalletSnapshot;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.Function;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The wallet store on PostgreSQL: Jdbi over a HikariCP pool, schema by Flyway.
 */
public final class PostgresWalletStore implements WalletStore, AutoCloseable {

    private static final String FIND_WALLET = "select " + Rows.WALLET_COLUMNS + " from wallet where wallet_id = :id";
    private static final String FIND_WALLET_BY_KEY = "select " + Rows.WALLET_COLUMNS + ", request_fingerprint from wallet where idempotency_key = :key";
    private static final String INSERT_WALLET = """
            insert into wallet (wallet_id, currency, balance, created_at, updated_at, idempotency_key, request_fingerprint,
                                overdraft_limit, max_balance, max_debit_per_day, max_debit_per_month, status)
            values (:id, :currency, 0, :createdAt, :createdAt, :key, :fingerprint,
                    :overdraft, :maxBalance, :maxDay, :maxMonth, :status)
            on conflict do nothing
            """;
    private static final String FIND_OPERATION = "select " + Rows.OPERATION_COLUMNS + " from operation where operation_id = :id";
    private static final String FIND_OPERATIONS_BY_KEYS = "select " + Rows.OPERATION_COLUMNS + " from operation where idempotency_key = any(:keys)";
    /** Two index scans (as source, as target) merged newest first: cheap at any depth of history. */
    private static final String LIST_OPERATIONS = "(select " + Rows.OPERATION_COLUMNS + ", encode(entry_hash, 'hex') as wallet_entry_hash from operation"
            + " where wallet_id = :id and seq < :before order by seq desc limit :limit)"
            + " union all (select " + Rows.OPERATION_COLUMNS + ", encode(target_entry_hash, 'hex') as wallet_entry_hash from operation"
            + " where target_wallet_id = :id and seq < :before order by seq desc limit :limit)"
            + " order by seq desc limit :limit";
    /** A wallet's entries in chain order, with the type of the operation each came from. */
    private static final String WALLET_ENTRIES = "select " + Rows.ENTRY_COLUMNS + " from ledger_entry e"
            + " join operation o on o.operation_id = e.operation_id where e.wallet_id = :id order by e.entry_id";

    private static final String FIND_HOLD = "select " + Rows.HOLD_COLUMNS + " from hold where hold_id = :id";
    private static final String LIST_HOLDS = "select " + Rows.HOLD_COLUMNS + " from hold where wallet_id = :id"
            + " and hold_id < :before and (cast(:status as text) is null or status = :status) order by hold_id desc limit :limit";
    private static final String FIND_DUE_HOLDS = "select " + Rows.HOLD_COLUMNS + " from hold"
            + " where status = 'ACTIVE' and expires_at <= :now order by expires_at, hold_id limit :limit";
    private static final String FIND_DUE_HOLDS_AFTER = "select " + Rows.HOLD_COLUMNS + " from hold"
            + " where status = 'ACTIVE' and expires_at <= :now and (expires_at, hold_id) > (:afterAt, :afterId)"
            + " order by expires_at, hold_id limit :limit";
    /** Above every time-ordered id: the first page. */
    private static final UUID AFTER_EVERY_ID = new UUID(-1L, -1L);

    /** Serialises the sequencers of every instance (pg_advisory_xact_lock), released at commit; writers never take it. */
    private static final long SEQUENCER_LOCK = 0x77616c6c6574L;  // "wallet"
    /** The last seq any transaction has taken (taken, not committed: it may still be in flight). */
    private static final String LAST_SEQ = "select coalesce(pg_sequence_last_value(pg_get_serial_sequence('operation', 'seq')::regclass), 0)";
    /**
     * The ids of the transactions running in this database now (other than this one). A writer
     * takes its id before its rows take their seq (see BatchWriteStatement), so any transaction
     * that took a seq up to a LAST_SEQ read before this one is either over or listed here.
     */
    private static final String RUNNING_XIDS = "select coalesce(array_agg(backend_xid::text), '{}') from pg_stat_activity"
            + " where datname = current_database() and backend_xid is not null and pid <> pg_backend_pid()";
    private static final String PUBLISHED = "(select published from feed_state)";
    /** A FAILED operation was never decided: it has no event. */
    private static final String READ_FEED = "select " + Rows.FEED_COLUMNS + " from operation"
            + " where seq > :after and seq <= " + PUBLISHED + " and status <> 'FAILED' order by seq limit :limit";
    /** A wallet's events: as the operation's wallet or as its counterparty, merged in feed order. */
    private static final String READ_WALLET_FEED = "select * from ((select " + Rows.FEED_COLUMNS + " from operation"
            + " where wallet_id = :wallet and seq > :after and seq <= " + PUBLISHED + " and status <> 'FAILED' order by seq limit :limit)"
            + " union all (select " + Rows.FEED_COLUMNS + " from operation"
            + " where target_wallet_id = :wallet and wallet_id <> :wallet and seq > :after and seq <= " + PUBLISHED
            + " and status <> 'FAILED' order by seq limit :limit)) f order by seq limit :limit";

    private final Jdbi jdbi;
    private final DataSource dataSource;
    private final AutoCloseable pool;

    private volatile boolean schemaUpToDate;

    private PostgresWalletStore(DataSource dataSource, AutoCloseable pool) {
        this.jdbi = Jdbi.create(dataSource);
        this.dataSource = dataSource;
        this.pool = pool;
    }

    /** A store on its own connection pool, with the schema migrated first. Close it to close the pool. */
    public static PostgresWalletStore start(PostgresSettings settings) {
        return start(settings, null, true);
    }

    /**
     * As {@link #start(PostgresSettings)}, with the pool's metrics on {@code meterRegistry} (a
     * Micrometer {@code MeterRegistry}; HikariCP takes it as an Object, so this module needs no
     * Micrometer), and without migrating when the schema is migrated apart (e.g. behind PgBouncer).
     */
    public static PostgresWalletStore start(PostgresSettings settings, Object meterRegistry, boolean migrate) {
        HikariDataSource pool = pool(settings);
        if (meterRegistry != null) {
            pool.setMetricRegistry(meterRegistry);
        }
        try {
            PostgresWalletStore store = new PostgresWalletStore(pool, pool);
            if (migrate) {
                migrate(pool);
                store.schemaUpToDate = true;
            }
            return store;
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /** A store on a data source the caller owns (and migrated with {@link #migrate(DataSource)}). */
    public static PostgresWalletStore on(DataSource dataSource) {
        PostgresWalletStore store = new PostgresWalletStore(dataSource, () -> { });
        store.schemaUpToDate = true;
        return store;
    }

    /** Brings the schema up to date (Flyway); safe to run on every start and from several instances at once. */
    public static void migrate(DataSource dataSource) {
        flyway(dataSource).migrate();
    }

    private static Flyway flyway(DataSource dataSource) {
        return Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load();
    }

    /** The HikariCP pool the store uses, tuned for short transactions and fast failure. */
    public static HikariDataSource pool(PostgresSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("wallet-store");
        config.setJdbcUrl(settings.jdbcUrl());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(settings.poolSize());
        config.setMinimumIdle(Math.min(2, settings.poolSize()));
        config.setConnectionTimeout(settings.connectTimeout().toMillis());
        config.setValidationTimeout(Math.min(1000, settings.connectTimeout().toMillis()));
        // Start even when PostgreSQL is down: readiness says so, and the pool connects once it is back.
        config.setInitializationFailTimeout(-1);
        // Set once per connection here: asking for it per transaction (as Jdbi's inTransaction(level, …)
        // does) costs a SHOW TRANSACTION ISOLATION LEVEL round trip every time.
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        config.addDataSourceProperty("tcpKeepAlive", "true");
        // uuid[] parameters in binary, as BinaryArrays writes them (the driver sends only its own kinds otherwise).
        config.addDataSourceProperty(BinaryArrays.DRIVER_PROPERTY, BinaryArrays.DRIVER_PROPERTY_VALUE);
        config.addDataSourceProperty("connectTimeout", String.valueOf(Math.max(1, settings.connectTimeout().toSeconds())));
        return new HikariDataSource(config);
    }

    @Override
    public WalletCreation createWallet(Wallet wallet, Optional<IdempotencyKey> key, RequestFingerprint fingerprint) {
        return StoreFailures.translate(() -> jdbi.inTransaction(handle -> {
            if (key.isPresent()) {
                Optional<WalletCreation> earlier = findCreationByKey(handle, key.get());
                if (earlier.isPresent()) {
                    return earlier.get();
                }
            }
            int inserted = handle.createUpdate(INSERT_WALLET)
                    .bind("id", wallet.id().value())
                    .bind("currency", wallet.currency().code())
                    .bind("createdAt", OffsetDateTime.ofInstant(wallet.createdAt(), ZoneOffset.UTC))
                    .bind("key", key.map(IdempotencyKey::value).orElse(null))
                    .bind("fingerprint", key.isPresent() ? fingerprint.value() : null)
                    .bind("overdraft", wallet.limits().overdraftLimit())
                    .bind("maxBalance", Rows.boxed(wallet.limits().maxBalance()))
                    .bind("maxDay", Rows.boxed(wallet.limits().maxDebitPerDay()))
                    .bind("maxMonth", Rows.boxed(wallet.limits().maxDebitPerMonth()))
                    .bind("status", wallet.status().name())
                    .execute();
            if (inserted == 1) {
                return new WalletCreation.Created(WalletSnapshot.of(wallet));
            }
            if (key.isPresent()) {
                // Lost a race with a request using the same key; it has committed by now.
                Optional<WalletCreation> earlier = findCreationByKey(handle, key.get());
                if (earlier.isPresent()) {
                    return earlier.get();
                }
            }
            return new WalletCreation.IdTaken(wallet.id());
        }));
    }

    private static Optional<WalletCreation> findCreationByKey(org.jdbi.v3.core.Handle handle, IdempotencyKey key) {
        return handle.createQuery(FIND_WALLET_BY_KEY)
                .bind("key", key.value())
                .map((rs, ctx) -> (WalletCreation) new WalletCreation.KeyTaken(key, Rows.wallet(rs),
                        new RequestFingerprint(rs.getString("request_fingerprint"))))
                .findOne();
    }

    @Override
    public Optional<WalletSnapshot> findWallet(WalletId walletId) {
        return StoreFailures.translate(() -> jdbi.withHandle(handle -> findWallet(handle, walletId)));
    }

    private static Optional<WalletSnapshot> findWallet(Handle handle, WalletId walletId) {
        return handle.createQuery(FIND_WALLET)
                .bind("id", walletId.value())
                .map((rs, ctx) -> Rows.wallet(rs))
                .findOne();
    }

    @Override
    public Optional<OperationRecord.Decided> findOperation(OperationId operationId) {
        return StoreFailures.translate(() -> jdbi.withHandle(handle -> handle.createQuery(FIND_OPERATION)
                .bind("id", operationId.value())
                .map((rs, ctx) -> Rows.operation(rs))
                .findOne()));
    }

    @Override
    public List<StoredOperation> findOperationsByKeys(Collection<IdempotencyKey> keys) {
        return StoreFailures.translate(() -> jdbi.withHandle(handle -> handle.createQuery(FIND_OPERATIONS_BY_KEYS)
                .bind("keys", BinaryArrays.texts(keys.stream().map(IdempotencyKey::value).toList()))
                .map((rs, ctx) -> Rows.stored(rs))
                .list()));
    }

    @Override
    public OperationPage listOperations(WalletId walletId, int limit, OptionalLong before) {
        List<HistoryRow> rows = StoreFailures.translate(() -> jdbi.withHandle(handle -> handle.createQuery(LIST_OPERATIONS)
                .bind("id", walletId.value())
                .bind("before", before.orElse(Long.MAX_VALUE))
                .bind("limit", limit + 1)
                .map((rs, ctx) -> new HistoryRow(rs.getLong("seq"), Rows.operation(rs), rs.getString("wallet_entry_hash")))
                .list()));
        boolean more = rows.size() > limit;
        List<HistoryRow> page = more ? rows.subList(0, limit) : rows;
        OptionalLong next = more ? OptionalLong.of(page.getLast().seq()) : OptionalLong.empty();
        java.util.Map<OperationId, String> hashes = new java.util.HashMap<>();
        page.stream().filter(row -> row.entryHash() != null).forEach(row -> hashes.put(row.operation().id(), row.entryHash()));
        return new OperationPage(page.stream().<OperationRecord>map(HistoryRow::operation).toList(), next, hashes);
    }

    @Override
    public Optional<Hold> findHold(OperationId holdId) {
        return StoreFailures.translate(() -> jdbi.withHandle(handle -> handle.createQuery(FIND_HOLD)
                .bind("id", holdId.value())
                .map((rs, ctx) -> Rows.hold(rs))
                .findOne()));
    }

    @Override
    public HoldPage listHolds(WalletId walletId, Optional<HoldStatus> status, int limit, Optional<OperationId> before) {
        List<Hold> rows = StoreFailures.translate(() -> jdbi.withHandle(handle -> handle.createQuery(LIST_HOLDS)
                .bind("id", walletId.value())
                // uuid order in PostgreSQL is unsigned bytewise; the largest uuid starts the first page.
                .bind("before", before.map(OperationId::value).orElse(AFTER_EVERY_ID))
                .bind("status", status.map(HoldStatus::name).orElse(null))
                .bind("limit", limit + 1)
                .map((rs, ctx) -> Rows.hold(rs))
                .list()));
        boolean more = rows.size() > limit;
        List<Hold> page = more ? rows.subList(0, limit) : rows;
        return new HoldPage(page, more ? Optional.of(page.getLast().id()) : Optional.empty());
    }

    @Override
    public List<Hold> findDueHolds(Instant now, Optional<Hold> after, int limit) {
        return StoreFailures.translate(() -> jdbi.withHandle(handle -> handle.createQuery(after.isEmpty() ? FIND_DUE_HOLDS : FIND_DUE_HOLDS_AFTER)
                .bind("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                .bind("afterAt", after.map(h -> OffsetDateTime.ofInstant(h.expiresAt(), ZoneOffset.UTC)).orElse(null))
                .bind("afterId", after.map(h -> h.id().value()).orElse(null))
                .bind("limit", limit)
                .map((rs, ctx) -> Rows.hold(rs))
                .list()));
    }

    /**
     * Reads the wallet, then streams its entries a fetch at a time (a cursor, so any size fits in
     * memory), in one read-only REPEATABLE READ transaction: both reads see the same snapshot.
     */
    @Override
    public Optional<WalletSnapshot> readChain(WalletId walletId, java.util.function.Consumer<StoredEntry> consumer) {
        return StoreFailures.translate(() -> jdbi.inTransaction(handle -> {
            // This transaction only (the pooled connection keeps its own level), before its first read.
            handle.execute("set transaction isolation level repeatable read, read only");
            Optional<WalletSnapshot> wallet = findWallet(handle, walletId);
            if (wallet.isPresent()) {
                handle.createQuery(WALLET_ENTRIES)
                        .bind("id", walletId.value())
                        .setFetchSize(1_000)
                        .map((rs, ctx) -> Rows.entry(rs))
                        .forEach(consumer);
            }
            return wallet;
        }));
    }

    /**
     * Moves the feed's end on past every seq that no running transaction can still commit. It reads
     * the last seq taken, then the transactions running: each of them may hold a seq up to it, so
     * that end waits (pending) until all of them are over, checked at the next run; with none
     * running it is the end at once. Writers never wait for it. The end only grows: a lost update
     * (it commits without waiting for the WAL flush) leaves an older end, which is still true.
     */
    @Override
    public long sequence() {
        return StoreFailures.translate(() -> jdbi.inTransaction(handle -> {
            handle.execute("set local synchronous_commit = off");
            handle.createQuery("select pg_advisory_xact_lock(:lock)").bind("lock", SEQUENCER_LOCK).mapTo(String.class).one();
            long lastSeq = handle.createQuery(LAST_SEQ).mapTo(Long.class).one();
            List<String> running = List.of((String[]) handle.createQuery(RUNNING_XIDS).mapTo(String[].class).one());
            FeedState state = handle.createQuery("select published, pending_seq, pending_xids from feed_state")
                    .map((rs, ctx) -> new FeedState(rs.getLong("published"), rs.getObject("pending_seq", Long.class),
                            rs.getArray("pending_xids") == null ? List.of() : List.of((String[]) rs.getArray("pending_xids").getArray())))
                    .one();
            FeedState next = state.next(lastSeq, running);
            if (!next.equals(state)) {
                handle.createUpdate("update feed_state set published = :published, pending_seq = :pendingSeq, pending_xids = :pendingXids")
                        .bind("published", next.published())
                        .bind("pendingSeq", next.pendingSeq())
                        .bindArray("pendingXids", String.class, next.pendingSeq() == null ? null : next.pendingXids())
                        .execute();
            }
            return next.published() - state.published();
        }));
    }

    @Override
    public List<FeedEvent> read(long position, int limit, Optional<WalletId> walletId) {
        return StoreFailures.translate(() -> jdbi.withHandle(handle -> {
            var query = handle.createQuery(walletId.isPresent() ? READ_WALLET_FEED : READ_FEED)
                    .bind("after", position)
                    .bind("limit", limit);
            walletId.ifPresent(id -> query.bind("wallet", id.value()));
            return query.map((rs, ctx) -> Rows.feedEvent(rs)).list();
        }));
    }

    @Override
    public long end() {
        return StoreFailures.translate(() -> jdbi.withHandle(handle -> handle.createQuery("select published from feed_state").mapTo(Long.class).one()));
    }

    @Override
    public java.time.Duration lag(Instant now) {
        Optional<OffsetDateTime> oldest = StoreFailures.translate(() -> jdbi.withHandle(handle -> handle.createQuery(
                "select completed_at from operation where seq > " + PUBLISHED + " and status <> 'FAILED' order by seq limit 1")
                .mapTo(OffsetDateTime.class).findOne()));
        return oldest.map(at -> java.time.Duration.between(at.toInstant(), now)).filter(d -> !d.isNegative()).orElse(java.time.Duration.ZERO);
    }

    /** A unique key that trips means a redelivery: the caller runs the batch again with a look-up. */
    @Override
    public <T> T inTransaction(Function<BatchTransaction, T> work) {
        try {
            return StoreFailures.translate(() -> jdbi.inTransaction(handle -> work.apply(new PostgresBatchTransaction(handle))));
        } catch (RuntimeException e) {
            if (StoreFailures.isUniqueViolation(e)) {
                throw new AlreadyStoredException("an operation of the batch, or its idempotency key, is stored already", e);
            }
            if (StoreFailures.isRefusedData(e)) {
                throw new UnwritableException(StoreFailures.rootMessage(e), e);
            }
            throw e;
        }
    }

    /** An operation and its position in history (the page cursor). */
    private record HistoryRow(long seq, OperationRecord.Decided operation, String entryHash) {
    }

    @Override
    public boolean isAvailable() {
        try {
            return jdbi.withHandle(handle -> handle.createQuery("select 1").mapTo(Integer.class).one()) == 1 && schemaUpToDate();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Whether the schema has every migration of this build. A store that migrates at start knows
     * it; one that does not (migrated apart, behind PgBouncer) asks Flyway until the answer is yes,
     * so an instance started before {@code migrate} ran is not ready, rather than ready on tables
     * it cannot use (500s). Once up to date a schema stays so: the check is not made again.
     */
    private boolean schemaUpToDate() {
        if (!schemaUpToDate) {
            schemaUpToDate = flyway(dataSource).info().pending().length == 0;
        }
        return schemaUpToDate;
    }

    /** The webhooks' store, on this store's pool. */
    public io.github.wallet.application.port.out.WebhookStore webhooks() {
        return new PostgresWebhookStore(jdbi);
    }

    /** Audits the books of this store's database. */
    public LedgerAudit.Report audit() {
        return LedgerAudit.run(dataSource);
    }

    @Override
    public void close() {
        try {
            pool.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing the connection pool failed", e);
        }
    }
}
