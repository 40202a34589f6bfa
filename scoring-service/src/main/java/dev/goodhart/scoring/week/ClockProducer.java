package dev.goodhart.scoring.week;

import java.time.Clock;

import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Produces;

/** The service's notion of "now" (UTC), one bean so that time-dependent answers agree with each other. */
public class ClockProducer {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
