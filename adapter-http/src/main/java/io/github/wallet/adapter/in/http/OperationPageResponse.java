package io.github.wallet.adapter.in.http;

import java.util.List;

/**
 * A page of history; {@code nextCursor} is null on the last page.
 */
record OperationPageResponse(List<OperationResponse> items, String nextCursor) {
}
