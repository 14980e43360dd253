package io.github.wallet.adapter.in.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.github.wallet.domain.wallet.WalletLimits;
import java.util.OptionalLong;

/**
 * A wallet's limits as the API shows them: {@code overdraftLimit} always, the others when set.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record LimitsResponse(long overdraftLimit, Long maxBalance, Long maxDebitPerDay, Long maxDebitPerMonth) {

    static LimitsResponse of(WalletLimits limits) {
        return new LimitsResponse(limits.overdraftLimit(), boxed(limits.maxBalance()), boxed(limits.maxDebitPerDay()),
                boxed(limits.maxDebitPerMonth()));
    }

    private static Long boxed(OptionalLong value) {
        return value.isPresent() ? value.getAsLong() : null;
    }
}
