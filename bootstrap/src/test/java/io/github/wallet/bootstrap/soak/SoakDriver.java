package io.github.wallet.bootstrap.soak;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The client side of the fault soak ({@code scripts/soak.sh}): JDK only, so the script launches it
 * as a single source file ({@code java SoakDriver.java ...}), no build needed.
 *
 * <p>It opens and funds wallets, then for {@code --duration} seconds sends a bounded mixed load of
 * keyed writes (deposits, withdrawals that run into insufficient funds, transfers across shards;
 * half of them {@code Prefer: respond-async}; some sent twice at once to two instances), retries
 * every write that got no final answer with the same key and body (sometimes on another instance)
 * and replays every finally answered write once on another instance. Meanwhile the script runs its
 * faults and logs them in {@code faults.log}. Afterwards it polls every operation answered 202 until
 * it is decided, and checks the client's own log against the database (through {@code psql}) and
 * the {@code audit} command. It writes {@code client.log} (one line per request) into the run
 * folder, prints the figures and exits 0 only if every check passed.
 */
public final class SoakDriver {

    // ---- what the client saw -------------------------------------------------------------------

    /** Transport failures get negative statuses. */
    static final int CONNECTION_ERROR = -1;
    static final int TIMEOUT = -2;

    record Attempt(Write write, String kind, int instance, long startMs, long endMs, int status,
                   String operationId, String opStatus, Long balanceAfter, String code, boolean replayed, String error) {

        boolean isFinal() {
            return (status == 200 && "COMPLETED".equals(opStatus)) || (status == 409 && operationId != null)
                    || (status == 200 && "REJECTED".equals(opStatus));
        }

        boolean isAccepted() {
            return status == 202 && operationId != null;
        }

        boolean isOutage() {
            return status == 503 || status == CONNECTION_ERROR || status == TIMEOUT;
        }

        String outcome() {
            return status == 200 ? opStatus + "/" + balanceAfter : "REJECTED/" + code;
        }
    }

    static final class Write {
        final int n;
        final String key;
        final String type;
        final String walletId;
        final String targetId;
        final long amount;
        final boolean async;
        final boolean duplicate;
        final List<Attempt> attempts = new ArrayList<>();
        /** What GET /api/v1/operations/{id} said in the end for each id answered 202: an outcome, or "404". */
        final Map<String, String> polled = new java.util.concurrent.ConcurrentHashMap<>();

        Write(int n, String key, String type, String walletId, String targetId, long amount, boolean async, boolean duplicate) {
            this.n = n;
            this.key = key;
            this.type = type;
            this.walletId = walletId;
            this.targetId = targetId;
            this.amount = amount;
            this.async = async;
            this.duplicate = duplicate;
        }

        String path() {
            return type.equals("TRANSFER") ? "/api/v1/transfers" : "/api/v1/wallet";
        }

        String body() {
            return type.equals("TRANSFER")
                    ? "{\"fromWalletId\":\"" + walletId + "\",\"toWalletId\":\"" + targetId + "\",\"amount\":" + amount + "}"
                    : "{\"walletId\":\"" + walletId + "\",\"operationType\":\"" + type + "\",\"amount\":" + amount + "}";
        }

        synchronized void add(Attempt attempt) {
            attempts.add(attempt);
        }

        synchronized List<Attempt> attempts() {
            return List.copyOf(attempts);
        }

        synchronized boolean answeredFinally() {
            return attempts.stream().anyMatch(Attempt::isFinal);
        }

        synchronized String acceptedId() {
            return attempts.stream().filter(a -> a.operationId != null).map(Attempt::operationId).findFirst().orElse(null);
        }
    }

    record Fault(String name, long startMs, long endMs) {
    }

    // ---- settings ------------------------------------------------------------------------------

    private final List<String> instances;
    private final int durationS;
    private final Path runDir;
    private final int pgPort;
    private final String jar;
    private final String dbUrl;
    private final int clients;
    private final double rate;
    private final int walletCount;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final Duration requestTimeout = Duration.ofSeconds(15);

    private final List<Write> writes = new ArrayList<>();
    private final ConcurrentLinkedQueue<Attempt> log = new ConcurrentLinkedQueue<>();
    private final AtomicInteger writeNumbers = new AtomicInteger();
    private final String runId = UUID.randomUUID().toString().substring(0, 8);
    private final List<String> wallets = new ArrayList<>();
    private final Set<String> poorWallets = new HashSet<>();
    private long loadStartMs;
    private long loadEndMs;
    private long retryDeadlineMs;
    private long nextSlotNanos;
    private final long slotNanos;

    private SoakDriver(Map<String, String> args) {
        this.instances = List.of(args.getOrDefault("instances", "http://127.0.0.1:8080").split(","));
        this.durationS = Integer.parseInt(args.getOrDefault("duration", "120"));
        this.runDir = Path.of(args.getOrDefault("run-dir", "."));
        this.pgPort = Integer.parseInt(args.getOrDefault("pg-port", "5432"));
        this.jar = args.getOrDefault("jar", "bootstrap/target/wallet-server.jar");
        this.dbUrl = args.getOrDefault("db-url", "jdbc:postgresql://127.0.0.1:" + pgPort + "/wallet");
        this.clients = Integer.parseInt(args.getOrDefault("clients", "32"));
        this.rate = Double.parseDouble(args.getOrDefault("rate", "80"));
        this.walletCount = Integer.parseInt(args.getOrDefault("wallets", "100"));
        this.slotNanos = (long) (1e9 / rate);
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new HashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        }
        System.exit(new SoakDriver(args).run());
    }

    private int run() throws Exception {
        say("%d instances %s, %d s, %d clients, at most %.0f writes/s", instances.size(), instances, durationS, clients, rate);
        openWallets();
        loadStartMs = now();
        loadEndMs = loadStartMs + durationS * 1000L;
        retryDeadlineMs = loadEndMs + 30_000;
        Files.writeString(runDir.resolve("load-started"), Long.toString(loadStartMs));
        say("load started");
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> loops = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                loops.add(pool.submit(this::clientLoop));
            }
            for (Future<?> loop : loops) {
                loop.get();
            }
        }
        say("load stopped: %d writes; polling the operations answered 202", writes.size());
        pollPending();
        List<Fault> faults = awaitFaults();
        Thread.sleep(2000); // let anything still queued (never acknowledged) settle before reading the books
        writeClientLog();
        return check(faults);
    }

    // ---- load ----------------------------------------------------------------------------------

    private void openWallets() throws Exception {
        for (int i = 0; i < walletCount; i++) {
            String id = UUID.randomUUID().toString();
            for (int tries = 0; ; tries++) {
                int status = post(instances.get(i % instances.size()), "/api/v1/wallets", "{\"walletId\":\"" + id + "\"}", null, false).status;
                if (status == 201 || status == 409) {
                    break;
                }
                if (tries > 50) {
                    throw new IllegalStateException("cannot open wallet " + id + ": " + status);
                }
                Thread.sleep(200);
            }
            wallets.add(id);
            // A fifth of the wallets stay poor, so withdrawals and transfers from them run into INSUFFICIENT_FUNDS.
            boolean poor = i % 5 == 4;
            if (poor) {
                poorWallets.add(id);
            }
            Write funding = newWrite("DEPOSIT", id, null, poor ? 500 : 1_000_000, false, false);
            execute(funding, Long.MAX_VALUE);
            if (!funding.answeredFinally()) {
                throw new IllegalStateException("cannot fund wallet " + id);
            }
        }
        say("%d wallets opened and funded (%d poor)", wallets.size(), poorWallets.size());
    }

    private Write newWrite(String type, String wallet, String target, long amount, boolean async, boolean duplicate) {
        int n = writeNumbers.incrementAndGet();
        Write write = new Write(n, "soak-" + runId + "-" + n, type, wallet, target, amount, async, duplicate);
        synchronized (writes) {
            writes.add(write);
        }
        return write;
    }

    private void clientLoop() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (true) {
            long slot = takeSlot();
            long waitNanos = slot - System.nanoTime();
            if (waitNanos > 0) {
                sleep(waitNanos / 1_000_000);
            }
            if (now() >= loadEndMs) {
                return;
            }
            String from = wallets.get(random.nextInt(wallets.size()));
            boolean poor = poorWallets.contains(from);
            long amount = poor ? 1 + random.nextInt(5_000) : 1 + random.nextInt(2_000);
            int pick = random.nextInt(100);
            Write write;
            boolean async = random.nextBoolean();
            boolean duplicate = random.nextInt(10) == 0;
            if (pick < 30) {
                write = newWrite("DEPOSIT", from, null, 1 + random.nextInt(1_000), async, duplicate);
            } else if (pick < 60) {
                write = newWrite("WITHDRAW", from, null, amount, async, duplicate);
            } else {
                String to;
                do {
                    to = wallets.get(random.nextInt(wallets.size()));
                } while (to.equals(from));
                write = newWrite("TRANSFER", from, to, amount, async, duplicate);
            }
            execute(write, retryDeadlineMs);
        }
    }

    private synchronized long takeSlot() {
        long slot = Math.max(nextSlotNanos, System.nanoTime());
        nextSlotNanos = slot + slotNanos;
        return slot;
    }

    /**
     * Sends the write (twice at once to two instances when it is a duplicate), retries it with the
     * same key and body until it gets a final answer (200, or a 409 rejection) or the deadline, then
     * replays it once on another instance.
     */
    private void execute(Write write, long deadlineMs) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int instance = random.nextInt(instances.size());
        if (write.duplicate && instances.size() > 1) {
            int other = (instance + 1 + random.nextInt(instances.size() - 1)) % instances.size();
            try (ExecutorService both = Executors.newVirtualThreadPerTaskExecutor()) {
                both.submit(() -> attempt(write, "first", instance));
                both.submit(() -> attempt(write, "duplicate", other));
            }
        } else {
            attempt(write, "first", instance);
        }
        int last = instance;
        for (int retry = 1; !write.answeredFinally() && now() < deadlineMs; retry++) {
            sleep(Math.min(2000, 100L * retry) + random.nextInt(100));
            last = random.nextBoolean() ? last : other(last, random);
            Attempt answer = attempt(write, "retry", last);
            if (answer.status > 0 && !answer.isFinal() && !answer.isAccepted() && !answer.isOutage()) {
                return; // a wrong answer (a 500, a 4xx that is not a rejection): reported by the checks, retrying hides nothing
            }
        }
        if (write.answeredFinally()) {
            int replayOn = other(last, random);
            for (int tries = 0; tries < 5 && now() < deadlineMs; tries++) {
                Attempt replay = attempt(write, "replay", replayOn);
                if (!replay.isOutage()) {
                    break;
                }
                sleep(500);
            }
        }
    }

    private int other(int instance, ThreadLocalRandom random) {
        return instances.size() == 1 ? instance : (instance + 1 + random.nextInt(instances.size() - 1)) % instances.size();
    }

    private Attempt attempt(Write write, String kind, int instance) {
        long start = now();
        Answer answer = post(instances.get(instance), write.path(), write.body(), write.key, write.async);
        Attempt attempt = new Attempt(write, kind, instance, start, now(), answer.status,
                field(OPERATION_ID, answer.body), answer.status == 409 ? null : field(STATUS, answer.body), number(BALANCE_AFTER, answer.body),
                field(CODE, answer.body), answer.replayed, answer.error);
        write.add(attempt);
        log.add(attempt);
        return attempt;
    }

    record Answer(int status, String body, boolean replayed, String error) {
    }

    private Answer post(String base, String path, String body, String key, boolean async) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(requestTimeout)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        if (async) {
            request.header("Prefer", "respond-async");
        }
        return send(request.build());
    }

    private Answer get(String base, String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(requestTimeout).GET().build());
    }

    private Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(response.statusCode(), response.body(),
                    response.headers().firstValue("Idempotent-Replayed").map("true"::equals).orElse(false), null);
        } catch (HttpTimeoutException e) {
            return new Answer(TIMEOUT, "", false, "timeout");
        } catch (ConnectException e) {
            return new Answer(CONNECTION_ERROR, "", false, "connect: " + e);
        } catch (IOException e) {
            return new Answer(CONNECTION_ERROR, "", false, "io: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(CONNECTION_ERROR, "", false, "interrupted");
        }
    }

    // ---- after the load ------------------------------------------------------------------------

    /**
     * Every operationId answered 202 that no final answer confirmed is polled on the instances in
     * turn until it is decided, at most 60 s; one that every instance keeps answering 404 for (six
     * times in a row, with the load stopped) is given up: the client was given an id that the
     * service does not know.
     */
    private void pollPending() throws Exception {
        record Pending(Write write, String id) {
        }
        List<Pending> pending = new ArrayList<>();
        for (Write write : snapshotWrites()) {
            List<Attempt> mine = write.attempts();
            mine.stream().filter(Attempt::isAccepted).map(Attempt::operationId).distinct()
                    .filter(id -> mine.stream().noneMatch(a -> a.isFinal() && id.equals(a.operationId)))
                    .forEach(id -> pending.add(new Pending(write, id)));
        }
        say("%d operationIds answered 202 and not confirmed by a final answer; polling them", pending.size());
        Map<String, Integer> notFound = new HashMap<>();
        long deadline = now() + 60_000;
        int round = 0;
        List<Pending> open = pending;
        while (!open.isEmpty() && now() < deadline) {
            List<Pending> still = new ArrayList<>();
            for (Pending p : open) {
                int instance = (p.write.n + round) % instances.size();
                long start = now();
                Answer answer = get(instances.get(instance), "/api/v1/operations/" + p.id);
                Attempt attempt = new Attempt(p.write, "poll", instance, start, now(), answer.status, field(OPERATION_ID, answer.body),
                        field(STATUS, answer.body), number(BALANCE_AFTER, answer.body), field(REJECTION_CODE, answer.body), false, answer.error);
                log.add(attempt);
                if (answer.status == 200 && attempt.opStatus != null && !attempt.opStatus.equals("PENDING")) {
                    p.write.polled.put(p.id, attempt.opStatus + "/" + (attempt.opStatus.equals("COMPLETED") ? attempt.balanceAfter : attempt.code));
                } else if (answer.status == 404 && notFound.merge(p.id, 1, Integer::sum) >= 6) {
                    p.write.polled.put(p.id, "404");
                } else {
                    if (answer.status != 404) {
                        notFound.remove(p.id);
                    }
                    still.add(p);
                }
            }
            open = still;
            round++;
            if (!open.isEmpty()) {
                Thread.sleep(500);
            }
        }
        say("%d still PENDING after 60 s of polling, %d unknown (404 on every instance)", open.size(),
                pending.stream().filter(p -> "404".equals(p.write.polled.get(p.id))).count());
    }

    private List<Fault> awaitFaults() throws Exception {
        Path file = runDir.resolve("faults.log");
        long deadline = now() + 120_000;
        while (now() < deadline && !(Files.exists(file) && Files.readString(file).contains("DONE"))) {
            Thread.sleep(500);
        }
        Map<String, Long> starts = new LinkedHashMap<>();
        List<Fault> faults = new ArrayList<>();
        if (!Files.exists(file)) {
            return faults;
        }
        for (String line : Files.readAllLines(file)) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length < 3) {
                continue;
            }
            long at = Long.parseLong(parts[0]);
            switch (parts[1]) {
                case "START" -> starts.put(parts[2], at);
                case "END" -> faults.add(new Fault(parts[2], Objects.requireNonNull(starts.remove(parts[2])), at));
                default -> { }
            }
        }
        starts.forEach((name, at) -> faults.add(new Fault(name + "(never-ended)", at, Long.MAX_VALUE / 2)));
        return faults;
    }

    private void writeClientLog() throws IOException {
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(runDir.resolve("client.log")))) {
            out.println("# start_ms end_ms key kind instance status operation_id op_status balance_after code replayed error");
            log.stream().sorted((a, b) -> Long.compare(a.startMs, b.startMs)).forEach(a -> out.printf("%d %d %s %s %d %d %s %s %s %s %s %s%n",
                    a.startMs, a.endMs, a.write.key, a.kind, a.instance + 1, a.status, a.operationId, a.opStatus, a.balanceAfter, a.code,
                    a.replayed, a.error == null ? "" : a.error.replace(' ', '_')));
        }
    }

    // ---- checks --------------------------------------------------------------------------------

    record Row(String operationId, String key, String type, String walletId, String targetId, long amount, String status,
               String rejectionCode, Long balanceAfter, int entries) {
    }

    private final Map<String, List<String>> violations = new TreeMap<>();

    private void violation(String kind, String detail) {
        violations.computeIfAbsent(kind, k -> new ArrayList<>()).add(detail);
    }

    private int check(List<Fault> faults) throws Exception {
        List<Write> all = snapshotWrites();
        List<Attempt> attempts = List.copyOf(log);

        // When did each fault end for the clients: the first fresh final answer (not a replay) from every instance.
        Map<Fault, Long> recovered = new LinkedHashMap<>();
        for (Fault fault : faults) {
            long latest = 0;
            for (int i = 0; i < instances.size(); i++) {
                final int instance = i;
                long first = attempts.stream().filter(a -> a.instance == instance && !a.kind.equals("poll") && a.startMs >= fault.endMs && a.isFinal() && !a.replayed)
                        .mapToLong(Attempt::endMs).min().orElse(Long.MAX_VALUE);
                latest = Math.max(latest, first);
            }
            recovered.put(fault, latest);
            if (latest == Long.MAX_VALUE) {
                violation("fault never recovered", fault.name + ": no instance answered a fresh write finally after it");
            }
        }

        // Answers: no 500, no 4xx but rejections; 503, refused connections and timeouts only around a fault.
        Map<String, Integer> byStatus = new TreeMap<>();
        Map<Fault, Integer> outagesPerFault = new LinkedHashMap<>();
        faults.forEach(f -> outagesPerFault.put(f, 0));
        for (Attempt a : attempts) {
            byStatus.merge(statusName(a.status), 1, Integer::sum);
            boolean post = !a.kind.equals("poll");
            if (a.status == TIMEOUT) {
                violation("hang (no answer in " + requestTimeout.toSeconds() + " s)", describe(a));
            }
            if (a.isOutage()) {
                Fault during = null;
                for (Fault f : faults) {
                    long windowEnd = recovered.get(f) == Long.MAX_VALUE ? Long.MAX_VALUE : recovered.get(f) + 5_000;
                    if (a.endMs >= f.startMs - 500 && a.startMs <= windowEnd) {
                        during = f;
                    }
                }
                if (during == null) {
                    violation("503 or connection failure outside an outage", describe(a));
                } else {
                    outagesPerFault.merge(during, 1, Integer::sum);
                }
            } else if (a.status >= 500) {
                violation("5xx other than 503", describe(a));
            } else if (post && a.status != 200 && a.status != 202 && !(a.status == 409 && a.operationId != null)) {
                violation("unexpected answer to a write", describe(a));
            } else if (!post && a.status != 200 && a.status != 404) {
                violation("unexpected answer to a poll", describe(a));
            } else if (post && a.operationId == null) {
                violation("answer without operationId", describe(a));
            }
        }

        // The books.
        Map<String, Row> byKey = new HashMap<>();
        Map<String, Row> byId = new HashMap<>();
        List<Row> rows = new ArrayList<>();
        for (String line : psql("select o.operation_id, coalesce(o.idempotency_key, ''), o.type, o.wallet_id, coalesce(o.target_wallet_id::text, ''),"
                + " o.amount, o.status, coalesce(o.rejection_code, ''), coalesce(o.balance_after::text, ''),"
                + " (select count(*) from ledger_entry l where l.operation_id = o.operation_id) from operation o")) {
            String[] c = line.split("\\|", -1);
            Row row = new Row(c[0], c[1], c[2], c[3], c[4].isEmpty() ? null : c[4], Long.parseLong(c[5]), c[6], c[7].isEmpty() ? null : c[7],
                    c[8].isEmpty() ? null : Long.parseLong(c[8]), Integer.parseInt(c[9]));
            rows.add(row);
            if (byKey.put(row.key, row) != null && !row.key.isEmpty()) {
                violation("doubled: two operations with one key", row.key);
            }
            byId.put(row.operationId, row);
        }
        Set<String> ourKeys = new HashSet<>();
        all.forEach(w -> ourKeys.add(w.key));
        for (Row row : rows) {
            if (!ourKeys.contains(row.key)) {
                violation("doubled: an operation the client never asked for", row.toString());
            }
            int expected = row.status.equals("COMPLETED") ? (row.type.equals("TRANSFER") ? 2 : 1) : 0;
            if (row.entries != expected) {
                violation("doubled: ledger entries of one operation", row + " has " + row.entries + " entries, expected " + expected);
            }
        }

        int lost = 0;
        int sameIdRetries = 0;
        int idCarryingRetries = 0;
        int retries = 0;
        int acknowledged = 0;
        int unacknowledgedApplied = 0;
        int unacknowledgedNot = 0;
        int duplicatesSameId = 0;
        int duplicates = 0;
        int accepted202 = 0;
        int wrongIds = 0;
        Map<String, Integer> outcomes = new TreeMap<>();
        for (Write w : all) {
            List<Attempt> mine = w.attempts();
            Set<String> ids = new HashSet<>();
            Set<String> finals = new HashSet<>();
            boolean any202 = false;
            for (Attempt a : mine) {
                if (a.operationId != null && (a.status == 200 || a.status == 202 || a.status == 409)) {
                    ids.add(a.operationId);
                }
                if (a.isFinal()) {
                    finals.add(a.outcome());
                }
                any202 |= a.isAccepted();
            }
            retries += (int) mine.stream().filter(a -> !a.kind.equals("first")).count();
            List<String> answeredIds = mine.stream().filter(a -> a.status == 200 || a.status == 202 || a.status == 409)
                    .map(Attempt::operationId).filter(Objects::nonNull).toList();
            if (!answeredIds.isEmpty()) {
                idCarryingRetries += answeredIds.size() - 1;
                sameIdRetries += (int) answeredIds.stream().filter(answeredIds.getFirst()::equals).count() - 1;
            }
            if (ids.size() > 1) {
                violation("one key answered different operationIds", w.key + " " + ids + " " + brief(mine));
            }
            if (w.duplicate) {
                duplicates++;
                List<String> dupIds = mine.stream().filter(a -> a.kind.equals("first") || a.kind.equals("duplicate"))
                        .map(Attempt::operationId).filter(Objects::nonNull).distinct().toList();
                if (dupIds.size() == 1 && mine.stream().filter(a -> a.kind.equals("first") || a.kind.equals("duplicate")).allMatch(a -> a.operationId != null)) {
                    duplicatesSameId++;
                }
            }
            if (finals.size() > 1) {
                violation("one key answered different outcomes", w.key + " " + finals);
            }
            Row row = byKey.get(w.key);
            if (ids.isEmpty()) {
                if (row == null) {
                    unacknowledgedNot++;
                } else {
                    unacknowledgedApplied++;
                    outcomes.merge(row.status, 1, Integer::sum);
                }
                continue;
            }
            acknowledged++;
            if (any202) {
                accepted202++;
            }
            if (row == null) {
                lost++;
                Row other = ids.stream().map(byId::get).filter(Objects::nonNull).findFirst().orElse(null);
                violation("lost: acknowledged but not in the database", w.key + " " + ids + (other == null ? "" : " (stored under key " + other.key + ")")
                        + " polled " + w.polled + " " + brief(mine));
                continue;
            }
            outcomes.merge(row.status + (row.rejectionCode == null ? "" : " " + row.rejectionCode), 1, Integer::sum);
            if (!row.type.equals(w.type) || !row.walletId.equals(w.walletId) || !Objects.equals(row.targetId, w.targetId) || row.amount != w.amount) {
                violation("stored operation differs from the request", w.key + " " + row + " for " + w.body());
            }
            String stored = switch (row.status) {
                case "COMPLETED" -> "COMPLETED/" + row.balanceAfter;
                case "REJECTED" -> "REJECTED/" + row.rejectionCode;
                default -> row.status;
            };
            if (!row.status.equals("COMPLETED") && !row.status.equals("REJECTED")) {
                violation("stored neither COMPLETED nor REJECTED", w.key + " " + row);
            }
            for (String answered : finals) {
                if (!answered.equals(stored)) {
                    violation("answered outcome differs from the stored one", w.key + " answered " + answered + ", stored " + stored);
                }
            }
            for (String id : ids) {
                String polled = w.polled.get(id);
                if (!id.equals(row.operationId)) {
                    wrongIds++;
                    violation("answered an operationId that was never stored (its 202 never ends)", w.key + " answered " + id + " (GET: "
                            + (polled == null ? "not polled" : polled) + "), stored " + row.operationId);
                } else if (polled != null && !polled.equals(stored)) {
                    violation(polled.equals("404") ? "202 never decided (GET 404)" : "GET disagrees with the stored outcome",
                            w.key + " " + id + " GET " + polled + ", stored " + stored);
                } else if (polled == null && mine.stream().noneMatch(a -> a.isFinal() && id.equals(a.operationId))) {
                    violation("202 never decided (stuck PENDING)", w.key + " " + id + " stored " + stored);
                }
            }
        }

        // Balances against the ledger, and the service's own audit.
        List<String> unbalanced = psql("select w.wallet_id, w.balance, coalesce(sum(l.delta), 0) from wallet w left join ledger_entry l using (wallet_id)"
                + " group by w.wallet_id, w.balance having w.balance <> coalesce(sum(l.delta), 0)");
        unbalanced.forEach(line -> violation("balance differs from the sum of its ledger", line));
        int walletsInDb = Integer.parseInt(psql("select count(*) from wallet").getFirst());
        long money = Long.parseLong(psql("select coalesce(sum(balance), 0) from wallet").getFirst());
        int audit = audit();
        if (audit != 0) {
            violation("audit command failed", "exit " + audit + "; see " + runDir.resolve("audit.log"));
        }

        // Figures.
        long posts = attempts.stream().filter(a -> !a.kind.equals("poll")).count();
        System.out.println();
        System.out.println("== fault soak: " + instances.size() + " instances, " + durationS + " s ==");
        row("requests", posts + " writes + " + (attempts.size() - posts) + " polls = " + attempts.size());
        row("logical writes", all.size() + " (async " + all.stream().filter(w -> w.async).count() + ", sent twice at once to two instances "
                + duplicates + ", same operationId on both " + duplicatesSameId + ")");
        row("answers", byStatus.toString());
        row("keyed retries", retries + " (retries, replays, duplicates); answered with the operationId of the key's first answer: " + sameIdRetries
                + " of " + idCarryingRetries + " that carried one");
        row("wrong ids", wrongIds + " operationIds answered (202) that are not the key's stored operation");
        row("acknowledged", acknowledged + " (" + accepted202 + " through a 202); in the database: " + outcomes);
        row("never acknowledged", (unacknowledgedApplied + unacknowledgedNot) + " (applied " + unacknowledgedApplied + ", not applied " + unacknowledgedNot + ")");
        row("operations stored", rows.size() + " for " + all.size() + " keys");
        row("lost", Integer.toString(lost));
        int doubled = violations.entrySet().stream().filter(e -> e.getKey().startsWith("doubled")).mapToInt(e -> e.getValue().size()).sum();
        row("doubled", Integer.toString(doubled));
        row("wallets", walletsInDb + ", balances equal to their ledger: " + (walletsInDb - unbalanced.size()) + ", money held " + money);
        row("audit", audit == 0 ? "passed" : "FAILED (exit " + audit + ")");
        System.out.println("faults (seconds from the load's start; recovered = from the fault's end to a fresh final answer on every instance):");
        System.out.printf("  %-20s %8s %8s %10s %s%n", "fault", "start", "end", "recovered", "503s/refused/timeouts around it");
        for (Fault f : faults) {
            long r = recovered.get(f);
            System.out.printf("  %-20s %8.1f %8.1f %10s %d%n", f.name, (f.startMs - loadStartMs) / 1e3, (f.endMs - loadStartMs) / 1e3,
                    r == Long.MAX_VALUE ? "never" : String.format("%.1f s", (r - f.endMs) / 1e3), outagesPerFault.get(f));
        }
        if (faults.isEmpty()) {
            violation("no faults ran", runDir.resolve("faults.log").toString());
        }
        if (violations.isEmpty()) {
            System.out.println("RESULT: PASS (client log: " + runDir.resolve("client.log") + ")");
            return 0;
        }
        System.out.println("RESULT: FAIL");
        violations.forEach((kind, list) -> {
            System.out.println("  " + kind + ": " + list.size());
            list.stream().limit(10).forEach(d -> System.out.println("    " + d));
        });
        return 1;
    }

    private void row(String name, String value) {
        System.out.printf("%-20s %s%n", name, value);
    }

    private static String statusName(int status) {
        return switch (status) {
            case CONNECTION_ERROR -> "refused/reset";
            case TIMEOUT -> "timeout";
            default -> Integer.toString(status);
        };
    }

    /** The first five attempts and the last, enough to see what happened. */
    private static String brief(List<Attempt> attempts) {
        List<String> shown = new ArrayList<>(attempts.stream().limit(5).map(SoakDriver::describe).toList());
        if (attempts.size() > 6) {
            shown.add("... " + (attempts.size() - 6) + " more ...");
        }
        if (attempts.size() > 5) {
            shown.add(describe(attempts.getLast()));
        }
        return String.join(" ", shown);
    }

    private static String describe(Attempt a) {
        return String.format("[%s %s on %d at %d+%dms: %s %s %s %s%s]", a.write.key, a.kind, a.instance + 1, a.startMs, a.endMs - a.startMs,
                statusName(a.status), a.operationId, a.opStatus != null ? a.opStatus : "", a.code != null ? a.code : "",
                a.error != null ? " " + a.error : "");
    }

    private List<String> psql(String sql) throws Exception {
        Process p = new ProcessBuilder("psql", "-X", "-q", "-A", "-t", "-F", "|", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", Integer.toString(pgPort),
                "-U", "postgres", "-d", "wallet", "-c", sql).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("psql failed: " + sql);
        }
        return lines;
    }

    private int audit() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar, "audit")
                .redirectErrorStream(true).redirectOutput(runDir.resolve("audit.log").toFile());
        builder.environment().put("WALLET_DB_URL", dbUrl);
        builder.environment().put("WALLET_DB_USER", "postgres");
        return builder.start().waitFor();
    }

    // ---- small helpers -------------------------------------------------------------------------

    private static final Pattern OPERATION_ID = Pattern.compile("\"operationId\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern CODE = Pattern.compile("\"code\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern REJECTION_CODE = Pattern.compile("\"rejectionCode\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern BALANCE_AFTER = Pattern.compile("\"balanceAfter\"\\s*:\\s*(-?\\d+)");

    private static String field(Pattern pattern, String json) {
        Matcher m = pattern.matcher(json == null ? "" : json);
        return m.find() ? m.group(1) : null;
    }

    private static Long number(Pattern pattern, String json) {
        String value = field(pattern, json);
        return value == null ? null : Long.parseLong(value);
    }

    private List<Write> snapshotWrites() {
        synchronized (writes) {
            return List.copyOf(writes);
        }
    }

    private static long now() {
        return System.currentTimeMillis();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(Math.max(0, ms));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void say(String format, Object... args) {
        System.out.printf("[driver %tT] %s%n", System.currentTimeMillis(), String.format(format, args));
    }

}
