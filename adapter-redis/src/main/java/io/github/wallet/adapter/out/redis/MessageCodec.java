package io.github.wallet.adapter.out.redis;

import io.github.wallet.application.port.Settlement;
import io.github.wallet.application.port.out.OutcomeBus;
import io.github.wallet.application.port.out.QueuedOperation;
import io.github.wallet.domain.money.Amount;
import io.github.wallet.domain.money.Money;
import io.github.wallet.domain.operation.IdempotencyKey;
import io.github.wallet.domain.operation.OperationId;
import io.github.wallet.domain.operation.OperationRecord;
import io.github.wallet.domain.operation.OperationStatus;
import io.github.wallet.domain.operation.OperationType;
import io.github.wallet.domain.operation.RejectionReason;
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
        OperationRecord op = queued.operation();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("id", op.id().toString());
        fields.put("type", op.type().name());
        fields.put("wallet", op.walletId().toString());
        if (op.targetWalletId() != null) {
            fields.put("target", op.targetWalletId().toString());
        }
        fields.put("amount", Long.toString(op.amount().amountMinor()));
        fields.put("created", op.createdAt().toString());
        queued.idempotencyKey().ifPresent(key -> fields.put("key", key.value()));
        fields.put("fp", queued.fingerprint());
        fields.put("reply", queued.replyTo());
        return fields;
    }

    static QueuedOperation decode(Map<String, String> fields) {
        String target = fields.get("target");
        OperationRecord op = new OperationRecord(
                new OperationId(UUID.fromString(fields.get("id"))),
                OperationType.valueOf(fields.get("type")),
                new WalletId(UUID.fromString(fields.get("wallet"))),
                target == null ? null : new WalletId(UUID.fromString(target)),
                new Amount(Long.parseLong(fields.get("amount"))),
                OperationStatus.PENDING, null, null,
                Instant.parse(fields.get("created")), null);
        Optional<IdempotencyKey> key = Optional.ofNullable(fields.get("key")).map(IdempotencyKey::new);
        return new QueuedOperation(op, key, fields.get("fp"), fields.get("reply"));
    }

    /** Deliveries for one instance, one per line: waiter id, then the decided operation. */
    static String encodeDeliveries(List<OutcomeBus.Delivery> deliveries) {
        StringBuilder text = new StringBuilder(deliveries.size() * 200);
        for (OutcomeBus.Delivery delivery : deliveries) {
            OperationRecord op = delivery.settlement().operation();
            text.append(delivery.operationId()).append(' ')
                    .append(op.id()).append(' ')
                    .append(op.type()).append(' ')
                    .append(op.walletId()).append(' ')
                    .append(op.targetWalletId() == null ? "-" : op.targetWalletId()).append(' ')
                    .append(op.amount().amountMinor()).append(' ')
                    .append(op.status()).append(' ')
                    .append(op.rejection() == null ? "-" : op.rejection()).append(' ')
                    .append(op.balanceAfter() == null ? "-" : Long.toString(op.balanceAfter().amountMinor())).append(' ')
                    .append(op.createdAt()).append(' ')
                    .append(op.completedAt()).append(' ')
                    .append(delivery.settlement().applyMicros()).append('\n');
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
            OperationRecord op = new OperationRecord(
                    new OperationId(UUID.fromString(f[1])),
                    OperationType.valueOf(f[2]),
                    new WalletId(UUID.fromString(f[3])),
                    f[4].equals("-") ? null : new WalletId(UUID.fromString(f[4])),
                    new Amount(Long.parseLong(f[5])),
                    OperationStatus.valueOf(f[6]),
                    f[7].equals("-") ? null : RejectionReason.valueOf(f[7]),
                    f[8].equals("-") ? null : new Money(Long.parseLong(f[8])),
                    Instant.parse(f[9]),
                    Instant.parse(f[10]));
            deliveries.add(new OutcomeBus.Delivery(null, new OperationId(UUID.fromString(f[0])), new Settlement(op, Long.parseLong(f[11]))));
        }
        return deliveries;
    }
}
