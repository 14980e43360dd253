package io.github.wallet.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wallet.domain.operation.OperationId;
import io.github.wallet.domain.operation.OperationType;
import io.github.wallet.domain.wallet.Wallet;
import io.github.wallet.domain.wallet.WalletId;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EntryChainTest {

    private static final WalletId WALLET = new WalletId(UUID.fromString("00000000-0000-0000-0000-000000000001"));
    private static final OperationId OPERATION = new OperationId(UUID.fromString("00000000-0000-0000-0000-0000000000AA"));

    @Test
    void theTextIsTheContractsAndItsHashIsPlainSha256() {
        Instant decidedAt = Instant.parse("2026-11-29T10:07:44.752842Z");
        assertThat(EntryChain.text(Wallet.CHAIN_START, WALLET, OPERATION, OperationType.DEPOSIT, 5, 5, decidedAt)).isEqualTo(
                "0".repeat(64) + "|00000000-0000-0000-0000-000000000001|00000000-0000-0000-0000-0000000000aa|DEPOSIT|5|5|2026-11-29T10:07:44.752842Z");
        // printf '%s' '<the text above>' | sha256sum
        assertThat(EntryChain.hash(Wallet.CHAIN_START, WALLET, OPERATION, OperationType.DEPOSIT, 5, 5, decidedAt))
                .isEqualTo("c4f2496d4c11e98df4a7c5abc8437bfe325615d6be3c2a05955cead685d28e4f");
    }

    @Test
    void timesAlwaysHaveSixDecimalsAndAmountsTheirSign() {
        String text = EntryChain.text("a".repeat(64), WALLET, OPERATION, OperationType.WITHDRAW, -300, -250, Instant.parse("2026-01-02T03:04:05Z"));
        assertThat(text).endsWith("|WITHDRAW|-300|-250|2026-01-02T03:04:05.000000Z");
    }
}
