package io.github.wallet.adapter.out.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wallet.application.port.Settlement;
import io.github.wallet.application.port.in.CreateWalletCommand;
import io.github.wallet.application.port.in.CreateWalletResult;
import io.github.wallet.application.port.in.SubmitOperationCommand;
import io.github.wallet.application.port.in.Submission;
import io.github.wallet.application.service.WalletCore;
import io.github.wallet.domain.money.Amount;
import io.github.wallet.domain.money.Money;
import io.github.wallet.domain.operation.Outcome;
import io.github.wallet.domain.wallet.WalletId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A batch whose wallets this process remembers is planned on them without locking and reading
 * them first. Here a second core on the same database writes the wallet behind the first one's
 * back (as another shard's transfer could between a commit and its memory being updated): the
 * first core's next deposit must be decided on the wallet as stored, not as remembered, or the
 * second core's deposit would be lost.
 */
class RememberedWalletsTest {

    private static TestPostgres database;
    private static PostgresWalletStore storeOfOne;
    private static PostgresWalletStore storeOfOther;

    @BeforeAll
    static void startStores() {
        database = TestPostgres.createDatabase(RememberedWalletsTest.class);
        storeOfOne = PostgresWalletStore.start(database.settings());
        storeOfOther = PostgresWalletStore.start(database.settings());
    }

    @AfterAll
    static void stopStores() {
        storeOfOne.close();
        storeOfOther.close();
        database.close();
    }

    private static Outcome settle(WalletCore core, SubmitOperationCommand command) {
        Submission.Accepted accepted = (Submission.Accepted) core.submitOperation().submit(command);
        return ((Settlement.Committed) accepted.settlement().toCompletableFuture().join()).operation().outcome();
    }

    private static Outcome deposit(WalletCore core, WalletId wallet, long amount) {
        return settle(core, SubmitOperationCommand.deposit(wallet, new Amount(amount)));
    }

    private static Outcome withdraw(WalletCore core, WalletId wallet, long amount) {
        return settle(core, SubmitOperationCommand.withdrawal(wallet, new Amount(amount)));
    }

    @Test
    void aWithdrawalIsNotRejectedOnARememberedBalanceThatAnotherWriterRaised() {
        try (WalletCore one = WalletCore.builder(storeOfOne).build().start();
             WalletCore other = WalletCore.builder(storeOfOther).build().start()) {
            WalletId wallet = ((CreateWalletResult.Created) one.createWallet().create(CreateWalletCommand.withDefaults())).wallet().id();
            assertThat(deposit(one, wallet, 10)).isEqualTo(new Outcome.Completed(new Money(10)));
            assertThat(deposit(other, wallet, 100)).isEqualTo(new Outcome.Completed(new Money(110)));

            // A rejection writes no wallet row, so only the check of the wallets planned on can catch this.
            assertThat(withdraw(one, wallet, 50)).as("decided on the stored 110, not the remembered 10").isEqualTo(new Outcome.Completed(new Money(60)));
            assertThat(storeOfOne.audit().problems()).isEmpty();
        }
    }

    @Test
    void aWalletWrittenBehindThisProcessesBackIsDecidedAsStoredNotAsRemembered() {
        try (WalletCore one = WalletCore.builder(storeOfOne).build().start();
             WalletCore other = WalletCore.builder(storeOfOther).build().start()) {
            WalletId wallet = ((CreateWalletResult.Created) one.createWallet().create(CreateWalletCommand.withDefaults())).wallet().id();
            assertThat(deposit(one, wallet, 10)).isEqualTo(new Outcome.Completed(new Money(10)));

            assertThat(deposit(other, wallet, 100)).isEqualTo(new Outcome.Completed(new Money(110)));

            assertThat(deposit(one, wallet, 5)).as("planned on the stored 110, not the remembered 10").isEqualTo(new Outcome.Completed(new Money(115)));
            assertThat(deposit(one, wallet, 1)).as("and remembered from there on").isEqualTo(new Outcome.Completed(new Money(116)));
            assertThat(storeOfOne.findWallet(wallet).orElseThrow().balance()).isEqualTo(new Money(116));
            assertThat(storeOfOne.audit().problems()).isEmpty();
        }
    }
}
