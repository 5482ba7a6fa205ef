package io.gridkv.node.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.lang.reflect.AnnotatedElement;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * Where an option's value comes from when it is not on the command line: a {@code GRIDKV_*} environment variable,
 * else the YAML configuration file ({@code --config}), else the option's built-in default. So the precedence is flags
 * &gt; environment &gt; file &gt; defaults.
 *
 * <p>The environment variable of {@code --http-port} is {@code GRIDKV_HTTP_PORT}; its key in the file is
 * {@code http-port}. Only options whose help names their variable are settings. A file key that names no option fails the start with a message naming it: a typo must not be
 * silently ignored.
 */
public final class ConfigSources implements CommandLine.IDefaultValueProvider {
    /** The option that names the configuration file; it is read before every other option. */
    public static final String CONFIG_OPTION = "--config";

    private final Map<String, String> environment;
    private final Map<String, String> file;

    private ConfigSources(Map<String, String> environment, Map<String, String> file) {
        this.environment = environment;
        this.file = file;
    }

    /**
     * The sources for a command line: {@code environment}, and the YAML file named by {@code --config} in
     * {@code args} or, failing that, by {@code GRIDKV_CONFIG}.
     *
     * @throws IllegalArgumentException when the file cannot be read or is not a YAML mapping of option names
     */
    public static ConfigSources of(String[] args, Map<String, String> environment) {
        String path = configPath(args, environment);
        return new ConfigSources(environment, path == null ? Map.of() : readYaml(Path.of(path)));
    }

    /** The environment variable that sets {@code option} ({@code --http-port} → {@code GRIDKV_HTTP_PORT}). */
    public static String environmentVariable(String option) {
        return "GRIDKV_" + bare(option).toUpperCase(Locale.ROOT).replace('-', '_');
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option) || !isSetting(option)) {
            return null;
        }
        String fromEnvironment = environment.get(environmentVariable(option.longestName()));
        if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
            return fromEnvironment;
        }
        return file.get(bare(option.longestName()));
    }

    /**
     * Fails when the file sets something no option of {@code commands} takes.
     *
     * @throws IllegalArgumentException naming the unknown keys and the known ones
     */
    public void checkFileKeys(List<CommandLine> commands) {
        Set<String> known = new TreeSet<>();
        for (CommandLine command : commands) {
            for (OptionSpec option : command.getCommandSpec().options()) {
                if (isSetting(option)) {
                    known.add(bare(option.longestName()));
                }
            }
        }
        List<String> unknown = new ArrayList<>();
        for (String key : file.keySet()) {
            if (!known.contains(key)) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(
                    "configuration file: unknown setting(s) " + unknown + "; known: " + known);
        }
    }

    /**
     * Whether an option is a setting that the environment and the file may give: one whose help names its
     * {@code GRIDKV_*} variable. So {@code --help}/{@code --version} are never read from {@code GRIDKV_VERSION} (set by
     * build tools), and a command's arguments ({@code --prefix}, {@code --yes}) never come from a stray variable.
     */
    private static boolean isSetting(OptionSpec option) {
        if (option.usageHelp() || option.versionHelp()) {
            return false;
        }
        // The annotation's own text: picocli's description() renders ${DEFAULT-VALUE}, which asks this provider again.
        if (!(option.userObject() instanceof AnnotatedElement element) || !element.isAnnotationPresent(Option.class)) {
            return false;
        }
        String variable = environmentVariable(option.longestName());
        return Arrays.stream(element.getAnnotation(Option.class).description())
                .anyMatch(line -> line.contains(variable));
    }

    private static String configPath(String[] args, Map<String, String> environment) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(CONFIG_OPTION)) {
                if (i + 1 == args.length) {
                    throw new IllegalArgumentException(CONFIG_OPTION + " needs a file name");
                }
                return args[i + 1];
            }
            if (args[i].startsWith(CONFIG_OPTION + "=")) {
                return args[i].substring(CONFIG_OPTION.length() + 1);
            }
        }
        String fromEnvironment = environment.get(environmentVariable(CONFIG_OPTION));
        return fromEnvironment == null || fromEnvironment.isEmpty() ? null : fromEnvironment;
    }

    private static Map<String, String> readYaml(Path path) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(Files.readAllBytes(path));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("configuration file " + path + " does not exist");
        } catch (IOException e) {
            throw new IllegalArgumentException("configuration file " + path + " is not valid YAML: " + e.getMessage());
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return Map.of(); // an empty file sets nothing
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException("configuration file " + path
                    + " must be a mapping of setting names to values, e.g. http-port: 7070");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            values.put(e.getKey(), scalar(path, e.getKey(), e.getValue()));
        }
        return values;
    }

    /** A setting's text; a list (e.g. of members) becomes the comma-separated form the option takes. */
    private static String scalar(Path path, String key, JsonNode value) {
        if (value.isValueNode()) {
            return value.asText();
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            for (JsonNode item : value) {
                if (!item.isValueNode()) {
                    throw new IllegalArgumentException("configuration file " + path + ": setting \"" + key
                            + "\" must be a value or a list of values");
                }
                items.add(item.asText());
            }
            return String.join(",", items);
        }
        throw new IllegalArgumentException(
                "configuration file " + path + ": setting \"" + key + "\" must be a value or a list of values");
    }

    private static String bare(String option) {
        return option.replaceFirst("^-+", "");
    }
}
