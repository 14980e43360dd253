package io.github.wallet.adapter.out.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wallet.application.port.Settlement;
import io.github.wallet.application.port.out.QueuedOperation;
import io.github.wallet.application.service.BatchCommitter;
import io.github.wallet.application.service.RuleSettings;
import io.github.wallet.application.service.WalletSnapshotCache;
import io.github.wallet.application.testing.Operations;
import io.github.wallet.application.testing.Wallets;
import io.github.wallet.domain.money.Amount;
import io.github.wallet.domain.money.Money;
import io.github.wallet.domain.operation.OperationRecord;
import io.github.wallet.domain.operation.OperationStatus;
import io.github.wallet.domain.operation.Outcome;
import io.github.wallet.domain.wallet.WalletId;
import io.github.wallet.domain.wallet.WalletLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The deepest overdraft the contract allows (CONTRACT.md §8: a limit up to a long's largest value)
 * is a balance PostgreSQL keeps: withdrawals down to exactly -Long.MAX_VALUE complete, and the one
 * below it is rejected by the domain, never refused by the store as FAILED.
 */
class DeepestOverdraftTest {

    private static TestPostgres database;
    private static PostgresWalletStore store;

    @BeforeAll
    static void startStore() {
        database = TestPostgres.createDatabase(DeepestOverdraftTest.class);
        store = PostgresWalletStore.start(database.settings());
    }

    @AfterAll
    static void stopStore() {
        store.close();
        database.close();
    }

    @Test
    void withdrawalsDownToMinusLongMaxCompleteAndTheNextIsRejected() {
        WalletId wallet = Wallets.open(store);
        List<QueuedOperation> batch = new ArrayList<>();
        batch.add(Operations.limits(wallet, new WalletLimits(Long.MAX_VALUE, OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty())));
        long left = Long.MAX_VALUE;
        while (left > 0) {
            long amount = Math.min(left, Amount.MAX_MINOR);
            batch.add(Operations.withdrawal(wallet, amount));
            left -= amount;
        }
        batch.add(Operations.withdrawal(wallet, 1));

        List<Settlement> settled = new BatchCommitter(store, RuleSettings.defaults(), WalletSnapshotCache.off()).commit(batch, Operations.now());

        OperationRecord.Decided deepest = ((Settlement.Committed) settled.get(settled.size() - 2)).operation();
        assertThat(deepest.outcome()).isEqualTo(new Outcome.Completed(new Money(-Long.MAX_VALUE)));
        assertThat(store.findOperation(deepest.id()).orElseThrow().status()).isEqualTo(OperationStatus.COMPLETED);
        OperationRecord.Decided below = ((Settlement.Committed) settled.getLast()).operation();
        assertThat(below.outcome()).as("one more would pass the floor").isInstanceOf(Outcome.Rejected.class);
        assertThat(store.findWallet(wallet).orElseThrow().balance()).isEqualTo(new Money(-Long.MAX_VALUE));
    }
}
