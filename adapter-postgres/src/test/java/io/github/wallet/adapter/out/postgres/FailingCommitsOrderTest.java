package io.github.wallet.adapter.out.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wallet.application.port.Settlement;
import io.github.wallet.application.port.in.CreateWalletCommand;
import io.github.wallet.application.port.in.CreateWalletResult;
import io.github.wallet.application.port.in.SubmitOperationCommand;
import io.github.wallet.application.port.in.Submission;
import io.github.wallet.application.service.ProcessorListener;
import io.github.wallet.application.service.ProcessorSettings;
import io.github.wallet.application.service.WalletCore;
import io.github.wallet.domain.money.Amount;
import io.github.wallet.domain.money.Money;
import io.github.wallet.domain.operation.Outcome;
import io.github.wallet.domain.wallet.WalletId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The worker keeps the queue's order when commits fail. Random deposits, withdrawals and
 * transfers on a few wallets (balances near zero, so many withdrawals are refused and every
 * outcome depends on the order) go through one shard in small batches, while a deferred trigger
 * makes about one commit in five fail AT COMMIT, after the batch was planned and written. Every
 * operation's outcome, down to each balance after it, must be what applying them one by one in
 * queue order gives; so must the ledger. (Written for pipelined commits, tried and not kept,
 * where a commit failing after the next batch was written is the hazard: docs/BENCHMARKS.md.)
 */
class FailingCommitsOrderTest {

    private static final int OPERATIONS = 1_500;
    private static final int WALLETS = 4;

    private static TestPostgres database;
    private static PostgresWalletStore store;

    @BeforeAll
    static void startStore() {
        database = TestPostgres.createDatabase(FailingCommitsOrderTest.class);
        store = PostgresWalletStore.start(database.settings());
        Jdbi.create(database.jdbcUrl(), database.settings().user(), database.settings().password()).useHandle(handle -> handle.execute("""
                create function fail_some_commits() returns trigger language plpgsql as $$
                begin
                    if txid_current() % 5 = 0 then
                        raise exception 'commit refused by a test trigger' using errcode = '40001';
                    end if;
                    return null;
                end $$;
                create constraint trigger fail_some_commits after insert on operation
                    deferrable initially deferred for each row execute function fail_some_commits();
                """));
    }

    @AfterAll
    static void stopStore() {
        store.close();
        database.close();
    }

    @Test
    void outcomesAreThoseOfTheQueueOrderThoughCommitsFail() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        AtomicInteger failedCommits = new AtomicInteger();
        ProcessorListener listener = new ProcessorListener() {
            @Override
            public void batchFailed(int shard, int size, RuntimeException failure, long retryInMillis) {
                failedCommits.incrementAndGet();
            }
        };
        ProcessorSettings settings = ProcessorSettings.defaults().withBatchSizeMax(8);
        try (WalletCore core = WalletCore.builder(store).shardCount(1).processorSettings(settings).listener(listener).build().start()) {
            List<WalletId> wallets = new ArrayList<>();
            for (int i = 0; i < WALLETS; i++) {
                wallets.add(((CreateWalletResult.Created) core.createWallet().create(CreateWalletCommand.withDefaults())).wallet().id());
            }
            Map<WalletId, Long> model = new HashMap<>();
            wallets.forEach(wallet -> model.put(wallet, 0L));
            List<Outcome> expected = new ArrayList<>();
            List<CompletableFuture<Settlement>> settled = new ArrayList<>();
            for (int i = 0; i < OPERATIONS; i++) {
                WalletId wallet = wallets.get(random.nextInt(WALLETS));
                long amount = 1 + random.nextInt(100);
                SubmitOperationCommand command;
                switch (random.nextInt(3)) {
                    case 0 -> {
                        command = SubmitOperationCommand.deposit(wallet, new Amount(amount));
                        model.merge(wallet, amount, Long::sum);
                        expected.add(new Outcome.Completed(new Money(model.get(wallet))));
                    }
                    case 1 -> {
                        command = SubmitOperationCommand.withdrawal(wallet, new Amount(amount));
                        expected.add(take(model, wallet, amount));
                    }
                    default -> {
                        WalletId target = wallets.get((wallets.indexOf(wallet) + 1 + random.nextInt(WALLETS - 1)) % WALLETS);
                        command = SubmitOperationCommand.transfer(wallet, target, new Amount(amount));
                        Outcome outcome = take(model, wallet, amount);
                        if (outcome instanceof Outcome.Completed) {
                            model.merge(target, amount, Long::sum);
                        }
                        expected.add(outcome);
                    }
                }
                settled.add(((Submission.Accepted) core.submitOperation().submit(command)).settlement().toCompletableFuture());
            }
            CompletableFuture.allOf(settled.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

            String replay = "seed " + seed;
            for (int i = 0; i < OPERATIONS; i++) {
                Outcome outcome = ((Settlement.Committed) settled.get(i).join()).operation().outcome();
                if (expected.get(i) instanceof Outcome.Rejected) {
                    assertThat(outcome).as("operation %d, %s", i, replay).isInstanceOf(Outcome.Rejected.class);
                } else {
                    assertThat(outcome).as("operation %d, %s", i, replay).isEqualTo(expected.get(i));
                }
            }
            for (WalletId wallet : wallets) {
                assertThat(store.findWallet(wallet).orElseThrow().balance()).as("balance, %s", replay).isEqualTo(new Money(model.get(wallet)));
            }
            assertThat(failedCommits.get()).as("commits the trigger failed, %s", replay).isGreaterThan(5);
            LedgerAudit.Report audit = store.audit();
            assertThat(audit.problems()).as("ledger audit, %s", replay).isEmpty();
        }
    }

    /** A withdrawal (or a transfer's debit) in the model: no overdraft by default. */
    private static Outcome take(Map<WalletId, Long> model, WalletId wallet, long amount) {
        long balance = model.get(wallet);
        if (balance < amount) {
            return new Outcome.Rejected(io.github.wallet.domain.operation.RejectionReason.INSUFFICIENT_FUNDS);
        }
        model.put(wallet, balance - amount);
        return new Outcome.Completed(new Money(balance - amount));
    }
}
