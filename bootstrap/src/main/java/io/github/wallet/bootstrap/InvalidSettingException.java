package io.github.wallet.bootstrap;

/**
 * A setting the server cannot use; the message names the variable and says what it takes. The
 * jar's entry point prints it as one line and exits 2, where any other failure keeps its stack
 * trace (io.github.wallet.launcher.Launcher knows this class by its name).
 */
public final class InvalidSettingException extends IllegalArgumentException {

    public InvalidSettingException(String message) {
        super(message);
    }

    public InvalidSettingException(String message, Throwable cause) {
        super(message, cause);
    }
}
