package io.jrunc.cli;

import java.util.function.Consumer;

/** Help texts shared by several commands. */
final class Texts {
    /**
     * A word from the command line as it may be echoed in a one-line error: control characters
     * (a newline would split the line) are shown Go-%q style, e.g. \n, \x00.
     */
    static String printable(String word) {
        StringBuilder b = new StringBuilder(word.length());
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append(String.format("\\x%02x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    private Texts() {
    }

    static final String ID_NEW = """
            <container-id>

            Where "<container-id>" is your name for the instance of the container that you
            are starting. The name you provide for the container instance must be unique on
            your host.""";

    static final String ID_SHORT = """
            <container-id>

            Where "<container-id>" is the name for the instance of the container.""";

    static final String CREATE_DESCRIPTION = """
            The create command creates an instance of a container for a bundle. The bundle
            is a directory with a specification file named "config.json" and a root
            filesystem.

            The specification file includes an args parameter. The args parameter is used
            to specify command(s) that get run when the container is started. To change the
            command(s) that get executed on start, edit the args parameter of the spec. See
            "jrunc spec --help" for more explanation.""";

    static final String RUN_DESCRIPTION = CREATE_DESCRIPTION.replace("The create command creates",
            "The run command creates");

    static final String CONSOLE_SOCKET = "path to an AF_UNIX socket which will receive a file descriptor "
            + "referencing the master end of the console's pseudoterminal";
    static final String PIDFD_SOCKET_INIT = "path to an AF_UNIX socket which will receive a file descriptor "
            + "referencing the init process";
    static final String NO_PIVOT = "do not use pivot root to jail process inside rootfs.  This should be used "
            + "whenever the rootfs is on top of a ramdisk";
    static final String NO_NEW_KEYRING = "do not create a new session keyring for the container.  This will "
            + "cause the container to inherit the calling processes session key";
    static final String PRESERVE_FDS = "Pass N additional file descriptors to the container (stdio + $LISTEN_FDS "
            + "+ N in total)";

    static void bundleFlag(Flags f, Consumer<String> to) {
        f.string("bundle", "b", "path to the root of the bundle directory, defaults to the current directory", to);
    }
}
