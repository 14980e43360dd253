package io.github.wallet.adapter.in.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.OptionalLong;

/**
 * The opaque {@code cursor} of history pages: a versioned position, base64url-encoded, so clients
 * treat it as a token and the store may change what it holds.
 */
final class HistoryCursor {

    private static final String PREFIX = "v1:";

    private HistoryCursor() {
    }

    static String encode(long position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((PREFIX + position).getBytes(StandardCharsets.US_ASCII));
    }

    /** The position, or empty when the text is not a cursor this server made. */
    static OptionalLong decode(String cursor) {
        if (cursor.length() > 64) {
            return OptionalLong.empty();
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            if (!text.startsWith(PREFIX)) {
                return OptionalLong.empty();
            }
            long position = Long.parseLong(text.substring(PREFIX.length()));
            return position > 0 ? OptionalLong.of(position) : OptionalLong.empty();
        } catch (IllegalArgumentException e) {
            return OptionalLong.empty();
        }
    }
}
