package io.reactiveaudio;

import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** The test suite runs with BlockHound installed, so a blocking call on a non-blocking thread fails. */
class BlockHoundActiveTest {

    @Test
    void sleepingOnTheParallelSchedulerIsReportedAsBlocking() {
        Mono<String> sleeper = Mono.fromCallable(() -> {
            Thread.sleep(1);
            return "slept";
        });
        StepVerifier.create(sleeper.subscribeOn(Schedulers.parallel()))
                .expectError(BlockingOperationError.class)
                .verify();
    }

    @Test
    void sleepingOnBoundedElasticIsAllowed() {
        Mono<String> sleeper = Mono.fromCallable(() -> {
            Thread.sleep(1);
            return "slept";
        });
        StepVerifier.create(sleeper.subscribeOn(Schedulers.boundedElastic()))
                .expectNext("slept")
                .verifyComplete();
    }
}
