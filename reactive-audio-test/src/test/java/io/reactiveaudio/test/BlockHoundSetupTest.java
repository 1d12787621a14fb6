package io.reactiveaudio.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BlockHoundSetupTest {

    @Test
    void reportsInstalledInThisSuiteWhereBlockhoundJunitPlatformInstalledIt() {
        assertTrue(BlockHoundSetup.isInstalled());
    }

    @Test
    void installIsANoOpWhenBlockHoundIsAlreadyInstalled() {
        BlockHoundSetup.install();
        BlockHoundSetup.install();

        assertTrue(BlockHoundSetup.isInstalled());
    }

    @Test
    void inAFreshJvmReportsNotInstalledUntilInstallIsCalled() throws Exception {
        List<String> report = runProgram(BlockHoundSetup.JVM_FLAG);

        assertEquals(List.of("before=false", "first=installed", "second=installed", "after=true"), report);
    }

    @Test
    void withoutTheJvmFlagInstallFailsEveryTimeNamingTheFlag() throws Exception {
        String failure = "BlockHound could not be installed; on JDK 13+ start the JVM with "
                + "-XX:+AllowRedefinitionToAddDeleteMethods";

        List<String> report = runProgram();

        assertEquals(List.of("before=false", "first=" + failure, "second=" + failure, "after=false"), report);
    }

    /** Runs {@link BlockHoundSetupProgram} in a new JVM on this class path and returns its report lines. */
    private static List<String> runProgram(String... jvmOptions) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), BlockHoundSetupProgram.class.getName()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> report = new ArrayList<>();
        List<String> output = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                output.add(line);
                if (line.matches("(before|first|second|after)=.*")) {
                    report.add(line);
                }
            }
        }
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "program did not exit");
        assertEquals(0, process.exitValue(), () -> String.join("\n", output));
        return report;
    }
}
