package io.github.wallet.adapter.in.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.wallet.domain.money.Amount;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Reads the fields of a request object, collecting every problem before answering, so that a
 * client learns all that is wrong with its request at once.
 */
final class JsonFields {

    private final ObjectNode object;
    private final List<FieldError> errors = new ArrayList<>();

    JsonFields(ObjectNode object, Set<String> known) {
        this.object = object;
        Iterator<String> names = object.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                errors.add(new FieldError(name, "is not a known field"));
            }
        }
    }

    boolean has(String field) {
        JsonNode node = object.get(field);
        return node != null && !node.isNull();
    }

    Optional<UUID> uuid(String field, boolean required) {
        return text(field, required, PathIds.UUID_TEXT, PathIds.UUID_EXPECTATION).map(UUID::fromString);
    }

    /** A string field matching {@code pattern}; {@code expectation} completes "must be …". */
    Optional<String> text(String field, boolean required, Pattern pattern, String expectation) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                errors.add(new FieldError(field, "is required"));
            }
            return Optional.empty();
        }
        if (!node.isTextual() || !pattern.matcher(node.textValue()).matches()) {
            String was = node.isTextual() ? "" : ", was " + JsonCodec.describe(node);
            errors.add(new FieldError(field, "must be " + expectation + was));
            return Optional.empty();
        }
        return Optional.of(node.textValue());
    }

    /** An amount: a JSON integer (not a decimal, not a string) from 1 to 10^15. */
    Optional<Amount> amount(String field) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            errors.add(new FieldError(field, "is required"));
            return Optional.empty();
        }
        if (!node.isIntegralNumber()) {
            errors.add(new FieldError(field, "must be an integer number of minor units, was " + JsonCodec.describe(node)));
            return Optional.empty();
        }
        if (!node.canConvertToLong() || !Amount.isValid(node.longValue())) {
            errors.add(new FieldError(field, "must be between 1 and " + Amount.MAX_MINOR + ", was " + abbreviate(node.asText())));
            return Optional.empty();
        }
        return Optional.of(new Amount(node.longValue()));
    }

    /** An amount that may be left out (or null). */
    Optional<Amount> optionalAmount(String field) {
        return has(field) ? amount(field) : Optional.empty();
    }

    /** A JSON integer from {@code min} to {@code max}; absent or null is empty. */
    OptionalLong wholeNumber(String field, long min, long max) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return OptionalLong.empty();
        }
        if (!node.isIntegralNumber()) {
            errors.add(new FieldError(field, "must be an integer, was " + JsonCodec.describe(node)));
            return OptionalLong.empty();
        }
        if (!node.canConvertToLong() || node.longValue() < min || node.longValue() > max) {
            errors.add(new FieldError(field, "must be between " + min + " and " + max + ", was " + abbreviate(node.asText())));
            return OptionalLong.empty();
        }
        return OptionalLong.of(node.longValue());
    }

    /** A nested JSON object; absent or null is empty. */
    Optional<ObjectNode> object(String field) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!(node instanceof ObjectNode nested)) {
            errors.add(new FieldError(field, "must be an object, was " + JsonCodec.describe(node)));
            return Optional.empty();
        }
        return Optional.of(nested);
    }

    /** Takes the problems a nested object's fields found, under {@code prefix.}. */
    void include(String prefix, JsonFields nested) {
        nested.errors.forEach(error -> errors.add(new FieldError(prefix + "." + error.field(), error.message())));
    }

    void fail(String field, String message) {
        errors.add(new FieldError(field, message));
    }

    /** Throws the collected problems, if any. */
    void validate() {
        if (!errors.isEmpty()) {
            throw InvalidRequestException.ofFields(errors);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }
}
