package io.github.wallet.adapter.in.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.OptionalLong;

/**
 * The opaque cursors of history pages and of the event feed: a kind and a version, then a position,
 * base64url-encoded, so clients treat them as tokens and the store may change what they hold. A
 * cursor of one kind is not taken for another.
 */
final class HistoryCursor {

    /** History pages: the operation's seq, above 0. */
    static final String HISTORY = "v1:";
    /**
     * The event feed: a position, 0 or above (0: before the first event). Version 2: positions are
     * operation seqs (a version-1 position numbered an outbox that is gone, so it is not taken).
     */
    static final String FEED = "f2:";

    private HistoryCursor() {
    }

    static String encode(long position) {
        return encode(HISTORY, position);
    }

    static String encode(String kind, long position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((kind + position).getBytes(StandardCharsets.US_ASCII));
    }

    /** The history position, or empty when the text is not a history cursor this server made. */
    static OptionalLong decode(String cursor) {
        OptionalLong position = decode(HISTORY, cursor);
        return position.isPresent() && position.getAsLong() > 0 ? position : OptionalLong.empty();
    }

    /** The position of a cursor of this kind, or empty when the text is not one this server made. */
    static OptionalLong decode(String kind, String cursor) {
        if (cursor.length() > 64) {
            return OptionalLong.empty();
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            if (!text.startsWith(kind)) {
                return OptionalLong.empty();
            }
            long position = Long.parseLong(text.substring(kind.length()));
            return position >= 0 ? OptionalLong.of(position) : OptionalLong.empty();
        } catch (IllegalArgumentException e) {
            return OptionalLong.empty();
        }
    }
}
