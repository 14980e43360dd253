package io.github.wallet.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bodies are JSON in UTF-8 (RFC 8259 §8.1): UTF-16 and UTF-32 are refused with a 415 and never
 * applied, bytes that are not UTF-8 are a 400 INVALID_JSON; a UTF-8 byte order mark is ignored.
 */
class BodyEncodingTest {

    @RegisterExtension
    static final TestApi api = new TestApi();

    /** A deposit of 7 into {@code wallet}, as the bytes to send. */
    record Case(String name, Function<String, byte[]> body, int status, String code) {
        @Override
        public String toString() {
            return name;
        }
    }



    static String deposit(String wallet) {
        return "{\"walletId\":\"" + wallet + "\",\"operationType\":\"DEPOSIT\",\"amount\":7}";
    }

    /** The deposit with {@code bytes} inside the operation type's string. */
    static byte[] depositWith(String wallet, String hex) {
        String[] halves = deposit(wallet).split("DEPOSIT");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes((halves[0] + "DEPOSIT").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(HexFormat.of().parseHex(hex));
        body.writeBytes(halves[1].getBytes(StandardCharsets.UTF_8));
        return body.toByteArray();
    }

    static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (String charset : List.of("UTF-16LE", "UTF-16BE", "UTF-32LE", "UTF-32BE")) {
            Charset encoding = Charset.forName(charset);
            cases.add(new Case(charset + " without BOM", w -> deposit(w).getBytes(encoding), 415, "UNSUPPORTED_MEDIA_TYPE"));
            cases.add(new Case(charset + " with BOM", w -> ("\uFEFF" + deposit(w)).getBytes(encoding), 415, "UNSUPPORTED_MEDIA_TYPE"));
            cases.add(new Case(charset + " with leading whitespace", w -> (" \n" + deposit(w)).getBytes(encoding), 415, "UNSUPPORTED_MEDIA_TYPE"));
        }
        cases.add(new Case("UTF-16 BOM before UTF-8", w -> concat(HexFormat.of().parseHex("FEFF"), deposit(w).getBytes(StandardCharsets.UTF_8)), 415, "UNSUPPORTED_MEDIA_TYPE"));
        cases.add(new Case("UTF-16LE, too short for four bytes", w -> "1".getBytes(StandardCharsets.UTF_16LE), 415, "UNSUPPORTED_MEDIA_TYPE"));

        // Not UTF-8 at all: each would pass (as an unknown operation type) if the bytes were decoded leniently.
        for (String[] bad : List.of(
                new String[]{"C328", "a lead byte without its continuation"},
                new String[]{"FF", "a lone 0xFF"},
                new String[]{"FE", "a lone 0xFE"},
                new String[]{"80", "a stray continuation byte"},
                new String[]{"C0AF", "an overlong two-byte '/'"},
                new String[]{"E080AF", "an overlong three-byte '/'"},
                new String[]{"F08080AF", "an overlong four-byte '/'"},
                new String[]{"EDA080", "a UTF-16 surrogate"},
                new String[]{"F4908080", "beyond U+10FFFF"},
                new String[]{"F5808080", "a lead byte that never occurs"},
                new String[]{"E282", "a three-byte sequence cut short"})) {
            cases.add(new Case("invalid UTF-8: " + bad[1], w -> depositWith(w, bad[0]), 400, "INVALID_JSON"));
        }
        cases.add(new Case("invalid UTF-8 in a field name", w -> concat(deposit(w).replace("}", ",\"note").getBytes(StandardCharsets.UTF_8),
                concat(HexFormat.of().parseHex("C0AF"), "\":1}".getBytes(StandardCharsets.UTF_8))), 400, "INVALID_JSON"));
        cases.add(new Case("invalid UTF-8: a body of one 0xFF", w -> new byte[]{(byte) 0xFF}, 400, "INVALID_JSON"));
        cases.add(new Case("invalid UTF-8: cut short at the end", w -> concat(deposit(w).getBytes(StandardCharsets.UTF_8), new byte[]{(byte) 0xF0, (byte) 0x9F}), 400, "INVALID_JSON"));
        cases.add(new Case("a NUL byte after the first four", w -> depositWith(w, "00"), 400, "INVALID_JSON"));

        // Valid UTF-8 beyond ASCII gets past the encoding check (and is then an unknown operation type).
        for (String valid : List.of("C3A9", "E282AC", "F09F9880", "EFBBBF")) {
            cases.add(new Case("valid UTF-8 " + valid, w -> depositWith(w, valid), 400, "INVALID_REQUEST"));
        }
        return cases.stream();
    }

    static byte[] concat(byte[] first, byte[] second) {
        byte[] both = new byte[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    private static HttpTestClient.Answer post(String path, String contentType, byte[] body) {
        HttpTestClient client = api.client;
        return client.send(client.request(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aBodyThatIsNotUtf8IsRefusedAndNotApplied(Case hostile) {
        String wallet = api.client.createWallet();
        HttpTestClient.Answer answer = post("/api/v1/wallet", "application/json", hostile.body().apply(wallet));

        assertThat(answer.status()).as(answer.text()).isEqualTo(hostile.status());
        assertThat(answer.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(answer.code()).isEqualTo(hostile.code());
        assertThat(answer.json().get("status").asInt()).isEqualTo(hostile.status());
        assertThat(answer.json().get("detail").asText()).isNotBlank();
        assertThat(api.client.balance(wallet)).as("the deposit was not applied").isZero();
    }

    /** The server decodes no Content-Encoding: a body it would read as plain JSON may be anything else (RFC 9110 §15.5.16: 415). */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"gzip", "deflate", "br", "identity, gzip"})
    void aBodyWithAContentEncodingIsRefusedAndNotApplied(String coding) {
        String wallet = api.client.createWallet();
        HttpTestClient client = api.client;
        HttpTestClient.Answer answer = client.send(client.request("/api/v1/wallet").header("Content-Type", "application/json")
                .header("Content-Encoding", coding).POST(HttpRequest.BodyPublishers.ofString(deposit(wallet))).build());
        assertThat(answer.status()).as(answer.text()).isEqualTo(415);
        assertThat(answer.code()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
        assertThat(api.client.balance(wallet)).as("the deposit was not applied").isZero();
    }

    @Test
    void anIdentityContentEncodingIsNoEncoding() {
        String wallet = api.client.createWallet();
        HttpTestClient client = api.client;
        HttpTestClient.Answer answer = client.send(client.request("/api/v1/wallet").header("Content-Type", "application/json")
                .header("Content-Encoding", "Identity").POST(HttpRequest.BodyPublishers.ofString(deposit(wallet))).build());
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    }

    @Test
    void aWalletBodyInUtf16IsRefusedToo() {
        HttpTestClient.Answer answer = post("/api/v1/wallets", "application/json", "{\"currency\":\"EUR\"}".getBytes(StandardCharsets.UTF_16LE));
        assertThat(answer.status()).isEqualTo(415);
        assertThat(answer.code()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void aUtf16CharsetIsRefusedWhateverTheBody() {
        String wallet = api.client.createWallet();
        HttpTestClient.Answer answer = post("/api/v1/wallet", "application/json; charset=utf-16", deposit(wallet).getBytes(StandardCharsets.UTF_16));
        assertThat(answer.status()).isEqualTo(415);
        assertThat(answer.code()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
        assertThat(api.client.balance(wallet)).isZero();
    }

    @Test
    void aUtf8ByteOrderMarkIsIgnored() {
        // RFC 8259 §8.1: a parser MAY ignore a BOM rather than treat it as an error; this one does.
        String wallet = api.client.createWallet();
        HttpTestClient.Answer answer = post("/api/v1/wallet", "application/json; charset=UTF-8",
                concat(HexFormat.of().parseHex("EFBBBF"), deposit(wallet).getBytes(StandardCharsets.UTF_8)));
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        assertThat(api.client.balance(wallet)).isEqualTo(7);
    }
}
