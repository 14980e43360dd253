package io.github.wallet.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class LauncherTest {

    @Test
    void readsFeatureVersionsOfEveryScheme() {
        assertThat(Launcher.featureVersion("1.8")).isEqualTo(8);
        assertThat(Launcher.featureVersion("17")).isEqualTo(17);
        assertThat(Launcher.featureVersion("21.0.2")).isEqualTo(21);
        assertThat(Launcher.featureVersion("25-ea")).isEqualTo(25);
        assertThat(Launcher.featureVersion("nonsense")).isZero();
    }

    @Test
    void aJdkItFindsIsAlways21OrNewer() throws IOException {
        File found = Launcher.findJdk();
        if (found == null) {
            // None installed in the usual folders: the launcher then says what to install.
            return;
        }
        String release = Files.readString(new File(found, "release").toPath());
        String version = release.replaceAll("(?s).*JAVA_VERSION=\"([0-9.]+)\".*", "$1");
        assertThat(Launcher.featureVersion(version)).as(found.getPath()).isGreaterThanOrEqualTo(Launcher.REQUIRED);
        assertThat(new File(found, "bin/java")).canRead();
    }

    /** Started on a JDK too old, the server runs again on a newer one with the settings given as -D (and the heap), not without them. */
    @Test
    void theServersJvmGetsTheSettingsAndHeapGivenAsOptions() {
        assertThat(Launcher.forwarded(java.util.Arrays.asList("-DWALLET_HTTP_PORT=9090", "-Xmx512m", "-XX:+UseG1GC", "-javaagent:x.jar",
                "-Dfile.encoding=UTF-8", "-Xss1m", "-Xms64m", "-Djava.ext.dirs=/x", "-Djava.endorsed.dirs=/y")))
                .containsExactly("-DWALLET_HTTP_PORT=9090", "-Xmx512m", "-Dfile.encoding=UTF-8", "-Xss1m", "-Xms64m");
    }
}
