package io.github.wallet.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wallet.application.inprocess.InProcessOutcomeBus;
import io.github.wallet.application.service.WalletCore;
import io.github.wallet.application.testing.InMemoryWalletStore;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A write answered before its decision (an async 202, or a sync one whose wait ran out) leaves no
 * waiter on the outcome bus: with the store down its outcome is long in coming, and on Redis one
 * may never come to this instance at all, so a waiter left to the outcome could stay for good.
 */
class AnsweredWaitersTest {

    @Test
    void writesAnswered202LeaveNoWaiterBehindWhileTheirOutcomeIsLongInComing() {
        InMemoryWalletStore store = new InMemoryWalletStore();
        InProcessOutcomeBus bus = new InProcessOutcomeBus();
        try (WalletCore core = WalletCore.builder(store).outcomeBus(bus).build().start()) {
            WalletApi api = new WalletApi(core.createWallet(), core.getWallet(), core.submitOperation(), core.getOperation(), core.listOperations(),
                    core.holds(), core.walletRules(), core.verifyWallet(), core.events(), core.webhooks(),
                    () -> Map.of("store", core.isStoreAvailable(), "queue", core.isQueueAvailable()), () -> "");
            WalletHttpServer server = WalletHttpServer.start(api, HttpSettings.defaults(0).withSyncWait(Duration.ofMillis(200)));
            try {
                HttpTestClient client = new HttpTestClient(server.port());
                String wallet = client.createWallet();
                store.setDown(true);  // the worker cannot commit: no outcome comes while this lasts
                String deposit = "{\"walletId\":\"" + wallet + "\",\"operationType\":\"DEPOSIT\",\"amount\":1}";
                for (int i = 0; i < 5; i++) {
                    assertThat(client.postJson("/api/v1/wallet", deposit, "Prefer", "respond-async").status()).isEqualTo(202);
                    assertThat(client.postJson("/api/v1/wallet", deposit).status()).as("sync, its wait run out").isEqualTo(202);
                }
                assertThat(bus.waiting()).as("operations still awaited on the bus").isZero();
            } finally {
                store.setDown(false);
                server.shutdown(Duration.ofSeconds(1));
                server.close();
            }
        }
    }
}
