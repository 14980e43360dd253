package io.github.wallet.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wallet.application.port.out.QueuedOperation;
import io.github.wallet.application.testing.InMemoryWalletStore;
import io.github.wallet.application.testing.Operations;
import io.github.wallet.domain.money.CurrencyCode;
import io.github.wallet.domain.money.Money;
import io.github.wallet.domain.operation.RequestFingerprint;
import io.github.wallet.domain.wallet.Wallet;
import io.github.wallet.domain.wallet.WalletId;
import io.github.wallet.domain.wallet.WalletSnapshot;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What the batch commit leaves in memory for balance reads: every wallet it wrote, one version
 * on; and when a batch turns out to be committed already (its first commit's answer was lost, so
 * nothing reached memory then), the wallets as that commit left them.
 */
class BatchCommitterMemoryTest {

    private final InMemoryWalletStore store = new InMemoryWalletStore();
    private final WalletSnapshotCache memory = new WalletSnapshotCache(100);
    private final BatchCommitter committer = new BatchCommitter(store, RuleSettings.defaults(), memory);

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
}
