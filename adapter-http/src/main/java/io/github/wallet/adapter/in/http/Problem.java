package io.github.wallet.adapter.in.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 9457 problem details body.
 *
 * @param operationId the operation a business rejection is about, else null
 * @param holdStatus  the status of the hold a {@code HOLD_NOT_ACTIVE} is about, else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Problem(String type, String title, int status, String detail, String code, String instance,
               List<FieldError> errors, String operationId, String holdStatus) {

    static Problem of(ProblemCode code, String detail, String instance) {
        return new Problem(code.type(), code.title(), code.status(), detail, code.name(), instance, null, null, null);
    }

    Problem withErrors(List<FieldError> value) {
        return new Problem(type, title, status, detail, code, instance, value.isEmpty() ? null : List.copyOf(value), operationId, holdStatus);
    }

    Problem withOperationId(String value) {
        return new Problem(type, title, status, detail, code, instance, errors, value, holdStatus);
    }

    /** The status of the hold a HOLD_NOT_ACTIVE is about. */
    Problem withHoldStatus(String value) {
        return new Problem(type, title, status, detail, code, instance, errors, operationId, value);
    }
}
