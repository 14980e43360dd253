package io.github.wallet.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wallet.application.service.WalletCore;
import io.github.wallet.application.testing.InMemoryWalletStore;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * WALLET_API_KEYS: each path of the access check, over a real socket.
 */
class AccessControlTest {

    private static WalletCore core;
    private static WalletHttpServer server;
    private static HttpTestClient client;

    @BeforeAll
    static void start() {
        core = WalletCore.builder(new InMemoryWalletStore()).build().start();
        WalletApi api = new WalletApi(core.createWallet(), core.getWallet(), core.submitOperation(), core.getOperation(), core.listOperations(), core.holds(), core.walletRules(), core.verifyWallet(), core.events(), core.webhooks(),
                () -> Map.of("store", true, "queue", true), () -> "");
        server = WalletHttpServer.start(api, HttpSettings.defaults(0).withApiKeys(ApiKeys.parse("writer-key:read+write,reader-key:read")));
        client = new HttpTestClient(server.port());
    }

    @AfterAll
    static void stop() {
        server.shutdown(Duration.ofSeconds(1));
        core.close();
        server.close();
    }

    private static HttpTestClient.Answer post(String path, String body, String authorization) {
        HttpRequest.Builder request = client.request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return client.send(request.build());
    }

    private static HttpTestClient.Answer get(String path, String authorization) {
        return client.send(client.request(path).header("Authorization", authorization).GET().build());
    }

    @Test
    void withoutAKeyTheApiAnswers401WithAChallenge() {
        HttpTestClient.Answer answer = client.get("/api/v1/wallets/3fa85f64-5717-4562-b3fc-2c963f66afa6");
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.code()).isEqualTo("UNAUTHORIZED");
        assertThat(answer.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(answer.header("Content-Type")).isEqualTo("application/problem+json");
    }

    @Test
    void anUnknownKeyOrAnotherSchemeIs401() {
        assertThat(post("/api/v1/wallets", "{}", "Bearer not-a-key").status()).isEqualTo(401);
        assertThat(post("/api/v1/wallets", "{}", "Basic d3JpdGVyLWtleTo=").status()).isEqualTo(401);
        assertThat(post("/api/v1/wallets", "{}", "Bearer writer-key-but-longer").status()).isEqualTo(401);
    }

    @Test
    void aReadKeyReadsButCannotWrite() {
        HttpTestClient.Answer created = post("/api/v1/wallets", "{}", "Bearer writer-key");
        assertThat(created.status()).isEqualTo(201);
        String wallet = created.json().get("walletId").asText();
        assertThat(get("/api/v1/wallets/" + wallet, "Bearer reader-key").status()).isEqualTo(200);
        HttpTestClient.Answer denied = post("/api/v1/wallet", "{\"walletId\":\"" + wallet + "\",\"operationType\":\"DEPOSIT\",\"amount\":1}", "Bearer reader-key");
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.code()).isEqualTo("FORBIDDEN");
    }

    @Test
    void aReadKeyMaySendHeadAndOptionsWhichChangeNothing() {
        String wallet = post("/api/v1/wallets", "{}", "Bearer writer-key").json().get("walletId").asText();
        HttpTestClient.Answer head = client.send(client.request("/api/v1/wallets/" + wallet).header("Authorization", "Bearer reader-key")
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
        assertThat(head.status()).as("HEAD is GET without the body").isEqualTo(200);
        assertThat(head.header("Content-Type")).isEqualTo("application/json");
        assertThat(head.text()).isEmpty();
        HttpTestClient.Answer options = client.send(client.request("/api/v1/wallets/" + wallet).header("Authorization", "Bearer reader-key")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
        assertThat(options.status()).as("not refused as a write").isEqualTo(405);
        assertThat(options.header("Allow")).isEqualTo("GET, HEAD");
        HttpTestClient.Answer write = client.send(client.request("/api/v1/wallet").header("Authorization", "Bearer reader-key")
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
        assertThat(write.status()).as("HEAD on a write-only route").isEqualTo(405);
        assertThat(write.header("Allow")).isEqualTo("POST");
    }

    @Test
    void aWriteKeyWrites() {
        String wallet = post("/api/v1/wallets", "{}", "bearer writer-key").json().get("walletId").asText();
        assertThat(post("/api/v1/wallet", "{\"walletId\":\"" + wallet + "\",\"operationType\":\"DEPOSIT\",\"amount\":1}", "Bearer writer-key").status()).isEqualTo(200);
    }

    @Test
    void probesScrapesAndTheApiDocumentStayOpen() {
        assertThat(client.get("/health/ready").status()).isEqualTo(200);
        assertThat(client.get("/metrics").status()).isEqualTo(200);
        assertThat(client.get("/openapi.yaml").status()).isEqualTo(200);
    }

    @Test
    void everyAnswerCarriesARequestIdAndEchoesASaneOne() {
        assertThat(client.get("/health/live").header("X-Request-Id")).isNotBlank();
        HttpTestClient.Answer echoed = client.send(client.request("/health/live").header("X-Request-Id", "trace-42").GET().build());
        assertThat(echoed.header("X-Request-Id")).isEqualTo("trace-42");
        HttpTestClient.Answer replaced = client.send(client.request("/health/live").header("X-Request-Id", "bad id with spaces").GET().build());
        assertThat(replaced.header("X-Request-Id")).isNotEqualTo("bad id with spaces").isNotBlank();
    }

    @Test
    void badKeyConfigurationIsRefusedWithoutEchoingTheKey() {
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() -> ApiKeys.parse("secret-key-no-scope"))
                .withMessageNotContaining("secret-key");
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() -> ApiKeys.parse("secret-key:admin"))
                .withMessageNotContaining("secret-key");
    }
}
