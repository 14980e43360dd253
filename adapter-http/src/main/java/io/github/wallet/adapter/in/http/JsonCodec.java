package io.github.wallet.adapter.in.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;

/**
 * Jackson, set up once: strict on the way in (no duplicate keys, nothing after the object),
 * ISO-8601 timestamps on the way out.
 */
final class JsonCodec {

    // Requests run on virtual threads, each new: a thread-local buffer pool would allocate fresh
    // buffers for every request (8% of a GET's CPU in a profile), so buffers are shared instead.
    private final ObjectMapper mapper = JsonMapper.builder(JsonFactory.builder()
                    .recyclerPool(JsonRecyclerPools.sharedLockFreePool())
                    .build())
            .addModule(new JavaTimeModule())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    /** The body as a JSON object; an empty body is an empty object when {@code emptyIsObject}. */
    ObjectNode readObject(byte[] body, boolean emptyIsObject) {
        String otherEncoding = otherEncoding(body);
        if (otherEncoding != null) {
            throw new InvalidRequestException(ProblemCode.UNSUPPORTED_MEDIA_TYPE,
                    "The body must be JSON in UTF-8 (RFC 8259 §8.1); it looks like " + otherEncoding + ".");
        }
        if (body.length == 0 || isBlank(body)) {
            if (emptyIsObject) {
                return mapper.createObjectNode();
            }
            throw new InvalidRequestException(ProblemCode.INVALID_JSON, "The body is empty; a JSON object is expected.");
        }
        JsonNode node;
        try {
            node = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException(ProblemCode.INVALID_JSON, "The body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidRequestException(ProblemCode.INVALID_JSON, "The body could not be read as JSON.");
        }
        if (!(node instanceof ObjectNode object)) {
            throw new InvalidRequestException(ProblemCode.INVALID_JSON, "The body must be a JSON object, was " + describe(node) + ".");
        }
        return object;
    }

    byte[] write(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /**
     * The encoding a body shows itself to be in when it is UTF-16 or UTF-32, else null. Jackson
     * would detect and decode those; RFC 8259 §8.1 allows only UTF-8 between systems, so they are
     * refused instead. They show by a byte order mark or by NUL bytes among the first four (a JSON
     * text starts with an ASCII character, which they pad with zeros: RFC 4627 §3); NUL never
     * starts a JSON text in UTF-8. Bytes that are not valid UTF-8 are left to Jackson's UTF-8
     * decoder, which rejects them (INVALID_JSON). A UTF-8 byte order mark is ignored, as RFC 8259
     * allows.
     */
    static String otherEncoding(byte[] body) {
        int n = body.length;
        if (n >= 4 && body[0] == 0 && body[1] == 0) {
            return "UTF-32BE";
        }
        if (n >= 4 && body[2] == 0 && body[3] == 0 && (body[1] == 0 || (body[0] == (byte) 0xFF && body[1] == (byte) 0xFE))) {
            return "UTF-32LE";
        }
        if (n >= 2 && body[0] == (byte) 0xFE && body[1] == (byte) 0xFF) {
            return "UTF-16BE";
        }
        if (n >= 2 && body[0] == (byte) 0xFF && body[1] == (byte) 0xFE) {
            return "UTF-16LE";
        }
        for (int i = 0; i < Math.min(4, n); i++) {
            if (body[i] == 0) {
                return i % 2 == 0 ? "UTF-16BE" : "UTF-16LE";
            }
        }
        return null;
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            case NUMBER -> node.isIntegralNumber() ? "an integer" : "a decimal number";
            case STRING -> "a string";
            case OBJECT, POJO -> "an object";
            case BINARY, MISSING -> "nothing";
        };
    }

}
