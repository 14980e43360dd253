package io.github.wallet.adapter.in.http;

/**
 * Every error the API answers with: its HTTP status, a stable machine code and a short title.
 */
enum ProblemCode {
    INVALID_JSON(400, "Body is not a JSON object"),
    INVALID_REQUEST(400, "Request is not valid"),
    UNAUTHORIZED(401, "Authentication required"),
    FORBIDDEN(403, "Not allowed"),
    WALLET_NOT_FOUND(404, "Wallet not found"),
    OPERATION_NOT_FOUND(404, "Operation not found"),
    HOLD_NOT_FOUND(404, "Hold not found"),
    NOT_FOUND(404, "No such resource"),
    METHOD_NOT_ALLOWED(405, "Method not allowed"),
    WALLET_ALREADY_EXISTS(409, "Wallet already exists"),
    INSUFFICIENT_FUNDS(409, "Insufficient funds"),
    BALANCE_LIMIT_EXCEEDED(409, "Balance limit exceeded"),
    CURRENCY_MISMATCH(409, "Currency mismatch"),
    HOLD_NOT_ACTIVE(409, "Hold not active"),
    AMOUNT_EXCEEDS_HOLD(409, "Amount exceeds hold"),
    DEBIT_LIMIT_EXCEEDED(409, "Debit limit exceeded"),
    WALLET_FROZEN(409, "Wallet frozen"),
    REQUEST_TIMEOUT(408, "Request timeout"),
    PAYLOAD_TOO_LARGE(413, "Payload too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
    IDEMPOTENCY_KEY_REUSED(422, "Idempotency key reused"),
    /** The store refused to keep the operation (a constraint, a value it cannot hold); it had no effect. */
    OPERATION_FAILED(422, "Operation failed"),
    INTERNAL_ERROR(500, "Internal error"),
    SERVICE_UNAVAILABLE(503, "Service unavailable");

    private final int status;
    private final String title;

    ProblemCode(int status, String title) {
        this.status = status;
        this.title = title;
    }

    int status() {
        return status;
    }

    String title() {
        return title;
    }

    /** A URI reference naming the problem type, documented in openapi.yaml. */
    String type() {
        return "/problems/" + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
