package example.app;

import dev.pulse.load.CpuBurn;
import java.util.concurrent.CompletableFuture;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Spring MVC application with a light endpoint, a heavy one that burns CPU with no yield point
 * (a checkpoint-free hog), and an {@code @Async} method that reports its thread.
 */
@SpringBootApplication
@EnableAsync
public class LightAndHeavyApplication {
    /** Created by Spring. */
    public LightAndHeavyApplication() {}

    @RestController
    static class Endpoints {
        @Autowired
        Worker worker;

        @GetMapping("/light")
        String light() {
            return "light";
        }

        @GetMapping("/heavy")
        String heavy(@RequestParam(name = "ms", defaultValue = "300") long ms) {
            return "heavy " + (CpuBurn.forMillis(ms) & 1);
        }

        @GetMapping("/thread")
        String thread() throws Exception {
            Thread t = Thread.currentThread();
            return t.getName() + " " + t.isVirtual() + " | " + worker.whereAmI().get();
        }
    }

    @Service
    static class Worker {
        @Async
        public CompletableFuture<String> whereAmI() {
            Thread t = Thread.currentThread();
            return CompletableFuture.completedFuture(t.getName() + " " + t.isVirtual());
        }
    }
}
