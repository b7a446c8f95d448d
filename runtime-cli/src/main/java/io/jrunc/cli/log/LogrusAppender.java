package io.jrunc.cli.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;

/** The only logback appender: every event becomes one logrus-style line in {@link LogSink}. */
public final class LogrusAppender extends AppenderBase<ILoggingEvent> {

    @Override
    protected void append(ILoggingEvent e) {
        LogSink sink = LogSink.current();
        String msg = e.getFormattedMessage();
        IThrowableProxy t = e.getThrowableProxy();
        if (t != null) {
            msg = msg + ": " + t.getClassName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
        }
        sink.log(level(e.getLevel()), msg);
    }

    static String level(Level l) {
        return switch (l.toInt()) {
            case Level.ERROR_INT -> "error";
            case Level.WARN_INT -> "warning";
            case Level.INFO_INT -> "info";
            default -> "debug";
        };
    }
}
