package io.github.wallet.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wallet.application.inprocess.SystemTimeSource;
import io.github.wallet.application.inprocess.TimeOrderedIdGenerator;
import io.github.wallet.application.port.in.CreateWalletCommand;
import io.github.wallet.application.port.in.CreateWalletResult;
import io.github.wallet.application.testing.InMemoryWalletStore;
import io.github.wallet.domain.money.CurrencyCode;
import io.github.wallet.domain.operation.IdempotencyKey;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CreateWalletServiceTest {

    private final InMemoryWalletStore store = new InMemoryWalletStore();
    private final CreateWalletService service = new CreateWalletService(store, new KnownWallets(store), WalletSnapshotCache.off(), new SystemTimeSource(),
            new TimeOrderedIdGenerator(), WalletDefaults.CURRENCY);

    private static CreateWalletCommand keyed(String key, String currency) {
        return new CreateWalletCommand(Optional.empty(), Optional.of(new CurrencyCode(currency)), Optional.of(new IdempotencyKey(key)));
    }

    @Test
    void theSameRequestUnderAKeyGetsTheWalletItOpenedAndAnotherRequestIsRefused() {
        String key = "open-" + UUID.randomUUID();
        var first = (CreateWalletResult.Created) service.create(keyed(key, "EUR"));
        var again = (CreateWalletResult.Created) service.create(keyed(key, "EUR"));
        assertThat(first.replayed()).isFalse();
        assertThat(again.replayed()).isTrue();
        assertThat(again.wallet()).isEqualTo(first.wallet());
        assertThat(service.create(keyed(key, "USD"))).isEqualTo(new CreateWalletResult.IdempotencyKeyReused(new IdempotencyKey(key)));
    }

    @Test
    void aWalletWithoutAnIdOrCurrencyGetsANewIdAndTheDefaultCurrency() {
        var created = (CreateWalletResult.Created) service.create(CreateWalletCommand.withDefaults());
        assertThat(created.wallet().currency()).isEqualTo(WalletDefaults.CURRENCY);
        assertThat(store.findWallet(created.wallet().id())).contains(created.wallet());
    }
}
