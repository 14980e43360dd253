package io.github.wallet.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wallet.adapter.in.http.HttpTestClient;
import io.github.wallet.bootstrap.Config;
import io.github.wallet.bootstrap.WalletServer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With no WALLET_DB_URL the server starts its own PostgreSQL and keeps the data across restarts:
 * the README's first command.
 */
class EmbeddedDefaultTest {

    @TempDir
    Path dataDir;

    @Test
    void theEmbeddedDefaultServesAndKeepsItsDataAcrossARestart() {
        Map<String, String> env = Map.of("WALLET_HTTP_PORT", "0", "WALLET_EMBEDDED_DATA_DIR", dataDir.toString(), "WALLET_WARMUP_SECONDS", "0");
        String wallet;
        try (WalletServer server = WalletServer.start(Config.from(env, new Properties()))) {
            HttpTestClient client = new HttpTestClient(server.port());
            wallet = client.createWallet();
            assertThat(client.deposit(wallet, 250).status()).isEqualTo(200);
        }
        try (WalletServer server = WalletServer.start(Config.from(env, new Properties()))) {
            assertThat(new HttpTestClient(server.port()).balance(wallet)).isEqualTo(250);
        }
    }
}
