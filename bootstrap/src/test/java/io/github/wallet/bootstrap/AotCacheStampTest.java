package io.github.wallet.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stamp that ties an AOT cache to the jar it was recorded from (here: the classes folder these tests run). */
class AotCacheStampTest {

    @TempDir
    Path folder;

    @Test
    void aCacheRecordedFromTheRunningJarMatchesIt() throws IOException {
        Path cache = Files.writeString(folder.resolve("wallet-server.aot"), "cache");
        AotCacheStamp.record(cache);

        assertThat(Files.readString(AotCacheStamp.stampFile(cache))).contains("jar=", "size=", "modified=");
        assertThat(AotCacheStamp.mismatch(cache)).isEmpty();
    }

    @Test
    void aStampOfAnotherBuildIsAMismatchThatNamesBoth() throws IOException {
        Path cache = Files.writeString(folder.resolve("wallet-server.aot"), "cache");
        AotCacheStamp.record(cache);
        Path stamp = AotCacheStamp.stampFile(cache);
        Files.writeString(stamp, Files.readString(stamp).replaceAll("(?m)^size=(\\d+)$", "size=1$1"));

        assertThat(AotCacheStamp.mismatch(cache)).hasValueSatisfying(why ->
                assertThat(why).startsWith("it was recorded from ").contains(" bytes, modified at ", ", and this is "));
    }

    @Test
    void aCacheWithoutAStampIsTakenOnTrust() throws IOException {
        Path cache = Files.writeString(folder.resolve("by-hand.aot"), "cache");

        assertThat(AotCacheStamp.mismatch(cache)).isEmpty();
    }

    @Test
    void forgettingDeletesTheCacheAndItsStamp() throws IOException {
        Path cache = Files.writeString(folder.resolve("wallet-server.aot"), "cache");
        AotCacheStamp.record(cache);

        AotCacheStamp.forget(cache);

        assertThat(cache).doesNotExist();
        assertThat(AotCacheStamp.stampFile(cache)).doesNotExist();
    }
}
