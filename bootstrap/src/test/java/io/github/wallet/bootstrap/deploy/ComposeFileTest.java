package io.github.wallet.bootstrap.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml cannot be run here (no Docker engine), so its shape is checked instead:
 * the services, their wiring, and that they use the deploy/ files scripts/topology.sh runs.
 */
class ComposeFileTest {

    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    private static JsonNode services;

    @BeforeAll
    static void read() throws Exception {
        services = new ObjectMapper(new YAMLFactory()).readTree(ROOT.resolve("docker-compose.yml").toFile()).get("services");
    }

    @Test
    void theProductionShapeIsThere() {
        Set<String> names = new TreeSet<>();
        services.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactlyInAnyOrder("postgres", "migrate", "pgbouncer", "redis", "wallet-1", "wallet-2", "nginx");
        for (JsonNode service : services) {
            assertThat(service.has("image") || service.has("build")).isTrue();
        }
    }

    @Test
    void instancesGoThroughPgBouncerWithoutPreparedStatementsAndShareRedis() {
        for (String instance : List.of("wallet-1", "wallet-2")) {
            JsonNode env = services.get(instance).get("environment");
            assertThat(env.get("WALLET_DB_URL").asText()).startsWith("jdbc:postgresql://pgbouncer:6432/").contains("prepareThreshold=0");
            assertThat(env.get("WALLET_DB_MIGRATE").asText()).isEqualTo("false");
            assertThat(env.get("WALLET_REDIS_URL").asText()).isEqualTo("redis://redis:6379");
            assertThat(env.get("WALLET_INSTANCE_ID").asText()).isEqualTo(instance);
            assertThat(env.get("WALLET_HTTP_PORT").asText()).isEqualTo("8080");
            assertThat(services.get(instance).get("healthcheck").get("test").toString()).contains("/health/ready");
        }
        assertThat(services.get("migrate").get("command").get(0).asText()).isEqualTo("migrate");
        assertThat(services.get("migrate").get("environment").get("WALLET_DB_URL").asText()).startsWith("jdbc:postgresql://postgres:5432/");
    }

    @Test
    void redisKeepsAnAppendOnlyFileSyncedEverySecond() {
        String command = services.get("redis").get("command").toString();
        assertThat(command).contains("\"--appendonly\",\"yes\"").contains("\"--appendfsync\",\"everysec\"");
    }

    @Test
    void theBalancerAndPgBouncerUseTheFilesTheTopologyScriptRuns() throws Exception {
        assertThat(services.get("nginx").get("volumes").toString()).contains("./deploy/nginx.conf:/etc/nginx/nginx.conf");
        assertThat(services.get("nginx").get("ports").toString()).contains("8080:8080");
        assertThat(services.get("pgbouncer").get("volumes").toString()).contains("./deploy/pgbouncer.ini:").contains("./deploy/userlist.txt:");
        String nginx = Files.readString(ROOT.resolve("deploy/nginx.conf"));
        assertThat(nginx).contains("server wallet-1:8080").contains("server wallet-2:8080").contains("listen 8080;");
        String pgbouncer = Files.readString(ROOT.resolve("deploy/pgbouncer.ini"));
        assertThat(pgbouncer).contains("pool_mode = transaction").contains("host=postgres port=5432 dbname=wallet").contains("listen_port = 6432");
        String script = Files.readString(ROOT.resolve("scripts/topology.sh"));
        assertThat(script).contains("deploy/nginx.conf").contains("deploy/pgbouncer.ini").contains("prepareThreshold=0").contains("WALLET_DB_MIGRATE=false");
    }
}
