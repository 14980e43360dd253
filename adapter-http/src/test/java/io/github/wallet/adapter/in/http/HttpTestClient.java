package io.github.wallet.adapter.in.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Talks to a running server over a real socket, the way a client would.
 */
public final class HttpTestClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final HttpClient client;

    public HttpTestClient(int port) {
        this.base = "http://127.0.0.1:" + port;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** An answer: status, headers and the body parsed as JSON (null when it is not JSON). */
    public record Answer(int status, java.net.http.HttpHeaders headers, String text, JsonNode json) {
        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        public String code() {
            return json == null || json.get("code") == null ? null : json.get("code").asText();
        }
    }

    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    }

    public Answer get(String path) {
        return send(request(path).GET().build());
    }

    public Answer postJson(String path, String json, String... headers) {
        HttpRequest.Builder builder = request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return send(builder.build());
    }

    public Answer putJson(String path, String json, String... headers) {
        HttpRequest.Builder builder = request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json));
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return send(builder.build());
    }

    public CompletableFuture<Answer> postJsonAsync(String path, String json, String... headers) {
        HttpRequest.Builder builder = request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return client.sendAsync(builder.build(), HttpResponse.BodyHandlers.ofString()).thenApply(HttpTestClient::answer);
    }

    public Answer send(HttpRequest request) {
        try {
            return answer(client.send(request, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Opens a wallet and returns its id. */
    public String createWallet(String body) {
        Answer answer = postJson("/api/v1/wallets", body);
        if (answer.status() != 201) {
            throw new IllegalStateException("could not create a wallet: " + answer.status() + " " + answer.text());
        }
        return answer.json().get("walletId").asText();
    }

    public String createWallet() {
        return createWallet("{}");
    }

    public Answer deposit(String walletId, long amount) {
        return postJson("/api/v1/wallet", "{\"walletId\":\"" + walletId + "\",\"operationType\":\"DEPOSIT\",\"amount\":" + amount + "}");
    }

    public Answer withdraw(String walletId, long amount) {
        return postJson("/api/v1/wallet", "{\"walletId\":\"" + walletId + "\",\"operationType\":\"WITHDRAW\",\"amount\":" + amount + "}");
    }

    public Answer transfer(String from, String to, long amount) {
        return postJson("/api/v1/transfers", "{\"fromWalletId\":\"" + from + "\",\"toWalletId\":\"" + to + "\",\"amount\":" + amount + "}");
    }

    public long balance(String walletId) {
        Answer answer = get("/api/v1/wallets/" + walletId);
        if (answer.status() != 200) {
            throw new IllegalStateException("could not read wallet " + walletId + ": " + answer.status() + " " + answer.text());
        }
        return answer.json().get("balance").asLong();
    }

    private static Answer answer(HttpResponse<String> response) {
        JsonNode json = null;
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (type.contains("json")) {
            try {
                json = JSON.readTree(response.body());
            } catch (IOException e) {
                throw new IllegalStateException("the server sent JSON that does not parse: " + response.body(), e);
            }
        }
        return new Answer(response.statusCode(), response.headers(), response.body(), json);
    }
}
