package io.github.wallet.adapter.in.http;

/**
 * One thing wrong with one field of a request.
 */
record FieldError(String field, String message) {
}
