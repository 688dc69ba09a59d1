package io.ringcache.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ringcache.server.NodeContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Options come from the command line first, then the environment, then the config file, then defaults. */
class ConfigDefaultsTest {

    private static NodeCommand parse(ConfigDefaults defaults, String... args) {
        NodeCommand command = new NodeCommand();
        CommandLine line = new CommandLine(command);
        line.setDefaultValueProvider(defaults);
        line.parseArgs(args);
        return command;
    }

    @Test
    void environmentVariable_setsAnOption() {
        ConfigDefaults defaults = ConfigDefaults.from(new String[0], Map.of("RINGCACHE_MAX_MEMORY", "1g"));
        assertEquals(1L << 30, parse(defaults).maxMemory);
    }

    @Test
    void configFile_setsOptions_andEnvironmentAndCommandLineWin(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("node.conf");
        Files.writeString(file, "port = 7100\nmax-memory = 64m\nid = from-file\n");
        String[] args = {"--config", file.toString(), "--port", "7200"};
        ConfigDefaults defaults = ConfigDefaults.from(args, Map.of("RINGCACHE_ID", "from-env"));
        NodeCommand command = parse(defaults, args);
        assertEquals(7200, command.port);
        assertEquals(64L << 20, command.maxMemory);
        assertEquals("from-env", command.id);
    }

    @Test
    void defaults_applyWhenNothingElseSetsAnOption() {
        NodeCommand command = parse(ConfigDefaults.from(new String[0], Map.of()));
        assertEquals(7001, command.port);
        assertEquals(256L << 20, command.maxMemory);
        assertEquals(NodeContext.DEFAULT_LAZY_FILL_WINDOW_MS, command.lazyFillWindow.toMillis());
    }

    @Test
    void lazyFillWindow_takesADuration_fromTheConfigFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("node.conf");
        Files.writeString(file, "lazy-fill-window = 0\n");
        String[] args = {"--config", file.toString()};
        assertEquals(0, parse(ConfigDefaults.from(args, Map.of()), args).lazyFillWindow.toMillis());
        assertEquals(90_000, parse(ConfigDefaults.from(new String[0], Map.of()), "--lazy-fill-window", "90s")
                .lazyFillWindow.toMillis());
    }

    @Test
    void missingConfigFile_isAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConfigDefaults.from(new String[] {"--config=/nonexistent/ringcache.conf"}, Map.of()));
        assertEquals(true, e.getMessage().contains("/nonexistent/ringcache.conf"));
    }

    @Test
    void sizes_acceptOperatorUnits() {
        ByteSizeConverter sizes = new ByteSizeConverter();
        assertEquals(4096L, sizes.convert("4096"));
        assertEquals(512L << 10, sizes.convert("512k"));
        assertEquals(256L << 20, sizes.convert("256M"));
        assertEquals(2L << 30, sizes.convert("2gb"));
        assertThrows(CommandLine.TypeConversionException.class, () -> sizes.convert("lots"));
    }
}
