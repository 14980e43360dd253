package io.github.wallet.adapter.in.http;

import java.util.List;

/**
 * A request the client must fix: carries the problem to answer with. Thrown while parsing,
 * caught once in {@link Exchanges}, so a handler reads straight through.
 */
final class InvalidRequestException extends RuntimeException {

    private final ProblemCode code;
    private final List<FieldError> errors;

    InvalidRequestException(ProblemCode code, String detail, List<FieldError> errors) {
        super(detail, null, false, false);
        this.code = code;
        this.errors = List.copyOf(errors);
    }

    InvalidRequestException(ProblemCode code, String detail) {
        this(code, detail, List.of());
    }

    static InvalidRequestException ofFields(List<FieldError> errors) {
        String detail = errors.size() == 1
                ? "'" + errors.get(0).field() + "' " + errors.get(0).message()
                : errors.size() + " fields are not valid";
        return new InvalidRequestException(ProblemCode.INVALID_REQUEST, detail, errors);
    }

    ProblemCode code() {
        return code;
    }

    List<FieldError> errors() {
        return errors;
    }
}
