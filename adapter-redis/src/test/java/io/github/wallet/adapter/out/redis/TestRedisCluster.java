package io.github.wallet.adapter.out.redis;

import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real Redis Cluster of three masters (no replicas) for tests, from the machine's redis-server
 * and redis-cli: each node a child process on a free port of 127.0.0.1, with its own directory,
 * AOF on ({@code appendfsync always}, so a killed master comes back with everything it answered),
 * joined with {@code redis-cli --cluster create}. Never skips: without the programs it fails and
 * says what to install.
 */
public final class TestRedisCluster implements AutoCloseable {

    private static final int MASTERS = 3;
    private static TestRedisCluster shared;

    private final Path root;
    /** Per port, the node's process (null while it is stopped). */
    private final Map<Integer, Process> nodes = new LinkedHashMap<>();

    private TestRedisCluster(Path root) {
        this.root = root;
    }

    /** One cluster for the whole test run (the contract tests use prefixes of their own); stopped when the JVM exits. */
    public static synchronized TestRedisCluster shared() {
        if (shared == null) {
            TestRedisCluster cluster = start();
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "redis-cluster-stop"));
            shared = cluster;
        }
        return shared;
    }

    /** A cluster of its own, for a test that stops nodes; {@link #close()} stops it and deletes its files. */
    public static TestRedisCluster start() {
        requireProgram("redis-server");
        requireProgram("redis-cli");
        Path root;
        try {
            root = Files.createTempDirectory("wallet-redis-cluster-");
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a directory for the test cluster", e);
        }
        TestRedisCluster cluster = new TestRedisCluster(root);
        try {
            for (int port : freePorts(MASTERS)) {
                cluster.nodes.put(port, null);
                cluster.startNode(port);
            }
            cluster.create();
            cluster.awaitHealthy(Duration.ofSeconds(30));
            return cluster;
        } catch (RuntimeException | Error e) {
            // Stops what started; the nodes' logs stay for a look.
            cluster.nodes.keySet().forEach(cluster::kill);
            throw new IllegalStateException("could not start a Redis Cluster; the nodes' logs are in " + root, e);
        }
    }

    /** {@code redis-cluster://127.0.0.1:P1,127.0.0.1:P2,127.0.0.1:P3}: what WALLET_REDIS_URL says for a cluster. */
    public String url() {
        return RedisConnections.CLUSTER_SCHEME + ports().stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(","));
    }

    public List<Integer> ports() {
        return List.copyOf(nodes.keySet());
    }

    /** Settings on this cluster with a prefix of their own, as {@link TestRedis#settings} for a single Redis. */
    public RedisSettings settings(String prefix, String instanceId, int shards, Duration leaseTime) {
        return new RedisSettings(url(), prefix, instanceId, shards, 10_000, leaseTime, Duration.ofSeconds(2), Duration.ofMinutes(1));
    }

    public static String newPrefix(Class<?> testClass) {
        return "test-" + testClass.getSimpleName() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The port of the master that serves the key's slot, as the cluster says now. */
    public int masterOf(String key) {
        RedisClusterClient client = RedisClusterClient.create(seeds());
        try {
            client.refreshPartitions();
            RedisClusterNode master = client.getPartitions().getMasterBySlot(SlotHash.getSlot(key));
            return master.getUri().getPort();
        } finally {
            client.shutdown();
        }
    }

    /** The keys that one node itself holds (KEYS asks only the node it is sent to). */
    public List<String> keysOn(int port, String pattern) {
        return onNode(port, connection -> connection.sync().keys(pattern));
    }

    /** The running node that has a subscriber on the channel (SUBSCRIBE lives on one node), or -1. */
    public int subscribedOn(String channel) {
        for (Map.Entry<Integer, Process> node : nodes.entrySet()) {
            if (node.getValue() != null && onNode(node.getKey(), connection -> connection.sync().pubsubNumsub(channel).get(channel)) > 0) {
                return node.getKey();
            }
        }
        return -1;
    }

    /** Kills a node's process (SIGKILL, no shutdown of its own) and waits until it is gone. */
    public void kill(int port) {
        Process process = nodes.put(port, null);
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Starts a killed node again: same port, same directory, so it rejoins with its node id and its data (AOF). */
    public void restart(int port) {
        if (nodes.get(port) != null) {
            throw new IllegalStateException("node " + port + " is running");
        }
        startNode(port);
    }

    /** Waits until every node says cluster_state:ok, knows every node and sees every slot served. */
    public void awaitHealthy(Duration within) {
        await().atMost(within).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
            for (int port : nodes.keySet()) {
                String info = onNode(port, connection -> connection.sync().clusterInfo());
                if (!info.contains("cluster_state:ok") || !info.contains("cluster_known_nodes:" + MASTERS)
                        || !info.contains("cluster_slots_ok:16384")) {
                    return false;
                }
            }
            return true;
        });
    }

    /** Stops every node and deletes the cluster's files. */
    @Override
    public synchronized void close() {
        nodes.keySet().forEach(this::kill);
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            // Left in the temp directory; nothing else depends on it.
        }
    }

    private List<RedisURI> seeds() {
        return ports().stream().map(port -> RedisURI.create("redis://127.0.0.1:" + port)).toList();
    }

    private <T> T onNode(int port, java.util.function.Function<StatefulRedisConnection<String, String>, T> work) {
        RedisClient client = RedisClient.create(RedisURI.create("redis://127.0.0.1:" + port));
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return work.apply(connection);
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        }
    }

    private void startNode(int port) {
        Path dir = root.resolve(Integer.toString(port));
        try {
            Files.createDirectories(dir);
            Process process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--dir", dir.toString(), "--daemonize", "no",
                    "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "15000",
                    "--appendonly", "yes", "--appendfsync", "always", "--save", "")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile()))
                    .start();
            nodes.put(port, process);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start redis-server on port " + port, e);
        }
        Process started = nodes.get(port);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .failFast("redis-server on port " + port + " exited; see " + dir.resolve("redis.log"), () -> !started.isAlive())
                .ignoreExceptions()
                .until(() -> "PONG".equals(onNode(port, connection -> connection.sync().ping())));
    }

    private void create() {
        List<String> command = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
        nodes.keySet().forEach(port -> command.add("127.0.0.1:" + port));
        command.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        try {
            Path output = root.resolve("create.log");
            Process create = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!create.waitFor(60, TimeUnit.SECONDS) || create.exitValue() != 0) {
                create.destroyForcibly();
                throw new IllegalStateException("redis-cli --cluster create failed: " + Files.readString(output, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run redis-cli", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the cluster", e);
        }
    }

    private static void requireProgram(String name) {
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/bin" + File.pathSeparator + "/usr/local/bin";
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return;
            }
        }
        throw new IllegalStateException("The Redis Cluster tests run a cluster of their own from '" + name
                + "', which is not installed: apt-get install redis-server (it brings redis-cli, in redis-tools)");
    }

    /** Ports whose cluster bus port (port + 10000) is free too. */
    private static List<Integer> freePorts(int count) {
        List<Integer> ports = new ArrayList<>();
        while (ports.size() < count) {
            int port = ThreadLocalRandom.current().nextInt(20_000, 40_000);
            if (!ports.contains(port) && isFree(port) && isFree(port + 10_000)) {
                ports.add(port);
            }
        }
        return ports;
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
