package io.github.wallet.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A server that has begun to stop answers new requests 503 problem+json with Retry-After (the
 * contract's shape for every error and every 503), over a real socket, so clients and load
 * balancers know to retry elsewhere.
 */
class StoppingServerTest {

    @Test
    void newRequestsToAStoppingServerGetA503ProblemWithRetryAfter() {
        try (TestApi api = new TestApi(Duration.ofSeconds(1))) {
            String wallet = api.client.createWallet();
            api.server.shutdown(Duration.ofMillis(100));
            for (HttpTestClient.Answer answer : new HttpTestClient.Answer[] {api.client.get("/api/v1/wallets/" + wallet), api.client.deposit(wallet, 1)}) {
                assertThat(answer.status()).isEqualTo(503);
                assertThat(answer.header("Content-Type")).isEqualTo(Exchanges.PROBLEM_JSON);
                assertThat(answer.code()).isEqualTo("SERVICE_UNAVAILABLE");
                assertThat(answer.header("Retry-After")).isEqualTo("1");
            }
        }
    }
}
