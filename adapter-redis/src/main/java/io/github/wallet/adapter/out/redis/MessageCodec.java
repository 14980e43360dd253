package io.github.wallet.adapter.out.redis;

import io.github.wallet.application.port.Settlement;
import io.github.wallet.application.port.out.OutcomeBus;
import io.github.wallet.application.port.out.QueuedOperation;
import io.github.wallet.domain.money.Amount;
import io.github.wallet.domain.money.Money;
import io.github.wallet.domain.operation.IdempotencyKey;
import io.github.wallet.domain.operation.Operation;
import io.github.wallet.domain.operation.OperationId;
import io.github.wallet.domain.operation.OperationRecord;
import io.github.wallet.domain.operation.OperationType;
import io.github.wallet.domain.operation.Outcome;
import io.github.wallet.domain.operation.RejectionReason;
import io.github.wallet.domain.operation.RequestFingerprint;
import io.github.wallet.domain.wallet.WalletId;
import io.github.wallet.domain.wallet.WalletLimits;
import io.github.wallet.domain.wallet.WalletStatus;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;

/**
 * How operations travel in stream entries and outcomes in reply messages: plain text, so an
 * operator can read them with redis-cli. An operation is the same form ({@code name=value&…})
 * in both; a stream entry (and a pending record) holds it as its one field, {@value #ENTRY_FIELD}.
 *
 * <p>One field, not one per name: each field is a bulk string to encode, send, store and parse,
 * twice per write (the entry and its pending record) and once more when the worker reads it.
 */
final class MessageCodec {

    /** The one field of a stream entry and of a pending record. */
    static final String ENTRY_FIELD = "op";

    private MessageCodec() {
    }

    /** A stream entry's fields: the operation as a form, in one field. */
    static Map<String, String> encode(QueuedOperation queued) {
        return Map.of(ENTRY_FIELD, encodeEntry(queued));
    }

    /** The value of a stream entry's one field ({@value #ENTRY_FIELD}): the operation as a form. */
    static String encodeEntry(QueuedOperation queued) {
        OperationRecord.Pending pending = queued.operation();
        Map<String, String> fields = new LinkedHashMap<>();
        putOperation(pending.operation(), fields);
        fields.put("created", pending.createdAt().toString());
        queued.idempotencyKey().ifPresent(key -> fields.put("key", key.value()));
        fields.put("fp", queued.fingerprint().value());
        fields.put("reply", queued.replyTo());
        return form(fields);
    }

    /** A stream entry's operation; an entry written before the one-field form (an older instance) is read as well. */
    static QueuedOperation decode(Map<String, String> entry) {
        String form = entry.get(ENTRY_FIELD);
        Map<String, String> fields = form == null ? entry : unform(form);
        Optional<IdempotencyKey> key = Optional.ofNullable(fields.get("key")).map(IdempotencyKey::new);
        return new QueuedOperation(new OperationRecord.Pending(operation(fields), Instant.parse(fields.get("created"))), key,
                new RequestFingerprint(fields.get("fp")), fields.get("reply"));
    }

    /** The operation's fields: what every kind has, then what its kind adds. */
    private static void putOperation(Operation operation, Map<String, String> fields) {
        fields.put("id", operation.id().toString());
        fields.put("type", operation.type().name());
        fields.put("wallet", operation.walletId().toString());
        operation.counterpartyId().ifPresent(target -> fields.put("target", target.toString()));
        operation.requestedAmount().ifPresent(amount -> fields.put("amount", Long.toString(amount.amountMinor())));
        operation.holdId().ifPresent(hold -> fields.put("hold", hold.toString()));
        switch (operation) {
            case Operation.HoldPlacement placement -> fields.put("expires", placement.expiresAt().toString());
            case Operation.LimitsChange change -> {
                WalletLimits limits = change.limits();
                fields.put("overdraft", Long.toString(limits.overdraftLimit()));
                putLong(fields, "maxBalance", limits.maxBalance());
                putLong(fields, "maxDay", limits.maxDebitPerDay());
                putLong(fields, "maxMonth", limits.maxDebitPerMonth());
            }
            case Operation.StatusChange change -> fields.put("status", change.status().name());
            default -> {
            }
        }
    }

    private static void putLong(Map<String, String> fields, String name, OptionalLong value) {
        value.ifPresent(v -> fields.put(name, Long.toString(v)));
    }

    private static Operation operation(Map<String, String> fields) {
        OperationId id = new OperationId(UUID.fromString(fields.get("id")));
        WalletId wallet = new WalletId(UUID.fromString(fields.get("wallet")));
        Optional<WalletId> target = Optional.ofNullable(fields.get("target")).map(t -> new WalletId(UUID.fromString(t)));
        Optional<Amount> amount = Optional.ofNullable(fields.get("amount")).map(a -> new Amount(Long.parseLong(a)));
        Optional<OperationId> hold = Optional.ofNullable(fields.get("hold")).map(h -> new OperationId(UUID.fromString(h)));
        return switch (OperationType.valueOf(fields.get("type"))) {
            case DEPOSIT -> new Operation.Deposit(id, wallet, amount.orElseThrow());
            case WITHDRAW -> new Operation.Withdrawal(id, wallet, amount.orElseThrow());
            case TRANSFER -> new Operation.Transfer(id, wallet, target.orElseThrow(), amount.orElseThrow());
            case HOLD -> new Operation.HoldPlacement(id, wallet, amount.orElseThrow(), target, Instant.parse(fields.get("expires")));
            case CAPTURE -> new Operation.HoldCapture(id, wallet, hold.orElseThrow(), amount, target);
            case VOID -> new Operation.HoldVoid(id, wallet, hold.orElseThrow());
            case EXPIRE -> new Operation.HoldExpiry(id, wallet, hold.orElseThrow());
            case SET_LIMITS -> new Operation.LimitsChange(id, wallet, new WalletLimits(Long.parseLong(fields.get("overdraft")),
                    optionalLong(fields, "maxBalance"), optionalLong(fields, "maxDay"), optionalLong(fields, "maxMonth")));
            case SET_STATUS -> new Operation.StatusChange(id, wallet, WalletStatus.valueOf(fields.get("status")));
        };
    }

    private static OptionalLong optionalLong(Map<String, String> fields, String name) {
        String value = fields.get(name);
        return value == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(value));
    }

    /**
     * Deliveries for one instance, one per line: the waiter's id, then either {@code KEY_REUSED <key>}
     * or the committed operation as a form ({@code name=value&…}): its fields, its
     * outcome, when it was created and decided, how long its batch took.
     */
    static String encodeDeliveries(List<OutcomeBus.Delivery> deliveries) {
        StringBuilder text = new StringBuilder(deliveries.size() * 240);
        for (OutcomeBus.Delivery delivery : deliveries) {
            text.append(delivery.operationId()).append(' ');
            switch (delivery.settlement()) {
                case Settlement.KeyReused reused -> text.append("KEY_REUSED ").append(reused.key().value());
                case Settlement.Committed committed -> {
                    OperationRecord.Decided op = committed.operation();
                    Map<String, String> fields = new LinkedHashMap<>();
                    putOperation(op.operation(), fields);
                    switch (op.outcome()) {
                        case Outcome.Completed completed -> fields.put("completed", Long.toString(completed.balanceAfter().amountMinor()));
                        case Outcome.Rejected rejected -> fields.put("rejected", rejected.reason().name());
                        case Outcome.Failed failed -> fields.put("failed", failed.reason());
                    }
                    fields.put("created", op.createdAt().toString());
                    fields.put("decided", op.decidedAt().toString());
                    fields.put("applyMicros", Long.toString(committed.applyMicros()));
                    text.append("OP ").append(form(fields));
                }
            }
            text.append('\n');
        }
        return text.toString();
    }

    static List<OutcomeBus.Delivery> decodeDeliveries(String text) {
        List<OutcomeBus.Delivery> deliveries = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split(" ", 3);
            OperationId waiter = new OperationId(UUID.fromString(f[0]));
            if (f[1].equals("KEY_REUSED")) {
                deliveries.add(new OutcomeBus.Delivery(null, waiter, new Settlement.KeyReused(new IdempotencyKey(f[2]))));
                continue;
            }
            Map<String, String> fields = unform(f[2]);
            Outcome outcome;
            if (fields.containsKey("completed")) {
                outcome = new Outcome.Completed(new Money(Long.parseLong(fields.get("completed"))));
            } else if (fields.containsKey("rejected")) {
                outcome = new Outcome.Rejected(RejectionReason.valueOf(fields.get("rejected")));
            } else {
                outcome = new Outcome.Failed(fields.get("failed"));
            }
            OperationRecord.Decided decided = new OperationRecord.Decided(operation(fields), Instant.parse(fields.get("created")), outcome,
                    Instant.parse(fields.get("decided")));
            deliveries.add(new OutcomeBus.Delivery(null, waiter, new Settlement.Committed(decided, Long.parseLong(fields.get("applyMicros")))));
        }
        return deliveries;
    }

    /**
     * Most values are ids, names, numbers and ISO instants, none of which holds '&', '=', '%', '+'
     * or a space; only the others (a failure's reason, an idempotency key, an instance's name) are
     * URL-encoded, and only when they hold one of those, so the hot path costs no encoding.
     */
    private static String form(Map<String, String> fields) {
        StringBuilder form = new StringBuilder(256);
        fields.forEach((name, value) -> {
            if (!form.isEmpty()) {
                form.append('&');
            }
            form.append(name).append('=').append(FREE_TEXT.contains(name) && needsEscape(value) ? URLEncoder.encode(value, StandardCharsets.UTF_8) : value);
        });
        return form.toString();
    }

    private static Map<String, String> unform(String form) {
        Map<String, String> fields = new LinkedHashMap<>();
        int start = 0;
        while (start < form.length()) {
            int end = form.indexOf('&', start);
            end = end < 0 ? form.length() : end;
            int eq = form.indexOf('=', start);
            String name = form.substring(start, eq);
            String value = form.substring(eq + 1, end);
            // An escaped value holds '%' or '+' (a space); an unescaped one holds neither.
            boolean escaped = FREE_TEXT.contains(name) && (value.indexOf('%') >= 0 || value.indexOf('+') >= 0);
            fields.put(name, escaped ? URLDecoder.decode(value, StandardCharsets.UTF_8) : value);
            start = end + 1;
        }
        return fields;
    }

    private static boolean needsEscape(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '&' || c == '=' || c == '%' || c == '+' || c <= ' ' || c > '~') {
                return true;
            }
        }
        return false;
    }

    /** The fields of free text: a failure's reason, an idempotency key (any visible ASCII), an instance's name. */
    private static final Set<String> FREE_TEXT = Set.of("failed", "key", "reply");
}
