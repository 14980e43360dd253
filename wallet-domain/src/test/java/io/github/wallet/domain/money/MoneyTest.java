package io.github.wallet.domain.money;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class MoneyTest {

    @Test
    void negativeMoneyIsRefusedWithAMessageNamingTheParameter() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Money(-5)).withMessage("'amountMinor' must be >= 0, was -5");
    }

    @Test
    void amountsOutsideOneToTenToTheFifteenthAreRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Amount(0));
        assertThatIllegalArgumentException().isThrownBy(() -> new Amount(Amount.MAX_MINOR + 1));
    }

    @Test
    void currencyCodesAreThreeUpperCaseLetters() {
        assertThatIllegalArgumentException().isThrownBy(() -> new CurrencyCode("rub"));
        assertThatIllegalArgumentException().isThrownBy(() -> new CurrencyCode("RUBL"));
    }
}
