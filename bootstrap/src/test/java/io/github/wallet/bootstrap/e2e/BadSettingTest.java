package io.github.wallet.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A setting the server cannot use stops it at once with one line that names the variable and
 * exit status 2: no stack trace to read through, also when the bad setting is the log format
 * itself (no appender to log with). Started as {@code java -jar} starts it: through the Launcher.
 */
class BadSettingTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "WALLET_HTTP_PORT | abc | WALLET_HTTP_PORT must be a whole number, was 'abc'",
            "WALLET_LOG_FORMAT | JSON | WALLET_LOG_FORMAT must be one of text, json, was 'JSON'",
            "WALLET_DB_MIGRATE | yes | WALLET_DB_MIGRATE must be true or false, was 'yes'"})
    void aBadSettingStopsTheServerWithOneLineNamingIt(String variable, String value, String message) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "io.github.wallet.launcher.Launcher")
                .redirectErrorStream(true);
        // Should a value ever be taken again, the server must not start on the module's folder or a fixed port.
        builder.environment().put("WALLET_EMBEDDED_DATA_DIR", Files.createTempDirectory("bad-setting").resolve("data").toString());
        builder.environment().put("WALLET_HTTP_PORT", "0");
        builder.environment().put(variable, value);
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the server stopped by itself").isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isEqualTo(2);
        assertThat(output).contains(message).doesNotContain("\tat ").doesNotContain("Exception");
    }
}
