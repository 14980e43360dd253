package io.github.wallet.adapter.in.http;

import io.github.wallet.application.port.FeedEvent;
import io.github.wallet.application.port.Webhook;
import io.github.wallet.application.port.out.WebhookSender;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Delivers the feed this adapter serves to webhooks, as the same Event JSON, over the JDK's
 * {@link HttpClient}, 5 s for the whole attempt (connection, request, answer), signed as Stripe signs:
 * {@code Wallet-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>}, with the
 * event's id in {@code Wallet-Event-Id} for de-duplication.
 *
 * <p>SSRF: a URL must be {@code https} and resolve to public addresses only; with
 * {@code allowPrivate}, {@code http} and loopback or private addresses are allowed (internal
 * receivers, tests), and link-local and metadata addresses (169.254.0.0/16, fe80::/10) never.
 * Checked at registration and before every delivery, since DNS can change.
 */
public final class WebhookHttpSender implements WebhookSender {

    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final JsonCodec codec = new JsonCodec();
    private final boolean allowPrivate;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();

    public WebhookHttpSender(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    @Override
    public Optional<String> refusal(String text) {
        URI url;
        try {
            url = new URI(text);
        } catch (java.net.URISyntaxException e) {
            return Optional.of("it is not a URL: " + e.getReason());
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(allowPrivate && scheme.equals("http"))) {
            return Optional.of("the URL must be https" + (allowPrivate ? " or http" : "") + ", was " + (scheme.isEmpty() ? "no scheme" : scheme));
        }
        if (url.getHost() == null || url.getHost().isBlank()) {
            return Optional.of("the URL has no host");
        }
        // new URI takes any port that fits an int; the HTTP client would refuse 0 or above 65535 only when it sends.
        if (url.getPort() == 0 || url.getPort() > 65_535) {
            return Optional.of("the port " + url.getPort() + " is not between 1 and 65535");
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(url.getHost());
        } catch (UnknownHostException e) {
            return Optional.of("the host " + url.getHost() + " does not resolve");
        }
        for (InetAddress address : addresses) {
            if (address.isLinkLocalAddress() || isMetadata(address)) {
                return Optional.of(url.getHost() + " resolves to " + address.getHostAddress() + ", a link-local or metadata address");
            }
            boolean internal = address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isAnyLocalAddress()
                    || address.isMulticastAddress() || isUniqueLocal(address) || isSharedAddressSpace(address);
            if (internal && !allowPrivate) {
                return Optional.of(url.getHost() + " resolves to " + address.getHostAddress()
                        + ", a private or loopback address (WALLET_WEBHOOK_ALLOW_PRIVATE=true allows it)");
            }
        }
        return Optional.empty();
    }

    @Override
    public Result send(Webhook webhook, FeedEvent event, long unixSeconds) {
        byte[] body = codec.write(EventsHandler.event(event));
        String signature = "t=" + unixSeconds + ",v1=" + sign(webhook.secret(), unixSeconds, body);
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(webhook.url())).timeout(TIMEOUT)
                    .header("Content-Type", Exchanges.JSON)
                    .header("User-Agent", "wallet-service-webhooks")
                    .header("Wallet-Signature", signature)
                    .header("Wallet-Event-Id", event.event().operation().id().toString())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            // The request's timeout ends at the answer's headers; a body trickled after them would hold the
            // attempt (and the webhook's lease) for as long as the receiver likes: the whole attempt gets TIMEOUT.
            CompletableFuture<HttpResponse<Void>> sent = client.sendAsync(request, HttpResponse.BodyHandlers.discarding());
            try {
                HttpResponse<Void> response = sent.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                return new Result(OptionalInt.of(response.statusCode()), Optional.empty());
            } catch (TimeoutException e) {
                sent.cancel(true);
                return new Result(OptionalInt.empty(), Optional.of("no whole answer within " + TIMEOUT.toSeconds() + " s"));
            } catch (ExecutionException e) {
                return failed(e.getCause() == null ? e : e.getCause());
            }
        } catch (IllegalArgumentException e) {
            return failed(e);  // a URL the client cannot send to (a port out of range, stored by a version that did not check it)
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(OptionalInt.empty(), Optional.of("interrupted"));
        }
    }

    /** An attempt that got no answer, and why, as the delivery log shows it. */
    private static Result failed(Throwable why) {
        return new Result(OptionalInt.empty(), Optional.of(why.getClass().getSimpleName() + (why.getMessage() == null ? "" : ": " + why.getMessage())));
    }

    /** Hex HMAC-SHA256 of {@code "<t>.<body>"} with the webhook's secret. */
    static String sign(String secret, long unixSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((unixSeconds + ".").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }

    private static boolean isMetadata(InetAddress address) {
        String text = address.getHostAddress();
        return text.equals("169.254.169.254") || text.startsWith("fd00:ec2:");
    }

    /** fc00::/7, IPv6's private addresses. */
    private static boolean isUniqueLocal(InetAddress address) {
        return address instanceof Inet6Address && (address.getAddress()[0] & 0xFE) == 0xFC;
    }

    /** 100.64.0.0/10, carrier-grade NAT. */
    private static boolean isSharedAddressSpace(InetAddress address) {
        byte[] bytes = address.getAddress();
        return bytes.length == 4 && (bytes[0] & 0xFF) == 100 && (bytes[1] & 0xC0) == 64;
    }
}
