package io.github.wallet.bootstrap.e2e;

import static org.awaitility.Awaitility.await;

import io.github.wallet.adapter.in.http.HttpTestClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A wallet server in a process of its own (same classes as the tests), so a test can kill it
 * the hard way: SIGKILL, no shutdown hook, no goodbye.
 */
final class ServerProcess implements AutoCloseable {

    final Process process;
    final int port;
    final Path log;
    final HttpTestClient client;

    private ServerProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.client = new HttpTestClient(port);
    }

    static ServerProcess start(Map<String, String> env) {
        try {
            int port = freePort();
            Path log = Files.createTempFile("wallet-server-", ".log");
            String java = ProcessHandle.current().info().command().orElse("java");
            ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                    "io.github.wallet.bootstrap.Main")
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().putAll(env);
            builder.environment().put("WALLET_HTTP_PORT", Integer.toString(port));
            builder.environment().put("WALLET_HTTP_HOST", "127.0.0.1");
            ServerProcess server = new ServerProcess(builder.start(), port, log);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> server.client.get("/health/ready").status() == 200);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGKILL: the process gets no chance to finish anything. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.toFile().delete();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
