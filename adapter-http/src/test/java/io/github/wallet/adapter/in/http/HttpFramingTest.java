package io.github.wallet.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Broken HTTP/1.1 framing (RFC 9112 §6) over a raw socket: answered at once with a 400 (a 415
 * for a transfer coding this server does not decode), the connection closed afterwards, the
 * request never left hanging and never applied.
 */
class HttpFramingTest {

    @RegisterExtension
    static final TestApi api = new TestApi();

    /**
     * One request with broken (or unsupported) framing: a deposit of 7 into {@code wallet}.
     *
     * @param problem false where Undertow itself refuses the request before any handler runs:
     *                it answers a bare 400 without a body (and closes), which no handler can change
     */
    record Case(String name, Function<String, byte[]> request, int status, String code, boolean problem) {
        @Override
        public String toString() {
            return name;
        }
    }



    static byte[] deposit(String wallet) {
        return ("{\"walletId\":\"" + wallet + "\",\"operationType\":\"DEPOSIT\",\"amount\":7}").getBytes(StandardCharsets.UTF_8);
    }

    static byte[] post(String requestLine, List<String> headers, byte[] body) {
        List<String> all = new ArrayList<>(List.of("Content-Type: application/json"));
        all.addAll(headers);
        return RawHttp.request(requestLine, all, body);
    }

    static byte[] post(List<String> headers, byte[] body) {
        return post("POST /api/v1/wallet HTTP/1.1", headers, body);
    }

    /** The deposit padded with white space to 60 KiB, more than Undertow reads with the headers. */
    static byte[] big(String wallet) {
        return (" ".repeat(60 * 1024) + new String(deposit(wallet), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] gzip(byte[] body) {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(zipped)) {
            out.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return zipped.toByteArray();
    }

    /** Refused by this server's framing check: a 400 problem+json. */
    static Case refused(String name, Function<String, byte[]> request) {
        return new Case(name, request, 400, "INVALID_REQUEST", true);
    }

    /** Refused by Undertow before any handler runs: a bare 400 ({@code Content-Length: 0}), then closed. */
    static Case refusedByUndertow(String name, Function<String, byte[]> request) {
        return new Case(name, request, 400, null, false);
    }

    static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();
        // Transfer-Encoding whose last coding is not chunked: the body's end cannot be known.
        cases.add(refused("Transfer-Encoding: gzip", w -> post(List.of("Transfer-Encoding: gzip"), deposit(w))));
        cases.add(refused("Transfer-Encoding: gzip, a 60 KiB body", w -> post(List.of("Transfer-Encoding: gzip"), big(w))));
        cases.add(refused("Transfer-Encoding: chunked, gzip", w -> post(List.of("Transfer-Encoding: chunked, gzip"), RawHttp.chunked(gzip(deposit(w))))));
        cases.add(refusedByUndertow("Transfer-Encoding: chunked then a second line gzip",
                w -> post(List.of("Transfer-Encoding: chunked", "Transfer-Encoding: gzip"), RawHttp.chunked(deposit(w)))));
        cases.add(refused("Transfer-Encoding: identity", w -> post(List.of("Transfer-Encoding: identity"), deposit(w))));
        cases.add(refused("Transfer-Encoding: empty", w -> post(List.of("Transfer-Encoding: "), deposit(w))));
        cases.add(refused("Transfer-Encoding: chunked, chunked", w -> post(List.of("Transfer-Encoding: chunked, chunked"), RawHttp.chunked(RawHttp.chunked(deposit(w))))));
        cases.add(refused("Transfer-Encoding in HTTP/1.0", w -> post("POST /api/v1/wallet HTTP/1.0", List.of("Transfer-Encoding: chunked"), RawHttp.chunked(deposit(w)))));
        // Both Content-Length and Transfer-Encoding, in either order.
        cases.add(refusedByUndertow("Content-Length and Transfer-Encoding: chunked",
                w -> post(List.of("Content-Length: " + deposit(w).length, "Transfer-Encoding: chunked"), RawHttp.chunked(deposit(w)))));
        cases.add(refusedByUndertow("Transfer-Encoding: chunked and Content-Length",
                w -> post(List.of("Transfer-Encoding: chunked", "Content-Length: " + deposit(w).length), RawHttp.chunked(deposit(w)))));
        // Content-Lengths that conflict, repeat or are not a number.
        cases.add(refusedByUndertow("two conflicting Content-Lengths",
                w -> post(List.of("Content-Length: " + deposit(w).length, "Content-Length: " + (deposit(w).length + 5)), deposit(w))));
        cases.add(refusedByUndertow("two conflicting Content-Lengths, smaller last",
                w -> post(List.of("Content-Length: " + (deposit(w).length + 5), "Content-Length: " + deposit(w).length), deposit(w))));
        cases.add(refusedByUndertow("Content-Length list on one line",
                w -> post(List.of("Content-Length: " + deposit(w).length + ", " + (deposit(w).length + 5)), deposit(w))));
        cases.add(refusedByUndertow("the same Content-Length twice",
                w -> post(List.of("Content-Length: " + deposit(w).length, "Content-Length: " + deposit(w).length), deposit(w))));
        cases.add(refusedByUndertow("Content-Length not a number", w -> post(List.of("Content-Length: seven"), deposit(w))));
        cases.add(refusedByUndertow("Content-Length with a sign", w -> post(List.of("Content-Length: +" + deposit(w).length), deposit(w))));
        cases.add(refusedByUndertow("Content-Length negative", w -> post(List.of("Content-Length: -1"), deposit(w))));
        // A URL whose percent-escape is malformed: Undertow cannot decode the request line.
        cases.add(refusedByUndertow("a malformed percent-escape in the query",
                w -> post("POST /api/v1/wallet?x=%zz HTTP/1.1", List.of("Content-Length: " + deposit(w).length), deposit(w))));
        // Valid framing, but a transfer coding this server does not decode: refused, not guessed at.
        cases.add(new Case("Transfer-Encoding: gzip, chunked", w -> post(List.of("Transfer-Encoding: gzip, chunked"), RawHttp.chunked(gzip(deposit(w)))),
                415, "UNSUPPORTED_MEDIA_TYPE", true));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void brokenFramingIsAnsweredAtOnceAndTheConnectionClosed(Case hostile) {
        String wallet = api.client.createWallet();
        try (RawHttp raw = new RawHttp(api.server.port())) {
            RawHttp.Response answer = raw.exchange(hostile.request().apply(wallet));

            assertThat(answer.status()).as(answer.text()).isEqualTo(hostile.status());
            if (hostile.problem()) {
                assertThat(answer.header("Content-Type")).isEqualTo("application/problem+json");
                assertThat(answer.json().get("code").asText()).isEqualTo(hostile.code());
                assertThat(answer.json().get("status").asInt()).isEqualTo(hostile.status());
                assertThat(answer.json().get("type").asText()).startsWith("/problems/");
                assertThat(answer.json().get("title").asText()).isNotBlank();
                assertThat(answer.json().get("detail").asText()).isNotBlank();
            } else {
                assertThat(answer.body()).isEmpty();
            }
            assertThat(answer.header("Connection")).isEqualToIgnoringCase("close");
            assertThat(raw.closedByServer()).as("the connection is closed after the answer").isTrue();
        }
        assertThat(api.client.balance(wallet)).as("the deposit was not applied").isZero();
    }

    @Test
    void chunkedIsFineAndKeepsTheConnection() {
        String wallet = api.client.createWallet();
        try (RawHttp raw = new RawHttp(api.server.port())) {
            RawHttp.Response first = raw.exchange(post(List.of("Transfer-Encoding: chunked"), RawHttp.chunked(deposit(wallet))));
            assertThat(first.status()).as(first.text()).isEqualTo(200);
            RawHttp.Response second = raw.exchange(post(List.of("Transfer-Encoding: Chunked"), RawHttp.chunked(deposit(wallet))));
            assertThat(second.status()).as(second.text()).isEqualTo(200);
            RawHttp.Response third = raw.exchange(post(List.of("Content-Length: " + deposit(wallet).length), deposit(wallet)));
            assertThat(third.status()).as(third.text()).isEqualTo(200);
            assertThat(third.json().get("balanceAfter").asLong()).isEqualTo(21);
        }
    }

    @Test
    void aMalformedChunkClosesTheConnectionAtOnce() {
        // Found while the body is read: Undertow's chunk decoder closes the connection itself, without an answer.
        String wallet = api.client.createWallet();
        try (RawHttp raw = new RawHttp(api.server.port())) {
            raw.send(post(List.of("Transfer-Encoding: chunked"),
                    ("zz\r\n" + new String(deposit(wallet), StandardCharsets.UTF_8) + "\r\n0\r\n\r\n").getBytes(StandardCharsets.UTF_8)));
            assertThat(raw.closedByServer()).as("closed within " + RawHttp.PATIENCE).isTrue();
        }
        assertThat(api.client.balance(wallet)).isZero();
    }

    @Test
    void aGetsBodyIsNeverReadAsTheNextRequest() {
        // Undertow does not read a GET's body: were the connection kept, these bytes would be the next request.
        byte[] smuggled = RawHttp.request("GET /api/v1/nope HTTP/1.1", List.of(), new byte[0]);
        try (RawHttp raw = new RawHttp(api.server.port())) {
            RawHttp.Response answer = raw.exchange(RawHttp.request("GET /health/live HTTP/1.1", List.of("Content-Length: " + smuggled.length), smuggled));
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.header("Connection")).isEqualToIgnoringCase("close");
            assertThat(raw.closedByServer()).as("closed, without answering the bytes of the body").isTrue();
        }
        try (RawHttp raw = new RawHttp(api.server.port())) {
            RawHttp.Response answer = raw.exchange(RawHttp.request("GET /health/live HTTP/1.1", List.of("Transfer-Encoding: gzip"), smuggled));
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.header("Content-Type")).isEqualTo("application/problem+json");
            assertThat(raw.closedByServer()).isTrue();
        }
        try (RawHttp raw = new RawHttp(api.server.port())) {
            RawHttp.Response answer = raw.exchange(RawHttp.request("GET /health/live HTTP/1.1", List.of("Content-Length: seven"), new byte[0]));
            assertThat(answer.status()).as("refused by Undertow").isEqualTo(400);
            assertThat(raw.closedByServer()).isTrue();
        }
    }

    @Test
    void theConnectionIsUsableAfterAnAnswerThatKeepsIt() {
        try (RawHttp raw = new RawHttp(api.server.port())) {
            RawHttp.Response bad = raw.exchange(post(List.of("Content-Length: 8"), "not json".getBytes(StandardCharsets.UTF_8)));
            assertThat(bad.status()).isEqualTo(400);
            RawHttp.Response next = raw.exchange(RawHttp.request("GET /health/live HTTP/1.1", List.of(), new byte[0]));
            assertThat(next.status()).isEqualTo(200);
        }
    }
}
