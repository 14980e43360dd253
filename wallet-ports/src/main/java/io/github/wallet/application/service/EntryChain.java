package io.github.wallet.application.service;

import io.github.wallet.domain.operation.OperationId;
import io.github.wallet.domain.operation.OperationType;
import io.github.wallet.domain.wallet.WalletId;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The hash that links a ledger entry to its wallet's previous one (CONTRACT.md §10): lower-case
 * hex SHA-256 of the UTF-8 text
 * {@code <previous hash>|<walletId>|<operationId>|<type>|<signed amount>|<balance after>|<decided at>},
 * the previous hash being 64 zeros for a wallet's first entry, ids lower-case, amounts integers,
 * the time ISO-8601 UTC with exactly six decimals. Anyone can recompute it from the entries.
 */
public final class EntryChain {

    private static final DateTimeFormatter DECIDED_AT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final HexFormat HEX = HexFormat.of();

    private EntryChain() {
    }

    public static String hash(String previous, WalletId walletId, OperationId operationId, OperationType type, long signedAmount,
                              long balanceAfter, Instant decidedAt) {
        return HEX.formatHex(sha256(text(previous, walletId, operationId, type, signedAmount, balanceAfter, decidedAt)));
    }

    /** The text that is hashed, as CONTRACT.md §10 spells it. */
    public static String text(String previous, WalletId walletId, OperationId operationId, OperationType type, long signedAmount,
                              long balanceAfter, Instant decidedAt) {
        return previous + '|' + walletId.value().toString().toLowerCase(Locale.ROOT) + '|' + operationId.value().toString().toLowerCase(Locale.ROOT)
                + '|' + type.name() + '|' + signedAmount + '|' + balanceAfter + '|' + DECIDED_AT.format(decidedAt);
    }

    /** The text is ASCII (hex, digits, ids, type names, '|', '-', ':', '.'): its UTF-8 bytes are its chars. */
    private static byte[] sha256(String text) {
        byte[] utf8 = new byte[text.length()];
        for (int i = 0; i < utf8.length; i++) {
            char c = text.charAt(i);
            if (c > 0x7F) {
                throw new IllegalArgumentException("an entry's chain text is ASCII, found " + c + " in " + text);
            }
            utf8[i] = (byte) c;
        }
        try {
            return MessageDigest.getInstance("SHA-256").digest(utf8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
