package io.github.wallet.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wallet.adapter.in.http.HttpTestClient;
import io.github.wallet.adapter.out.postgres.TestPostgres;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * Balance reads, from memory on the in-process server and from PostgreSQL on Redis, under
 * transfers into one wallet from wallets on every shard (so several shards' workers write it and
 * offer its snapshots in either order): a read started after a 200 sees that write (read your
 * writes, on any instance), and a wallet's balance never goes back between reads.
 */
class BalanceReadsTest {

    private static final int SOURCES = 16;
    private static final int WRITERS = 6;
    private static final int TRANSFERS_EACH = 30;

    @Test
    void onTheInProcessServerReadsComeFromMemoryNeverGoBackAndSeeEveryAnsweredWrite() throws Exception {
        try (RunningServer running = new RunningServer(BalanceReadsTest.class)) {
            transfersIntoOneWalletWhileReading(n -> running.client, running.database);
        }
    }

    @Test
    void onTwoInstancesOnRedisEveryInstanceReadsTheStoreAndSeesWritesAnsweredByTheOther() throws Exception {
        try (Instances instances = new Instances(BalanceReadsTest.class, 2)) {
            transfersIntoOneWalletWhileReading(instances::client, instances.database);
        }
    }

    /**
     * Memory holds what the worker committed and what was read; it does not see a change made
     * behind the server's back, which shows where an answer comes from. A wallet beyond the
     * cache's size is read from the store.
     */
    @Test
    void theInProcessServerAnswersFromMemoryWhatItCommittedAndReadsTheStoreBeyondItsSize() {
        try (RunningServer running = new RunningServer(BalanceReadsTest.class, Map.of("WALLET_BALANCE_CACHE_SIZE", "1"))) {
            HttpTestClient client = running.client;
            String kept = client.createWallet();
            String notKept = client.createWallet();
            assertThat(client.deposit(kept, 100).status()).isEqualTo(200);
            assertThat(client.deposit(notKept, 100).status()).isEqualTo(200);
            Jdbi jdbi = Jdbi.create(running.database.jdbcUrl(), running.database.settings().user(), running.database.settings().password());
            jdbi.useHandle(h -> h.execute("update wallet set balance = 5000 where wallet_id in (?::uuid, ?::uuid)", kept, notKept));

            assertThat(client.balance(kept)).as("from memory: the last commit").isEqualTo(100);
            assertThat(client.balance(notKept)).as("not kept: from the store").isEqualTo(5000);
            // The next batch reads the row under lock, as always; memory follows that commit.
            assertThat(client.deposit(kept, 1).status()).isEqualTo(200);
            assertThat(client.balance(kept)).isEqualTo(5001);
        }
    }

    private static void transfersIntoOneWalletWhileReading(IntFunction<HttpTestClient> clients, TestPostgres database) throws Exception {
        long seed = System.nanoTime();
        HttpTestClient first = clients.apply(0);
        String target = first.createWallet();
        List<String> sources = new ArrayList<>();
        for (int i = 0; i < SOURCES; i++) {
            String source = first.createWallet();
            assertThat(first.deposit(source, 10_000).status()).isEqualTo(200);
            sources.add(source);
        }
        AtomicLong answered = new AtomicLong();
        AtomicBoolean writing = new AtomicBoolean(true);
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> readers = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            HttpTestClient reader = clients.apply(r + 1);
            readers.add(Thread.ofPlatform().start(() -> {
                long last = 0;
                while (writing.get()) {
                    long before = answered.get();
                    long balance = reader.balance(target);
                    if (balance < before) {
                        problems.add("read " + balance + " after " + before + " was answered 200");
                    }
                    if (balance < last) {
                        problems.add("read " + balance + " after reading " + last);
                    }
                    last = balance;
                }
            }));
        }
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            Random random = new Random(seed + w);
            HttpTestClient writer = clients.apply(w);
            writers.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < TRANSFERS_EACH; i++) {
                    long amount = 1 + random.nextInt(20);
                    HttpTestClient.Answer answer = writer.transfer(sources.get(random.nextInt(SOURCES)), target, amount);
                    if (answer.status() != 200) {
                        problems.add("transfer answered " + answer.status() + ": " + answer.text());
                        continue;
                    }
                    answered.addAndGet(amount);
                }
            }));
        }
        start.countDown();
        for (Thread writer : writers) {
            assertThat(writer.join(java.time.Duration.ofSeconds(60))).isTrue();
        }
        writing.set(false);
        for (Thread reader : readers) {
            assertThat(reader.join(java.time.Duration.ofSeconds(10))).isTrue();
        }

        assertThat(problems).as("seed " + seed).isEmpty();
        Jdbi jdbi = Jdbi.create(database.jdbcUrl(), database.settings().user(), database.settings().password());
        long stored = jdbi.withHandle(h -> h.createQuery("select balance from wallet where wallet_id = ?::uuid").bind(0, target).mapTo(Long.class).one());
        assertThat(stored).as("seed " + seed).isEqualTo(answered.get());
        for (int n = 0; n < 2; n++) {
            assertThat(clients.apply(n).balance(target)).as("seed " + seed + ", instance " + n).isEqualTo(stored);
        }
    }
}
