package io.github.wallet.domain.testing;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.platform.commons.annotation.Testable;

/**
 * Property-style tests with plain JUnit: runs a check over many generated cases, each with its own
 * random generator seeded from one base seed, and names the failing case's seed so it can be replayed.
 *
 * <p>The base seed is the system property {@value #SEED_PROPERTY} when set, else random. Case 0 uses the
 * base seed itself and each next case's seed is mixed from the one before, so running again with
 * {@code -Dwallet.seed=<a failing case's seed>} replays that case first, drawing exactly the same values
 * (a case must take all its randomness from the generator it is given).
 */
public final class SeededCases {

    /** The system property that fixes the base seed. */
    public static final String SEED_PROPERTY = "wallet.seed";

    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private SeededCases() {
    }

    /** One generated case: everything it generates must come from {@code random}. */
    @FunctionalInterface
    public interface Case {
        void check(RandomGenerator random) throws Exception;
    }

    /** Runs {@code cases} cases from the base seed {@value #SEED_PROPERTY}, or a random one when it is not set. */
    public static void run(int cases, Case check) {
        run(baseSeed(System.getProperty(SEED_PROPERTY)), cases, check);
    }

    /**
     * Runs {@code cases} cases from {@code baseSeed}, stopping at the first failure with an
     * {@link AssertionError} naming the case's seed and how to replay it (the cause is the original failure).
     */
    public static void run(long baseSeed, int cases, Case check) {
        if (cases < 1) {
            throw new IllegalArgumentException("'cases' must be at least 1, was " + cases);
        }
        long seed = baseSeed;
        for (int index = 0; index < cases; index++) {
            try {
                check.check(new SplittableRandom(seed));
            } catch (VirtualMachineError error) {
                throw error;
            } catch (Throwable failure) {
                throw new AssertionError(failureMessage(index, cases, seed, baseSeed, failure), failure);
            }
            seed = nextSeed(seed);
        }
    }

    /** The seed of case {@code index} of a run from {@code baseSeed}. */
    public static long caseSeed(long baseSeed, int index) {
        long seed = baseSeed;
        for (int i = 0; i < index; i++) {
            seed = nextSeed(seed);
        }
        return seed;
    }

    /** The base seed a property value names; a random one when it is null or blank. */
    public static long baseSeed(String property) {
        if (property == null || property.isBlank()) {
            return new SplittableRandom().nextLong();
        }
        try {
            return Long.parseLong(property.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + SEED_PROPERTY + " must be a long, was '" + property + "'", e);
        }
    }

    /** SplitMix64: a bijection on longs, so a chain of seeds does not fall into a short cycle. */
    private static long nextSeed(long seed) {
        long z = seed + GOLDEN_GAMMA;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static String failureMessage(int index, int cases, long seed, long baseSeed, Throwable failure) {
        StringBuilder message = new StringBuilder()
                .append("Case ").append(index + 1).append(" of ").append(cases)
                .append(" failed with seed ").append(seed).append(" (base seed ").append(baseSeed).append(").\n")
                .append("Replay it (it runs first): -D").append(SEED_PROPERTY).append('=').append(seed);
        replayCommand(seed).ifPresent(command -> message.append("\n  e.g. ").append(command));
        message.append("\nFailure: ").append(failure);
        return message.toString();
    }

    /** A Maven command that reruns the test method that called us (through lambdas and helpers), when there is one. */
    private static Optional<String> replayCommand(long seed) {
        Optional<StackWalker.StackFrame> test = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
                .walk(frames -> frames.filter(SeededCases::isTestMethod).findFirst());
        if (test.isEmpty()) {
            return Optional.empty();
        }
        String className = test.get().getClassName();
        String simpleName = className.substring(className.lastIndexOf('.') + 1);
        String basedir = System.getProperty("basedir");  // surefire sets it to the module's directory
        String module = basedir == null ? "" : "-pl " + Path.of(basedir).getFileName() + " -am ";
        return Optional.of("./mvnw " + module + "test -Dtest='" + simpleName + "#" + test.get().getMethodName()
                + "' -D" + SEED_PROPERTY + "=" + seed);
    }

    /** Whether the frame is in a JUnit test method (@Test, @RepeatedTest, ...: all are meta-annotated @Testable). */
    private static boolean isTestMethod(StackWalker.StackFrame frame) {
        return Arrays.stream(frame.getDeclaringClass().getDeclaredMethods())
                .filter(method -> method.getName().equals(frame.getMethodName()))
                .flatMap(method -> Arrays.stream(method.getAnnotations()))
                .anyMatch(annotation -> annotation.annotationType().isAnnotationPresent(Testable.class));
    }
}
