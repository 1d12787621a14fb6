package io.reactiveaudio.test;

import java.util.List;

/** Runs in a fresh JVM for {@link BlockHoundSetupTest}: prints what BlockHoundSetup reports before and after installing. */
final class BlockHoundSetupProgram {

    private BlockHoundSetupProgram() {
    }

    public static void main(String[] args) {
        System.out.println("before=" + BlockHoundSetup.isInstalled());
        for (String attempt : List.of("first", "second")) {
            try {
                BlockHoundSetup.install();
                System.out.println(attempt + "=installed");
            } catch (IllegalStateException e) {
                System.out.println(attempt + "=" + e.getMessage());
            }
        }
        System.out.println("after=" + BlockHoundSetup.isInstalled());
    }
}
