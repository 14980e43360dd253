package io.github.wallet.loadtest;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.exitHereIf;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.percent;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.randomSwitch;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Choice;
import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Load test of a running wallet service (HTTP API of CONTRACT.md section 3).
 *
 * <p>Two phases, one after the other:
 *
 * <ol>
 *   <li><b>setup</b>: creates {@code wallet.wallets} wallets ({@code POST /api/v1/wallets}) and
 *       seeds each with a deposit of 1,000,000 so that withdrawals and transfers mostly succeed.
 *       These requests show in the report as "setup: create wallet" and "setup: seed deposit".
 *   <li><b>load</b>: an open workload model (new requests arrive at a fixed rate whether or not the
 *       server keeps up, as real clients do): ramp from 1 to {@code wallet.rate} requests/s over
 *       {@code wallet.rampUp} s, then {@code wallet.rate} requests/s for {@code wallet.duration} s.
 *       Each arrival is one request, chosen by {@code wallet.mix} among deposit, withdraw, transfer
 *       and balance, on random wallets created in the setup phase.
 * </ol>
 *
 * <p>Parameters are Java system properties (see load-test/README.md); they are read once, when
 * the simulation is instantiated.
 */
public class WalletSimulation extends Simulation {

  // ---------------------------------------------------------------- parameters

  private static final String BASE_URL =
      stripTrailingSlash(stringProp("wallet.baseUrl", "http://localhost:8080"));
  private static final int WALLETS = intProp("wallet.wallets", 100, 2);
  private static final double RATE = doubleProp("wallet.rate", 500);
  private static final int DURATION_S = intProp("wallet.duration", 60, 1);
  private static final int RAMP_UP_S = intProp("wallet.rampUp", 10, 0);
  private static final Map<String, Double> MIX =
      parseMix(stringProp("wallet.mix", "deposit:60,withdraw:20,transfer:10,balance:10"));
  private static final boolean ASYNC = Boolean.parseBoolean(stringProp("wallet.async", "false"));
  private static final String API_KEY = stringProp("wallet.apiKey", "");

  /** Balance every wallet gets in the setup phase. */
  private static final long SEED_AMOUNT = 1_000_000L;

  /** At most this many wallets are created concurrently in the setup phase. */
  private static final int SETUP_CONCURRENCY = Math.min(WALLETS, 8);

  // ---------------------------------------------------------------- shared state

  /** Ids of the wallets created and seeded in the setup phase; read by the load phase. */
  private final List<String> walletIds = new CopyOnWriteArrayList<>();

  /** Hands out the setup work: each setup user takes wallets until WALLETS were started. */
  private final AtomicInteger walletsStarted = new AtomicInteger();

  // ---------------------------------------------------------------- protocol

  private final HttpProtocolBuilder httpProtocol = protocol();

  private static HttpProtocolBuilder protocol() {
    HttpProtocolBuilder protocol =
        http.baseUrl(BASE_URL)
            .acceptHeader("application/json")
            .contentTypeHeader("application/json")
            .userAgentHeader("wallet-load-test (Gatling)")
            // Virtual users share one connection pool, like a client service with an HTTP pool.
            // Without it every arrival opens its own TCP connection, which at a few hundred
            // requests/s measures connection set-up and can run the client out of ports.
            .shareConnections()
            // Gatling's warm-up request goes to an outside site by default; not wanted here.
            .disableWarmUp();
    if (!API_KEY.isBlank()) {
      protocol = protocol.authorizationHeader("Bearer " + API_KEY);
    }
    return protocol;
  }

  // ---------------------------------------------------------------- requests

  /** A fresh Idempotency-Key for every request, as a real client sends for each new operation. */
  private static final Function<Session, String> NEW_IDEMPOTENCY_KEY =
      session -> UUID.randomUUID().toString();

  /** POST with the headers every write gets; {@code Prefer: respond-async} when wallet.async. */
  private static HttpRequestActionBuilder write(String name, String path, String jsonTemplate) {
    HttpRequestActionBuilder request =
        http(name)
            .post(path)
            .header("Idempotency-Key", NEW_IDEMPOTENCY_KEY)
            .body(StringBody(jsonTemplate));
    if (ASYNC) {
      request = request.header("Prefer", "respond-async");
    }
    // 200: committed (sync); 202: accepted by the queue (async, or sync that outwaited the
    // server's wait); 409: a business rejection (INSUFFICIENT_FUNDS ...), a valid outcome.
    return request.check(status().in(200, 202, 409));
  }

  private final ChainBuilder deposit =
      exec(
          write(
              "deposit",
              "/api/v1/wallet",
              "{\"walletId\":\"#{walletId}\",\"operationType\":\"DEPOSIT\",\"amount\":#{amount}}"));

  private final ChainBuilder withdraw =
      exec(
          write(
              "withdraw",
              "/api/v1/wallet",
              "{\"walletId\":\"#{walletId}\",\"operationType\":\"WITHDRAW\",\"amount\":#{amount}}"));

  private final ChainBuilder transfer =
      exec(
          write(
              "transfer",
              "/api/v1/transfers",
              "{\"fromWalletId\":\"#{walletId}\",\"toWalletId\":\"#{otherWalletId}\","
                  + "\"amount\":#{amount}}"));

  private final ChainBuilder balance =
      exec(http("balance").get("/api/v1/wallets/#{walletId}").check(status().is(200)));

  // ---------------------------------------------------------------- setup phase

  private final ScenarioBuilder setup =
      scenario("setup")
          .exec(session -> session.set("more", walletsStarted.getAndIncrement() < WALLETS))
          .exitHereIf(session -> !session.getBoolean("more"))
          .asLongAs("#{more}")
          .on(
              exec(http("setup: create wallet")
                      .post("/api/v1/wallets")
                      .header("Idempotency-Key", NEW_IDEMPOTENCY_KEY)
                      .body(StringBody("{}"))
                      .check(status().is(201), jsonPath("$.walletId").saveAs("walletId")))
                  // Without a wallet id the seed cannot be sent: stop this setup user (the
                  // failure is counted in the report; the other setup users carry on).
                  .exitHereIfFailed()
                  // Always synchronous, so the money is there before the load phase starts.
                  .exec(http("setup: seed deposit")
                      .post("/api/v1/wallet")
                      .header("Idempotency-Key", NEW_IDEMPOTENCY_KEY)
                      .body(StringBody(
                          "{\"walletId\":\"#{walletId}\",\"operationType\":\"DEPOSIT\","
                              + "\"amount\":" + SEED_AMOUNT + "}"))
                      .check(status().in(200, 202)))
                  .exitHereIfFailed()
                  .exec(session -> {
                    walletIds.add(session.getString("walletId"));
                    return session.set(
                        "more", walletsStarted.getAndIncrement() < WALLETS);
                  }));

  // ---------------------------------------------------------------- load phase

  private final ScenarioBuilder load =
      scenario("load")
          // Only if the setup phase produced nothing (every create failed): nothing to load.
          .exitHereIf(session -> walletIds.size() < 2)
          .exec(session -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            List<String> ids = walletIds;
            int n = ids.size();
            int from = random.nextInt(n);
            int to = (from + 1 + random.nextInt(n - 1)) % n; // always a different wallet
            return session
                .set("walletId", ids.get(from))
                .set("otherWalletId", ids.get(to))
                .set("amount", random.nextInt(1, 101)); // 1..100
          })
          .exec(randomSwitch().on(mixChoices()));

  /** The wallet.mix weights as Gatling percentages, in the order given. */
  private List<Choice.WithWeight> mixChoices() {
    Map<String, ChainBuilder> chains =
        Map.of("deposit", deposit, "withdraw", withdraw, "transfer", transfer, "balance", balance);
    List<Choice.WithWeight> choices = new ArrayList<>();
    MIX.forEach((name, pct) -> {
      if (pct > 0) {
        choices.add(percent(pct).then(chains.get(name)));
      }
    });
    return choices;
  }

  // ---------------------------------------------------------------- injection and assertions

  private static OpenInjectionStep[] loadInjection() {
    List<OpenInjectionStep> steps = new ArrayList<>();
    if (RAMP_UP_S > 0) {
      steps.add(rampUsersPerSec(Math.min(1.0, RATE)).to(RATE).during(Duration.ofSeconds(RAMP_UP_S)));
    }
    steps.add(constantUsersPerSec(RATE).during(Duration.ofSeconds(DURATION_S)));
    return steps.toArray(OpenInjectionStep[]::new);
  }

  {
    System.out.printf(
        Locale.ROOT,
        "wallet load test: baseUrl=%s wallets=%d rate=%.1f/s rampUp=%ds duration=%ds mix=%s"
            + " async=%s apiKey=%s%n",
        BASE_URL, WALLETS, RATE, RAMP_UP_S, DURATION_S, MIX, ASYNC,
        API_KEY.isBlank() ? "(none)" : "(set)");

    setUp(
            setup
                .injectOpen(atOnceUsers(SETUP_CONCURRENCY))
                // andThen: the load phase starts once every setup user has finished.
                .andThen(load.injectOpen(loadInjection())))
        .protocols(httpProtocol)
        // Fail the run (and the Maven build) if more than 1% of all requests failed a check.
        .assertions(global().failedRequests().percent().lt(1.0));
  }

  @Override
  public void after() {
    System.out.printf(
        Locale.ROOT, "wallet load test: %d of %d wallets were created and seeded%n",
        walletIds.size(), WALLETS);
  }

  // ---------------------------------------------------------------- parameter parsing

  private static String stringProp(String name, String defaultValue) {
    String value = System.getProperty(name);
    return value == null ? defaultValue : value.trim();
  }

  private static int intProp(String name, int defaultValue, int min) {
    String raw = stringProp(name, "");
    int value;
    try {
      value = raw.isEmpty() ? defaultValue : Integer.parseInt(raw);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be an integer, got '" + raw + "'", e);
    }
    if (value < min) {
      throw new IllegalArgumentException(name + " must be >= " + min + ", got " + value);
    }
    return value;
  }

  private static double doubleProp(String name, double defaultValue) {
    String raw = stringProp(name, "");
    double value;
    try {
      value = raw.isEmpty() ? defaultValue : Double.parseDouble(raw);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a number, got '" + raw + "'", e);
    }
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be > 0, got " + value);
    }
    return value;
  }

  /**
   * Parses {@code deposit:60,withdraw:20,transfer:10,balance:10} into percentages summing to
   * exactly 100 (weights are relative: {@code deposit:3,balance:1} means 75% / 25%).
   */
  static Map<String, Double> parseMix(String spec) {
    List<String> known = List.of("deposit", "withdraw", "transfer", "balance");
    Map<String, Double> weights = new LinkedHashMap<>();
    for (String part : spec.split(",")) {
      if (part.isBlank()) {
        continue;
      }
      String[] kv = part.split(":");
      String name = kv[0].trim().toLowerCase(Locale.ROOT);
      if (kv.length != 2 || !known.contains(name)) {
        throw new IllegalArgumentException(
            "wallet.mix: expected name:weight with name in " + known + ", got '" + part + "'");
      }
      double weight;
      try {
        weight = Double.parseDouble(kv[1].trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("wallet.mix: bad weight in '" + part + "'", e);
      }
      if (weight < 0 || Double.isNaN(weight) || Double.isInfinite(weight)) {
        throw new IllegalArgumentException("wallet.mix: negative weight in '" + part + "'");
      }
      weights.merge(name, weight, Double::sum);
    }
    double total = weights.values().stream().mapToDouble(Double::doubleValue).sum();
    if (!(total > 0)) {
      throw new IllegalArgumentException("wallet.mix: weights must add up to more than 0");
    }
    // Scale to percent; the last non-zero entry takes the remainder so the sum is exactly 100
    // (Gatling's randomSwitch rejects a sum above 100 and does nothing for a sum below it).
    Map<String, Double> percents = new LinkedHashMap<>();
    String last = null;
    double assigned = 0;
    for (Map.Entry<String, Double> e : weights.entrySet()) {
      double pct = e.getValue() * 100.0 / total;
      percents.put(e.getKey(), pct);
      if (pct > 0) {
        last = e.getKey();
      }
    }
    for (Map.Entry<String, Double> e : percents.entrySet()) {
      if (!e.getKey().equals(last)) {
        assigned += e.getValue();
      }
    }
    percents.put(last, Math.max(0.0, 100.0 - assigned));
    return percents;
  }

  private static String stripTrailingSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
