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
    Path scratch;

    /** A folder within the temporary one: its lock file (beside it) is deleted with it. */
    private Path dataDir;

    @org.junit.jupiter.api.BeforeEach
    void dataFolder() {
        dataDir = scratch.resolve("data");
    }

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

    /**
     * A server killed the hard way (SIGKILL, an OOM kill) never ran its shutdown hook, so its
     * PostgreSQL was left running on the data folder; the next start stops it and serves the kept
     * data, rather than failing on the folder's lock file.
     */
    @Test
    void afterASigkillTheNextStartTakesOverTheDataFolder() {
        Map<String, String> env = Map.of("WALLET_EMBEDDED_DATA_DIR", dataDir.toString(), "WALLET_WARMUP_SECONDS", "0");
        String wallet;
        try (ServerProcess killed = ServerProcess.start(env)) {
            wallet = killed.client.createWallet();
            assertThat(killed.client.deposit(wallet, 70).status()).isEqualTo(200);
            killed.kill();
        }
        assertThat(dataDir.resolve("postmaster.pid")).as("the killed server's PostgreSQL is still running").exists();
        try (ServerProcess next = ServerProcess.start(env)) {
            assertThat(next.client.balance(wallet)).as(next.logText()).isEqualTo(70);
        }
    }

    /** The embedded default runs on Linux on ARM too (Graviton, Docker on Apple Silicon): its binaries ship in the jar. */
    @Test
    void theJarCarriesPostgresForLinuxOnX86AndOnArm() {
        for (String binaries : java.util.List.of("postgres-linux-x86_64.txz", "postgres-linux-arm_64.txz")) {
            assertThat(EmbeddedDefaultTest.class.getClassLoader().getResource(binaries)).as(binaries).isNotNull();
        }
    }

    /** A second server started on the folder of a running one refuses to start; it leaves the running one's PostgreSQL alone. */
    @Test
    void aSecondServerOnTheSameFolderDoesNotStartAndTheFirstGoesOn() {
        Map<String, String> env = Map.of("WALLET_HTTP_PORT", "0", "WALLET_EMBEDDED_DATA_DIR", dataDir.toString(), "WALLET_WARMUP_SECONDS", "0");
        try (WalletServer server = WalletServer.start(Config.from(env, new Properties()))) {
            HttpTestClient client = new HttpTestClient(server.port());
            String wallet = client.createWallet();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> WalletServer.start(Config.from(env, new Properties())).close())
                    .hasMessageContaining("another wallet server is running on");
            assertThat(client.deposit(wallet, 9).status()).isEqualTo(200);
            assertThat(client.balance(wallet)).isEqualTo(9);
        }
    }

    /**
     * Two servers reaching one folder by two paths, as two containers sharing a volume do (each has
     * its own parent folder): the lock inside the folder, which both see, refuses the second.
     */
    @Test
    void aServerReachingARunningOnesFolderByAnotherPathDoesNotStart() throws Exception {
        Map<String, String> env = Map.of("WALLET_HTTP_PORT", "0", "WALLET_EMBEDDED_DATA_DIR", dataDir.toString(), "WALLET_WARMUP_SECONDS", "0");
        Path otherPath = java.nio.file.Files.createDirectory(scratch.resolve("elsewhere")).resolve("data");
        try (WalletServer server = WalletServer.start(Config.from(env, new Properties()))) {
            java.nio.file.Files.createSymbolicLink(otherPath, dataDir);
            HttpTestClient client = new HttpTestClient(server.port());
            String wallet = client.createWallet();
            String javaCommand = ProcessHandle.current().info().command().orElse("java");
            ProcessBuilder second = new ProcessBuilder(javaCommand, "-cp", System.getProperty("java.class.path"), "io.github.wallet.launcher.Launcher")
                    .redirectErrorStream(true);
            second.environment().put("WALLET_EMBEDDED_DATA_DIR", otherPath.toString());
            second.environment().put("WALLET_HTTP_PORT", "0");
            second.environment().put("WALLET_WARMUP_SECONDS", "0");
            Process process = second.start();
            org.assertj.core.api.Assertions.assertThat(process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).as("it stopped by itself").isTrue();
            String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as(output).isNotZero();
            assertThat(output).contains("another wallet server is running on");
            assertThat(client.deposit(wallet, 4).status()).isEqualTo(200);
        }
    }
}
