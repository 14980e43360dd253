package io.github.wallet.adapter.out.postgres;

import java.util.HexFormat;
import java.util.List;
import org.jdbi.v3.core.argument.Argument;

/**
 * Array parameters sent in PostgreSQL's binary format. Jdbi's {@code bindArray} makes a text
 * literal ({@code {"…","…"}}) that the JVM escapes element by element and PostgreSQL parses back;
 * given a {@code Long[]}, {@code String[]} or {@code byte[][]}, the driver writes the array's
 * binary form instead (length-prefixed elements, no escaping, no parsing). On the hot wallet the
 * text encoding was about a seventh of the batch thread's time. The driver has no binary encoder
 * for {@code UUID[]}, so wallet and operation ids stay on {@code bindArray}.
 */
final class BinaryArrays {

    private BinaryArrays() {
    }

    /** An {@code int8[]}; null elements are NULL. */
    static Argument longs(List<Long> values) {
        Long[] array = values.toArray(new Long[0]);
        return (position, statement, context) -> statement.setObject(position, array);
    }

    /** A {@code text[]}; null elements are NULL. */
    static Argument texts(List<String> values) {
        String[] array = values.toArray(new String[0]);
        return (position, statement, context) -> statement.setObject(position, array);
    }

    /** A {@code bytea[]} of hashes given as hexadecimal text; null elements are NULL. */
    static Argument hashes(List<String> hexHashes) {
        byte[][] array = new byte[hexHashes.size()][];
        HexFormat hex = HexFormat.of();
        for (int i = 0; i < array.length; i++) {
            String hash = hexHashes.get(i);
            array[i] = hash == null ? null : hex.parseHex(hash);
        }
        return (position, statement, context) -> statement.setObject(position, array);
    }
}
