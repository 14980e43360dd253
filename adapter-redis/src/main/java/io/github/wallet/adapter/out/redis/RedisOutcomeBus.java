package io.github.wallet.adapter.out.redis;

import io.github.wallet.application.port.Settlement;
import io.github.wallet.application.port.out.OutcomeBus;
import io.github.wallet.domain.operation.OperationId;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Outcomes routed to the instance holding the request: each instance listens on its own reply
 * channel; the worker that committed a batch publishes each outcome to its request's instance
 * (or hands it over directly when that is itself). A reply lost with a dead instance costs
 * nothing: the operation is committed, and a client retrying finds it.
 *
 * <p>The waiting itself is the local bus's job (the in-process one): this class only routes.
 *
 * <p>On a Redis Cluster this stays classic pub/sub (PUBLISH/SUBSCRIBE), which the cluster passes
 * to every node: the subscription lives on one node, any node takes the PUBLISH. Sharded pub/sub
 * (SPUBLISH/SSUBSCRIBE) would keep each reply on its channel's master only, but Lettuce does not
 * yet follow a sharded subscription to a new master after a failover or restart (it does for
 * classic ones), and replies are small and few (one message per batch and instance).
 */
final class RedisOutcomeBus implements OutcomeBus, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisOutcomeBus.class);

    private final OutcomeBus local;
    private final RedisClusterAsyncCommands<String, String> shared;
    private final RedisKeys keys;
    private final String instanceId;
    private final StatefulRedisPubSubConnection<String, String> subscription;

    RedisOutcomeBus(RedisConnections connections, RedisClusterAsyncCommands<String, String> shared, RedisKeys keys, String instanceId, OutcomeBus local) {
        this.local = local;
        this.shared = shared;
        this.keys = keys;
        this.instanceId = instanceId;
        this.subscription = connections.connectPubSub();
        subscription.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                try {
                    local.publish(MessageCodec.decodeDeliveries(message));
                } catch (RuntimeException e) {
                    log.error("could not read a reply message on {}", channel, e);
                }
            }
        });
        // Lettuce subscribes again by itself after a reconnect.
        subscription.sync().subscribe(keys.replies(instanceId));
    }

    @Override
    public CompletionStage<Settlement> await(OperationId operationId) {
        return local.await(operationId);
    }


    @Override
    public void publish(List<Delivery> deliveries) {
        Map<String, List<Delivery>> byInstance = new HashMap<>();
        List<Delivery> mine = new ArrayList<>();
        for (Delivery delivery : deliveries) {
            if (instanceId.equals(delivery.replyTo())) {
                mine.add(delivery);
            } else {
                byInstance.computeIfAbsent(delivery.replyTo(), k -> new ArrayList<>()).add(delivery);
            }
        }
        local.publish(mine);
        byInstance.forEach((instance, list) -> shared.publish(keys.replies(instance), MessageCodec.encodeDeliveries(list))
                .exceptionally(failure -> {
                    log.warn("could not send {} outcomes to {}: {}", list.size(), instance, failure.toString());
                    return 0L;
                }));
    }

    @Override
    public String replyAddress() {
        return instanceId;
    }

    @Override
    public void close() {
        subscription.close();
    }
}
