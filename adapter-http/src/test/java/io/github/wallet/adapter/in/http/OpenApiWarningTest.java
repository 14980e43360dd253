package io.github.wallet.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The start-up warning about an API without keys: it names the address actually bound (a server
 * started on port 0 used to warn about "port 0"), and a loopback-only listener, such as the self
 * warm-up's server, does not raise it.
 */
class OpenApiWarningTest {

    private static HttpSettings on(String host, ApiKeys keys) {
        return new HttpSettings(host, 0, Duration.ofSeconds(1), HttpSettings.BODY_SIZE_MAX_DEFAULT, 1, keys, HttpSettings.BODY_TIMEOUT_DEFAULT);
    }

    @Test
    void anOpenApiOnEveryAddressIsAWarningNamingTheBoundPort() {
        assertThat(WalletHttpServer.openApiWarning(on("0.0.0.0", ApiKeys.none()), 8080))
                .hasValue("no WALLET_API_KEYS configured: the API is open to anyone who can reach 0.0.0.0:8080");
    }

    @Test
    void anOpenApiOnLoopbackOnlyIsNoWarning() {
        assertThat(WalletHttpServer.openApiWarning(on("127.0.0.1", ApiKeys.none()), 39885)).isEmpty();
        assertThat(WalletHttpServer.openApiWarning(on("localhost", ApiKeys.none()), 39885)).isEmpty();
    }

    @Test
    void anApiWithKeysIsNoWarning() {
        ApiKeys keys = ApiKeys.of(Map.of("secret-key-of-32-characters-long!", Set.of(ApiKeys.Scope.values())));
        assertThat(WalletHttpServer.openApiWarning(on("0.0.0.0", keys), 8080)).isEmpty();
    }
}
