/**
 * Benchmarks (JMH and end-to-end); never part of the test run. Run with {@code bench/run}.
 */
package org.brainsim.bench;
