package io.github.wallet.domain.money;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class MoneyTest {

    @Test
    void aBalanceMayBeNegativeButNeverLongMinValue() {
        org.assertj.core.api.Assertions.assertThat(new Money(-5).amountMinor()).isEqualTo(-5);
        assertThatIllegalArgumentException().isThrownBy(() -> new Money(Long.MIN_VALUE)).withMessageContaining("'amountMinor'");
    }

    @Test
    void theFloorCheckNeverWraps() {
        Amount max = new Amount(Amount.MAX_MINOR);
        org.assertj.core.api.Assertions.assertThat(new Money(-Long.MAX_VALUE).staysAtOrAbove(-Long.MAX_VALUE, max)).isFalse();
        org.assertj.core.api.Assertions.assertThat(new Money(5).staysAtOrAbove(0, new Amount(5))).isTrue();
        org.assertj.core.api.Assertions.assertThat(new Money(5).staysAtOrAbove(0, new Amount(6))).isFalse();
        org.assertj.core.api.Assertions.assertThat(new Money(5).staysAtOrAbove(-1, new Amount(6))).isTrue();
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
