package io.github.wallet.adapter.in.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.wallet.domain.money.Amount;
import io.github.wallet.domain.operation.Decision;
import io.github.wallet.domain.operation.Ledger;
import io.github.wallet.domain.operation.Operation;
import io.github.wallet.domain.operation.OperationId;
import io.github.wallet.domain.operation.OperationRecord;
import io.github.wallet.domain.money.CurrencyCode;
import io.github.wallet.domain.money.Money;
import io.github.wallet.domain.wallet.Wallet;
import io.github.wallet.domain.wallet.WalletId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The JSON work of one write request: reading the classic deposit body, and writing the
 * Operation answer. Run with {@code bench/jmh.sh}; the figures are in docs/BENCHMARKS.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class JsonCodecBenchmark {

    private final JsonCodec codec = new JsonCodec();
    private byte[] depositBody;
    private OperationResponse answer;

    @Setup
    public void bodies() {
        UUID wallet = UUID.randomUUID();
        depositBody = ("{\"walletId\":\"" + wallet + "\",\"operationType\":\"DEPOSIT\",\"amount\":1000}").getBytes(StandardCharsets.UTF_8);
        Instant at = Instant.parse("2026-01-01T00:00:00.123456Z");
        WalletId id = new WalletId(wallet);
        Operation deposit = new Operation.Deposit(new OperationId(UUID.randomUUID()), id, new Amount(1000));
        Decision decision = new Ledger(List.of(Wallet.reconstitute(id, new CurrencyCode("RUB"), Money.ZERO, at, at))).decide(deposit, at);
        answer = OperationResponse.of(new OperationRecord.Pending(deposit, at).decided(decision.outcome(), at));
    }

    @Benchmark
    public ObjectNode readDepositRequest() {
        return codec.readObject(depositBody, false);
    }

    @Benchmark
    public byte[] writeOperationAnswer() {
        return codec.write(answer);
    }
}
