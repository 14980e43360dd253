package io.github.wallet.adapter.out.redis;

import io.github.wallet.application.port.Settlement;
import io.github.wallet.application.port.out.OutcomeBus;
import io.github.wallet.domain.operation.OperationId;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Outcomes routed to the instance holding the request: each instance listens on its own reply
 * channel; the worker that committed a batch publishes each outcome to its request's instance
 * (or completes it directly when that is itself). A reply lost with a dead instance costs
 * nothing: the operation is committed, and a client retrying finds it.
 */
final class RedisOutcomeBus implements OutcomeBus, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisOutcomeBus.class);

    private final ConcurrentMap<OperationId, CompletableFuture<Settlement>> waiters = new ConcurrentHashMap<>();
    private final RedisAsyncCommands<String, String> shared;
    private final RedisKeys keys;
    private final String instanceId;
    private final StatefulRedisPubSubConnection<String, String> subscription;

    RedisOutcomeBus(RedisClient client, RedisAsyncCommands<String, String> shared, RedisKeys keys, String instanceId) {
        this.shared = shared;
        this.keys = keys;
        this.instanceId = instanceId;
        this.subscription = client.connectPubSub();
        subscription.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                try {
                    complete(MessageCodec.decodeDeliveries(message));
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
        CompletableFuture<Settlement> future = waiters.computeIfAbsent(operationId, id -> new CompletableFuture<>());
        future.whenComplete((settlement, failure) -> waiters.remove(operationId, future));
        return future;
    }

    @Override
    public void abandon(OperationId operationId, Throwable reason) {
        CompletableFuture<Settlement> future = waiters.remove(operationId);
        if (future != null) {
            future.completeExceptionally(reason);
        }
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
        complete(mine);
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

    private void complete(List<Delivery> deliveries) {
        for (Delivery delivery : deliveries) {
            CompletableFuture<Settlement> future = waiters.remove(delivery.operationId());
            if (future != null) {
                future.complete(delivery.settlement());
            }
        }
    }

    @Override
    public void close() {
        subscription.close();
    }
}
