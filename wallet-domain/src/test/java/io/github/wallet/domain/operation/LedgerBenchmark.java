package io.github.wallet.domain.operation;

import io.github.wallet.domain.money.Amount;
import io.github.wallet.domain.money.CurrencyCode;
import io.github.wallet.domain.money.Money;
import io.github.wallet.domain.wallet.Wallet;
import io.github.wallet.domain.wallet.WalletId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The domain's share of a batch commit: the ledger deciding a batch of operations in queue order.
 * Run with {@code bench/jmh.sh}; the figures are in docs/BENCHMARKS.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LedgerBenchmark {

    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");
    private static final CurrencyCode RUB = new CurrencyCode("RUB");

    /** Operations per batch (the worker takes up to 500). */
    @Param({"64", "500"})
    int batchSize;

    /** How many wallets the batch touches: 1 is the hot wallet. */
    @Param({"1", "64"})
    int walletCount;

    private List<WalletId> walletIds;
    private List<Operation> operations;
    private List<Wallet> wallets;

    @Setup(Level.Trial)
    public void operations() {
        walletIds = new ArrayList<>(walletCount);
        for (int i = 0; i < walletCount; i++) {
            walletIds.add(new WalletId(UUID.randomUUID()));
        }
        operations = new ArrayList<>(batchSize);
        for (int i = 0; i < batchSize; i++) {
            WalletId wallet = walletIds.get(i % walletCount);
            OperationId id = new OperationId(UUID.randomUUID());
            Amount amount = new Amount(1 + i % 100);
            operations.add(switch (i % 4) {
                case 0, 1 -> new Operation.Deposit(id, wallet, amount);
                case 2 -> new Operation.Withdrawal(id, wallet, amount);
                default -> walletCount > 1
                        ? new Operation.Transfer(id, wallet, walletIds.get((i + 1) % walletCount), amount)
                        : new Operation.Withdrawal(id, wallet, amount);
            });
        }
    }

    /** Fresh wallets for every call, as each batch loads them anew from the store. */
    @Setup(Level.Invocation)
    public void wallets() {
        wallets = new ArrayList<>(walletCount);
        for (WalletId id : walletIds) {
            wallets.add(Wallet.reconstitute(id, RUB, new Money(1_000), AT, AT));
        }
    }

    @Benchmark
    public List<Decision> decideBatch() {
        return new Ledger(wallets).decideAll(operations, AT);
    }
}
