package io.ringcache.launcher;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Gives every option a value from the environment or a config file when the command line does not set it.
 *
 * <p>Precedence: command line, then the environment variable {@code RINGCACHE_<OPTION>} (the long option name in
 * upper case with dashes as underscores: {@code --max-memory} reads {@code RINGCACHE_MAX_MEMORY}), then the config
 * file's {@code <option>} key ({@code max-memory = 256m}), then the built-in default. The config file is the one
 * named by {@code --config} or by {@code RINGCACHE_CONFIG}.
 */
public final class ConfigDefaults implements IDefaultValueProvider {
    static final String CONFIG_ENV = "RINGCACHE_CONFIG";
    private final Map<String, String> environment;
    private final Properties file;

    ConfigDefaults(Map<String, String> environment, Properties file) {
        this.environment = environment;
        this.file = file;
    }

    /** Reads the config file named on the command line ({@code --config F} or {@code --config=F}) or in the env. */
    static ConfigDefaults from(String[] args, Map<String, String> environment) {
        String path = environment.get(CONFIG_ENV);
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                path = args[i + 1];
            } else if (args[i].startsWith("--config=")) {
                path = args[i].substring("--config=".length());
            }
        }
        Properties properties = new Properties();
        if (path != null) {
            try (Reader reader = Files.newBufferedReader(Path.of(path))) {
                properties.load(reader);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read config file " + path + ": " + e.getMessage(), e);
            }
        }
        return new ConfigDefaults(environment, properties);
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!arg.isOption()) {
            return null;
        }
        String name = ((OptionSpec) arg).longestName().replaceFirst("^-+", "");
        String fromEnv = environment.get("RINGCACHE_" + name.toUpperCase(Locale.ROOT).replace('-', '_'));
        if (fromEnv != null) {
            return fromEnv;
        }
        String fromFile = file.getProperty(name);
        return fromFile != null ? fromFile.trim() : null;
    }
}
