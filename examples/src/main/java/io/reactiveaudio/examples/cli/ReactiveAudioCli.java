package io.reactiveaudio.examples.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/**
 * The {@code reactive-audio} command line: {@code probe}, {@code decode}, {@code demo}, {@code bench},
 * {@code train-demo}, {@code spectrogram}, {@code features}, {@code augment}, {@code serve}, {@code live},
 * {@code live-load}, {@code embed} and {@code generate-completion} (a bash/zsh completion script, by
 * picocli: {@code source <(reactive-audio generate-completion)}).
 * Run {@code java -jar examples/target/reactive-audio.jar --help}. The help and version options and
 * the version are inherited ({@link ScopeType#INHERIT}): every subcommand answers {@code --help} and
 * {@code --version} too ({@link VersionProvider}: with the decoder backends and FFmpeg natives found).
 * A failure prints one line ({@link ErrorLine}); a wrong option or argument one line that names it
 * and points to {@code --help}, exit status 2.
 */
@Command(name = "reactive-audio", scope = ScopeType.INHERIT, mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Decodes audio corpora for machine-learning training.",
        subcommands = {ProbeCommand.class, DecodeCommand.class, DemoCommand.class, BenchCommand.class,
                TrainDemoCommand.class, SpectrogramCommand.class, FeaturesCommand.class, AugmentCommand.class,
                ServeCommand.class, LiveCommand.class, LiveLoadCommand.class, EmbedCommand.class, PackCommand.class,
                AutoComplete.GenerateCompletion.class})
public final class ReactiveAudioCli {

    /** The level of what libraries log through slf4j; {@code -Dorg.slf4j.simpleLogger.defaultLogLevel=info} for more. */
    private static final String LOG_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

    private ReactiveAudioCli() {
    }

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        if (System.getProperty(LOG_LEVEL) == null) {
            System.setProperty(LOG_LEVEL, "warn");
        }
        System.exit(commandLine().execute(args));
    }

    /** The configured picocli command line (also used by tests). */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new ReactiveAudioCli());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("reactive-audio: " + ErrorLine.of(e));
            return 1;
        });
        cli.setParameterExceptionHandler((e, args) -> {
            CommandLine command = e.getCommandLine();
            command.getErr().println(command.getCommandSpec().qualifiedName() + ": " + oneLine(e) + "; see "
                    + command.getCommandSpec().qualifiedName() + " --help");
            return command.getCommandSpec().exitCodeOnInvalidInput();
        });
        cli.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(false);
        return cli;
    }

    /** The exception's message on one line (the type name when it has none). */
    static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
        return message.replace('\n', ' ');
    }
}
