package io.jrunc.cli.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.core.spi.ContextAwareBase;
import org.slf4j.LoggerFactory;

/**
 * logback's configuration, in code (registered in META-INF/services, ranked first, and
 * stopping the chain): no logback.xml lookup, no status lines, one {@link LogrusAppender}.
 * logback initializes only when some class first asks slf4j for a logger; commands that
 * log nothing never pay for it. The level follows the {@link LogSink} of the current run.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_TOP_PRIORITY)
public final class JruncLogbackConfigurator extends ContextAwareBase implements Configurator {
    @Override
    public ExecutionStatus configure(LoggerContext ctx) {
        LogrusAppender appender = new LogrusAppender();
        appender.setContext(ctx);
        appender.setName("logrus");
        appender.start();
        Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        root.addAppender(appender);
        root.setLevel(LogSink.current().debug() ? Level.DEBUG : Level.INFO);
        LogSink.logbackConfigured = true;
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Called when a new run installs its sink and logback is already up: adjusts the level. */
    static void levelChanged(boolean debug) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx) {
            ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(debug ? Level.DEBUG : Level.INFO);
        }
    }
}
