package io.github.wallet.bootstrap.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.wallet.adapter.in.http.HttpTestClient;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a wallet's whole history through the API, newest first, following the cursors.
 */
final class History {

    private History() {
    }

    static List<JsonNode> of(HttpTestClient client, String walletId) {
        List<JsonNode> items = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = client.get("/api/v1/wallets/" + walletId + "/operations?limit=1000" + (cursor == null ? "" : "&cursor=" + cursor)).json();
            page.get("items").forEach(items::add);
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
        } while (cursor != null);
        return items;
    }

    /** The wallet's balance as its completed history says: deposits, incoming transfers and captures minus the rest. */
    static long sum(List<JsonNode> items, String walletId) {
        long sum = 0;
        for (JsonNode item : items) {
            if (!item.get("status").asText().equals("COMPLETED")) {
                continue;
            }
            String type = item.get("type").asText();
            if (!type.equals("DEPOSIT") && !type.equals("WITHDRAW") && !type.equals("TRANSFER") && !type.equals("CAPTURE")) {
                continue;  // holds placed, voided or expired and rule changes move no money
            }
            long amount = item.get("amount").asLong();
            switch (type) {
                case "DEPOSIT" -> sum += amount;
                case "WITHDRAW" -> sum -= amount;
                default -> sum += item.has("toWalletId") && item.get("toWalletId").asText().equals(walletId) ? amount : -amount;
            }
        }
        return sum;
    }
}
