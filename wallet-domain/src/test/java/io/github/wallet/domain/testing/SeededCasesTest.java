package io.github.wallet.domain.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SeededCasesTest {

    private static final long BASE_SEED = 42;

    /** Draws five digits and fails when one of them is 7: an early case fails (each passes with p = 0.59). */
    private static SeededCases.Case noSevens(List<List<Integer>> draws) {
        return random -> {
            List<Integer> digits = random.ints(5, 0, 10).boxed().toList();
            draws.add(digits);
            assertThat(digits).doesNotContain(7);
        };
    }

    @Test
    void aFailureNamesTheFailingCaseSeedAndHowToReplayIt() {
        List<List<Integer>> draws = new ArrayList<>();
        AssertionError failure = catchThrowableOfType(AssertionError.class,
                () -> SeededCases.run(BASE_SEED, 1_000, noSevens(draws)));

        int failingIndex = draws.size() - 1;
        long failingSeed = SeededCases.caseSeed(BASE_SEED, failingIndex);
        assertThat(failure).isNotNull();
        assertThat(failure.getMessage())
                .contains("Case " + (failingIndex + 1) + " of 1000 failed with seed " + failingSeed)
                .contains("base seed " + BASE_SEED)
                .contains("-Dwallet.seed=" + failingSeed)
                .contains("SeededCasesTest#aFailureNamesTheFailingCaseSeedAndHowToReplayIt")
                .contains("not to contain");  // the original failure's text
        assertThat(failure.getCause()).isInstanceOf(AssertionError.class);
        assertThat(draws.getLast()).contains(7);
    }

    @Test
    void theFailingSeedReplaysTheSameCaseFirst() {
        List<List<Integer>> draws = new ArrayList<>();
        catchThrowableOfType(AssertionError.class, () -> SeededCases.run(BASE_SEED, 1_000, noSevens(draws)));
        long failingSeed = SeededCases.caseSeed(BASE_SEED, draws.size() - 1);

        List<List<Integer>> replay = new ArrayList<>();
        AssertionError replayed = catchThrowableOfType(AssertionError.class,
                () -> SeededCases.run(failingSeed, 1_000, noSevens(replay)));

        assertThat(replay).containsExactly(draws.getLast());
        assertThat(replayed.getMessage()).contains("Case 1 of 1000 failed with seed " + failingSeed);
    }

    @Test
    void theSameBaseSeedDrawsTheSameCases() {
        List<Long> first = new ArrayList<>();
        List<Long> second = new ArrayList<>();
        SeededCases.run(BASE_SEED, 50, random -> first.add(random.nextLong()));
        SeededCases.run(BASE_SEED, 50, random -> second.add(random.nextLong()));

        assertThat(first).hasSize(50).isEqualTo(second);
        assertThat(new HashSet<>(first)).hasSize(50);  // and each case draws something else
    }

    @Test
    void aPassingRunRunsEveryCaseWithItsOwnSeed() {
        Set<Long> firstDraws = new HashSet<>();
        SeededCases.run(BASE_SEED, 500, random -> firstDraws.add(random.nextLong()));
        assertThat(firstDraws).hasSize(500);
    }

    @Test
    void aThrownExceptionIsReportedWithItsSeedToo() {
        assertThatThrownBy(() -> SeededCases.run(7, 3, random -> {
            throw new IllegalStateException("boom");
        }))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Case 1 of 3 failed with seed 7")
                .hasMessageContaining("-Dwallet.seed=7")
                .hasMessageContaining("IllegalStateException: boom")
                .hasCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void theBaseSeedComesFromThePropertyOrIsRandom() {
        assertThat(SeededCases.baseSeed("123")).isEqualTo(123);
        assertThat(SeededCases.baseSeed(" -9 ")).isEqualTo(-9);
        Set<Long> randomSeeds = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            randomSeeds.add(SeededCases.baseSeed(i % 2 == 0 ? null : " "));
        }
        assertThat(randomSeeds).hasSizeGreaterThan(1);
        assertThatThrownBy(() -> SeededCases.baseSeed("abc"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("wallet.seed");
    }
}
