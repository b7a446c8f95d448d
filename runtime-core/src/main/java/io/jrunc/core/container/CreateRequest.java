package io.jrunc.core.container;

import java.nio.file.Path;

/**
 * The flags of {@code create} (and the create half of {@code run}).
 *
 * @param preserveFds {@code --preserve-fds}: fds 3+LISTEN_FDS .. +N are passed in as well
 */
public record CreateRequest(String id, Path bundle, Path pidFile, Path consoleSocket, boolean noPivot,
                            boolean noNewKeyring, int preserveFds) {
}
