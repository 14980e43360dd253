package io.github.wallet.adapter.in.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The API keys that may call the API and what each may do. Keys are kept as SHA-256 digests and
 * compared in constant time against every configured key, so neither the comparison nor the
 * number of keys tried tells an attacker how close a guess was.
 */
public final class ApiKeys {

    /** What a key may do: {@code read} (GET) and/or {@code write} (POST). */
    public enum Scope { READ, WRITE }

    private record Entry(byte[] digest, Set<Scope> scopes) {
    }

    private final List<Entry> entries;

    private ApiKeys(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** No keys: the API is open to anyone who can reach it. */
    public static ApiKeys none() {
        return new ApiKeys(List.of());
    }

    public static ApiKeys of(Map<String, Set<Scope>> keys) {
        List<Entry> entries = new ArrayList<>();
        keys.forEach((key, scopes) -> entries.add(new Entry(digest(key), EnumSet.copyOf(scopes))));
        return new ApiKeys(entries);
    }

    /**
     * Parses {@code key1:read+write,key2:read}: comma-separated keys, each with its scopes after a colon.
     *
     * @throws IllegalArgumentException naming what is wrong, without echoing the key
     */
    public static ApiKeys parse(String text) {
        if (text == null || text.isBlank()) {
            return none();
        }
        java.util.LinkedHashMap<String, Set<Scope>> keys = new java.util.LinkedHashMap<>();
        int position = 0;
        for (String item : text.split(",")) {
            position++;
            int colon = item.lastIndexOf(':');
            if (colon <= 0 || colon == item.length() - 1) {
                throw new IllegalArgumentException("WALLET_API_KEYS entry " + position + " must look like key:read+write");
            }
            Set<Scope> scopes = EnumSet.noneOf(Scope.class);
            for (String scope : item.substring(colon + 1).split("\\+")) {
                try {
                    scopes.add(Scope.valueOf(scope.trim().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("WALLET_API_KEYS entry " + position + " has an unknown scope '" + scope + "' (read, write)", e);
                }
            }
            keys.put(item.substring(0, colon).trim(), scopes);
        }
        return of(keys);
    }

    public boolean isOpen() {
        return entries.isEmpty();
    }

    public int size() {
        return entries.size();
    }

    /** The scopes of the presented key, or empty when it is no key of ours. */
    Optional<Set<Scope>> scopesOf(String presented) {
        byte[] candidate = digest(presented);
        Set<Scope> found = null;
        for (Entry entry : entries) {
            // No early exit: every key is compared, whatever matched.
            if (MessageDigest.isEqual(entry.digest(), candidate)) {
                found = entry.scopes();
            }
        }
        return Optional.ofNullable(found);
    }

    private static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
