package io.github.wallet.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The {@code train} command when its server cannot start (the happy path runs on the packaged jar: AotTrainingIT). */
class AotTrainingTest {

    @Test
    void aTrainingRunWhoseServerCannotStartExitsOneAndLeavesNoScratchFolder() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Config config = Config.from(Map.of("WALLET_REDIS_URL", "redis://127.0.0.1:" + closedPort, "WALLET_REDIS_TIMEOUT_MS", "500"),
                new Properties());
        Set<Path> before = scratchFolders();

        assertThat(Main.run("train", config)).isEqualTo(1);

        assertThat(scratchFolders()).as("scratch folders of training runs").isEqualTo(before);
    }

    private static Set<Path> scratchFolders() throws IOException {
        try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return entries.filter(path -> path.getFileName().toString().startsWith("wallet-aot-training")).collect(Collectors.toSet());
        }
    }
}
