package io.github.wallet.domain.operation;

/**
 * Where a placed hold is: reserving money, or settled one of three ways (each final).
 */
public enum HoldStatus {
    ACTIVE,
    CAPTURED,
    VOIDED,
    EXPIRED
}
