/**
 * The outbound ports implemented inside one JVM: the in-process queue, outcome bus and
 * idempotency registry, the system clock and the id generator. The embedded default, and the
 * fakes every test of the core runs on.
 */
package io.github.wallet.application.inprocess;
