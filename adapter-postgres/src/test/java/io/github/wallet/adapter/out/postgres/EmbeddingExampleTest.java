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
import io.github.wallet.domain.wallet.WalletSnapshot;
import org.junit.jupiter.api.Test;

/**
 * The README's embedding example, verbatim: a wallet core inside a plain Java program, with the
 * PostgreSQL store and the in-process queue, no HTTP and no container.
 */
class EmbeddingExampleTest {

    @Test
    void aPlainJavaProgramRunsTheWalletCore() {
        try (TestPostgres database = TestPostgres.createDatabase(EmbeddingExampleTest.class)) {
            // --- README: embedding example (begin) ---
            try (PostgresWalletStore store = PostgresWalletStore.start(database.settings());
                 WalletCore core = WalletCore.builder(store).build().start()) {
                var created = (CreateWalletResult.Created) core.createWallet().create(CreateWalletCommand.withDefaults());
                WalletSnapshot wallet = created.wallet();

                var deposit = (Submission.Accepted) core.submitOperation().submit(SubmitOperationCommand.deposit(wallet.id(), new Amount(1_000)));
                Settlement settled = deposit.settlement().toCompletableFuture().join();   // committed in PostgreSQL

                var withdrawal = (Submission.Accepted) core.submitOperation().submit(SubmitOperationCommand.withdrawal(wallet.id(), new Amount(300)));
                withdrawal.settlement().toCompletableFuture().join();

                Money balance = core.getWallet().getWallet(wallet.id()).orElseThrow().balance();
                // --- README: embedding example (end) ---
                assertThat(settled).isInstanceOfSatisfying(Settlement.Committed.class,
                        committed -> assertThat(committed.operation().outcome()).isEqualTo(new Outcome.Completed(new Money(1_000))));
                assertThat(balance).isEqualTo(new Money(700));
            }
        }
    }

    /**
     * An embedder's clock may give nanoseconds; PostgreSQL keeps microseconds. A batch's time is
     * cut to microseconds before anything is hashed, so the chain recomputed from what is stored
     * matches (about half the entries failed {@code /verify} and {@code audit} before).
     */
    @Test
    void aClockWithNanosecondsLeavesAChainThatVerifies() {
        try (TestPostgres database = TestPostgres.createDatabase(EmbeddingExampleTest.class);
             PostgresWalletStore store = PostgresWalletStore.start(database.settings());
             WalletCore core = WalletCore.builder(store)
                     .timeSource(() -> java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS).plusNanos(999))
                     .build().start()) {
            WalletSnapshot wallet = ((CreateWalletResult.Created) core.createWallet().create(CreateWalletCommand.withDefaults())).wallet();
            for (int i = 0; i < 5; i++) {
                ((Submission.Accepted) core.submitOperation().submit(SubmitOperationCommand.deposit(wallet.id(), new Amount(10))))
                        .settlement().toCompletableFuture().join();
            }
            var verified = core.verifyWallet().verify(wallet.id()).orElseThrow();
            assertThat(verified.valid()).as(verified.toString()).isTrue();
            assertThat(verified.entries()).isEqualTo(5);
            assertThat(store.audit().problems()).isEmpty();
        }
    }
}
