package io.github.wallet.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A body that stops coming (a client that sends its headers and part of its body, then nothing,
 * while keeping the socket open) is answered 408 problem+json once the body timeout has passed,
 * and its connection is closed: it holds no connection, nor the buffer sized from its
 * Content-Length, for good, and nothing is applied. A body that arrives in parts within the time is
 * applied as usual.
 */
class SlowBodyTest {

    static final Duration BODY_TIMEOUT = Duration.ofMillis(1_000);

    @RegisterExtension
    static final TestApi api = new TestApi(settings -> settings.withBodyTimeout(BODY_TIMEOUT));

    private static byte[] head(int contentLength) {
        return RawHttp.request("POST /api/v1/wallet HTTP/1.1", List.of("Content-Type: application/json", "Content-Length: " + contentLength), new byte[0]);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    @Test
    void aBodyThatStopsComingIsAnswered408AndItsConnectionClosed() {
        String wallet = api.client.createWallet();
        byte[] body = HttpFramingTest.deposit(wallet);
        for (int declared : List.of(body.length, 1_048_576)) {
            try (RawHttp raw = new RawHttp(api.server.port())) {
                RawHttp.Response answer = raw.exchange(concat(head(declared), Arrays.copyOf(body, 10)));
                assertThat(answer.status()).as(answer.text()).isEqualTo(408);
                assertThat(answer.header("Content-Type")).isEqualTo(Exchanges.PROBLEM_JSON);
                assertThat(answer.json().get("code").asText()).isEqualTo("REQUEST_TIMEOUT");
                assertThat(raw.closedByServer()).as("the connection is closed after the 408").isTrue();
            }
        }
        assertThat(api.client.balance(wallet)).as("nothing applied").isZero();
    }

    @Test
    void aBodyThatArrivesInPartsWithinTheTimeIsApplied() throws InterruptedException {
        String wallet = api.client.createWallet();
        byte[] body = HttpFramingTest.deposit(wallet);
        try (RawHttp raw = new RawHttp(api.server.port())) {
            raw.send(concat(head(body.length), Arrays.copyOf(body, 10)));
            Thread.sleep(BODY_TIMEOUT.toMillis() / 10);  // a slow client, not a wait for the server
            RawHttp.Response answer = raw.exchange(Arrays.copyOfRange(body, 10, body.length));
            assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        }
        assertThat(api.client.balance(wallet)).isEqualTo(7);
    }
}
