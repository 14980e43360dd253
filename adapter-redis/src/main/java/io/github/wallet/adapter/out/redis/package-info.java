/**
 * The Redis Streams operation queue, idempotency registry and outcome bus (not built yet: the
 * server uses the in-process queue until then).
 */
package io.github.wallet.adapter.out.redis;
