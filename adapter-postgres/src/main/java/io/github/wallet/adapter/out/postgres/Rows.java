package io.github.wallet.adapter.out.postgres;

import io.github.wallet.application.port.EventWallet;
import io.github.wallet.application.port.FeedEvent;
import io.github.wallet.application.port.OperationEvent;
import io.github.wallet.application.port.out.StoredEntry;
import io.github.wallet.application.port.out.StoredOperation;
import io.github.wallet.domain.money.Amount;
import io.github.wallet.domain.money.CurrencyCode;
import io.github.wallet.domain.money.Money;
import io.github.wallet.domain.operation.Hold;
import io.github.wallet.domain.operation.HoldStatus;
import io.github.wallet.domain.operation.IdempotencyKey;
import io.github.wallet.domain.operation.Operation;
import io.github.wallet.domain.operation.OperationId;
import io.github.wallet.domain.operation.OperationRecord;
import io.github.wallet.domain.operation.OperationType;
import io.github.wallet.domain.operation.Outcome;
import io.github.wallet.domain.operation.RejectionReason;
import io.github.wallet.domain.operation.RequestFingerprint;
import io.github.wallet.domain.wallet.DebitCounters;
import io.github.wallet.domain.wallet.WalletId;
import io.github.wallet.domain.wallet.WalletLimits;
import io.github.wallet.domain.wallet.WalletSnapshot;
import io.github.wallet.domain.wallet.WalletStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Maps rows of the wallet, operation and hold tables to domain values.
 */
final class Rows {

    static final String WALLET_COLUMNS = "wallet_id, currency, balance, held_amount, overdraft_limit, max_balance, max_debit_per_day, "
            + "max_debit_per_month, status, debit_day, debit_day_total, debit_month, debit_month_total, encode(chain_head, 'hex') as chain_head, created_at, updated_at, version";
    static final String OPERATION_COLUMNS = "seq, operation_id, type, wallet_id, target_wallet_id, amount, status, rejection_code, "
            + "balance_after, created_at, completed_at, idempotency_key, request_fingerprint, failure_reason, hold_id, expires_at, "
            + "limit_overdraft, limit_max_balance, limit_max_day, limit_max_month, set_status";
    /** The operation columns, taken from a table aliased {@code o}. */
    static final String OPERATION_COLUMNS_OF_O = "o." + OPERATION_COLUMNS.replace(", ", ", o.");
    static final String HOLD_COLUMNS = "hold_id, wallet_id, to_wallet_id, amount, captured_amount, status, expires_at, created_at, settled_at";

    private Rows() {
    }

    static WalletSnapshot wallet(ResultSet rs) throws SQLException {
        WalletLimits limits = new WalletLimits(rs.getLong("overdraft_limit"), optionalLong(rs, "max_balance"),
                optionalLong(rs, "max_debit_per_day"), optionalLong(rs, "max_debit_per_month"));
        DebitCounters debits = new DebitCounters(rs.getObject("debit_day", LocalDate.class), rs.getLong("debit_day_total"),
                YearMonth.from(rs.getObject("debit_month", LocalDate.class)), rs.getLong("debit_month_total"));
        return new WalletSnapshot(
                new WalletId(rs.getObject("wallet_id", UUID.class)),
                new CurrencyCode(rs.getString("currency")),
                new Money(rs.getLong("balance")),
                rs.getLong("held_amount"),
                limits,
                WalletStatus.valueOf(rs.getString("status")),
                debits,
                rs.getString("chain_head"),
                instant(rs, "created_at"),
                instant(rs, "updated_at"),
                rs.getLong("version"));
    }

    static Hold hold(ResultSet rs) throws SQLException {
        return new Hold(
                new OperationId(rs.getObject("hold_id", UUID.class)),
                new WalletId(rs.getObject("wallet_id", UUID.class)),
                Optional.ofNullable(rs.getObject("to_wallet_id", UUID.class)).map(WalletId::new),
                new Amount(rs.getLong("amount")),
                rs.getLong("captured_amount"),
                HoldStatus.valueOf(rs.getString("status")),
                instant(rs, "expires_at"),
                instant(rs, "created_at"),
                Optional.ofNullable(instant(rs, "settled_at")));
    }

    static final String ENTRY_COLUMNS = "e.wallet_id, e.operation_id, o.type, e.delta, e.balance_after, e.created_at, encode(e.hash, 'hex') as hash";

    static StoredEntry entry(ResultSet rs) throws SQLException {
        return new StoredEntry(new WalletId(rs.getObject("wallet_id", UUID.class)), new OperationId(rs.getObject("operation_id", UUID.class)),
                OperationType.valueOf(rs.getString("type")), rs.getLong("delta"), rs.getLong("balance_after"), instant(rs, "created_at"),
                rs.getString("hash"));
    }

    /** The operation columns the feed reads: an operation row with its event's balances is its event. */
    static final String FEED_COLUMNS = OPERATION_COLUMNS + ", wallet_balance, wallet_available, target_balance, target_available";

    /**
     * An operation row as its event: the wallets it names as they stood right after it, the
     * operation's wallet first (as {@code BatchPlanner} made them; a wallet that did not exist is
     * left out, and an event names at least the operation's wallet).
     */
    static FeedEvent feedEvent(ResultSet rs) throws SQLException {
        OperationRecord.Decided operation = operation(rs);
        List<EventWallet> wallets = new ArrayList<>(2);
        OptionalLong balance = optionalLong(rs, "wallet_balance");
        if (balance.isPresent()) {
            wallets.add(new EventWallet(operation.walletId(), balance.getAsLong(), rs.getLong("wallet_available")));
        }
        OptionalLong targetBalance = optionalLong(rs, "target_balance");
        UUID target = rs.getObject("target_wallet_id", UUID.class);
        if (targetBalance.isPresent() && target != null) {
            wallets.add(new EventWallet(new WalletId(target), targetBalance.getAsLong(), rs.getLong("target_available")));
        }
        if (wallets.isEmpty()) {
            wallets.add(new EventWallet(operation.walletId(), 0, 0));
        }
        return new FeedEvent(rs.getLong("seq"), new OperationEvent(operation, wallets));
    }

    /** An operation row with the request it came from. */
    static StoredOperation stored(ResultSet rs) throws SQLException {
        String key = rs.getString("idempotency_key");
        return new StoredOperation(operation(rs), Optional.ofNullable(key).map(IdempotencyKey::new),
                new RequestFingerprint(rs.getString("request_fingerprint")));
    }

    static OperationRecord.Decided operation(ResultSet rs) throws SQLException {
        OperationId id = new OperationId(rs.getObject("operation_id", UUID.class));
        WalletId wallet = new WalletId(rs.getObject("wallet_id", UUID.class));
        Optional<Amount> amount = optionalLong(rs, "amount").stream().mapToObj(Amount::new).findFirst();
        Optional<WalletId> target = Optional.ofNullable(rs.getObject("target_wallet_id", UUID.class)).map(WalletId::new);
        Optional<OperationId> hold = Optional.ofNullable(rs.getObject("hold_id", UUID.class)).map(OperationId::new);
        Operation operation = switch (OperationType.valueOf(rs.getString("type"))) {
            case DEPOSIT -> new Operation.Deposit(id, wallet, amount.orElseThrow());
            case WITHDRAW -> new Operation.Withdrawal(id, wallet, amount.orElseThrow());
            case TRANSFER -> new Operation.Transfer(id, wallet, target.orElseThrow(), amount.orElseThrow());
            case HOLD -> new Operation.HoldPlacement(id, wallet, amount.orElseThrow(), target, instant(rs, "expires_at"));
            case CAPTURE -> new Operation.HoldCapture(id, wallet, hold.orElseThrow(), amount, target);
            case VOID -> new Operation.HoldVoid(id, wallet, hold.orElseThrow());
            case EXPIRE -> new Operation.HoldExpiry(id, wallet, hold.orElseThrow());
            case SET_LIMITS -> new Operation.LimitsChange(id, wallet, new WalletLimits(rs.getLong("limit_overdraft"),
                    optionalLong(rs, "limit_max_balance"), optionalLong(rs, "limit_max_day"), optionalLong(rs, "limit_max_month")));
            case SET_STATUS -> new Operation.StatusChange(id, wallet, WalletStatus.valueOf(rs.getString("set_status")));
        };
        Outcome outcome = switch (rs.getString("status")) {
            case "COMPLETED" -> new Outcome.Completed(new Money(rs.getLong("balance_after")));
            case "REJECTED" -> new Outcome.Rejected(RejectionReason.valueOf(rs.getString("rejection_code")));
            default -> new Outcome.Failed(rs.getString("failure_reason"));
        };
        return new OperationRecord.Decided(operation, instant(rs, "created_at"), outcome, instant(rs, "completed_at"));
    }

    /** An optional value as a column takes it: null when empty. */
    static Long boxed(OptionalLong value) {
        return value.isPresent() ? value.getAsLong() : null;
    }

    private static OptionalLong optionalLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(value);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
