/**
 * The outbound ports implemented inside one JVM: the in-process queue (with its idempotency
 * claims) and outcome bus, the system clock and the id generator. The embedded default, and the
 * fakes every test of the core runs on.
 */
package io.github.wallet.application.inprocess;
