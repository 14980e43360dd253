package io.github.wallet.adapter.out.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wallet.application.port.Settlement;
import io.github.wallet.application.port.out.OutcomeBus;
import io.github.wallet.application.port.out.QueuedOperation;
import io.github.wallet.domain.money.Amount;
import io.github.wallet.domain.money.Money;
import io.github.wallet.domain.operation.IdempotencyKey;
import io.github.wallet.domain.operation.Operation;
import io.github.wallet.domain.operation.OperationId;
import io.github.wallet.domain.operation.OperationRecord;
import io.github.wallet.domain.operation.Outcome;
import io.github.wallet.domain.operation.RejectionReason;
import io.github.wallet.domain.operation.RequestFingerprint;
import io.github.wallet.domain.wallet.WalletId;
import io.github.wallet.domain.wallet.WalletLimits;
import io.github.wallet.domain.wallet.WalletStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Every kind of operation, and every outcome, survives the trip through a stream entry and a
 * reply message unchanged, a failure's free-text reason included.
 */
class MessageCodecTest {

    private static final Instant CREATED = Instant.parse("2026-11-29T10:07:44.752842Z");
    private static final Instant DECIDED = Instant.parse("2026-11-29T10:07:44.812000Z");

    private static OperationId id() {
        return new OperationId(UUID.randomUUID());
    }

    private static List<Operation> everyKind() {
        WalletId a = new WalletId(UUID.randomUUID());
        WalletId b = new WalletId(UUID.randomUUID());
        OperationId hold = id();
        return List.of(
                new Operation.Deposit(id(), a, new Amount(5)),
                new Operation.Withdrawal(id(), a, new Amount(6)),
                new Operation.Transfer(id(), a, b, new Amount(7)),
                new Operation.HoldPlacement(hold, a, new Amount(8), Optional.of(b), CREATED.plusSeconds(60)),
                new Operation.HoldCapture(id(), a, hold, Optional.empty(), Optional.of(b)),
                new Operation.HoldVoid(id(), a, hold),
                Operation.HoldExpiry.of(a, hold),
                new Operation.LimitsChange(id(), a, new WalletLimits(50, OptionalLong.empty(), OptionalLong.of(100), OptionalLong.empty())),
                new Operation.StatusChange(id(), a, WalletStatus.FROZEN));
    }

    @Test
    void everyOperationKindTravelsThroughAStreamEntry() {
        for (Operation operation : everyKind()) {
            QueuedOperation queued = new QueuedOperation(new OperationRecord.Pending(operation, CREATED), Optional.of(new IdempotencyKey("k-1")),
                    new RequestFingerprint("fp"), "instance-1");
            assertThat(MessageCodec.decode(MessageCodec.encode(queued))).as(operation.toString()).isEqualTo(queued);
        }
    }

    @Test
    void anEntryIsOneFieldAndAKeyOfAnyVisibleCharactersTravelsVerbatim() {
        Operation deposit = new Operation.Deposit(id(), new WalletId(UUID.randomUUID()), new Amount(5));
        for (String key : List.of("plain-key", "a&b=c", "100%+more", "%41", "+", "~!@#$^*()[]{}|\\;:'\",.<>/?`")) {
            QueuedOperation queued = new QueuedOperation(new OperationRecord.Pending(deposit, CREATED), Optional.of(new IdempotencyKey(key)),
                    new RequestFingerprint("fp"), "host-1&x=y");
            Map<String, String> entry = MessageCodec.encode(queued);
            assertThat(entry).as(key).containsOnlyKeys(MessageCodec.ENTRY_FIELD);
            assertThat(MessageCodec.decode(entry)).as(key).isEqualTo(queued);
        }
    }

    /** An entry an older instance queued (a rolling upgrade): one field per name, read all the same. */
    @Test
    void anEntryWithAFieldPerNameIsReadToo() {
        WalletId wallet = new WalletId(UUID.randomUUID());
        WalletId target = new WalletId(UUID.randomUUID());
        OperationId id = id();
        Map<String, String> older = Map.of("id", id.toString(), "type", "TRANSFER", "wallet", wallet.toString(), "target", target.toString(),
                "amount", "7", "created", CREATED.toString(), "key", "k&1", "fp", "fp-1", "reply", "instance-1");
        assertThat(MessageCodec.decode(older)).isEqualTo(new QueuedOperation(
                new OperationRecord.Pending(new Operation.Transfer(id, wallet, target, new Amount(7)), CREATED),
                Optional.of(new IdempotencyKey("k&1")), new RequestFingerprint("fp-1"), "instance-1"));
    }

    @Test
    void everyOutcomeTravelsThroughAReplyAFailuresReasonVerbatim() {
        List<Outcome> outcomes = List.of(new Outcome.Completed(new Money(-42)), new Outcome.Rejected(RejectionReason.HOLD_NOT_ACTIVE),
                new Outcome.Failed("value too long & more = 100% refused+\nsecond line"));
        for (Operation operation : everyKind()) {
            for (Outcome outcome : outcomes) {
                OperationRecord.Decided decided = new OperationRecord.Decided(operation, CREATED, outcome, DECIDED);
                OutcomeBus.Delivery delivery = new OutcomeBus.Delivery(null, operation.id(), new Settlement.Committed(decided, 1234));
                assertThat(MessageCodec.decodeDeliveries(MessageCodec.encodeDeliveries(List.of(delivery)))).containsExactly(delivery);
            }
        }
        OutcomeBus.Delivery reused = new OutcomeBus.Delivery(null, id(), new Settlement.KeyReused(new IdempotencyKey("key-9")));
        assertThat(MessageCodec.decodeDeliveries(MessageCodec.encodeDeliveries(List.of(reused)))).containsExactly(reused);
    }
}
