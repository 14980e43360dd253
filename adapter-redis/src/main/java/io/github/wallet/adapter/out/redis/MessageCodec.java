package io.github.wallet.adapter.out.redis;

import io.github.wallet.application.port.Settlement;
import io.github.wallet.application.port.out.OutcomeBus;
import io.github.wallet.application.port.out.QueuedOperation;
import io.github.wallet.domain.money.Amount;
import io.github.wallet.domain.money.Money;
import io.github.wallet.domain.operation.IdempotencyKey;
import io.github.wallet.domain.operation.OperationId;
import io.github.wallet.domain.operation.OperationRecord;
import io.github.wallet.domain.operation.Operation;
import io.github.wallet.domain.operation.OperationType;
import io.github.wallet.domain.operation.Outcome;
import io.github.wallet.domain.operation.RejectionReason;
import io.github.wallet.domain.operation.RequestFingerprint;
import io.github.wallet.domain.wallet.WalletId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * How operations travel in stream entries and outcomes in reply messages: plain text fields, so
 * an operator can read them with redis-cli.
 */
final class MessageCodec {

    private MessageCodec() {
    }

    static Map<String, String> encode(QueuedOperation queued) {
        OperationRecord.Pending pending = queued.operation();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("id", pending.id().toString());
        fields.put("type", pending.type().name());
        fields.put("wallet", pending.walletId().toString());
        if (pending.operation() instanceof Operation.Transfer transfer) {
            fields.put("target", transfer.target().toString());
        }
        fields.put("amount", Long.toString(pending.amount().amountMinor()));
        fields.put("created", pending.createdAt().toString());
        queued.idempotencyKey().ifPresent(key -> fields.put("key", key.value()));
        fields.put("fp", queued.fingerprint().value());
        fields.put("reply", queued.replyTo());
        return fields;
    }

    static QueuedOperation decode(Map<String, String> fields) {
        Operation operation = operation(fields.get("id"), fields.get("type"), fields.get("wallet"), fields.get("target"), fields.get("amount"));
        Optional<IdempotencyKey> key = Optional.ofNullable(fields.get("key")).map(IdempotencyKey::new);
        return new QueuedOperation(new OperationRecord.Pending(operation, Instant.parse(fields.get("created"))), key,
                new RequestFingerprint(fields.get("fp")), fields.get("reply"));
    }

    private static Operation operation(String id, String type, String wallet, String target, String amount) {
        OperationId operationId = new OperationId(UUID.fromString(id));
        WalletId walletId = new WalletId(UUID.fromString(wallet));
        Amount value = new Amount(Long.parseLong(amount));
        return switch (OperationType.valueOf(type)) {
            case DEPOSIT -> new Operation.Deposit(operationId, walletId, value);
            case WITHDRAW -> new Operation.Withdrawal(operationId, walletId, value);
            case TRANSFER -> new Operation.Transfer(operationId, walletId, new WalletId(UUID.fromString(target)), value);
        };
    }

    /**
     * Deliveries for one instance, one per line: the waiter's id, then either {@code KEY_REUSED <key>}
     * or the committed operation (its fields, its outcome, how long its batch took). Keys are
     * visible ASCII without spaces, so a line splits on spaces.
     */
    static String encodeDeliveries(List<OutcomeBus.Delivery> deliveries) {
        StringBuilder text = new StringBuilder(deliveries.size() * 200);
        for (OutcomeBus.Delivery delivery : deliveries) {
            text.append(delivery.operationId()).append(' ');
            switch (delivery.settlement()) {
                case Settlement.KeyReused reused -> text.append("KEY_REUSED ").append(reused.key().value());
                case Settlement.Committed committed -> {
                    OperationRecord.Decided op = committed.operation();
                    text.append(op.id()).append(' ')
                            .append(op.type()).append(' ')
                            .append(op.walletId()).append(' ')
                            .append(op.operation() instanceof Operation.Transfer transfer ? transfer.target() : "-").append(' ')
                            .append(op.amount().amountMinor()).append(' ')
                            .append(switch (op.outcome()) {
                                case Outcome.Completed completed -> "COMPLETED " + completed.balanceAfter().amountMinor();
                                case Outcome.Rejected rejected -> "REJECTED " + rejected.reason();
                                // A reason is free text: encoded so that it stays one field.
                                case Outcome.Failed failed -> "FAILED " + java.net.URLEncoder.encode(failed.reason(), java.nio.charset.StandardCharsets.UTF_8);
                            }).append(' ')
                            .append(op.createdAt()).append(' ')
                            .append(op.decidedAt()).append(' ')
                            .append(committed.applyMicros());
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
            String[] f = line.split(" ");
            OperationId waiter = new OperationId(UUID.fromString(f[0]));
            if (f[1].equals("KEY_REUSED")) {
                deliveries.add(new OutcomeBus.Delivery(null, waiter, new Settlement.KeyReused(new IdempotencyKey(f[2]))));
                continue;
            }
            Operation operation = operation(f[1], f[2], f[3], f[4].equals("-") ? null : f[4], f[5]);
            Outcome outcome = switch (f[6]) {
                case "COMPLETED" -> new Outcome.Completed(new Money(Long.parseLong(f[7])));
                case "REJECTED" -> new Outcome.Rejected(RejectionReason.valueOf(f[7]));
                default -> new Outcome.Failed(java.net.URLDecoder.decode(f[7], java.nio.charset.StandardCharsets.UTF_8));
            };
            OperationRecord.Decided decided = new OperationRecord.Decided(operation, Instant.parse(f[8]), outcome, Instant.parse(f[9]));
            deliveries.add(new OutcomeBus.Delivery(null, waiter, new Settlement.Committed(decided, Long.parseLong(f[10]))));
        }
        return deliveries;
    }
}
