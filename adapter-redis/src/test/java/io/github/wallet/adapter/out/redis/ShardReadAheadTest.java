package io.github.wallet.adapter.out.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.Consumer;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.models.stream.PendingMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A shard's reads ahead on a real Redis: what {@link ShardReadAhead#stop} reports must be all the
 * caller needs to keep every delivered entry applied (RedisStreamOperationQueue acts on it).
 */
class ShardReadAheadTest {

    private TestRedis redis;
    private RedisClient client;
    private StatefulRedisConnection<String, String> reader;
    private StatefulRedisConnection<String, String> admin;
    private String stream;

    @BeforeEach
    void open() {
        redis = TestRedis.forClass(ShardReadAheadTest.class);
        client = RedisClient.create(redis.url());
        reader = client.connect();
        admin = client.connect();
        stream = new RedisKeys(redis.prefix()).stream(0);
        admin.sync().xgroupCreate(XReadArgs.StreamOffset.from(stream, "0"), RedisKeys.GROUP, XGroupCreateArgs.Builder.mkstream());
    }

    @AfterEach
    void close() {
        reader.close();
        admin.close();
        client.shutdown();
        redis.close();
    }

    private ShardReadAhead readAhead() {
        return new ShardReadAhead(reader.async(), Consumer.from(RedisKeys.GROUP, "me"), stream, () -> true);
    }

    /**
     * A read that fails while the worker commits (Redis may have delivered entries without the
     * answer) is not forgotten when reading ahead stops: the caller must read the pending list again.
     */
    @Test
    void aReadThatFailsWhileTheWorkerCommitsIsReportedWhenReadingAheadStops() {
        ShardReadAhead ahead = readAhead();
        String first = admin.sync().xadd(stream, Map.of("op", "1"));
        // Taken at once; the next read is sent and blocks (up to 2 s) while "the batch commits".
        assertThat(ahead.take(10, Duration.ofSeconds(2))).extracting(StreamMessage::getId).containsExactly(first);
        // Redis answers a read blocked on a group that goes away with NOGROUP.
        admin.sync().xgroupDestroy(stream, RedisKeys.GROUP);

        ShardReadAhead.Stopped stopped = ahead.stop();
        assertThat(stopped.readFailed()).isTrue();
        assertThat(stopped.readInFlight()).isFalse();
        assertThat(stopped.delivered()).isEmpty();
    }

    /**
     * Stopping waits for the read on its way to end, and hands out what it delivered: nothing can be
     * delivered to this consumer after it (the adapter stops reading ahead before it hands its
     * leases back, so that the next owner's one claim of the pending entries sees them all).
     */
    @Test
    void stoppingWaitsForTheReadOnItsWayAndHandsOutWhatItDelivered() {
        ShardReadAhead ahead = readAhead();
        String first = admin.sync().xadd(stream, Map.of("op", "1"));
        assertThat(ahead.take(10, Duration.ofMillis(300))).extracting(StreamMessage::getId).containsExactly(first);
        String second = admin.sync().xadd(stream, Map.of("op", "2"));

        ShardReadAhead.Stopped stopped = ahead.stop();
        assertThat(stopped.readInFlight()).isFalse();
        assertThat(stopped.readFailed()).isFalse();
        assertThat(stopped.delivered()).extracting(StreamMessage::getId).containsExactly(second);
        // Stopped for good: an entry queued now stays in the stream, delivered to nobody.
        admin.sync().xadd(stream, Map.of("op", "3"));
        List<String> pending = admin.sync().xpending(stream, RedisKeys.GROUP, Range.create("-", "+"), Limit.from(10))
                .stream().map(PendingMessage::getId).toList();
        assertThat(pending).containsExactly(first, second);
    }

    /**
     * A read that outlives stop()'s wait (Redis stalled) is reported as still on its way: the queue
     * relies on it not to read its pending list meanwhile (the read would put what it delivers in
     * the buffer after that list had given it). Once Redis answers, the next stop() finds it ended.
     */
    @Test
    void aReadThatOutlivesTheWaitIsReportedOnItsWay() {
        ShardReadAhead ahead = readAhead();
        String first = admin.sync().xadd(stream, Map.of("op", "1"));
        // The read sent after this take blocks up to 300 ms: stop() waits that and a second.
        assertThat(ahead.take(10, Duration.ofMillis(300))).extracting(StreamMessage::getId).containsExactly(first);
        var stall = redis.stall(Duration.ofMillis(2_500));

        ShardReadAhead.Stopped whileStalled = ahead.stop();
        assertThat(whileStalled.readInFlight()).isTrue();
        assertThat(whileStalled.delivered()).isEmpty();

        assertThat(stall.join()).isEqualTo(1L);
        ShardReadAhead.Stopped after = ahead.stop();
        assertThat(after.readInFlight()).isFalse();
        assertThat(after.readFailed()).isFalse();
    }
}
