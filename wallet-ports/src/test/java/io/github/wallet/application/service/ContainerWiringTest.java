package io.github.wallet.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Scopes;
import io.github.wallet.application.inprocess.InProcessOperationQueue;
import io.github.wallet.application.inprocess.InProcessOutcomeBus;
import io.github.wallet.application.inprocess.SystemTimeSource;
import io.github.wallet.application.inprocess.TimeOrderedIdGenerator;
import io.github.wallet.application.port.Settlement;
import io.github.wallet.application.port.in.CreateWalletCommand;
import io.github.wallet.application.port.in.CreateWalletResult;
import io.github.wallet.application.port.in.CreateWalletUseCase;
import io.github.wallet.application.port.in.GetWalletUseCase;
import io.github.wallet.application.port.in.Submission;
import io.github.wallet.application.port.in.SubmitOperationCommand;
import io.github.wallet.application.port.in.SubmitOperationUseCase;
import io.github.wallet.application.port.out.BatchStore;
import io.github.wallet.application.port.out.IdGenerator;
import io.github.wallet.application.port.out.OperationQueue;
import io.github.wallet.application.port.out.OutcomeBus;
import io.github.wallet.application.port.out.TimeSource;
import io.github.wallet.application.port.out.WalletReads;
import io.github.wallet.application.port.out.WalletRegistry;
import io.github.wallet.application.testing.InMemoryWalletStore;
import io.github.wallet.domain.money.Amount;
import io.github.wallet.domain.money.CurrencyCode;
import io.github.wallet.domain.money.Money;
import io.github.wallet.domain.wallet.WalletId;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The core wired by a real DI container (Guice, which speaks jakarta.inject) from nothing but its
 * {@code @Inject} constructors and a module binding each port, as an embedding application would.
 */
class ContainerWiringTest {

    /** What an embedding application writes: one binding per port, the services come by themselves. */
    private static final class WalletModule extends AbstractModule {
        private final InMemoryWalletStore store = new InMemoryWalletStore();

        @Override
        protected void configure() {
            bind(WalletReads.class).toInstance(store);
            bind(WalletRegistry.class).toInstance(store);
            bind(BatchStore.class).toInstance(store);
            bind(OperationQueue.class).toInstance(new InProcessOperationQueue(2, 1_000));
            bind(OutcomeBus.class).to(InProcessOutcomeBus.class).in(Scopes.SINGLETON);
            bind(TimeSource.class).to(SystemTimeSource.class);
            bind(IdGenerator.class).to(TimeOrderedIdGenerator.class);
            bind(CurrencyCode.class).toInstance(WalletDefaults.CURRENCY);
            bind(ProcessorSettings.class).toInstance(ProcessorSettings.defaults());
            bind(RuleSettings.class).toInstance(RuleSettings.defaults());
            bind(ProcessorListener.class).toInstance(ProcessorListener.NONE);
            // One instance for the worker and the reads: this process is the only writer here.
            bind(WalletSnapshotCache.class).toInstance(new WalletSnapshotCache(1_000));
            bind(CreateWalletUseCase.class).to(CreateWalletService.class);
            bind(SubmitOperationUseCase.class).to(SubmitOperationService.class);
            bind(GetWalletUseCase.class).to(WalletQueryService.class);
        }
    }

    @Test
    void aContainerWiresTheCoreFromItsInjectConstructorsAndItMovesMoney() throws Exception {
        Injector injector = Guice.createInjector(new WalletModule());
        try (OperationProcessor processor = injector.getInstance(OperationProcessor.class);
             StorePolling polling = injector.getInstance(StorePolling.class);
             KeyLookups keyLookups = injector.getInstance(KeyLookups.class)) {
            processor.start();
            var created = (CreateWalletResult.Created) injector.getInstance(CreateWalletUseCase.class).create(CreateWalletCommand.withDefaults());
            WalletId wallet = created.wallet().id();

            var accepted = (Submission.Accepted) injector.getInstance(SubmitOperationUseCase.class)
                    .submit(SubmitOperationCommand.deposit(wallet, new Amount(250)));
            Settlement settled = accepted.settlement().toCompletableFuture().get(5, TimeUnit.SECONDS);

            assertThat(settled).isInstanceOf(Settlement.Committed.class);
            assertThat(injector.getInstance(GetWalletUseCase.class).getWallet(wallet).orElseThrow().balance()).isEqualTo(new Money(250));
            // @Singleton services are one instance however often they are asked for.
            assertThat(injector.getInstance(SubmitOperationService.class)).isSameAs(injector.getInstance(SubmitOperationService.class));
            assertThat(polling).isSameAs(injector.getInstance(StorePolling.class));
        }
    }
}
