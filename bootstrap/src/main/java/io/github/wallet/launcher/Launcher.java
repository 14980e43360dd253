package io.github.wallet.launcher;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * The jar's entry point, compiled for Java 8 so that any {@code java} can run it: on Java 21 or
 * newer it starts the server ({@code io.github.wallet.bootstrap.Main}); on an older one it looks
 * for a JDK 21+ installed beside it and runs the jar again on that one, or says which Java it
 * found, which it needs, and the line that fixes it, instead of an UnsupportedClassVersionError.
 */
public final class Launcher {

    static final int REQUIRED = 21;
    /** Where JDKs are installed on Linux and macOS, and by SDKMAN. */
    private static final String[] JDK_FOLDERS = {"/usr/lib/jvm", "/usr/java", "/opt/java", "/Library/Java/JavaVirtualMachines",
            System.getProperty("user.home") + "/.sdkman/candidates/java"};

    private Launcher() {
    }

    public static void main(String[] args) throws Exception {
        int running = featureVersion(System.getProperty("java.specification.version"));
        if (running >= REQUIRED) {
            Method main = Class.forName("io.github.wallet.bootstrap.Main").getMethod("main", String[].class);
            try {
                main.invoke(null, (Object) args);
            } catch (InvocationTargetException failed) {
                // Known by name: this class is compiled for Java 8 and links nothing of the server's.
                if (failed.getCause() != null && failed.getCause().getClass().getName().equals("io.github.wallet.bootstrap.InvalidSettingException")) {
                    // A setting the server cannot use (the message names it): one line, not a stack trace. Standard
                    // error, not the log: a bad log setting leaves no appender to log with.
                    note("not started: " + failed.getCause().getMessage());
                    System.exit(2);
                }
                throw failed;
            }
            return;
        }
        String jar = new File(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath();
        File suitable = findJdk();
        if (suitable != null && System.getenv("WALLET_LAUNCHER_NO_REEXEC") == null) {
            List<String> command = new ArrayList<String>();
            command.add(new File(suitable, "bin/java").getPath());
            // The -D settings (WALLET_… and the rest) and the heap, as this JVM was given them.
            command.addAll(forwarded(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()));
            command.add("-jar");
            command.add(jar);
            command.addAll(Arrays.asList(args));
            ProcessBuilder again = new ProcessBuilder(command).inheritIO();
            again.environment().put("WALLET_LAUNCHER_NO_REEXEC", "1");
            note("Java " + running + " at " + System.getProperty("java.home") + " is too old (the server needs " + REQUIRED
                    + "+); running on " + suitable + " instead.");
            final Process server = again.start();
            // A stop of this process (SIGTERM, Ctrl-C) stops the server gracefully too.
            Runtime.getRuntime().addShutdownHook(new Thread(new Runnable() {
                @Override
                public void run() {
                    server.destroy();
                    try {
                        server.waitFor();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }));
            System.exit(server.waitFor());
        }
        note("The wallet server needs Java " + REQUIRED + " or newer; this is Java " + running + " at " + System.getProperty("java.home")
                + ", and no JDK " + REQUIRED + "+ was found in " + Arrays.toString(JDK_FOLDERS) + ".\n"
                + "Install one (e.g. apt-get install openjdk-21-jdk-headless) and run: <jdk-21+>/bin/java -jar " + jar);
        System.exit(1);
    }

    /** The options of this JVM the server's JVM gets too: system properties and the heap's and stack's sizes. */
    static List<String> forwarded(List<String> jvmOptions) {
        List<String> kept = new ArrayList<String>();
        for (String option : jvmOptions) {
            // Not the two a Java 8 takes and a Java 9+ refuses to start with.
            boolean refusedLater = option.startsWith("-Djava.ext.dirs=") || option.startsWith("-Djava.endorsed.dirs=");
            if ((option.startsWith("-D") && !refusedLater) || option.startsWith("-Xmx") || option.startsWith("-Xms") || option.startsWith("-Xss")) {
                kept.add(option);
            }
        }
        return kept;
    }

    /** A JDK of version 21 or newer in the usual folders (its {@code release} file says), the newest first; null if none. */
    static File findJdk() {
        File best = null;
        int bestVersion = 0;
        for (String folder : JDK_FOLDERS) {
            File[] candidates = new File(folder).listFiles();
            if (candidates == null) {
                continue;
            }
            for (File candidate : candidates) {
                File home = new File(candidate, "Contents/Home").isDirectory() ? new File(candidate, "Contents/Home") : candidate;
                int version = releaseVersion(home);
                if (version >= REQUIRED && version > bestVersion && new File(home, "bin/java").canExecute()) {
                    best = home;
                    bestVersion = version;
                }
            }
        }
        return best;
    }

    private static int releaseVersion(File home) {
        File release = new File(home, "release");
        if (!release.isFile()) {
            return 0;
        }
        Properties properties = new Properties();
        InputStream in = null;
        try {
            in = new FileInputStream(release);
            properties.load(in);
        } catch (IOException e) {
            return 0;
        } finally {
            if (in != null) {
                try {
                    in.close();
                } catch (IOException ignored) {
                    // nothing to do: it was only read
                }
            }
        }
        return featureVersion(properties.getProperty("JAVA_VERSION", "0").replace("\"", ""));
    }

    /** 21 for "21", "21.0.2", 8 for "1.8". */
    static int featureVersion(String version) {
        String[] parts = version.split("[._+-]");
        try {
            int first = Integer.parseInt(parts[0]);
            return first == 1 && parts.length > 1 ? Integer.parseInt(parts[1]) : first;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Before any logging exists, on a JVM the logging libraries may not run on: standard error is all there is. */
    private static void note(String message) {
        System.err.println("wallet-server: " + message);
    }
}
