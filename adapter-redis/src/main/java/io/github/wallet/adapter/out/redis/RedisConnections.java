package io.github.wallet.adapter.out.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Lettuce client, for a single Redis or a Redis Cluster, behind the command interfaces both
 * kinds of connection share ({@link RedisClusterCommands}, {@link RedisClusterAsyncCommands}):
 * the rest of the adapter never asks which it is. A cluster connection sends each command to the
 * master of its key's slot; every multi-key script names keys of one shard, which share a hash tag,
 * so one slot.
 *
 * <p>The URL decides: {@code redis://host:port} (or {@code rediss://}) is a single Redis;
 * {@code redis-cluster://host:port[,host:port...]} (or {@code rediss-cluster://}) is a cluster,
 * found from any of the seed nodes given.
 */
abstract sealed class RedisConnections implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisConnections.class);

    static final String CLUSTER_SCHEME = "redis-cluster://";
    static final String CLUSTER_TLS_SCHEME = "rediss-cluster://";

    /** A connection with both of its faces; closing it closes the connection. */
    record Link(StatefulConnection<String, String> connection, RedisClusterCommands<String, String> sync,
                RedisClusterAsyncCommands<String, String> async) implements AutoCloseable {
        @Override
        public void close() {
            connection.close();
        }
    }

    static boolean isCluster(String url) {
        return url.startsWith(CLUSTER_SCHEME) || url.startsWith(CLUSTER_TLS_SCHEME);
    }

    static RedisConnections open(RedisSettings settings, ClientResources resources) {
        return isCluster(settings.uri()) ? new Cluster(settings, resources) : new Standalone(settings, resources);
    }

    /** A connection of its own (pipelined; blocking commands on it stall only its own users). */
    abstract Link connect();

    /** As {@link #connect()}, for commands on one key's slot only (a shard's blocking reads). */
    Link connectFor(String key) {
        return connect();
    }

    /** A connection for SUBSCRIBE; Lettuce subscribes again by itself after a reconnect. */
    abstract StatefulRedisPubSubConnection<String, String> connectPubSub();

    abstract boolean isCluster();

    /**
     * Whether Redis answers on this link: a single Redis its PING; a cluster when any master answers,
     * since the other masters' shards still take writes while one is away.
     */
    abstract boolean answers(Link link);

    abstract AbstractRedisClient client();

    /** Drops every connection at once, as a killed process would. */
    void shutdownNow() {
        client().shutdown(Duration.ZERO, Duration.ZERO);
    }

    @Override
    public void close() {
        client().shutdown();
    }

    /** Opening a connection is bounded like a command: a node that does not answer is a 503, not a 10-second wait. */
    private static SocketOptions socketOptions(RedisSettings settings) {
        return SocketOptions.builder().connectTimeout(settings.commandTimeout()).build();
    }

    /** The seed nodes of a {@code redis-cluster://} URL: each host:port with the URL's user, password and options. */
    static List<RedisURI> clusterSeeds(String url, Duration timeout) {
        boolean tls = url.startsWith(CLUSTER_TLS_SCHEME);
        String rest = url.substring((tls ? CLUSTER_TLS_SCHEME : CLUSTER_SCHEME).length());
        int end = rest.length();
        for (char c : new char[]{'/', '?'}) {
            int at = rest.indexOf(c);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        String authority = rest.substring(0, end);
        String tail = rest.substring(end);
        int at = authority.lastIndexOf('@');
        String userInfo = at < 0 ? "" : authority.substring(0, at + 1);
        List<RedisURI> seeds = new ArrayList<>();
        for (String host : authority.substring(at + 1).split(",")) {
            if (!host.isBlank()) {
                RedisURI seed = RedisURI.create((tls ? "rediss://" : "redis://") + userInfo + host.trim() + tail);
                seed.setTimeout(timeout);
                seeds.add(seed);
            }
        }
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("a Redis Cluster URL names at least one host:port, e.g. "
                    + CLUSTER_SCHEME + "10.0.0.1:6379,10.0.0.2:6379");
        }
        return seeds;
    }

    private static final class Standalone extends RedisConnections {

        private final RedisClient client;

        Standalone(RedisSettings settings, ClientResources resources) {
            RedisURI uri = RedisURI.create(settings.uri());
            uri.setTimeout(settings.commandTimeout());
            this.client = resources == null ? RedisClient.create(uri) : RedisClient.create(resources, uri);
            client.setOptions(ClientOptions.builder()
                    .autoReconnect(true)
                    // While disconnected, fail commands at once (503) instead of queueing them in memory.
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
                    .socketOptions(socketOptions(settings))
                    .build());
        }

        @Override
        Link connect() {
            StatefulRedisConnection<String, String> connection = client.connect();
            return new Link(connection, connection.sync(), connection.async());
        }

        @Override
        StatefulRedisPubSubConnection<String, String> connectPubSub() {
            return client.connectPubSub();
        }

        @Override
        boolean isCluster() {
            return false;
        }

        @Override
        boolean answers(Link link) {
            try {
                return "PONG".equals(link.sync().ping());
            } catch (RedisException e) {
                return false;
            }
        }

        @Override
        AbstractRedisClient client() {
            return client;
        }
    }

    private static final class Cluster extends RedisConnections {

        /** How often the slot map is read again even when nothing hinted at a change. */
        static final Duration PERIODIC_REFRESH = Duration.ofSeconds(10);

        private final RedisClusterClient client;

        Cluster(RedisSettings settings, ClientResources resources) {
            List<RedisURI> seeds = clusterSeeds(settings.uri(), settings.commandTimeout());
            this.client = resources == null ? RedisClusterClient.create(seeds) : RedisClusterClient.create(resources, seeds);
            client.setOptions(ClusterClientOptions.builder()
                    .autoReconnect(true)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
                    .socketOptions(socketOptions(settings))
                    // A failover or a restarted master is picked up: on a schedule, and at once on a hint
                    // (MOVED/ASK redirects, repeated reconnects, unknown nodes).
                    .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                            .enablePeriodicRefresh(PERIODIC_REFRESH)
                            .enableAllAdaptiveRefreshTriggers()
                            .adaptiveRefreshTriggersTimeout(Duration.ofSeconds(1))
                            .refreshTriggersReconnectAttempts(3)
                            .build())
                    .build());
        }

        @Override
        Link connect() {
            StatefulRedisClusterConnection<String, String> connection = client.connect();
            for (RedisClusterNode node : connection.getPartitions()) {
                if (node.is(RedisClusterNode.NodeFlag.UPSTREAM)) {
                    warmUp(connection, node);
                }
            }
            return new Link(connection, connection.sync(), connection.async());
        }

        @Override
        Link connectFor(String key) {
            StatefulRedisClusterConnection<String, String> connection = client.connect();
            RedisClusterNode master = connection.getPartitions().getMasterBySlot(SlotHash.getSlot(key));
            if (master != null) {
                warmUp(connection, master);
            }
            return new Link(connection, connection.sync(), connection.async());
        }

        /**
         * Opens the connection to a master now rather than on its first command: a cluster connection
         * that rejects commands while disconnected also rejects those sent while a node's connection
         * is still being opened. A master that cannot be reached now is connected to on first use.
         */
        private static void warmUp(StatefulRedisClusterConnection<String, String> connection, RedisClusterNode node) {
            try {
                connection.getConnection(node.getUri().getHost(), node.getUri().getPort());
            } catch (RuntimeException e) {
                log.warn("Redis Cluster master {}:{} not reachable yet: {}", node.getUri().getHost(), node.getUri().getPort(), e.getMessage());
            }
        }

        @Override
        StatefulRedisPubSubConnection<String, String> connectPubSub() {
            return client.connectPubSub();
        }

        @Override
        boolean isCluster() {
            return true;
        }

        @Override
        boolean answers(Link link) {
            StatefulRedisClusterConnection<String, String> connection = (StatefulRedisClusterConnection<String, String>) link.connection();
            for (RedisClusterNode node : connection.getPartitions()) {
                if (node.is(RedisClusterNode.NodeFlag.UPSTREAM)) {
                    try {
                        if ("PONG".equals(connection.getConnection(node.getUri().getHost(), node.getUri().getPort()).sync().ping())) {
                            return true;
                        }
                    } catch (RedisException e) {
                        // This master is away; ask the next.
                    }
                }
            }
            return false;
        }

        @Override
        AbstractRedisClient client() {
            return client;
        }
    }
}
