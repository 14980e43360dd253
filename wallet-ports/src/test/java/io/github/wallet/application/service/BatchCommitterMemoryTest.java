package io.github.wallet.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wallet.application.port.Settlement;
import io.github.wallet.application.port.out.BatchStore;
import io.github.wallet.application.port.out.BatchTransaction;
import io.github.wallet.application.port.out.BatchWrites;
import io.github.wallet.application.port.out.QueuedOperation;
import io.github.wallet.application.port.out.StoredOperation;
import io.github.wallet.application.testing.InMemoryWalletStore;
import io.github.wallet.application.testing.Operations;
import io.github.wallet.domain.money.CurrencyCode;
import io.github.wallet.domain.money.Money;
import io.github.wallet.domain.operation.Hold;
import io.github.wallet.domain.operation.IdempotencyKey;
import io.github.wallet.domain.operation.OperationId;
import io.github.wallet.domain.operation.Outcome;
import io.github.wallet.domain.operation.RequestFingerprint;
import io.github.wallet.domain.wallet.Wallet;
import io.github.wallet.domain.wallet.WalletId;
import io.github.wallet.domain.wallet.WalletSnapshot;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * What the batch commit leaves in memory for balance reads: every wallet it wrote, one version
 * on; and when a batch turns out to be committed already (its first commit's answer was lost, so
 * nothing reached memory then), the wallets as that commit left them. And how it plans on that
 * memory: without locking and reading wallets it remembers, but never deciding on a wallet that
 * changed since, not even a rejection (which writes no wallet).
 */
class BatchCommitterMemoryTest {

    private final InMemoryWalletStore store = new InMemoryWalletStore();
    private final AtomicInteger lockAndReads = new AtomicInteger();
    /** The store, counting the batches that locked and read their wallets. */
    private final BatchStore counting = new BatchStore() {
        @Override
        public <T> T inTransaction(Function<BatchTransaction, T> work) {
            return store.inTransaction(tx -> work.apply(new BatchTransaction() {
                @Override
                public List<Wallet> lockWallets(SortedSet<WalletId> walletIds) {
                    lockAndReads.incrementAndGet();
                    return tx.lockWallets(walletIds);
                }

                @Override
                public List<StoredOperation> findStored(Collection<OperationId> operationIds, Collection<IdempotencyKey> keys) {
                    return tx.findStored(operationIds, keys);
                }

                @Override
                public List<Hold> findHolds(Collection<OperationId> holdIds) {
                    return tx.findHolds(holdIds);
                }

                @Override
                public void write(BatchWrites writes) {
                    tx.write(writes);
                }
            }));
        }
    };
    private final WalletSnapshotCache memory = new WalletSnapshotCache(100);
    private final BatchCommitter committer = new BatchCommitter(counting, RuleSettings.defaults(), memory);

    private WalletId openWallet() {
        Wallet wallet = Wallet.open(new WalletId(UUID.randomUUID()), new CurrencyCode("EUR"), Operations.now());
        store.createWallet(wallet, Optional.empty(), new RequestFingerprint("test"));
        memory.offer(WalletSnapshot.of(wallet));
        return wallet.id();
    }

    @Test
    void aCommittedBatchLeavesEveryWalletItWroteOneVersionOn() {
        WalletId a = openWallet();
        WalletId b = openWallet();
        committer.commit(List.of(Operations.deposit(a, 100), Operations.transfer(a, b, 30)), Operations.now());

        assertThat(memory.get(a).orElseThrow().balance()).isEqualTo(new Money(70));
        assertThat(memory.get(a).orElseThrow().version()).isEqualTo(1);
        assertThat(memory.get(b).orElseThrow().balance()).isEqualTo(new Money(30));
        assertThat(memory.get(a)).isEqualTo(store.findWallet(a));
        assertThat(memory.get(b)).isEqualTo(store.findWallet(b));
    }

    @Test
    void aBatchCommittedBeforeWhoseAnswerWasLostLeavesWhatThatCommitWrote() {
        WalletId wallet = openWallet();
        List<QueuedOperation> batch = List.of(Operations.deposit(wallet, 40));
        // The first commit went through, but its answer was lost: nothing reached memory.
        new BatchCommitter(store, RuleSettings.defaults(), WalletSnapshotCache.off()).commit(batch, Operations.now());
        assertThat(memory.get(wallet).orElseThrow().balance()).isEqualTo(Money.ZERO);

        committer.commit(batch, Operations.now());

        assertThat(memory.get(wallet)).isEqualTo(store.findWallet(wallet));
        assertThat(memory.get(wallet).orElseThrow().balance()).isEqualTo(new Money(40));
    }

    @Test
    void aBatchOnWalletsItRemembersIsNeitherLockedNorReadFirst() {
        WalletId a = openWallet();
        WalletId b = openWallet();
        committer.commit(List.of(Operations.deposit(a, 100), Operations.transfer(a, b, 30), Operations.withdrawal(b, 50)), Operations.now());

        assertThat(lockAndReads).hasValue(0);
        assertThat(committer.replanned()).as("nothing changed under memory").isZero();
        assertThat(store.findWallet(a).orElseThrow().balance()).isEqualTo(new Money(70));
        assertThat(store.findWallet(b).orElseThrow().balance()).isEqualTo(new Money(30));
    }

    @Test
    void aWithdrawalIsNotRejectedOnARememberedBalanceThatHasSinceGrown() {
        WalletId wallet = openWallet();
        // Another writer (another instance, another shard's transfer) deposits; this memory still says 0.
        new BatchCommitter(store, RuleSettings.defaults(), WalletSnapshotCache.off()).commit(List.of(Operations.deposit(wallet, 100)), Operations.now());

        List<Settlement> settled = committer.commit(List.of(Operations.withdrawal(wallet, 50)), Operations.now());

        assertThat(((Settlement.Committed) settled.getFirst()).operation().outcome()).isEqualTo(new Outcome.Completed(new Money(50)));
        assertThat(lockAndReads).as("decided again, locked and read").hasValue(1);
        assertThat(committer.replanned()).as("counted for the wallet_batch_replans metric").isEqualTo(1);
        assertThat(memory.get(wallet)).isEqualTo(store.findWallet(wallet));
    }

    @Test
    void aWalletReadUnderLockIsRememberedAsStoredEvenWhenTheBatchOnlyRejectedOnIt() {
        WalletId wallet = openWallet();
        new BatchCommitter(store, RuleSettings.defaults(), WalletSnapshotCache.off()).commit(List.of(Operations.deposit(wallet, 10)), Operations.now());

        committer.commit(List.of(Operations.withdrawal(wallet, 50)), Operations.now());
        assertThat(lockAndReads).as("memory was stale: locked and read").hasValue(1);
        assertThat(memory.get(wallet)).as("remembered as read, though the rejection wrote nothing").isEqualTo(store.findWallet(wallet));

        List<Settlement> settled = committer.commit(List.of(Operations.withdrawal(wallet, 60)), Operations.now());
        assertThat(((Settlement.Committed) settled.getFirst()).operation().outcome()).isInstanceOf(Outcome.Rejected.class);
        assertThat(lockAndReads).as("the next batch plans on memory again").hasValue(1);
    }
}
