package io.github.wallet.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * openapi.yaml, as served, describes exactly the routes the server has.
 */
class OpenApiTest {

    @RegisterExtension
    static final TestApi api = new TestApi();



    @Test
    void theServedDocumentListsExactlyTheServersRoutes() throws Exception {
        String yaml = api.client.get("/openapi.yaml").text();
        JsonNode document = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        assertThat(document.get("openapi").asText()).startsWith("3.1");

        Set<String> documented = new TreeSet<>();
        document.get("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method -> {
            if (Set.of("get", "post", "put", "delete", "patch", "head", "options").contains(method)) {
                documented.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
            }
        }));
        Set<String> served = new TreeSet<>();
        Router router = WalletRoutes.create(new WalletApi(api.core.createWallet(), api.core.getWallet(), api.core.submitOperation(),
                api.core.getOperation(), api.core.listOperations(), api.core.holds(), api.core.walletRules(), api.core.verifyWallet(), api.core.events(), api.core.webhooks(), java.util.Map::of, () -> ""), null, HttpSettings.defaults(0));
        router.routes().forEach(route -> served.add(route.method() + " " + route.template()));
        assertThat(documented).isEqualTo(served);
    }

    @Test
    void everyProblemCodeTheServerUsesIsDocumented() throws Exception {
        String yaml = api.client.get("/openapi.yaml").text();
        for (ProblemCode code : ProblemCode.values()) {
            if (code != ProblemCode.INTERNAL_ERROR) {
                assertThat(yaml).as(code.name()).contains(code.name());
            }
        }
    }
}
