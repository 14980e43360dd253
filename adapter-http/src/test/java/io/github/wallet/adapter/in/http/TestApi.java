package io.github.wallet.adapter.in.http;

import io.github.wallet.application.service.WalletCore;
import io.github.wallet.application.testing.InMemoryWalletStore;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The HTTP API on a free port over the real core, with the in-memory store (whose contract
 * test proves it behaves like PostgreSQL), so HTTP behaviour is tested fast and over a socket.
 * A test class holds one in a {@code @RegisterExtension static final} field; it closes after
 * the class's tests.
 */
final class TestApi implements AutoCloseable, AfterAllCallback {

    final InMemoryWalletStore store = new InMemoryWalletStore();
    final WalletCore core;
    final WalletHttpServer server;
    final HttpTestClient client;

    TestApi(Duration syncWait) {
        this(settings -> settings.withSyncWait(syncWait));
    }

    /** With the default settings changed as given (port 0 whatever they say). */
    TestApi(UnaryOperator<HttpSettings> settings) {
        core = WalletCore.builder(store).build().start();
        WalletApi api = new WalletApi(core.createWallet(), core.getWallet(), core.submitOperation(), core.getOperation(), core.listOperations(), core.holds(), core.walletRules(), core.verifyWallet(), core.events(), core.webhooks(),
                () -> Map.of("store", core.isStoreAvailable(), "queue", core.isQueueAvailable()),
                () -> "# no metrics in this test\n");
        server = WalletHttpServer.start(api, settings.apply(HttpSettings.defaults(0)));
        client = new HttpTestClient(server.port());
    }

    TestApi() {
        this(Duration.ofSeconds(5));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        server.shutdown(Duration.ofSeconds(1));
        core.close();
        server.close();
    }
}
