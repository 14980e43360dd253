package io.github.wallet.adapter.out.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wallet.application.port.Settlement;
import io.github.wallet.application.port.out.QueuedOperation;
import io.github.wallet.application.service.BatchCommitter;
import io.github.wallet.application.testing.Operations;
import io.github.wallet.application.testing.Wallets;
import io.github.wallet.domain.money.Money;
import io.github.wallet.domain.operation.OperationRecord;
import io.github.wallet.domain.operation.OperationStatus;
import io.github.wallet.domain.operation.Outcome;
import io.github.wallet.domain.wallet.WalletId;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A batch that PostgreSQL refuses for one of its operations (here a trigger refuses any ledger
 * entry of 666) must not stop its shard: the refused operation is kept as FAILED with the reason,
 * the rest of its batch commits, in queue order.
 */
class PoisonBatchTest {

    private static final long POISON = 666;

    private static TestPostgres database;
    private static PostgresWalletStore store;

    @BeforeAll
    static void startStore() {
        database = TestPostgres.createDatabase(PoisonBatchTest.class);
        store = PostgresWalletStore.start(database.settings());
        Jdbi.create(database.jdbcUrl(), database.settings().user(), database.settings().password()).useHandle(handle -> handle.execute("""
                create function refuse_poison() returns trigger language plpgsql as $$
                begin
                    if abs(new.delta) = 666 then raise exception 'ledger entry of % refused by a test trigger', new.delta; end if;
                    return new;
                end $$;
                create trigger refuse_poison before insert on ledger_entry for each row execute function refuse_poison();
                """));
    }

    @AfterAll
    static void stopStore() {
        store.close();
        database.close();
    }

    private static List<Settlement> commit(List<QueuedOperation> batch) {
        return new BatchCommitter(store, io.github.wallet.application.service.RuleSettings.defaults(), io.github.wallet.application.service.WalletSnapshotCache.off()).commit(batch, Operations.now());
    }

    private static OperationRecord.Decided decided(Settlement settlement) {
        return ((Settlement.Committed) settlement).operation();
    }

    @Test
    void theRefusedOperationIsKeptAsFailedAndTheRestOfItsBatchCommitsInOrder() {
        WalletId wallet = Wallets.open(store);
        List<QueuedOperation> batch = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            batch.add(i == 17 ? Operations.deposit(wallet, POISON) : Operations.deposit(wallet, 1));
        }
        batch.add(Operations.withdrawal(wallet, 39));

        List<Settlement> settled = commit(batch);

        assertThat(settled).hasSize(41);
        OperationRecord.Decided poison = decided(settled.get(17));
        assertThat(poison.outcome()).isInstanceOfSatisfying(Outcome.Failed.class,
                failed -> assertThat(failed.reason()).contains("refused by a test trigger"));
        assertThat(decided(settled.get(16)).outcome()).isEqualTo(new Outcome.Completed(new Money(17)));
        assertThat(decided(settled.get(18)).outcome()).as("the next one sees the balance without the poison").isEqualTo(new Outcome.Completed(new Money(18)));
        assertThat(decided(settled.get(40)).outcome()).as("the withdrawal, queued last, decided last").isEqualTo(new Outcome.Completed(new Money(0)));
        assertThat(store.findOperation(poison.id()).orElseThrow().status()).isEqualTo(OperationStatus.FAILED);
        assertThat(store.findWallet(wallet).orElseThrow().balance()).isEqualTo(Money.ZERO);
        assertThat(store.audit().passed()).as(store.audit().problems().toString()).isTrue();
    }

    @Test
    void severalRefusedOperationsAreEachIsolatedAndATransferIsRefusedOnBothSides() {
        WalletId source = Wallets.withBalance(store, 1_000);
        WalletId target = Wallets.open(store);
        List<QueuedOperation> batch = List.of(
                Operations.transfer(source, target, POISON),
                Operations.transfer(source, target, 10),
                Operations.withdrawal(source, POISON),
                Operations.deposit(target, 5));

        List<Settlement> settled = commit(batch);

        assertThat(settled).extracting(s -> decided(s).status()).containsExactly(
                OperationStatus.FAILED, OperationStatus.COMPLETED, OperationStatus.FAILED, OperationStatus.COMPLETED);
        assertThat(store.findWallet(source).orElseThrow().balance()).isEqualTo(new Money(990));
        assertThat(store.findWallet(target).orElseThrow().balance()).isEqualTo(new Money(15));
        assertThat(store.audit().passed()).isTrue();
    }

    @Test
    void aRedeliveredFailedOperationKeepsItsStoredAnswer() {
        WalletId wallet = Wallets.open(store);
        QueuedOperation poison = Operations.deposit(wallet, POISON);
        OperationRecord.Decided first = decided(commit(List.of(poison)).getFirst());
        OperationRecord.Decided again = decided(commit(List.of(poison, Operations.deposit(wallet, 2))).getFirst());
        assertThat(again).isEqualTo(first);
        assertThat(store.findWallet(wallet).orElseThrow().balance()).isEqualTo(new Money(2));
    }
}
